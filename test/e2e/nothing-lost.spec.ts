import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../support/fake-openai';
import { chromiumDriver } from './support/chromium-driver';
import { expect, extensionIdOf, launchChromiumWithExtension, sidebarFrame, test } from './support/extension-test';
import { sidebarDocumentFrame, watchPresence } from './support/browser-setup';
import { countInClosedRoots, pressLauncher } from './support/launchers';
import { useFakeModel } from './support/settings-page';
import type { FixtureServer } from './support/fixture-server';

/**
 * Nothing the reader has is lost or paid for twice: a failed Regenerate keeps the saved take, a take reopened after
 * a browser restart still answers follow-ups, and a second batch on a listing sends only the papers not yet taken.
 */
let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI({ chunkDelayMs: 2 });
});
test.afterEach(async () => {
  await model.close();
});

const paperUrl = 'https://arxiv.org/abs/2106.09608';
const chatRequests = () => model.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
const messagesOf = (request: RecordedRequest) => (request.body as { messages: { role: string; content: string }[] }).messages;

async function takeOnPaper(page: Page) {
  await page.goto(paperUrl);
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  return sidebar;
}

async function libraryRows(context: BrowserContext, extensionId: string) {
  const library = await context.newPage();
  await library.goto(`chrome-extension://${extensionId}/library.html`);
  return { library, rows: library.getByRole('list', { name: 'Saved takes' }).getByRole('listitem') };
}

test('Regenerate with a revoked key keeps the saved take on screen, in the library and on the badge; a new take is kept as a version', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-revoked', model: 'fake-critic' });
  const page = await context.newPage();
  const sidebar = await takeOnPaper(page);
  const firstSummary = await sidebar.locator('.take-section-summary .reading').textContent();

  // The key is revoked at the provider: the next request is refused with a real 401.
  model.queue('fault-401');
  await sidebar.getByRole('button', { name: 'Regenerate' }).click();
  await expect(sidebar.getByRole('alert').filter({ hasText: 'The API key was refused' })).toBeVisible({ timeout: 60_000 });
  expect(chatRequests()).toHaveLength(2);
  // The saved take is still what the sidebar shows, with its evidence.
  await expect(sidebar.getByText(/Saved take from/)).toBeVisible();
  await expect(sidebar.locator('.take-section-summary .reading')).toHaveText(firstSummary!);
  await expect(sidebar.getByRole('heading', { name: 'The Core Mechanism' })).toBeVisible();
  await expect(sidebar.getByTestId('reading-summary')).toContainText('read pages');
  // The page's badge and the library agree: one take, still there.
  await expect.poll(() => countInClosedRoots(page, 'note', /^✓ take: /)).toBe(1);
  const { library, rows } = await libraryRows(context, extensionId);
  await expect(rows).toHaveCount(1);
  await library.close();

  // Control: with the key working again the same button makes a new take; it is saved as a version, and the
  // earlier take is only replaced if the reader says so.
  await sidebar.getByRole('button', { name: 'Regenerate' }).click();
  const question = sidebar.getByRole('group', { name: 'The new take is saved' });
  await expect(question).toBeVisible({ timeout: 60_000 });
  await question.getByRole('button', { name: 'Keep both' }).click();
  await expect(question).toBeHidden();
  const again = await libraryRows(context, extensionId);
  await expect(again.rows).toHaveCount(1);
  await expect(again.rows.first()).toContainText('2 versions');
  await again.rows.first().getByRole('button').click();
  await expect(again.library.getByRole('navigation', { name: "Versions of this paper's take" }).getByRole('button')).toHaveCount(2);
  await expect(sidebar.getByLabel('Version')).toBeVisible();
});

test('a follow-up too large to save: its answer stays on screen with the reason, and Save again never writes over the thread already saved', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-too-large', model: 'fake-critic' });
  const page = await context.newPage();
  const sidebar = await takeOnPaper(page);
  const ask = async (question: string, answers: number) => {
    await sidebar.getByLabel('Ask a follow-up question').fill(question);
    await sidebar.getByRole('button', { name: 'Ask' }).click();
    await expect(sidebar.locator('.thread-assistant:not([aria-busy])')).toHaveCount(answers, { timeout: 60_000 });
  };
  // A first question is saved with the take (the control: this is how the saved thread is read).
  await ask('Which workload did they replay?', 1);
  await expect.poll(() => savedFollowUps(context)).toEqual(['user', 'assistant']);

  // A second question with a megabyte pasted under it: the take with it is over what a saved take may hold.
  await ask(`And the baseline?\n${'the trace they pasted '.repeat(50_000)}`, 2);
  const refusal = sidebar.getByRole('alert').filter({ hasText: 'The take could not be saved' });
  await expect(refusal).toContainText(/over the 1024 KB a saved take may hold/);
  await expect(sidebar.locator('.thread-assistant').nth(1)).toContainText('And the baseline?');
  // Save again retries that same take, which is refused again (the notice goes while it tries, and comes back); the
  // thread saved before it stays as it was.
  const refusalShown = await watchPresence(sidebarDocumentFrame(page, extensionId), '[role="alert"]', 'The take could not be saved');
  await sidebar.getByRole('button', { name: 'Save again' }).click();
  await expect.poll(refusalShown).toEqual([true, false, true]);
  await expect(refusal).toContainText(/over the 1024 KB a saved take may hold/);
  await expect(sidebar.locator('.thread-assistant')).toHaveCount(2);
  expect(await savedFollowUps(context)).toEqual(['user', 'assistant']);
});

/** The roles of the follow-up thread of the one saved take, read from storage through the background. */
async function savedFollowUps(context: BrowserContext): Promise<string[]> {
  const background: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return background.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(keys: null): Promise<Record<string, { followUps?: { role: string }[] }>> } } } };
    const takes = Object.entries(await chrome.storage.local.get(null)).filter(([key]) => key.startsWith('take:'));
    if (takes.length !== 1) throw new Error(`expected one saved take, found ${takes.length}`);
    return (takes[0]![1].followUps ?? []).map((message) => message.role);
  });
}

/** Removes the extension's locally stored items whose keys start with `prefix`, through its background; how many there were. */
async function removeStored(context: BrowserContext, prefix: string): Promise<number> {
  const background: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return background.evaluate(async (start) => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(keys: null): Promise<Record<string, unknown>>; remove(keys: string[]): Promise<void> } } } };
    const keys = Object.keys(await chrome.storage.local.get(null)).filter((key) => key.startsWith(start));
    await chrome.storage.local.remove(keys);
    return keys.length;
  }, prefix);
}

/**
 * A take with `modelName`, then the same profile in a new browser (memory and session storage gone, the library and
 * the text cache kept), the paper's page open and its saved take shown; `pdfRequests` counts downloads of its PDF.
 */
async function takeThenRestart(fixtureServer: FixtureServer, modelName: string, profilePrefix: string) {
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  const first = await launchChromiumWithExtension(fixtureServer, profile);
  await useFakeModel(chromiumDriver(first, await extensionIdOf(first)), fixtureServer, model, { apiKey: 'sk-test-restart', model: modelName });
  // Closed as a reader would, the moment the sidebar says "Done.": the take and its figures' images are kept by then.
  await takeOnPaper(await first.newPage());
  await first.close();
  const context = await launchChromiumWithExtension(fixtureServer, profile);
  const page = await context.newPage();
  await page.goto(paperUrl);
  const pdfRequests = () => fixtureServer.requests.filter((request) => request.host === 'arxiv.org' && request.path.startsWith('/pdf/')).length;
  const pdfsBefore = pdfRequests();
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByText(/Saved take from/)).toBeVisible();
  return { context, page, sidebar, pdfRequests, pdfsBefore };
}

test('a follow-up on a take reopened after a browser restart is answered, from the cached text or a fresh download', async ({ fixtureServer }) => {
  const { context, page, sidebar, pdfRequests, pdfsBefore } = await takeThenRestart(fixtureServer, 'fake-critic', 'shedder-restart-');
  expect(chatRequests()).toHaveLength(1);
  // What a question will cost shows before the first one, counted from the cached text, with nothing downloaded.
  await expect(sidebar.getByTestId('follow-up-estimate')).toContainText(/Each question sends the paper, the take and the thread again\. About [\d,]+ input tokens \(text [\d,]+\)/);
  expect(pdfRequests()).toBe(pdfsBefore);

  await sidebar.getByLabel('Ask a follow-up question').fill('Which workload did they replay?');
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(sidebar.locator('.thread-assistant:not([aria-busy])')).toContainText('Which workload did they replay?', { timeout: 60_000 });
  await expect(sidebar.getByRole('alert')).toHaveCount(0);
  expect(chatRequests()).toHaveLength(2);
  const followUp = messagesOf(chatRequests()[1]!);
  expect(followUp.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
  // The paper went back into the context from the text cache: no second download.
  expect(followUp[1]!.content).toMatch(/<<<BEGIN PAPER-[0-9a-f]+>>>[\s\S]*Mooncake/);
  expect(pdfRequests()).toBe(pdfsBefore);

  // With the cache emptied, the next question downloads the paper again, quietly, and is answered too.
  await removeStored(context, 'pdfText');
  await page.reload();
  await pressLauncher(page);
  await sidebar.getByLabel('Ask a follow-up question').fill('And the baseline?');
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(sidebar.locator('.thread-assistant:not([aria-busy])')).toHaveCount(2, { timeout: 60_000 });
  expect(pdfRequests()).toBe(pdfsBefore + 1);
  const second = messagesOf(chatRequests()[2]!);
  // The thread so far rides along: the first question and its answer sit between the take and the new question.
  expect(second.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
  await context.close();
});

type Part = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
/** The images a request carries, in order: a follow-up sends the take's figures again with the history. */
const imageUrlsOf = (request: RecordedRequest) =>
  (request.body as { messages: { content: string | Part[] }[] }).messages.flatMap((message) =>
    typeof message.content === 'string' ? [] : message.content.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : [])),
  );

/** Decodes two images in the page: whether they have the same size, and the share of pixels that differ visibly. */
async function pixelDifference(page: Page, first: string, second: string): Promise<{ sameSize: boolean; differentPixels: number }> {
  return page.evaluate(
    async ([a, b]) => {
      const pixels = async (url: string) => {
        const bitmap = await createImageBitmap(await (await fetch(url)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [one, two] = [await pixels(a), await pixels(b)];
      if (one.width !== two.width || one.height !== two.height) return { sameSize: false, differentPixels: 1 };
      let different = 0;
      for (let index = 0; index < one.data.length; index += 4) {
        if ([0, 1, 2].some((channel) => Math.abs(one.data[index + channel]! - two.data[index + channel]!) > 48)) different++;
      }
      return { sameSize: true, differentPixels: different / (one.width * one.height) };
    },
    [first, second] as const,
  );
}

test("a follow-up on a take with figures, reopened after a browser restart, sends the take's figures again: kept with the cached text, else drawn again", async ({ fixtureServer }) => {
  const { context, page, sidebar, pdfRequests, pdfsBefore } = await takeThenRestart(fixtureServer, 'gpt-4o', 'shedder-restart-figures-');
  const takeImages = imageUrlsOf(chatRequests()[0]!);
  expect(takeImages.length).toBeGreaterThanOrEqual(3);
  // The estimate before the first question counts the figures too, from what the cache kept, nothing downloaded.
  await expect(sidebar.getByTestId('follow-up-estimate')).toContainText(`+ ${takeImages.length} figures `);
  // On failure, who asked for the PDF: a take started anew, or the browser itself (its own headers say which).
  const pdfAsked = fixtureServer.requests.filter((request) => request.path.startsWith('/pdf/')).map(({ method, path, headers }) => ({ method, path, dest: headers['sec-fetch-dest'], purpose: headers['sec-purpose'], referer: headers.referer }));
  expect(pdfRequests(), JSON.stringify({ chatRequests: chatRequests().length, pdfAsked })).toBe(pdfsBefore);

  await sidebar.getByLabel('Ask a follow-up question').fill('What does Figure 8 show?');
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(sidebar.locator('.thread-assistant:not([aria-busy])')).toHaveCount(1, { timeout: 60_000 });
  expect(chatRequests()).toHaveLength(2);
  // The same images, byte for byte, in the same order as the take was sent with; nothing downloaded for them.
  expect(imageUrlsOf(chatRequests()[1]!)).toEqual(takeImages);
  expect(pdfRequests()).toBe(pdfsBefore);

  // With the kept figures gone (the text still cached), the next question draws the same figures again from the PDF.
  expect(await removeStored(context, 'pdfFigures:')).toBe(1);
  await page.reload();
  await pressLauncher(page);
  await expect(sidebar.getByText(/Saved take from/)).toBeVisible();
  await sidebar.getByLabel('Ask a follow-up question').fill('And Figure 9?');
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(sidebar.locator('.thread-assistant:not([aria-busy])')).toHaveCount(2, { timeout: 60_000 });
  expect(pdfRequests()).toBe(pdfsBefore + 1);
  // Drawn again, they are the same regions at the same size and encoding (so the same estimate); Chromium's canvas
  // may anti-alias a few edge pixels differently from one drawing to the next, so pixels are compared, not bytes.
  const again = imageUrlsOf(chatRequests()[2]!);
  expect(again.map((url) => url.slice(0, url.indexOf(';')))).toEqual(takeImages.map((url) => url.slice(0, url.indexOf(';'))));
  for (const [index, url] of again.entries()) {
    const difference = await pixelDifference(page, takeImages[index]!, url);
    expect(difference.sameSize).toBe(true);
    expect(difference.differentPixels).toBeLessThan(0.01);
  }
  await expect(sidebar.getByTestId('follow-up-missing-figures')).toHaveCount(0);

  // Kept figures gone and the PDF no longer served: the sidebar names the figures it cannot send, and sends nothing
  // until the reader asks again; the estimate then counts the text alone, as the request will.
  expect(await removeStored(context, 'pdfFigures:')).toBe(1);
  const pdfPath = fixtureServer.requests.findLast((request) => request.host === 'arxiv.org' && request.path.startsWith('/pdf/'))!.path;
  fixtureServer.override(`arxiv.org${pdfPath}`, (res) => res.writeHead(404, { 'content-type': 'text/html' }).end('gone'));
  await page.reload();
  await pressLauncher(page);
  await expect(sidebar.getByText(/Saved take from/)).toBeVisible();
  await sidebar.getByLabel('Ask a follow-up question').fill('And Figure 10?');
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(sidebar.getByTestId('follow-up-missing-figures')).toContainText(/^Fig\. [\d,– ]+ of the take could not be drawn again \(.+\), so questions go without them/);
  await expect(sidebar.getByTestId('follow-up-estimate')).toContainText(/About [\d,]+ input tokens \(text [\d,]+\)/);
  await expect(sidebar.getByTestId('follow-up-estimate')).not.toContainText('figures');
  expect(chatRequests()).toHaveLength(3);
  await expect(sidebar.getByLabel('Ask a follow-up question')).toHaveValue('And Figure 10?');
  // Control: asked again, the same question is sent, without the figures the line named.
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect(sidebar.locator('.thread-assistant:not([aria-busy])')).toHaveCount(3, { timeout: 60_000 });
  expect(chatRequests()).toHaveLength(4);
  expect(imageUrlsOf(chatRequests()[3]!)).toEqual([]);
  await context.close();
});

test('a second batch on the same listing sends only the papers not yet taken', async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-batch', model: 'gpt-4.1-mini' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/q-fin/new');
  await pressLauncher(page, "Shedder's Take: quick takes for the 16 papers on this page");
  let sidebar = sidebarFrame(page);
  await expect(sidebar.getByTestId('batch-counts')).toHaveText('16 new, 0 already taken');
  await sidebar.getByRole('button', { name: 'Select none' }).click();
  const firstThree = (await sidebar.locator('.batch-title').allTextContents()).slice(0, 3);
  for (const title of firstThree) await sidebar.getByLabel(title, { exact: true }).check();
  await sidebar.getByRole('button', { name: 'Run 3 quick takes' }).click();
  await expect(sidebar.getByRole('status').filter({ hasText: '3 of 3 finished: 3 done' })).toBeVisible({ timeout: 60_000 });
  expect(chatRequests()).toHaveLength(3);

  // The next visit: the button says how many are new, and runs only those.
  await page.reload();
  await pressLauncher(page, "Shedder's Take: quick takes for the 16 papers on this page");
  sidebar = sidebarFrame(page);
  await expect(sidebar.getByTestId('batch-counts')).toHaveText('13 new, 3 already taken');
  // Control: asked to, the batch would take the three again.
  await sidebar.getByLabel('Take the 3 already taken again').check();
  await expect(sidebar.getByRole('button', { name: 'Run 16 quick takes' })).toBeVisible();
  await sidebar.getByLabel('Take the 3 already taken again').uncheck();
  await sidebar.getByRole('button', { name: 'Run 13 quick takes' }).click();
  await expect(sidebar.getByRole('status').filter({ hasText: '13 of 13 finished: 13 done' })).toBeVisible({ timeout: 60_000 });
  const sent = chatRequests().slice(3);
  expect(sent).toHaveLength(13);
  const sentText = sent.map((request) => messagesOf(request)[1]!.content).join('\n');
  for (const title of firstThree) expect(sentText).not.toContain(title);
  await expect(sidebar.getByTestId('batch-counts')).toHaveText('0 new, 16 already taken');
  await expect(sidebar.getByRole('button', { name: 'Run 0 quick takes' })).toBeDisabled();
});
