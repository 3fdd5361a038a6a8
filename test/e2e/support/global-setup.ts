import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasSharedFixtures, missingSharedFixtures } from '../../support/shared-fixtures';
import { extensionDir } from './extension-test';

/**
 * Before any browser starts: the tests load the built extension, so a missing build is an error that says how to
 * make one. Without ../shared the tests that serve its real pages are skipped, and the reason is printed here, once
 * (with REQUIRE_SHARED_FIXTURES=1, importing shared-fixtures has already failed the run).
 */
export default function globalSetup(): void {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first (npm test does).`);
  }
  if (!hasSharedFixtures) process.stdout.write(`\nSkipping the browser tests that serve real pages: ${missingSharedFixtures}\n\n`);
}
