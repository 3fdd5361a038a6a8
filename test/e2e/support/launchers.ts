import { expect, type CDPSession, type Locator, type Page } from '@playwright/test';

/**
 * The launchers and badges live in closed shadow roots, so the page's scripts cannot restyle, click or read them, and
 * neither can Playwright's locators. The browser's accessibility tree still has them, as a reader with a screen reader
 * meets them: by role and name. These helpers find them there (Chromium's DevTools protocol) and hand back a locator
 * for the launcher's host element, which sits in the page, so a click lands where a reader's would.
 */

interface AXNode {
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
  ignored?: boolean;
}

function nameMatches(name: string | undefined, wanted: string | RegExp): boolean {
  if (name === undefined) return false;
  return typeof wanted === 'string' ? name === wanted : wanted.test(name);
}

async function accessibilityNodes(session: CDPSession): Promise<AXNode[]> {
  const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
  return nodes.filter((node) => !node.ignored);
}

/** The position, among the page's launcher hosts, of the host whose shadow root holds this node. */
async function hostIndexOf(session: CDPSession, backendNodeId: number): Promise<number> {
  const { object } = (await session.send('DOM.resolveNode', { backendNodeId })) as { object: { objectId?: string } };
  const { result } = (await session.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: `function () {
      const root = this.getRootNode();
      const host = root instanceof ShadowRoot ? root.host : this;
      return [...document.querySelectorAll('shedders-take-launcher')].indexOf(host);
    }`,
    returnByValue: true,
  })) as { result: { value: number } };
  return result.value;
}

/** Every accessibility node with this role and name, as the page is now. */
async function findInAccessibilityTree(page: Page, role: string, name: string | RegExp): Promise<AXNode[]> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('DOM.enable');
    return (await accessibilityNodes(session)).filter((node) => node.role?.value === role && nameMatches(node.name?.value, name));
  } finally {
    await session.detach();
  }
}

/**
 * The launchers named `name` (exactly, or matching a pattern), in page order, once at least one is there. Each is the
 * host element's locator: click it, check it is visible or focused, as with any locator.
 */
export async function launchers(page: Page, name: string | RegExp = "Shedder's Take"): Promise<Locator[]> {
  let found: number[] = [];
  await expect
    .poll(
      async () => {
        const session = await page.context().newCDPSession(page);
        try {
          await session.send('DOM.enable');
          const nodes = (await accessibilityNodes(session)).filter((node) => node.role?.value === 'button' && nameMatches(node.name?.value, name));
          const indices = await Promise.all(nodes.map((node) => (node.backendDOMNodeId === undefined ? -1 : hostIndexOf(session, node.backendDOMNodeId))));
          found = indices.filter((index) => index >= 0);
        } finally {
          await session.detach();
        }
        return found.length;
      },
      { message: `a launcher named ${String(name)}`, timeout: 15_000 },
    )
    .toBeGreaterThan(0);
  return found.map((index) => page.locator('shedders-take-launcher').nth(index));
}

/** The first launcher named `name`. */
export async function launcher(page: Page, name: string | RegExp = "Shedder's Take"): Promise<Locator> {
  return (await launchers(page, name))[0]!;
}

/**
 * Presses a launcher the way a reader does once they have seen it: in view, and in view long enough for the browser to
 * confirm it (the host's data-armed), so the press starts a take at once rather than only opening the sidebar.
 */
export async function pressLauncher(page: Page, name: string | RegExp = "Shedder's Take"): Promise<Locator> {
  const found = await launcher(page, name);
  await found.scrollIntoViewIfNeeded();
  await expect(found).toHaveAttribute('data-armed', '', { timeout: 15_000 });
  await found.click();
  return found;
}

/** How many nodes of this role have a name matching `name`: what a screen reader lists (badges, notes). */
export async function countInAccessibilityTree(page: Page, role: string, name: string | RegExp): Promise<number> {
  return (await findInAccessibilityTree(page, role, name)).length;
}

/** The names of the nodes of this role matching `name`, to read what a screen reader hears. */
export async function namesInAccessibilityTree(page: Page, role: string, name: string | RegExp): Promise<string[]> {
  return (await findInAccessibilityTree(page, role, name)).map((node) => node.name?.value ?? '');
}
