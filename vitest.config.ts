import { configDefaults, defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    setupFiles: ['test/support/setup.ts'],
    // Playwright's specs run in real Chromium through `npm run test:e2e`, not here.
    exclude: [...configDefaults.exclude, 'test/e2e/**', '.output/**'],
    testTimeout: 60_000,
    // The default report, then every skip reason once, with how many tests it skipped.
    reporters: ['default', './test/support/skip-reporter.ts'],
  },
});
