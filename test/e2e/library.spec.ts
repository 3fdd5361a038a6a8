import { readFileSync } from 'node:fs';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { expect, sidebarFrame, test } from './support/extension-test';
import { useFakeModel } from './support/settings-page';
import { pressLauncher } from './support/launchers';

let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI();
});
test.afterEach(async () => {
  await model.close();
});

/** The exported takes, without the moment of export, which differs between two exports by design. */
function exportedTakes(path: string): unknown {
  return (JSON.parse(readFileSync(path, 'utf8')) as { takes: unknown }).takes;
}

test('a take lands in the library; search, export all, delete all, import: the identical library is back', async ({
  context,
  extensionId,
  fixtureServer,
  driver,
}) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-library', model: 'fake-critic' });
  // One full take and sixteen quick takes, made as a reader makes them.
  const paper = await context.newPage();
  await paper.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(paper);
  await expect(sidebarFrame(paper).getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  const listing = await context.newPage();
  await listing.goto('https://arxiv.org/list/q-fin/new');
  await pressLauncher(listing, "Shedder's Take: quick takes for the 16 papers on this page");
  await sidebarFrame(listing).getByRole('button', { name: 'Run 16 quick takes' }).click();
  await expect(sidebarFrame(listing).getByRole('status').filter({ hasText: '16 done' })).toBeVisible({ timeout: 60_000 });

  const library = await context.newPage();
  await library.goto(`chrome-extension://${extensionId}/library.html`);
  const takes = library.getByRole('list', { name: 'Saved takes' }).getByRole('listitem');
  await expect(takes).toHaveCount(17);
  await library.getByLabel('Search').fill('knowledge graph-based world');
  await expect(takes).toHaveCount(1);
  await expect(takes.first()).toContainText('Learning Knowledge Graph-based World Models of Textual Environments');
  await library.getByLabel('Search').fill('');
  await expect(takes).toHaveCount(17);

  // A take opened from low in the list is read where the reader is: the pane stays in view as the list scrolls.
  await library.setViewportSize({ width: 1024, height: 600 });
  await takes.last().scrollIntoViewIfNeeded();
  await takes.last().getByRole('button').click();
  const pane = await library.getByRole('article').boundingBox();
  expect(pane!.y).toBeGreaterThanOrEqual(0);
  expect(pane!.y).toBeLessThan(600 / 2);
  expect(await library.evaluate(() => scrollY)).toBeGreaterThan(0);

  const firstExport = library.waitForEvent('download');
  await library.getByRole('button', { name: 'Export all as JSON' }).click();
  const exportPath = test.info().outputPath('library-export.json');
  await (await firstExport).saveAs(exportPath);

  await library.getByRole('button', { name: 'Delete all' }).click();
  await expect(library.getByRole('status')).toContainText('Deleted 17 takes.');
  await expect(takes).toHaveCount(0);

  await library.getByLabel('Import takes (JSON export)').setInputFiles(exportPath);
  await expect(library.getByText('Added 17 takes.')).toBeVisible();
  await expect(takes).toHaveCount(17);

  const secondExport = library.waitForEvent('download');
  await library.getByRole('button', { name: 'Export all as JSON' }).click();
  const reExportPath = test.info().outputPath('library-re-export.json');
  await (await secondExport).saveAs(reExportPath);
  expect(exportedTakes(reExportPath)).toEqual(exportedTakes(exportPath));
});
