import type { Worker } from '@playwright/test';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { expect, sidebarFrame, test } from './support/extension-test';
import { pressLauncher } from './support/launchers';
import { useFakeModel } from './support/settings-page';

/**
 * The background keeps the key in its own database; when that cannot be read (a broken profile, a full disk), the
 * sidebar must say so where the reader looks, with the way on (Open settings), and send nothing: the take, a
 * follow-up and a batch each once. Before, the model setup rejected and nothing started, without a word.
 */
let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI({ chunkDelayMs: 2 });
});
test.afterEach(async () => {
  await model.close();
});

/** Makes every IndexedDB open in the background fail, as a database the browser cannot open does; `false` undoes it. */
async function keyDatabaseBroken(background: Worker, broken: boolean): Promise<void> {
  await background.evaluate((on) => {
    // An own property over the prototype's open(); deleting it gives the real one back.
    const factory = (globalThis as unknown as { indexedDB: Record<string, unknown> }).indexedDB;
    if (!on) {
      delete factory.open;
      return;
    }
    factory.open = () => {
      throw new DOMException('The database could not be opened.', 'UnknownError');
    };
  }, broken);
}

test('a key the background cannot read: the take, a follow-up and a batch each say so once with Open settings, send nothing, and go on once it can', async ({
  driver,
  context,
  background,
  fixtureServer,
}) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-unreadable', model: 'gpt-4.1-mini' });
  const posts = () => model.requests.filter((request) => request.method === 'POST').length;
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  expect(posts()).toBe(1);

  await keyDatabaseBroken(background, true);
  const unreadable = (frame: typeof sidebar) => frame.getByRole('alert').filter({ hasText: 'Your API key could not be read' });

  // A follow-up: said at once, the question kept in its box to ask again.
  const question = sidebar.getByLabel('Ask a follow-up question');
  await question.fill('Which workload did they replay?');
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(unreadable(sidebar)).toHaveCount(1);
  await expect(unreadable(sidebar)).toContainText('Nothing was sent. Open Settings');
  await expect(unreadable(sidebar).getByRole('button', { name: 'Open settings' })).toBeVisible();
  await expect(question).toHaveValue('Which workload did they replay?');
  await expect(sidebar.getByRole('button', { name: 'Ask' })).toBeEnabled();

  // Regenerate: the same words, and the saved take stays on screen.
  await sidebar.getByRole('button', { name: 'Regenerate' }).click();
  await expect(unreadable(sidebar).first()).toBeVisible();
  await expect(sidebar.getByText(/Saved take from/)).toBeVisible();

  // A batch: one message for the whole run, every entry "not sent".
  const listing = await context.newPage();
  await listing.goto('https://arxiv.org/list/q-fin/new');
  await pressLauncher(listing, "Shedder's Take: quick takes for the 16 papers on this page");
  const batch = sidebarFrame(listing);
  await batch.getByRole('button', { name: 'Run 16 quick takes' }).click();
  await expect(unreadable(batch)).toHaveCount(1);
  await expect(batch.locator('.batch-status').filter({ hasText: 'not sent' })).toHaveCount(16);
  const settingsOpened = context.waitForEvent('page');
  await unreadable(batch).getByRole('button', { name: 'Open settings' }).click();
  expect((await settingsOpened).url()).toContain('/options.html');
  expect(posts()).toBe(1);

  // Control: with the database readable again, the same question is answered.
  await keyDatabaseBroken(background, false);
  await page.bringToFront();
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(sidebar.locator('.thread-assistant:not([aria-busy])')).toHaveCount(1, { timeout: 60_000 });
  expect(posts()).toBe(2);
});
