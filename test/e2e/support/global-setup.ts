import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { hasSharedFixtures, missingSharedFixtures } from '../../support/shared-fixtures';
import type { Engine } from './driver';
import { extensionDir } from './extension-test';
import { firefoxExtensionDir } from './firefox-driver';

/**
 * Before any browser starts: the tests load the built extension of the config's browser, so a missing build is an
 * error that says how to make one. Without ../shared the tests that serve its real pages are skipped, and the reason
 * is printed here, once (with REQUIRE_SHARED_FIXTURES=1, importing shared-fixtures has already failed the run).
 */
export default function globalSetup(config: FullConfig): void {
  const engine = (config.projects[0]?.use as { engine?: Engine } | undefined)?.engine ?? 'chromium';
  const [dir, command] = engine === 'firefox' ? [firefoxExtensionDir, 'npm run build:firefox'] : [extensionDir, 'npm run build'];
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No built extension at ${dir}: run \`${command}\` first (npm test does).`);
  }
  if (!hasSharedFixtures) process.stdout.write(`\nSkipping the browser tests that serve real pages: ${missingSharedFixtures}\n\n`);
}
