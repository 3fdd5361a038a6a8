import { defineConfig } from '@playwright/test';
import chromiumConfig from './playwright.config';
import type { Engine } from './test/e2e/support/driver';

/**
 * The browser tests in Debian's Firefox ESR (Puppeteer over WebDriver BiDi), with the Firefox build installed:
 * the specs written for both browsers, and those that only make sense in Firefox. Everything else (workers, global
 * setup, reporter) is the Chromium run's.
 */
export default defineConfig<{ engine: Engine }>(chromiumConfig, {
  testMatch: ['both-browsers/**/*.spec.ts', 'firefox-only/**/*.spec.ts'],
  testIgnore: [],
  // A Firefox start, and its add-on install, take longer than Chromium's.
  timeout: 120_000,
  outputDir: 'test-results/firefox',
  use: { engine: 'firefox' },
});
