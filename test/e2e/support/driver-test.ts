import { test as chromiumTest, launchChromiumWithExtension } from './extension-test';
import { launchFirefox, type FirefoxOptions } from './firefox-driver';
import { chromiumDriver } from './chromium-driver';
import type { Engine } from './driver';

/**
 * The fixtures of specs that run on both browsers: `driver` is Chromium (Playwright) or Firefox (Puppeteer over
 * WebDriver BiDi), chosen by the config's `engine` option, with the same fixture server behind either.
 */
export const test = chromiumTest.extend<{ firefoxOptions: FirefoxOptions }, { engine: Engine }>({
  engine: ['chromium', { option: true, scope: 'worker' }],
  firefoxOptions: [{}, { option: true }],
  // Not built over the Chromium `context` fixture: a Firefox run must not start a Chromium as well.
  driver: async ({ engine, fixtureServer, firefoxOptions }, use) => {
    if (engine === 'firefox') {
      const session = await launchFirefox(fixtureServer.port, firefoxOptions);
      await use(session.driver);
      await session.close();
      return;
    }
    const context = await launchChromiumWithExtension(fixtureServer);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(chromiumDriver(context, new URL(worker.url()).host));
    await context.close();
  },
});

export { expect } from '@playwright/test';
