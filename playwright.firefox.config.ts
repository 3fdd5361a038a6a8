import { defineConfig } from '@playwright/test';
import type { Engine } from './test/e2e/support/driver';

/**
 * The browser tests in Debian's Firefox ESR (Puppeteer over WebDriver BiDi), with the Firefox build installed:
 * the specs written for both browsers, and those that only make sense in Firefox.
 */
export default defineConfig<{ engine: Engine }>({
  testDir: 'test/e2e',
  testMatch: ['both-browsers/**/*.spec.ts', 'firefox-only/**/*.spec.ts'],
  globalSetup: './test/e2e/support/global-setup.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // Each test launches its own Firefox with the extension; two at a time fit a 2-core machine.
  workers: 2,
  fullyParallel: true,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/firefox',
  use: { engine: 'firefox' },
});
