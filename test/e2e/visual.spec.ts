import type { BrowserContext, Frame, FrameLocator, Locator, Page } from '@playwright/test';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { sidebarDocumentFrame } from './support/browser-setup';
import { serveGeneratedPaper } from './support/generated-paper';
import { expect, sidebarFrame, test } from './support/extension-test';
import { pressLauncher } from './support/launchers';
import { pinnedSystemFonts, systemFontsDrawn } from './support/fonts';
import { chooseModel, useFakeModel } from './support/settings-page';

/**
 * Screenshots compared pixel for pixel: the sidebar done and streaming, light and dark, at 1024 and 1440 px; the
 * library and the settings. The README shows these same files, so it cannot drift from what the extension draws.
 * Stable by construction: our pages draw with the fonts the extension ships and, for a few symbols, one named font
 * CI installs (checked before each set of screenshots), animations and the caret are off,
 * dates are masked, the fake model's answers and token counts are fixed, and the stream is caught where the fake
 * server pauses it. One browser per test takes several screenshots.
 */
let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI({ chunkDelayMs: 0, stallMs: 30_000 });
});
test.afterEach(async () => {
  await model.close();
});

const sizes = [
  { width: 1024, height: 800 },
  { width: 1440, height: 900 },
] as const;
const schemes = ['light', 'dark'] as const;

/** Every font the page asked for has loaded, and two frames have been drawn since the last change. */
async function settled(page: Page, extensionId: string) {
  await sidebarDocumentFrame(page, extensionId).evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

/** Fails, naming the font, when something other than the bundled fonts and the pinned system ones drew a glyph. */
async function expectPinnedFonts(context: BrowserContext, surface: Page | Frame) {
  const unpinned = Object.keys(await systemFontsDrawn(context, surface)).filter((family) => !pinnedSystemFonts.includes(family));
  expect(unpinned, 'system fonts drawn that CI may not have: name them in the font stacks and .ci/run, or avoid their glyphs').toEqual([]);
}

async function shootSidebar(page: Page, extensionId: string, sidebar: FrameLocator, name: string) {
  const aside: Locator = page.getByRole('complementary', { name: "Shedder's Take" });
  await settled(page, extensionId);
  await expectPinnedFonts(page.context(), sidebarDocumentFrame(page, extensionId));
  for (const size of sizes) {
    for (const colorScheme of schemes) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await settled(page, extensionId);
      await expect(aside).toHaveScreenshot(`sidebar-${name}-${colorScheme}-${size.width}.png`, { mask: [sidebar.locator('.take-date')] });
    }
  }
}

test('the sidebar, done and streaming, light and dark, at 1024 and 1440 px', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-visual', model: 'fake-critic' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(page);
  let sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  await shootSidebar(page, extensionId, sidebar, 'done');

  // Another paper, whose answer streams a third of itself and then pauses: the sidebar mid-stream.
  await chooseModel(driver, 'fault-stall');
  await page.goto('https://arxiv.org/abs/1103.1901');
  await pressLauncher(page);
  sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('heading', { name: 'The "No-BS" Summary' })).toBeVisible({ timeout: 60_000 });
  await expect(sidebar.getByRole('status').filter({ hasText: 'Writing…' })).toBeVisible();
  // Paused: what has streamed stays put while the screenshots are taken.
  await expect.poll(() => model.requests.filter((request) => request.method === 'POST').length).toBe(2);
  await shootSidebar(page, extensionId, sidebar, 'streaming');
  await sidebar.getByRole('button', { name: 'Stop' }).click();
});

test('a take with its figure strip, for the README: a generated paper\'s figures sent to gpt-4o', async ({ driver, context, extensionId, fixtureServer }) => {
  // Our own generated paper, not a shared one: its figures are ours to publish in the README.
  const { abstractUrl } = await serveGeneratedPaper(fixtureServer);
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-visual', model: 'gpt-4o' });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(abstractUrl);
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  const strip = sidebar.getByRole('group').filter({ hasText: 'Figures Shedder looked at' });
  await expect(strip.getByRole('img')).toHaveCount(5);
  // Every thumbnail has decoded before the picture is taken.
  await expect.poll(() => strip.getByRole('img').evaluateAll((images) => images.every((image) => (image as HTMLImageElement).naturalWidth > 0))).toBe(true);
  await strip.scrollIntoViewIfNeeded();
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await settled(page, extensionId);
  await expectPinnedFonts(context, sidebarDocumentFrame(page, extensionId));
  await expect(page.getByRole('complementary', { name: "Shedder's Take" })).toHaveScreenshot('sidebar-figures-light-1440.png', { mask: [sidebar.locator('.take-date')] });
});

test('the library with a take open, and the settings', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-visual', model: 'fake-critic' });
  const paper = await context.newPage();
  await paper.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(paper);
  await expect(sidebarFrame(paper).getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  await paper.close();

  const library = await context.newPage();
  await library.setViewportSize({ width: 1280, height: 800 });
  await library.goto(`chrome-extension://${extensionId}/library.html`);
  await library.getByRole('list', { name: 'Saved takes' }).getByRole('button').first().click();
  await expect(library.getByRole('article')).toBeVisible();
  await library.evaluate(() => document.fonts.ready);
  await expectPinnedFonts(context, library);
  for (const colorScheme of schemes) {
    await library.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await library.evaluate(() => document.fonts.ready);
    await expect(library).toHaveScreenshot(`library-${colorScheme}.png`, { mask: [library.locator('.take-date')] });
  }

  const options = await context.newPage();
  await options.setViewportSize({ width: 1024, height: 800 });
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByLabel('Base URL')).toBeVisible();
  await options.evaluate(() => document.fonts.ready);
  await expectPinnedFonts(context, options);
  await expect(options).toHaveScreenshot('settings-light.png');
});
