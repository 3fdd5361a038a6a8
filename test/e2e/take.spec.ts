import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { expect, sidebarFrame, test } from './support/extension-test';
import { useFakeModel } from './support/settings-page';
import { pressLauncher } from './support/launchers';
import { sidebarDocumentFrame, watchPresence } from './support/browser-setup';

let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI({ chunkDelayMs: 5 });
});
test.afterEach(async () => {
  await model.close();
});

const apiKey = 'sk-test-shedder-0123456789abcdef';

test('a take streams in from the configured model, with its quotes checked against the paper', async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey, model: 'fake-critic' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);

  await expect(sidebar.getByRole('heading', { name: 'The "No-BS" Summary' })).toBeVisible({ timeout: 60_000 });
  await expect(sidebar.getByRole('heading', { name: 'Discussion Questions' })).toBeVisible({ timeout: 60_000 });
  await expect(sidebar.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  await expect(sidebar.getByTestId('reading-summary')).toContainText(/read pages? 1/i);
  await expect(sidebar.getByRole('heading', { name: /quotes verified/ })).toBeVisible();
  await expect(sidebar.getByText('not found in the paper')).toHaveCount(1);
  await expect(sidebar.getByText(/^verified/).first()).toBeVisible();

  const chat = model.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
  expect(chat).toHaveLength(1);
  const body = chat[0]!.body as { messages: { role: string; content: string }[] };
  expect(body.messages[0]!.role).toBe('system');
  expect(body.messages[0]!.content).toContain('Queuebert');
  // The served PDF is the Mooncake FAST'25 paper; this sentence is in its abstract.
  expect(body.messages[1]!.content).toMatch(/<<<BEGIN PAPER-[0-9a-f]+>>>[\s\S]*Mooncake[\s\S]*<<<END PAPER-[0-9a-f]+>>>/);
  expect(chat[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);

  // A follow-up question is answered with the paper and the take still in context.
  await sidebar.getByLabel('Ask a follow-up question').fill('Which workload did they replay?');
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(sidebar.locator('.thread-assistant:not([aria-busy])')).toContainText('Which workload did they replay?');
  await expect(sidebar.getByLabel('Ask a follow-up question')).toHaveValue('');
  const followUp = model.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions')[1]!;
  const followUpMessages = (followUp.body as { messages: { role: string; content: string }[] }).messages;
  expect(followUpMessages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
  expect(followUpMessages[1]!.content).toContain('Mooncake');

  // Reopening the paper shows the saved take without asking the model again.
  await page.reload();
  await pressLauncher(page);
  await expect(sidebar.getByText(/Saved take from/)).toBeVisible();
  await expect(sidebar.getByRole('heading', { name: 'The Core Mechanism' })).toBeVisible();
  await expect(sidebar.locator('.thread-user')).toContainText('Which workload did they replay?');
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
});

test('a follow-up can be stopped: what arrived stays in the thread, and the next question is answered without its answer ever leaving the screen', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey, model: 'fake-critic' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });

  // The next answer streams a third of itself, then goes silent: the reader stops it.
  model.queue('fault-stall');
  await sidebar.getByLabel('Ask a follow-up question').fill('Which workload did they replay?');
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(sidebar.locator('.thread-assistant[aria-busy="true"]')).toContainText(/\w/, { timeout: 30_000 });
  await sidebar.getByRole('button', { name: 'Stop' }).click();
  await expect(sidebar.getByRole('status').filter({ hasText: 'Stopped. What arrived so far is kept below.' })).toBeVisible();
  await expect(sidebar.locator('.thread-assistant:not([aria-busy])')).toHaveCount(1);
  await expect(sidebar.getByRole('button', { name: 'Ask' })).toBeVisible();

  // Control: the same thread goes on; the next question gets a whole answer. From its first words to its place in the
  // saved thread, the answer stays on screen: every change to the sidebar's document is checked for it once it appeared.
  const answerShown = await watchPresence(sidebarDocumentFrame(page, extensionId), '.thread-assistant', 'And the baseline?');
  await sidebar.getByLabel('Ask a follow-up question').fill('And the baseline?');
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(sidebar.locator('.thread-assistant:not([aria-busy])')).toHaveCount(2, { timeout: 60_000 });
  await expect(sidebar.locator('.thread-assistant').nth(1)).toContainText('And the baseline?');
  // The question box empties once the thread is saved: the check covers the whole way there.
  await expect(sidebar.getByLabel('Ask a follow-up question')).toHaveValue('');
  expect(await answerShown()).toEqual([false, true]);
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(3);
});

test('without an API key the sidebar says so and offers the settings, and asks no model until one is set', async ({ driver, context, fixtureServer }) => {
  fixtureServer.proxy('api.openai.com', new URL(model.url).origin);
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  const alert = sidebar.getByRole('alert');
  await expect(alert).toContainText(/API key/i);
  const settingsOpened = context.waitForEvent('page');
  await alert.getByRole('button', { name: 'Open settings' }).click();
  expect((await settingsOpened).url()).toContain('/options.html');
  expect(model.requests).toHaveLength(0);

  // No take was made, so there is nothing to regenerate: the one way on is to ask for the take again.
  await expect(sidebar.getByRole('button', { name: 'Regenerate' })).toHaveCount(0);

  // Control: the same page, once a key is saved, does ask the model.
  await useFakeModel(driver, fixtureServer, model, { apiKey, model: 'fake-critic' });
  await sidebar.getByRole('button', { name: "Get Shedder's take" }).click();
  await expect(sidebar.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
});

test('"context too long": the sidebar offers a trimmed paper, and the next request is shorter', async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey, model: 'fault-context' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('alert')).toContainText('too long', { timeout: 60_000 });
  await sidebar.getByRole('button', { name: 'Send a trimmed paper' }).click();
  await expect.poll(() => model.requests.filter((request) => request.method === 'POST').length, { timeout: 60_000 }).toBe(2);
  const [first, second] = model.requests
    .filter((request) => request.method === 'POST')
    .map((request) => (request.body as { messages: { content: string }[] }).messages[1]!.content);
  expect(second!.length).toBeLessThan(first!.length * 0.75);
  await expect(sidebar.getByTestId('reading-summary')).toContainText(/skipped/);
});

test('a take saved from an older arXiv version: the latest version\'s page says a newer version is out', async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey, model: 'fake-critic' });
  // The real arXiv pages of 0906.5132: v2 (an older version) and the unversioned page, which shows v4.
  const older = await context.newPage();
  await older.goto('https://arxiv.org/abs/0906.5132v2');
  await pressLauncher(older);
  await expect(sidebarFrame(older).getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });

  const latest = await context.newPage();
  await latest.goto('https://arxiv.org/abs/0906.5132');
  await pressLauncher(latest);
  const sidebar = sidebarFrame(latest);
  await expect(sidebar.getByText(/Saved take from/)).toBeVisible();
  await expect(sidebar.getByRole('note').filter({ hasText: 'v4 is out since your take (v2)' })).toBeVisible();
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
});
