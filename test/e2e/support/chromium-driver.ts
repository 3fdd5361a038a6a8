import type { BrowserContext, CDPSession, ElementHandle, Frame, Page } from '@playwright/test';
import { matchingVia, tabOver, viewOver, type BrowserDriver, type EngineSurface, type Tab, type View } from './driver';
import { matchesInClosedRoots, type ClosedRootMatch, type ElementQuery } from './find-in-page';

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

interface DomNode {
  nodeId: number;
  shadowRootType?: 'open' | 'closed' | 'user-agent';
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

/** The closed shadow roots of the page's own document (not of its frames'), which DevTools sees through. */
function closedRootsOf(node: DomNode): number[] {
  const here = node.shadowRootType === 'closed' ? [node.nodeId] : [];
  return [...here, ...[...(node.children ?? []), ...(node.shadowRoots ?? [])].flatMap(closedRootsOf)];
}

/** The closed roots as script objects. A page that adds or replaces launchers while they are read is read again. */
async function closedRootObjects(session: CDPSession): Promise<string[]> {
  for (let attempt = 1; ; attempt += 1) {
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    try {
      return await Promise.all(
        closedRootsOf(root).map(async (nodeId) => ((await session.send('DOM.resolveNode', { nodeId })) as { object: { objectId: string } }).object.objectId),
      );
    } catch (error) {
      if (attempt === 5 || !String(error).includes('No node with given id')) throw error;
    }
  }
}

export async function matchesInClosedRootsOf(page: Page, query: ElementQuery, scrollToFirst = false): Promise<ClosedRootMatch[]> {
  const session = await page.context().newCDPSession(page);
  try {
    const roots = await closedRootObjects(session);
    if (roots.length === 0) return [];
    const { result } = (await session.send('Runtime.callFunctionOn', {
      objectId: roots[0],
      functionDeclaration: matchesInClosedRoots,
      arguments: [{ value: JSON.stringify(query) }, { value: scrollToFirst }, ...roots.map((objectId) => ({ objectId }))],
      returnByValue: true,
    })) as { result: { value: string } };
    return JSON.parse(result.value) as ClosedRootMatch[];
  } finally {
    await session.detach();
  }
}

function viewOf(surface: Page | Frame): View {
  const closedRoots: EngineSurface<ElementHandle>['closedRoots'] =
    'mainFrame' in surface ? { matches: (query, scrollToFirst) => matchesInClosedRootsOf(surface, query, scrollToFirst === true), clickAt: ({ x, y }) => surface.mouse.click(x, y) } : undefined;
  return viewOver<ElementHandle>({
    closedRoots,
    evaluate: (fn, arg) => surface.evaluate(fn as (arg: unknown) => never, arg),
    matching: (query) => matchingVia((fn, q) => surface.evaluateHandle(fn, q), query),
    fill: (element, value) => element.fill(value),
    select: async (element, value) => {
      await element.selectOption(value);
    },
  });
}

function tabOf(page: Page, extensionOrigin: string): Tab {
  return tabOver(page, viewOf(page), async () => {
    const sidebarUrl = `${extensionOrigin}/sidebar-frame.html`;
    let frame: Frame | undefined;
    for (let waited = 0; !frame && waited < 15_000; waited += 100) {
      frame = page.frames().find((candidate) => candidate.url().startsWith(sidebarUrl));
      if (!frame) await page.waitForTimeout(100);
    }
    if (!frame) throw new Error('the sidebar frame did not load');
    await frame.waitForLoadState('domcontentloaded');
    return viewOf(frame);
  });
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
