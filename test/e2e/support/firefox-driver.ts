import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Frame, type Page } from 'puppeteer-core';
import { matchingVia, tabOver, viewOver, type BrowserDriver, type EngineSurface, type Tab, type View } from './driver';
import { matchesInClosedRoots, type ClosedRootMatch, type ElementQuery } from './find-in-page';
import { startConnectProxy, type ConnectProxy } from './connect-proxy';

/**
 * Debian's Firefox ESR driven by Puppeteer over WebDriver BiDi, with the built Firefox extension installed as a
 * temporary add-on. No browser is downloaded: Puppeteer drives the stock one.
 */
export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const firefoxExtensionDir = resolve(import.meta.dirname, '../../../.output/firefox-mv3');
/** A fixed moz-extension host, so tests can address our pages before the extension tells them its address. */
const extensionUuid = '5ed5e7a4-7a4e-4b1c-9f3e-5ad7e2b7c0de';
/** Any https page may navigate to the web-accessible sidebar page; this host is served by nothing but the fixture server's 404. */
const harnessPage = 'https://shedders-take-harness.test/';

export interface FirefoxOptions {
  /** Extra preferences, e.g. prompts back on for a test that declines one. */
  prefs?: Record<string, string | number | boolean>;
  /** Lets a test click the browser's own UI (a permission doorhanger) over BiDi. */
  systemAccess?: boolean;
}

export interface FirefoxSession {
  browser: Browser;
  driver: BrowserDriver;
  close(): Promise<void>;
}

function geckoId(): string {
  const manifest = JSON.parse(readFileSync(resolve(firefoxExtensionDir, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } };
  return manifest.browser_specific_settings.gecko.id;
}

export async function launchFirefox(fixturePort: number, options: FirefoxOptions = {}): Promise<FirefoxSession> {
  const proxy: ConnectProxy = await startConnectProxy(fixturePort);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath,
    headless: true,
    acceptInsecureCerts: true,
    args: options.systemAccess ? ['--remote-allow-system-access'] : [],
    defaultViewport: { width: 1280, height: 900 },
    extraPrefsFirefox: {
      'xpinstall.signatures.required': false,
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId()]: extensionUuid }),
      // Every https request goes to the fixture server through the CONNECT proxy; localhost stays direct.
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
      // A declared optional origin is granted on request, as a reader clicking "Allow" would.
      'extensions.webextOptionalPermissionPrompts': false,
      ...options.prefs,
    },
  });
  try {
    await browser.installExtension(firefoxExtensionDir);
  } catch (error) {
    await browser.close();
    await proxy.close();
    throw error;
  }
  return {
    browser,
    driver: firefoxDriver(browser),
    close: async () => {
      await browser.close().catch(() => undefined);
      await proxy.close();
    },
  };
}

interface SerializedNode {
  sharedId?: string;
  value?: { shadowRoot?: SerializedNode | null; mode?: 'open' | 'closed' };
}

/**
 * The closed shadow roots of the page's own document: BiDi serialises every element with its shadow root, closed
 * ones included when asked, and takes a root back by its id as an argument.
 */
async function matchesInClosedRootsOf(page: Page, query: ElementQuery, scrollToFirst: boolean): Promise<ClosedRootMatch[]> {
  const connection = (page.browser() as unknown as { connection: BidiConnection }).connection;
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  const found = await connection.send('browsingContext.locateNodes', {
    context,
    locator: { type: 'css', value: '*' },
    serializationOptions: { includeShadowTree: 'all', maxDomDepth: 0 },
  });
  const roots = (found.result.nodes ?? []).flatMap((node) => {
    const root = node.value?.shadowRoot;
    return root?.sharedId && root.value?.mode === 'closed' ? [{ sharedId: root.sharedId }] : [];
  });
  if (roots.length === 0) return [];
  const answer = await connection.send('script.callFunction', {
    functionDeclaration: matchesInClosedRoots,
    target: { context },
    awaitPromise: false,
    arguments: [{ type: 'string', value: JSON.stringify(query) }, { type: 'boolean', value: scrollToFirst }, ...roots],
  });
  return JSON.parse(String(answer.result.result?.value ?? '[]')) as ClosedRootMatch[];
}

function viewOf(surface: Page | Frame): View {
  const closedRoots: EngineSurface<ElementHandle>['closedRoots'] =
    'mainFrame' in surface ? { matches: (query, scrollToFirst) => matchesInClosedRootsOf(surface, query, scrollToFirst === true), clickAt: ({ x, y }) => surface.mouse.click(x, y) } : undefined;
  return viewOver<ElementHandle>({
    closedRoots,
    evaluate: (fn, arg) => surface.evaluate(fn as (arg: unknown) => never, arg),
    matching: (query) => matchingVia((fn, q) => surface.evaluateHandle(fn, q), query),
    fill: async (element, value) => {
      // Puppeteer has no fill(): select what the field holds, delete it, then type as a reader does.
      await element.click();
      await element.evaluate((input) => (input as HTMLInputElement).select());
      await ('page' in surface ? surface.page() : surface).keyboard.press('Backspace');
      await element.type(value);
    },
    select: async (element, value) => {
      await element.select(value);
    },
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** BiDi does not report navigations into moz-extension pages, so this polls the document itself. */
async function waitForDocument(surface: Page | Frame, urlPrefix: string, timeout = 15_000): Promise<void> {
  for (const started = Date.now(); Date.now() - started < timeout; await pause(100)) {
    const state = await surface.evaluate(() => [location.href, document.readyState] as const).catch(() => undefined);
    if (state && state[0].startsWith(urlPrefix) && state[1] === 'complete') return;
  }
  throw new Error(`no document at ${urlPrefix} after ${timeout} ms`);
}

function tabOf(page: Page, extensionOrigin: string): Tab {
  return tabOver(page, viewOf(page), async () => {
    const host = await page.waitForSelector('shedders-take-sidebar >>> iframe', { timeout: 15_000 });
    const frame = await host?.contentFrame();
    if (!frame) throw new Error('the sidebar frame is not in the page');
    await waitForDocument(frame, `${extensionOrigin}/sidebar-frame.html`);
    return viewOf(frame);
  });
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: { contexts?: { context: string }[]; result?: { value?: unknown }; nodes?: SerializedNode[] } }>;
}

/**
 * The optional-permission doorhanger lives in the browser window, not in a page. With --remote-allow-system-access,
 * WebDriver BiDi reaches the window's chrome context, where the test presses the doorhanger's own button.
 */
async function answerPermissionPrompt(browser: Browser, choice: 'allow' | 'deny'): Promise<void> {
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const press = `(() => {
    if (!PopupNotifications.getNotification('addon-webext-permissions')) return 'no prompt';
    const prompt = document.getElementById('addon-webext-permissions-notification');
    const pressed = ${choice === 'allow' ? 'prompt.button' : 'prompt.secondaryButton'};
    pressed.click();
    return 'pressed ' + pressed.label;
  })()`;
  for (const started = Date.now(); Date.now() - started < 15_000; await pause(200)) {
    const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const window = tree.result.contexts?.[0]?.context;
    if (!window) continue;
    const answer = await connection.send('script.evaluate', { expression: press, target: { context: window }, awaitPromise: false });
    if (String(answer.result.result?.value).startsWith('pressed')) return;
  }
  throw new Error('no permission prompt appeared');
}

function firefoxDriver(browser: Browser): BrowserDriver {
  const extensionOrigin = `moz-extension://${extensionUuid}`;
  return {
    engine: 'firefox',
    extensionOrigin,
    newTab: async (url) => {
      const page = await browser.newPage();
      if (url) await page.goto(url);
      return tabOf(page, extensionOrigin);
    },
    openExtensionPage: async (path, options) => {
      // WebDriver BiDi refuses to navigate a tab to moz-extension:// itself. A web page may open our web-accessible
      // sidebar page, and an extension page may open any page of its own extension, so the tab goes there in two steps.
      const page = await browser.newPage();
      await page.goto(harnessPage).catch(() => undefined);
      for (const step of ['sidebar-frame.html', path]) {
        const target = `${extensionOrigin}/${step}`;
        if (step === path) await options?.over?.bringToFront();
        page.evaluate((url) => void (location.href = url), target).catch(() => undefined);
        await waitForDocument(page, target);
      }
      return tabOf(page, extensionOrigin);
    },
    tabOpenedByExtension: async (urlPrefix) => {
      // Tabs an extension opens are listed, but Puppeteer keeps their first address (about:blank): ask each document.
      for (const started = Date.now(); Date.now() - started < 15_000; await pause(200)) {
        for (const page of await browser.pages()) {
          const url = await page.evaluate(() => location.href).catch(() => '');
          if (url.startsWith(urlPrefix)) {
            await waitForDocument(page, urlPrefix);
            return tabOf(page, extensionOrigin);
          }
        }
      }
      throw new Error(`the extension opened no tab at ${urlPrefix}`);
    },
    // The preference extensions.webextOptionalPermissionPrompts=false grants every declared optional origin on request.
    allowOriginWhenAsked: () => Promise.resolve(),
    answerPermissionPrompt: (choice) => answerPermissionPrompt(browser, choice),
  };
}
