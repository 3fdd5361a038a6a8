import type { Page } from '@playwright/test';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { seriousViolations } from './support/axe';
import { sidebarDocumentFrame } from './support/browser-setup';
import { expect, sidebarFrame, test } from './support/extension-test';
import { countInClosedRoots, pressLauncher } from './support/launchers';
import { chooseModel, useFakeModel } from './support/settings-page';

/**
 * axe-core on every surface of ours, in the light and the dark theme (the system's preference, which the pages
 * follow by default): zero serious or critical violations. Each state is checked where a reader meets it.
 */
let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI({ chunkDelayMs: 5, stallMs: 20_000 });
});
test.afterEach(async () => {
  await model.close();
});

const schemes = ['light', 'dark'] as const;

/** axe in both themes; returns every violation, labelled with where and in which theme it was found. */
async function auditBothThemes(page: Page, where: string, audit: () => Promise<string[]>): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    found.push(...(await audit()).map((line) => `${where}, ${colorScheme}: ${line}`));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

test('the sidebar while streaming, when done and on an error, in light and dark', async ({ driver, context, extensionId, fixtureServer }) => {
  // The first answer streams a third of itself and then waits: the sidebar is caught mid-stream.
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-axe', model: 'fault-stall' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('heading', { name: 'The "No-BS" Summary' })).toBeVisible({ timeout: 60_000 });
  await expect(sidebar.getByRole('status').filter({ hasText: 'Writing…' })).toBeVisible();
  const frame = () => sidebarDocumentFrame(page, extensionId);
  const violations = await auditBothThemes(page, 'sidebar streaming', () => seriousViolations(frame()));
  await sidebar.getByRole('button', { name: 'Stop' }).click();

  await chooseModel(driver, 'fake-critic');
  await sidebar.getByRole('button', { name: 'Regenerate' }).click();
  await expect(sidebar.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  violations.push(...(await auditBothThemes(page, 'sidebar done', () => seriousViolations(frame()))));

  await chooseModel(driver, 'fault-401');
  await sidebar.getByRole('button', { name: 'Regenerate' }).click();
  await expect(sidebar.getByRole('alert').filter({ hasText: 'The API key was refused' })).toBeVisible({ timeout: 60_000 });
  violations.push(...(await auditBothThemes(page, 'sidebar error', () => seriousViolations(frame()))));

  // Collapsed, the strip says how the take stands.
  await sidebar.getByRole('button', { name: "Collapse Shedder's Take" }).click();
  await expect(sidebar.getByRole('button', { name: /^Problem\W+expand Shedder's Take$/ })).toBeVisible();
  violations.push(...(await auditBothThemes(page, 'sidebar collapsed', () => seriousViolations(frame()))));
  expect(violations).toEqual([]);
});

test('a listing with launchers and verdict badges, the batch panel, the library, settings and the popup, in light and dark', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-axe', model: 'gpt-4.1-mini' });
  const listing = await context.newPage();
  await listing.goto('https://arxiv.org/list/q-fin/new');
  await pressLauncher(listing, "Shedder's Take: quick takes for the 16 papers on this page");
  const sidebar = sidebarFrame(listing);
  await sidebar.getByRole('button', { name: 'Run 16 quick takes' }).click();
  await expect(sidebar.getByRole('status').filter({ hasText: '16 done' })).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => countInClosedRoots(listing, 'note', /: quick take, /)).toBe(16);
  // Only our own elements on a page we do not own: the launchers, their badges and the quick-takes control.
  const violations = await auditBothThemes(listing, 'listing', () => seriousViolations(listing, 'shedders-take-launcher'));
  violations.push(...(await auditBothThemes(listing, 'batch panel', () => seriousViolations(sidebarDocumentFrame(listing, extensionId)))));

  const library = await context.newPage();
  await library.goto(`chrome-extension://${extensionId}/library.html`);
  await library.getByRole('list', { name: 'Saved takes' }).getByRole('button').first().click();
  await expect(library.getByRole('article')).toBeVisible();
  violations.push(...(await auditBothThemes(library, 'library', () => seriousViolations(library))));

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByLabel('Base URL')).toBeVisible();
  violations.push(...(await auditBothThemes(options, 'settings', () => seriousViolations(options))));

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByRole('heading', { name: 'Recent takes' })).toBeVisible();
  violations.push(...(await auditBothThemes(popup, 'popup', () => seriousViolations(popup))));
  expect(violations).toEqual([]);
});
