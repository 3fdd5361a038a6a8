import { expect } from '@playwright/test';
import { findAllInPage, type ClosedRootMatch, type ElementQuery, type Point } from './find-in-page';

/**
 * What a browser spec needs from a browser, in a reader's words: open a page, click what they see by its name,
 * type into a labelled field, read the sidebar. Chromium implements it over Playwright, Firefox over Puppeteer
 * (WebDriver BiDi); a spec written against it runs on both.
 */
export type Engine = 'chromium' | 'firefox';

/** A page or frame: the top document of a tab, the sidebar frame, an extension page. */
export interface View {
  click(query: ElementQuery): Promise<void>;
  /** Replaces the field's text with `value`, typed key by key. */
  fill(query: ElementQuery, value: string): Promise<void>;
  /** Moves the keyboard focus to the element, as Tab would, and presses `key` (e.g. 'ArrowLeft') there. */
  press(query: ElementQuery, key: string): Promise<void>;
  /** Picks the option the reader sees as `label`. */
  select(query: ElementQuery, label: string): Promise<void>;
  /** The current value of a field. */
  value(query: ElementQuery): Promise<string>;
  count(query: ElementQuery): Promise<number>;
  /** The visible text of the document. */
  text(): Promise<string>;
  /** Runs `fn` in this document (for a test's own reads, never for what a reader does). */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

export interface Tab extends View {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  bringToFront(): Promise<void>;
  /** The sidebar frame our content script hosts, once it has loaded. */
  sidebar(): Promise<View>;
  close(): Promise<void>;
}

export interface BrowserDriver {
  readonly engine: Engine;
  /** `moz-extension://<uuid>` or `chrome-extension://<id>`. */
  readonly extensionOrigin: string;
  newTab(url?: string): Promise<Tab>;
  /**
   * One of our pages (options.html, library.html, popup.html) in a tab of its own. With `over`, the page loads in
   * a background tab while `over` stays the active one: what the toolbar popup sees when opened over that tab.
   */
  openExtensionPage(path: string, options?: { over?: Tab }): Promise<Tab>;
  /** A tab the extension opened itself, found by the start of its address. */
  tabOpenedByExtension(urlPrefix: string): Promise<Tab>;
  /** Arranges for the browser to grant `origin` when the extension asks for it (no prompt either browser can show headless). */
  allowOriginWhenAsked(origin: string): Promise<void>;
  /** Clicks Allow or Deny on the browser's own permission prompt, as the reader would (Firefox launched with `systemAccess`). */
  answerPermissionPrompt(choice: 'allow' | 'deny'): Promise<void>;
}

/** What each engine's element handle offers alike (Playwright's and Puppeteer's ElementHandle both do). */
export interface EngineElement {
  click(): Promise<void>;
  /** Focuses the element, then presses the key through the engine's keyboard input. */
  press(key: string): Promise<void>;
  evaluate<R>(fn: (element: Element) => R): Promise<R>;
}

/** A Playwright or Puppeteer page or frame, reduced to what a View needs. */
export interface EngineSurface<E extends EngineElement> {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** The elements matching the query (`findAllInPage` run in the document): the first one, and how many. */
  matching(query: ElementQuery): Promise<{ first: E | null; count: number }>;
  fill(element: E, value: string): Promise<void>;
  select(element: E, value: string): Promise<void>;
  /**
   * A top document's closed shadow roots (our launchers live in them, out of the page's reach, and so out of reach
   * of `matching`): where the matches inside them are, and a real click at such a point.
   */
  closedRoots?: { matches(query: ElementQuery, scrollToFirst?: boolean): Promise<ClosedRootMatch[]>; clickAt(point: Point): Promise<void> };
}

/** The View both drivers give: found as the reader names things, acted on through the engine's own input. */
export function viewOver<E extends EngineElement>(surface: EngineSurface<E>): View {
  const first = async (query: ElementQuery) => {
    const { first: element } = await surface.matching(query);
    if (!element) throw new Error(`nothing matches ${JSON.stringify(query)}`);
    return element;
  };
  const closedMatches = (query: ElementQuery, scrollToFirst = false) => surface.closedRoots?.matches(query, scrollToFirst) ?? Promise.resolve([]);
  return {
    click: async (query) => {
      const { first: element } = await surface.matching(query);
      if (element) return element.click();
      const [centre] = await closedMatches(query, true);
      if (!centre || !surface.closedRoots) throw new Error(`nothing matches ${JSON.stringify(query)}`);
      return surface.closedRoots.clickAt(centre);
    },
    fill: async (query, value) => surface.fill(await first(query), value),
    press: async (query, key) => (await first(query)).press(key),
    select: async (query, label) => {
      const element = await first(query);
      const options = await element.evaluate((select) => [...(select as HTMLSelectElement).options].map((option) => [option.label, option.value] as const));
      const value = options.find(([text]) => text === label)?.[1];
      if (value === undefined) throw new Error(`no option "${label}" in ${JSON.stringify(query)}; it offers ${options.map(([text]) => text).join(', ')}`);
      await surface.select(element, value);
    },
    value: async (query) => (await first(query)).evaluate((element) => (element as HTMLInputElement).value),
    count: async (query) => (await surface.matching(query)).count + (await closedMatches(query)).length,
    text: () => surface.evaluate(() => document.body?.innerText ?? '', undefined),
    evaluate: (fn, arg) => surface.evaluate(fn, arg),
  };
}

/** A Tab over either engine's page: the page's own navigation, the View over its document, and how to find the sidebar. */
export function tabOver(
  page: { goto(url: string): Promise<unknown>; reload(): Promise<unknown>; bringToFront(): Promise<void>; close(): Promise<void> },
  view: View,
  sidebar: () => Promise<View>,
): Tab {
  return {
    ...view,
    goto: async (url) => {
      await page.goto(url);
    },
    reload: async () => {
      await page.reload();
    },
    bringToFront: () => page.bringToFront(),
    sidebar,
    close: () => page.close(),
  };
}

/** Runs `findAllInPage` through an engine's `evaluateHandle`; the handle types of both engines fit this shape. */
export async function matchingVia<E>(
  evaluateHandle: (fn: typeof findAllInPage, query: ElementQuery) => Promise<{ getProperty(name: string): Promise<{ asElement(): unknown }>; evaluate<R>(fn: (all: Element[]) => R): Promise<R> }>,
  query: ElementQuery,
): Promise<{ first: E | null; count: number }> {
  const all = await evaluateHandle(findAllInPage, query);
  return { first: (await all.getProperty('0')).asElement() as E | null, count: await all.evaluate((elements) => elements.length) };
}

export const button = (name: string): ElementQuery => ({ role: 'button', name });
export const heading = (name: string): ElementQuery => ({ role: 'heading', name });
export const field = (name: string): ElementQuery => ({ role: 'textbox', name });
export const dropdown = (name: string): ElementQuery => ({ role: 'combobox', name });
export const separator = (name: string): ElementQuery => ({ role: 'separator', name });

/** Waits until the document's visible text matches. */
export async function waitForText(view: View, pattern: RegExp, timeout = 30_000): Promise<string> {
  let last = '';
  try {
    await expect
      .poll(
        async () => {
          last = await view.text().catch(() => '');
          return pattern.test(last);
        },
        { timeout },
      )
      .toBe(true);
  } catch {
    throw new Error(`${pattern} did not appear within ${timeout} ms; the page said:\n${last.slice(0, 2_000)}`);
  }
  return last;
}

/**
 * Our controls that spend tokens act only once they have been in plain view for a moment (utils/visible-controls.ts);
 * they say so with data-armed, on the launcher's host or on the sidebar's button. A reader's press comes after that.
 */
export async function waitUntilArmed(view: View, control: 'launcher' | { button: string }): Promise<void> {
  await expect
    .poll(
      () =>
        view.evaluate(
          (name) =>
            name === undefined
              ? document.querySelector('shedders-take-launcher[data-armed]') !== null
              : [...document.querySelectorAll('button[data-armed]')].some((armed) => armed.textContent?.trim() === name),
          control === 'launcher' ? undefined : control.button,
        ),
      { timeout: 15_000, message: `waiting for ${JSON.stringify(control)} to be armed` },
    )
    .toBe(true);
}

/**
 * The reader's steps: open the paper, press the launcher they see, wait for the take in the sidebar. Returns its text.
 * Chromium confirms the launcher was in view, so that press starts the take. Firefox cannot, so there the press only
 * opens the sidebar and the reader starts the take with its button.
 */
export async function takeFromLauncher(driver: BrowserDriver, paperUrl: string): Promise<{ tab: Tab; sidebar: View; text: string }> {
  const tab = await driver.newTab(paperUrl);
  await waitForElement(tab, button("Shedder's Take"));
  await waitUntilArmed(tab, 'launcher');
  await tab.click(button("Shedder's Take"));
  const sidebar = await tab.sidebar();
  if (driver.engine === 'firefox') {
    await waitUntilArmed(sidebar, { button: "Get Shedder's take" });
    await sidebar.click(button("Get Shedder's take"));
  }
  return { tab, sidebar, text: await waitForText(sidebar, /Done\./, 90_000) };
}

/** Waits until something matching `query` is visible. */
export async function waitForElement(view: View, query: ElementQuery, timeout = 30_000): Promise<void> {
  await expect.poll(() => view.count(query).catch(() => 0), { timeout, message: `waiting for ${JSON.stringify(query)}` }).toBeGreaterThan(0);
}
