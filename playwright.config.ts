import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/support/global-setup.ts',
  // Specs for both browsers run here in Chromium and in playwright.firefox.config.ts in Firefox.
  testIgnore: 'firefox-only/**',
  timeout: 90_000,
  expect: {
    timeout: 15_000,
    // Screenshots are compared on the CI machine's kind with fonts shipped in the extension: a few anti-aliased pixels may differ.
    toHaveScreenshot: { animations: 'disabled', caret: 'hide', scale: 'css', maxDiffPixelRatio: 0.002 },
  },
  // One name per screenshot, without the platform: the README shows these files.
  snapshotPathTemplate: '{testDir}/__screenshots__/{arg}{ext}',
  // Each test launches its own browser with the extension; two at a time fit a 2-core machine.
  workers: 2,
  fullyParallel: true,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
});
