import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { defaultQuickConcurrency } from '../../utils/quick/concurrency';
import { sidebarDocumentFrame } from './support/browser-setup';
import { expect, sidebarFrame, test } from './support/extension-test';
import { chooseModel, useFakeModel } from './support/settings-page';
import { countInClosedRoots, pressLauncher } from './support/launchers';

/** Quick takes over a real arXiv /new listing (16 papers, abstracts shown), against the fake model server. */
let model: FakeOpenAI | undefined;
test.afterEach(async () => {
  await model?.close();
});

const quickTakesButton = "Shedder's Take: quick takes for the 16 papers on this page";

test('the batch shows its cost first, runs with progress, saves each take, and badges appear on the listing', async ({ driver, context, fixtureServer }) => {
  model = await startFakeOpenAI({ chunkDelayMs: 2 });
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-quick', model: 'gpt-4.1-mini' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/q-fin/new');
  await pressLauncher(page, quickTakesButton);
  const sidebar = sidebarFrame(page);

  const estimate = sidebar.getByTestId('batch-estimate');
  await expect(estimate).toContainText('16 requests to gpt-4.1-mini');
  await expect(estimate).toContainText(/about \$0\.\d+/);
  expect(model.requests).toHaveLength(0);

  await sidebar.getByRole('button', { name: 'Run 16 quick takes' }).click();
  await expect(sidebar.getByRole('status').filter({ hasText: '16 of 16 finished: 16 done, 0 failed, 0 cancelled.' })).toBeVisible({ timeout: 60_000 });
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(16);

  // Every entry now has a saved quick take; the listing's badges update without a reload.
  // Each badge says the verdict in a word (colour is never the only signal), and its name starts with that word.
  await expect.poll(() => countInClosedRoots(page, 'note', /^(full take|skim|skip): quick take, /), { timeout: 15_000 }).toBe(16);
  // The batch rows show the same verdict words, each with its reason line.
  await expect(sidebar.locator('.batch-reason')).toHaveCount(16);
  await expect(sidebar.getByTestId('batch-counts')).toHaveText('0 new, 16 already taken');
});

test('Cancel stops what has not finished and keeps what has', async ({ driver, context, extensionId, fixtureServer }) => {
  // Slow answers: about two seconds each, four at a time.
  model = await startFakeOpenAI({ chunkDelayMs: 60 });
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-quick', model: 'fake-critic' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/q-fin/new');
  await pressLauncher(page, quickTakesButton);
  const sidebar = sidebarFrame(page);
  await sidebar.getByRole('button', { name: 'Run 16 quick takes' }).click();
  const progress = sidebar.getByRole('status').filter({ hasText: / done/ });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveText(/[1-9]\d* done/, { timeout: 60_000 });
  await sidebar.getByRole('button', { name: 'Cancel' }).click();
  // Every request the batch started before the click is, by now, a take shown as done or one of the few in flight.
  const doneAtCancel = Number(/(\d+) done/.exec((await progress.textContent()) ?? '')?.[1]);

  const status = sidebar.getByRole('status').filter({ hasText: /finished/ });
  await expect(status).toHaveText(/^16 of 16 finished: (\d+) done, 0 failed, (\d+) cancelled\.$/);
  const [, done, cancelled] = /(\d+) done, 0 failed, (\d+) cancelled/.exec((await status.textContent()) ?? '')!;
  expect(Number(done)).toBeGreaterThan(0);
  expect(Number(cancelled)).toBeGreaterThan(0);
  // The finished takes stay saved: one badge each.
  await expect.poll(() => countInClosedRoots(page, 'note', /: quick take, /), { timeout: 15_000 }).toBe(Number(done));
  // Nothing starts after Cancel. The batch has said it finished, so it starts nothing more; a probe the sidebar then
  // sends the model server reaches it after any request the batch started, so once the probe is logged every one is.
  const fakeModel = model;
  await sidebarDocumentFrame(page, extensionId).evaluate((url) => fetch(url, { mode: 'no-cors' }).then(() => undefined), `${fakeModel.url}/probe-after-cancel`);
  await expect.poll(() => fakeModel.requests.some((request) => request.path.endsWith('/probe-after-cancel'))).toBe(true);
  const sent = fakeModel.requests.filter((request) => request.method === 'POST').length;
  expect(sent).toBeGreaterThan(0);
  expect(sent).toBeLessThanOrEqual(doneAtCancel + defaultQuickConcurrency);
});

test('a refused key stops the batch: one message with Open settings, entries never sent say "not sent", and they go out once the key is fixed', async ({ driver, context, fixtureServer }) => {
  model = await startFakeOpenAI({ chunkDelayMs: 2 });
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-quick', model: 'fault-401' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/q-fin/new');
  await pressLauncher(page, quickTakesButton);
  const sidebar = sidebarFrame(page);
  await sidebar.getByRole('button', { name: 'Run 16 quick takes' }).click();
  const problem = sidebar.getByRole('alert').filter({ hasText: 'The API key was refused' });
  await expect(problem).toHaveCount(1, { timeout: 60_000 });
  await expect(problem.getByRole('button', { name: 'Open settings' })).toBeVisible();
  // Said once: no entry repeats it.
  await expect(sidebar.getByText('Check the key in Settings')).toHaveCount(1);
  const sent = model.requests.filter((request) => request.method === 'POST').length;
  expect(sent).toBeGreaterThan(0);
  expect(sent).toBeLessThanOrEqual(4);
  await expect(sidebar.getByRole('status').filter({ hasText: /finished/ })).toHaveText(`16 of 16 finished: 0 done, ${sent} failed, 0 cancelled, ${16 - sent} not sent.`);
  await expect(sidebar.locator('.batch-status').filter({ hasText: 'not sent' })).toHaveCount(16 - sent);

  // With the key fixed, the one button sends what failed and what was never sent.
  await chooseModel(driver, 'gpt-4.1-mini');
  await sidebar.getByRole('button', { name: `Retry ${sent} failed and send ${16 - sent} not sent` }).click();
  await expect(sidebar.getByRole('status').filter({ hasText: /finished/ })).toHaveText('16 of 16 finished: 16 done, 0 failed, 0 cancelled.', { timeout: 60_000 });
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(sent + 16);
});
