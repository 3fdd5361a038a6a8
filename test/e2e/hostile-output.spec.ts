import type { Page } from '@playwright/test';
import { hostileModel } from '../fixtures/hostile';
import { sidebarDocumentFrame, startTake } from './support/browser-setup';
import { chooseModel, useFakeModel } from './support/settings-page';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { expect, sidebarFrame, test } from './support/extension-test';
import { pressLauncher } from './support/launchers';

/**
 * Hostile output and faults in the real browser: a hostile or failing model endpoint, chosen by the model name on the
 * options page. What the reader sees must stay inert, in place, and honest about what went wrong.
 */

const paperUrl = 'https://arxiv.org/abs/2106.09608';
let fake: FakeOpenAI;

test.beforeEach(async () => {
  // Tokens arrive spaced out, as from a real model: a stream cut after a burst that arrived all at once can lose
  // the burst inside the browser's fetch (an errored stream drops its queue), which is not what these tests are about.
  fake = await startFakeOpenAI({ chunkDelayMs: 15 });
});

test.afterEach(async () => {
  await fake.close();
});

async function asideWidth(page: Page): Promise<number> {
  const box = await page.getByRole('complementary', { name: "Shedder's Take" }).boundingBox();
  return box?.width ?? -1;
}

/**
 * Chromium's own account check runs whatever the extension does (seen in these runs); it is not ours to judge.
 * api.openai.com is the configured model endpoint, relayed to the fake server, whose own log is checked below.
 */
const notThePagesHosts = new Set(['accounts.google.com', 'api.openai.com']);

const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('hostile model output: no script runs, no dialog opens, nothing is fetched, the layout holds', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: hostileModel('kitchen-sink') });
  const dialogs: string[] = [];
  const popups: string[] = [];
  const page = await context.newPage();
  context.on('page', (opened) => popups.push(opened.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(paperUrl);
  // The page's own late loads (its favicon comes after the load event) finish before the take's requests are counted.
  await page.waitForLoadState('networkidle');
  const overflowBefore = await pageOverflow(page);
  const requestsBeforeTake = fixtureServer.requests.length;
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('heading', { level: 2 })).toBeVisible();
  const widthBefore = await asideWidth(page);

  await expect(sidebar.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  // The answer did arrive and render: its plain text is there, its active parts are not.
  await expect(sidebar.getByText('After the active content: the take goes on as plain text.')).toBeVisible();
  await expect(sidebar.getByText('Text after the wide content.')).toBeVisible();
  const frame = sidebarDocumentFrame(page, extensionId);
  // Inside the rendered take nothing active at all; in the whole frame, none of the corpus's own markup.
  expect(await frame.locator('.take').locator('script, iframe, img, form, input, textarea, button, svg, object, embed, video, style').count()).toBe(0);
  const corpusMarkup = '[onerror], [onload], [ontoggle], [onfocus], [onmouseover], [onplay], [action*="tracker.example"], [src*="tracker.example"], [href^="javascript:"], [href^="data:"], input[name="key"], input[name="apiKey"]';
  expect(await frame.locator(corpusMarkup).count()).toBe(0);

  expect(dialogs).toEqual([]);
  expect(popups).toEqual([]);
  // Controls: the same listeners do catch a dialog and a new window when the page itself opens them.
  await page.evaluate(() => alert('control'));
  await page.evaluate(() => window.open('about:blank'));
  await expect.poll(() => dialogs).toEqual(['control']);
  await expect.poll(() => popups.length).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await frame.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();

  // The fixture server answers for every host: nothing went to the tracker, and the take itself fetched only the PDF.
  expect(fixtureServer.requests.filter((request) => request.host.includes('tracker.example'))).toEqual([]);
  const takeRequests = fixtureServer.requests
    .slice(requestsBeforeTake)
    .filter((request) => !notThePagesHosts.has(request.host))
    .map((request) => `${request.host}${request.path}`);
  expect(takeRequests.filter((request) => !request.startsWith('arxiv.org/pdf/'))).toEqual([]);
  expect(takeRequests.length).toBeGreaterThan(0);
  expect(fake.requests.filter((request) => request.method !== 'OPTIONS').map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/chat/completions']);

  // Layout: the frame keeps its width, the page does not scroll sideways, the frame wraps its own wide content.
  expect(await asideWidth(page)).toBe(widthBefore);
  expect(await pageOverflow(page)).toBeLessThanOrEqual(Math.max(0, overflowBefore));
  expect(await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});

test('faults chosen on the options page: the sidebar says what went wrong and keeps what arrived', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fault-401' });
  const page = await context.newPage();
  await startTake(page, paperUrl);
  const sidebar = sidebarFrame(page);
  const problem = sidebar.getByRole('alert').filter({ has: sidebar.locator('strong') }).filter({ hasNotText: 'Hidden text found' });

  await expect(problem).toContainText('The API key was refused', { timeout: 60_000 });
  await expect(problem.getByRole('button', { name: 'Open settings' })).toBeVisible();
  await expect(problem.getByRole('button', { name: /Retry/ })).toHaveCount(0);

  const runWith = async (model: string) => {
    await chooseModel(driver, model);
    // A failure before any text leaves no take to regenerate: the sidebar offers the first take again.
    await sidebar.getByRole('button', { name: /^(Regenerate|Get Shedder's take)$/ }).click();
  };

  await runWith('fault-429-retry-after');
  await expect(problem).toContainText('Rate limited', { timeout: 60_000 });
  const retry = problem.getByRole('button', { name: /^Retry in \d+ s$/ });
  await expect(retry).toBeDisabled();
  const firstCount = Number(/\d+/.exec((await retry.textContent()) ?? '')?.[0]);
  expect(firstCount).toBeGreaterThan(0);
  expect(firstCount).toBeLessThanOrEqual(7);
  // The countdown runs: two seconds later the button shows a smaller number.
  await expect.poll(async () => Number(/\d+/.exec((await problem.getByRole('button', { name: /Retry/ }).textContent()) ?? '')?.[0] ?? 0), { timeout: 5_000 }).toBeLessThan(firstCount);

  // Out of credit: no retry would help, so the one button is Settings (another model or provider), and it opens them.
  await runWith('fault-429-quota');
  await expect(problem).toContainText('Out of credit', { timeout: 60_000 });
  await expect(problem.getByRole('button', { name: /Retry/ })).toHaveCount(0);
  const settingsOpened = context.waitForEvent('page');
  await problem.getByRole('button', { name: 'Open settings' }).click();
  expect((await settingsOpened).url()).toBe(`chrome-extension://${extensionId}/options.html`);

  await runWith('fault-cut');
  await expect(problem).toContainText('The answer was cut off', { timeout: 60_000 });
  await expect(problem).toContainText('The part of the answer that arrived is kept below.');
  await expect(sidebar.getByRole('heading', { name: 'The "No-BS" Summary' })).toBeVisible();
  await expect(problem.getByRole('button', { name: 'Retry' })).toBeEnabled();

  // Every attempt reached the server with the model the options page set, in order.
  const models = fake.requests.filter((request) => request.method === 'POST').map((request) => (request.body as { model?: string }).model);
  expect(models).toEqual(['fault-401', 'fault-429-retry-after', 'fault-429-quota', 'fault-cut']);
});

test.describe('mid-stream', () => {
  let slow: FakeOpenAI;

  test.beforeEach(async () => {
    // About 15 s per answer, so there is time to act while it streams.
    slow = await startFakeOpenAI({ chunkDelayMs: 60 });
  });

  test.afterEach(async () => {
    await slow.close();
  });

  const chatRequests = () => slow.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');

  test('closing the sidebar mid-stream loses nothing and reopening spends nothing', async ({ driver, context, fixtureServer }) => {
    await useFakeModel(driver, fixtureServer, slow, { apiKey: 'sk-test', model: 'fake-critic' });
    const page = await context.newPage();
    await startTake(page, paperUrl);
    const sidebar = sidebarFrame(page);
    await expect(sidebar.getByText('Writing…', { exact: true })).toBeVisible({ timeout: 60_000 });
    await sidebar.getByRole('button', { name: "Close Shedder's Take" }).click();
    await expect(page.getByRole('complementary', { name: "Shedder's Take" })).toBeHidden();
    await pressLauncher(page);
    await expect(sidebar.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(sidebar.getByRole('heading', { name: 'Discussion Questions' })).toBeVisible();
    expect(chatRequests()).toHaveLength(1);
  });

  test('reloading mid-stream drops that take; the next launcher click starts a clean one', async ({ driver, context, fixtureServer }) => {
    await useFakeModel(driver, fixtureServer, slow, { apiKey: 'sk-test', model: 'fake-critic' });
    const page = await context.newPage();
    await startTake(page, paperUrl);
    const sidebar = sidebarFrame(page);
    await expect(sidebar.getByText('Writing…', { exact: true })).toBeVisible({ timeout: 60_000 });
    await page.reload();
    await expect(page.getByRole('complementary', { name: "Shedder's Take" })).toHaveCount(0);
    await pressLauncher(page);
    await expect(sidebar.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(sidebar.getByRole('heading', { name: 'Discussion Questions' })).toBeVisible();
    expect(chatRequests()).toHaveLength(2);
  });

  test('two tabs generating at once each get the take of their own paper', async ({ driver, context, fixtureServer }) => {
    await useFakeModel(driver, fixtureServer, slow, { apiKey: 'sk-test', model: 'fake-critic' });
    const papers = [
      { url: 'https://arxiv.org/abs/2106.09608', title: 'Learning Knowledge Graph-based World Models of Textual Environments' },
      { url: 'https://arxiv.org/abs/1103.1901', title: 'Locally Cold Flows from Large-Scale Structure' },
    ];
    const pages = await Promise.all(papers.map(() => context.newPage()));
    for (const [index, paper] of papers.entries()) await startTake(pages[index] as Page, paper.url);
    // Both streams are in flight at the same moment.
    await expect.poll(() => chatRequests().length, { timeout: 60_000 }).toBe(2);
    for (const [index, paper] of papers.entries()) {
      const sidebar = sidebarFrame(pages[index] as Page);
      await expect(sidebar.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
      // The fake critique names the title it was sent: each tab shows the take of its own paper, not the other's.
      const take = sidebar.getByRole('group').first();
      await expect(take).toContainText(paper.title);
      const other = papers[1 - index]?.title ?? '';
      await expect(sidebar.locator('.take')).not.toContainText(other);
    }
  });
});
