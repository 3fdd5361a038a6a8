import type { BrowserContext, ElementHandle, Frame, Page } from '@playwright/test';
import type { BrowserDriver, Tab, View } from './driver';
import { findAllInPage, type ElementQuery } from './find-in-page';

/** The shared driver over Playwright and the Chromium fixtures of extension-test.ts. */

/**
 * Grants an optional origin as the reader's "Allow" would: headless Chromium shows no permission prompt, and
 * chrome://extensions (Chromium's own page for this) can add a host permission to an extension.
 */
async function allowHostPermission(context: BrowserContext, extensionId: string, origin: string): Promise<void> {
  const page = await context.newPage();
  await page.goto('chrome://extensions');
  await page.evaluate(
    ([id, host]) => (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } } }).chrome.developerPrivate.addHostPermission(id, host),
    [extensionId, origin] as const,
  );
  await page.close();
}

async function first(surface: Page | Frame, query: ElementQuery): Promise<ElementHandle> {
  const all = await surface.evaluateHandle(findAllInPage, query);
  const element = (await all.getProperty('0')).asElement();
  if (!element) throw new Error(`nothing matches ${JSON.stringify(query)}`);
  return element as ElementHandle;
}

function viewOf(surface: Page | Frame): View {
  return {
    click: async (query) => (await first(surface, query)).click(),
    fill: async (query, value) => (await first(surface, query)).fill(value),
    select: async (query, value) => {
      await (await first(surface, query)).selectOption(value);
    },
    value: async (query) => (await first(surface, query)).evaluate((element) => (element as HTMLInputElement).value),
    count: async (query) => (await surface.evaluateHandle(findAllInPage, query)).evaluate((all) => all.length),
    text: () => surface.evaluate(() => document.body?.innerText ?? ''),
    evaluate: (fn, arg) => surface.evaluate(fn as (arg: unknown) => never, arg),
  };
}

function tabOf(page: Page, extensionOrigin: string): Tab {
  return {
    ...viewOf(page),
    goto: async (url) => {
      await page.goto(url);
    },
    reload: async () => {
      await page.reload();
    },
    bringToFront: () => page.bringToFront(),
    sidebar: async () => {
      const sidebarUrl = `${extensionOrigin}/sidebar-frame.html`;
      let frame: Frame | undefined;
      for (let waited = 0; !frame && waited < 15_000; waited += 100) {
        frame = page.frames().find((candidate) => candidate.url().startsWith(sidebarUrl));
        if (!frame) await page.waitForTimeout(100);
      }
      if (!frame) throw new Error('the sidebar frame did not load');
      await frame.waitForLoadState('domcontentloaded');
      return viewOf(frame);
    },
    close: () => page.close(),
  };
}

export function chromiumDriver(context: BrowserContext, extensionId: string): BrowserDriver {
  const extensionOrigin = `chrome-extension://${extensionId}`;
  return {
    engine: 'chromium',
    extensionOrigin,
    newTab: async (url) => {
      const page = await context.newPage();
      if (url) await page.goto(url);
      return tabOf(page, extensionOrigin);
    },
    openExtensionPage: async (path, options) => {
      const page = await context.newPage();
      await options?.over?.bringToFront();
      await page.goto(`${extensionOrigin}/${path}`);
      return tabOf(page, extensionOrigin);
    },
    tabOpenedByExtension: async (urlPrefix) => {
      const page = context.pages().find((candidate) => candidate.url().startsWith(urlPrefix)) ?? (await context.waitForEvent('page', (candidate) => candidate.url().startsWith(urlPrefix)));
      await page.waitForLoadState('domcontentloaded');
      return tabOf(page, extensionOrigin);
    },
    allowOriginWhenAsked: (origin) => allowHostPermission(context, extensionId, origin),
    answerPermissionPrompt: () => Promise.reject(new Error('Headless Chromium shows no permission prompt a test can answer')),
  };
}
