import { expect } from '@playwright/test';
import type { ElementQuery } from './find-in-page';

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
  select(query: ElementQuery, value: string): Promise<void>;
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

export const button = (name: string): ElementQuery => ({ role: 'button', name });
export const heading = (name: string): ElementQuery => ({ role: 'heading', name });
export const field = (name: string): ElementQuery => ({ role: 'textbox', name });
export const dropdown = (name: string): ElementQuery => ({ role: 'combobox', name });

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

/** Waits until something matching `query` is visible. */
export async function waitForElement(view: View, query: ElementQuery, timeout = 30_000): Promise<void> {
  await expect.poll(() => view.count(query).catch(() => 0), { timeout, message: `waiting for ${JSON.stringify(query)}` }).toBeGreaterThan(0);
}
