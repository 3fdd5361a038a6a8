import { expect, type Locator, type Page } from '@playwright/test';
import { matchesInClosedRootsOf } from './chromium-driver';
import type { ClosedRootMatch, ElementQuery } from './find-in-page';

/**
 * The launchers and badges live in closed shadow roots, so the page's scripts cannot restyle, click or read them, and
 * neither can Playwright's locators. The Chromium-only specs find them the way the shared driver does: DevTools hands
 * over the closed roots, and the same role-and-name search a reader's names drive runs inside them. A launcher comes
 * back as the locator of its host element, which sits in the page, so a click lands where a reader's would.
 */

/** A role and a name, exact or a pattern (matched case-insensitively), as the driver's queries take them. */
function query(role: ElementQuery['role'], name: string | RegExp): ElementQuery {
  return typeof name === 'string' ? { role, name } : { role, pattern: name.source };
}

/** Every visible match in the page's closed roots, as the page is now. */
function inClosedRoots(page: Page, role: ElementQuery['role'], name: string | RegExp): Promise<ClosedRootMatch[]> {
  return matchesInClosedRootsOf(page, query(role, name));
}

/**
 * The launchers named `name` (exactly, or matching a pattern), in page order, once at least one is there. Each is the
 * host element's locator: click it, check it is visible or focused, as with any locator.
 */
export async function launchers(page: Page, name: string | RegExp = "Shedder's Take"): Promise<Locator[]> {
  let found: ClosedRootMatch[] = [];
  await expect
    .poll(async () => (found = await inClosedRoots(page, 'button', name)).length, { message: `a launcher named ${String(name)}`, timeout: 15_000 })
    .toBeGreaterThan(0);
  return found.map((match) => page.locator(match.hostTag).nth(match.hostIndex));
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

/** How many of our controls in closed roots have this role and a name matching `name`: launchers, badges, notes. */
export async function countInClosedRoots(page: Page, role: ElementQuery['role'], name: string | RegExp): Promise<number> {
  return (await inClosedRoots(page, role, name)).length;
}

/** The names of those controls, to read what a screen reader hears. */
export async function namesInClosedRoots(page: Page, role: ElementQuery['role'], name: string | RegExp): Promise<string[]> {
  return (await inClosedRoots(page, role, name)).map((match) => match.name);
}
