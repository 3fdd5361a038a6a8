import { readFileSync } from 'node:fs';
import type { Page, Worker } from '@playwright/test';
import { hostileModel } from '../fixtures/hostile';
import { makeBigArxivListing } from '../fixtures/make-big-listing';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { sharedFixturePath } from '../support/shared-fixtures';
import { sidebarDocumentFrame } from './support/browser-setup';
import { expect, sidebarFrame, test } from './support/extension-test';
import { countInClosedRoots, launcher, pressLauncher } from './support/launchers';
import { useFakeModel } from './support/settings-page';

/**
 * The sidebar's place on the page (resizing, pushing the page, the collapsed strip) and bad input that must not
 * break the layout: a very long title, a take with lines of thousands of characters, a 500-entry listing, a 1024 px
 * window. Nothing overlaps, and nothing is cut without an ellipsis and a way to see it whole.
 */
let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI({ chunkDelayMs: 0 });
});
test.afterEach(async () => {
  await model.close();
});

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const aside = (page: Page) => page.getByRole('complementary', { name: "Shedder's Take" });
const asideWidth = async (page: Page) => (await aside(page).boundingBox())?.width ?? -1;
/** The sidebar width kept in the extension's storage, read through its background. */
const storedSidebarWidth = (background: Worker) =>
  background.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(key: string): Promise<{ appearance?: { sidebarWidth?: number } }> } } } };
    return (await chrome.storage.local.get('appearance')).appearance?.sidebarWidth;
  });
const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('the sidebar resizes by its edge, with the mouse or the arrow keys, keeps its width, and can push the page instead of covering it', async ({ context, extensionId, background }) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(page);
  await expect(sidebarFrame(page).getByRole('heading', { level: 2 })).toBeVisible();
  const before = await asideWidth(page);
  expect(before).toBeGreaterThanOrEqual(340);

  const edge = page.getByRole('separator', { name: "Resize Shedder's Take" });
  const grip = (await edge.boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + 300);
  await page.mouse.down();
  await page.mouse.move(grip.x + grip.width / 2 - 80, grip.y + 300, { steps: 4 });
  await page.mouse.move(grip.x + grip.width / 2 - 150, grip.y + 300, { steps: 4 });
  await page.mouse.up();
  expect(Math.abs((await asideWidth(page)) - (before + 150))).toBeLessThanOrEqual(2);
  await edge.focus();
  await page.keyboard.press('ArrowLeft');
  const chosen = await asideWidth(page);
  expect(Math.abs(chosen - (before + 174))).toBeLessThanOrEqual(2);
  // Covering, by default: the page keeps its own margin.
  expect(await page.evaluate(() => document.documentElement.style.marginRight)).toBe('');

  // The sidebar's frame stores the width once the key press reaches it; a reload sooner would cut that write short.
  await expect.poll(() => storedSidebarWidth(background)).toBe(chosen);
  // Still the reader's width: the drag's width, stored and reported back after the key press, did not undo it.
  expect(await asideWidth(page)).toBe(chosen);
  // A new page load: the sidebar opens at the width the reader left it.
  await page.reload();
  await pressLauncher(page);
  await expect.poll(() => asideWidth(page)).toBe(chosen);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByText(`now ${Math.round(chosen)} px`)).toBeVisible();
  await options.getByLabel('Push the page aside when the sidebar opens, instead of covering its right side').check();
  // The open sidebar follows the setting at once: the page moves aside by exactly its width, and nothing of it is covered.
  await expect.poll(() => page.evaluate(() => parseFloat(document.documentElement.style.marginRight))).toBe(Math.round(chosen));
  // Closed only now: the setting is written after the click returns, and closing the tab sooner could cut the write short.
  await options.close();
  // The page lays out in its root box, which now ends where the sidebar begins.
  const pageRight = await page.evaluate(() => document.documentElement.getBoundingClientRect().right);
  expect(pageRight).toBeLessThanOrEqual(1280 - chosen + 1);
  expect((await aside(page).boundingBox())!.x).toBeGreaterThanOrEqual(pageRight - 1);
  // Closed, the page has its margin back.
  await sidebarFrame(page).getByRole('button', { name: "Close Shedder's Take" }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.style.marginRight)).toBe('');
});

/** Visible controls of the page itself (not ours) that a box at the window's right edge could cover. */
function pageControlsIn(page: Page): Promise<Box[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('a[href], button, input, select, textarea, [role="button"], [role="search"]')]
      .filter((element) => !element.closest('shedders-take-launcher, shedders-take-sidebar'))
      .map((element) => element.getBoundingClientRect())
      .filter((rect) => rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth)
      .map(({ x, y, width, height }) => ({ x, y, width, height })),
  );
}

test("the collapsed strip says how the take stands and sits clear of the sites' own controls on arXiv, ACM and USENIX", async ({ context }) => {
  const page = await context.newPage();
  const pages = ['https://arxiv.org/abs/2106.09608', 'https://dl.acm.org/doi/10.1145/3706599.3719976', 'https://www.usenix.org/conference/nsdi22/presentation/goyal'];
  for (const url of pages) {
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(url);
      await pressLauncher(page);
      const sidebar = sidebarFrame(page);
      await sidebar.getByRole('button', { name: "Collapse Shedder's Take" }).click();
      // No model is set up here: the take stopped on the missing key, and the strip says there is a problem.
      await expect(sidebar.getByRole('button', { name: /^Problem\W+expand Shedder's Take$/ })).toBeVisible();
      const strip = (await aside(page).boundingBox())!;
      expect(strip.width).toBeLessThanOrEqual(48);
      const controls = await pageControlsIn(page);
      // Control: the page has controls, and the check finds one where one is.
      expect(controls.length).toBeGreaterThan(0);
      expect(controls.filter((control) => overlaps(control, controls[0]!))).not.toHaveLength(0);
      expect(controls.filter((control) => overlaps(control, strip)), `${url} at ${width} px`).toEqual([]);
      // Expanded again from the strip, it is the full sidebar.
      await sidebar.getByRole('button', { name: /expand Shedder's Take$/ }).click();
      await expect(sidebar.getByRole('heading', { level: 2 })).toBeVisible();
    }
  }
});

test('a very long title and a take with lines of thousands of characters, in a 1024 px window: nothing widens, nothing is cut', async ({ driver, context, extensionId, fixtureServer }) => {
  const realPage = readFileSync(sharedFixturePath('pages', 'arxiv', 'arxiv_abs_2106.09608_2021.html'), 'utf8');
  const title = 'Learning Knowledge Graph-based World Models of Textual Environments';
  const longTitle = `${'A Very Long Title About Tail Latency, Consensus and Erasure Coding in Warehouse-Scale Computers, '.repeat(4)}${'Unbroken'.repeat(20)}`;
  fixtureServer.override('arxiv.org/abs/2106.09608?long-title=1', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(realPage.replaceAll(title, longTitle)));
  // The answer holds lines of 2,081 to 3,033 characters without a space: a word, a link, a code line, a table row.
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-layout', model: hostileModel('wide') });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto('https://arxiv.org/abs/2106.09608?long-title=1');
  const overflowBefore = await horizontalOverflow(page);
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByText('Text after the wide content.')).toBeVisible({ timeout: 60_000 });
  await expect(sidebar.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });

  const frame = sidebarDocumentFrame(page, extensionId);
  expect(await asideWidth(page)).toBe(340);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(Math.max(0, overflowBefore));
  // The frame wraps or scrolls its own wide content: it never scrolls sideways as a whole.
  expect(await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  // The title is shown whole, wrapped: not clipped in either direction.
  const heading = sidebar.getByRole('heading', { level: 2 });
  await expect(heading).toHaveText(longTitle);
  const [clippedWidth, clippedHeight] = await heading.evaluate((element) => [element.scrollWidth - element.clientWidth, element.scrollHeight - element.clientHeight]);
  // At most the sub-pixel rounding of the last line's descenders.
  expect(clippedWidth).toBeLessThanOrEqual(1);
  expect(clippedHeight).toBeLessThanOrEqual(1);
  // Nothing in the sidebar lies over anything else in the same column: the header, the paper, the actions, the evidence, the take.
  const blocks = await frame.evaluate(() =>
    ['.sidebar-bar', '.paper', '.take-actions', '.evidence', '.take'].map((selector) => {
      const { x, y, width, height } = document.querySelector(selector)!.getBoundingClientRect();
      return { x, y, width, height };
    }),
  );
  for (const [index, block] of blocks.entries()) for (const other of blocks.slice(index + 1)) expect(overlaps(block, other)).toBe(false);

  // The library at the same width: the long title is cut to two lines with an ellipsis in the list, named in full in
  // its tooltip, and whole in the take's pane; the filter bar keeps every label with its control.
  const library = await context.newPage();
  await library.setViewportSize({ width: 1024, height: 800 });
  await library.goto(`chrome-extension://${extensionId}/library.html`);
  const rowTitle = library.locator('.take-title').first();
  await expect(rowTitle).toHaveAttribute('title', longTitle);
  expect(await rowTitle.evaluate((element) => getComputedStyle(element).webkitLineClamp)).toBe('2');
  expect(await rowTitle.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);
  await library.getByRole('list', { name: 'Saved takes' }).getByRole('button').first().click();
  await expect(library.getByRole('heading', { level: 2, name: longTitle })).toBeVisible();
  expect(await horizontalOverflow(library)).toBeLessThanOrEqual(0);
  const filters = await library.locator('.filter').evaluateAll((labels) =>
    labels.map((label) => {
      const caption = label.firstElementChild!.getBoundingClientRect();
      const control = label.lastElementChild!.getBoundingClientRect();
      return { above: caption.bottom <= control.top + 1, sameColumn: Math.abs(caption.left - control.left) < 2, right: control.right };
    }),
  );
  expect(filters).toHaveLength(6);
  for (const filter of filters) expect(filter).toMatchObject({ above: true, sameColumn: true });
  expect(Math.max(...filters.map((filter) => filter.right))).toBeLessThanOrEqual(1024);
});

test('a listing of 500 entries: a launcher on each, the quick-takes control above the list, nothing overlapping, a batch panel that holds', async ({ driver, context, extensionId, fixtureServer }) => {
  fixtureServer.override('arxiv.org/list/cs.DC/pastweek?skip=0&show=500', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(makeBigArxivListing(500)));
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-layout', model: 'gpt-4.1-mini' });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto('https://arxiv.org/list/cs.DC/pastweek?skip=0&show=500');
  const overflowBefore = await horizontalOverflow(page);
  await expect.poll(() => countInClosedRoots(page, 'button', /^Take: /), { timeout: 30_000 }).toBe(500);
  const control = await launcher(page, "Shedder's Take: quick takes for the 500 papers on this page");
  await expect(control).toBeVisible();
  // In the page's flow, above the first entry: it scrolls with the page and lies over none of its text.
  const controlBox = (await control.boundingBox())!;
  const firstEntry = (await page.locator('dl#articles dt').first().boundingBox())!;
  expect(controlBox.y + controlBox.height).toBeLessThanOrEqual(firstEntry.y);
  expect(['static', 'relative']).toContain(await control.evaluate((host) => getComputedStyle(host).position));
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(Math.max(0, overflowBefore));
  // The first screenful of launchers (their hosts: the buttons sit in closed shadow roots): each beside its entry, none over another.
  const boxes = await page.locator('shedders-take-launcher:not([data-block])').evaluateAll((hosts) => hosts.slice(0, 40).map((host) => host.getBoundingClientRect().toJSON() as Box));
  expect(boxes).toHaveLength(40);
  for (const [index, box] of boxes.entries()) for (const other of boxes.slice(index + 1)) expect(overlaps(box, other)).toBe(false);

  await control.click();
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByTestId('batch-counts')).toHaveText('500 new, 0 already taken');
  await expect(sidebar.getByTestId('batch-estimate')).toContainText('500 requests to gpt-4.1-mini');
  await expect(sidebar.locator('.batch-entry')).toHaveCount(500);
  expect(await sidebarDocumentFrame(page, extensionId).evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
});
