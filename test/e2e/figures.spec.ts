import type { Page } from '@playwright/test';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../support/fake-openai';
import { expect, sidebarFrame, test } from './support/extension-test';
import { pressLauncher } from './support/launchers';
import { chooseModel, chooseSendFigures, useFakeModel } from './support/settings-page';

/**
 * Figures to vision models, end to end: the served arXiv PDF (Mooncake, FAST '25) is searched for figures, the
 * evaluation's are drawn in the sidebar and sent as image parts to the reader's endpoint, which here is the fake model.
 */

let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI({ chunkDelayMs: 2 });
});
test.afterEach(async () => {
  await model.close();
});

const apiKey = 'sk-test-figures-0123456789abcdef';

type Part = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } };
type Message = { role: string; content: string | Part[] };

function chatRequests(): RecordedRequest[] {
  return model.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
}

function userParts(request: RecordedRequest): Part[] {
  const user = (request.body as { messages: Message[] }).messages.find((message) => message.role === 'user');
  const content = user?.content ?? '';
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

const imageParts = (parts: Part[]) => parts.filter((part): part is Extract<Part, { type: 'image_url' }> => part.type === 'image_url');

async function takeOn(page: Page, address: string) {
  await page.goto(address);
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 120_000 });
  return sidebar;
}

/** Decodes an image in the browser: its size and how many of its pixels are not near-white. */
async function inspectImage(page: Page, dataUrl: string): Promise<{ width: number; height: number; inked: number }> {
  return page.evaluate(async (url) => {
    const bitmap = await createImageBitmap(await (await fetch(url)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let inked = 0;
    for (let index = 0; index < data.length; index += 4) if (data[index]! < 200 || data[index + 1]! < 200 || data[index + 2]! < 200) inked++;
    return { width: bitmap.width, height: bitmap.height, inked };
  }, dataUrl);
}

test('gpt-4o on the OpenAI preset gets the evaluation figures as labelled images, priced in the estimate and shown as thumbnails', async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey, model: 'gpt-4o' });
  const page = await context.newPage();
  const sidebar = await takeOn(page, 'https://arxiv.org/abs/2106.09608');

  const [request, ...others] = chatRequests();
  expect(others).toHaveLength(0);
  const parts = userParts(request!);
  const images = imageParts(parts);
  expect(images.length).toBeGreaterThanOrEqual(3);
  expect(images.length).toBeLessThanOrEqual(6);

  // The paper block, with the compact reference list and the figure list inside its fence.
  const first = parts[0];
  const block = /<<<BEGIN (PAPER-[0-9a-f]+)>>>\n([\s\S]*?)\n<<<END \1>>>/.exec(first?.type === 'text' ? first.text : '')?.[2] ?? '';
  expect(block).toContain('## Reference list (compact: first author, title, venue, year)');
  const listed = [...block.matchAll(/^Image (\d+): \[Fig\. (\d+), p\. (\d+)\]/gm)].map((match) => `Image ${match[1]}: Fig. ${match[2]}, p. ${match[3]}`);
  expect(listed).toHaveLength(images.length);

  // Each image follows the text part that names it, in the block's order; each is a real, bounded, inked picture.
  for (const [index, image] of images.entries()) {
    const label = parts[parts.indexOf(image) - 1];
    expect(label).toEqual({ type: 'text', text: listed[index] });
    expect(image.image_url.url).toMatch(/^data:image\/(png|jpeg);base64,/);
    expect(image.image_url.detail).toBe('high');
    const decoded = await inspectImage(page, image.image_url.url);
    expect(Math.max(decoded.width, decoded.height)).toBeLessThanOrEqual(1024);
    expect(Math.min(decoded.width, decoded.height)).toBeGreaterThanOrEqual(100);
    // Not blank: a plot's axes, bars and labels ink a good share of it.
    expect(decoded.inked / (decoded.width * decoded.height)).toBeGreaterThan(0.01);
  }

  // The reading summary names the figures sent; the estimate counts their tokens.
  const numbers = listed.map((label) => Number(/Fig\. (\d+)/.exec(label)![1]));
  await expect(sidebar.getByTestId('reading-summary')).toContainText(`${images.length} figures (Fig. `);
  await expect(sidebar.getByTestId('take-estimate')).toContainText(new RegExp(`\\+ ${images.length} figures [\\d,]+\\), about \\$`));
  const figureTokens = Number(/\+ \d+ figures ([\d,]+)\)/.exec((await sidebar.getByTestId('take-estimate').textContent()) ?? '')![1]!.replace(/,/g, ''));
  // gpt-4o high detail: 85 + 170 per 512-px tile, so at least 255 an image.
  expect(figureTokens).toBeGreaterThanOrEqual(255 * images.length);

  // A follow-up sends the figures again with the history: its estimate, shown before the reader asks, counts them
  // as the take's did, and the request then carries them.
  await expect(sidebar.getByTestId('follow-up-estimate')).toContainText(`+ ${images.length} figures ${figureTokens.toLocaleString('en-US')}), about $`);
  await sidebar.getByLabel('Ask a follow-up question').fill('Is the latency plot cut before the tail?');
  await sidebar.getByRole('button', { name: 'Ask' }).click();
  await expect.poll(() => chatRequests().length).toBe(2);
  expect(imageParts(userParts(chatRequests()[1]!))).toHaveLength(images.length);
  await expect(sidebar.getByRole('button', { name: 'Ask' })).toBeVisible({ timeout: 60_000 });

  // The strip shows what was sent, each thumbnail linking to its page of the PDF.
  const strip = sidebar.getByRole('group').filter({ hasText: 'Figures Shedder looked at' });
  await expect(strip.getByRole('img')).toHaveCount(images.length);
  for (const [index, label] of listed.entries()) {
    const [, figure, pageNumber] = /Fig\. (\d+), p\. (\d+)/.exec(label)!;
    const link = strip.getByRole('link', { name: `Fig. ${figure}, p. ${pageNumber}: open page ${pageNumber} of the PDF` });
    await expect(link).toHaveAttribute('href', new RegExp(`^https://arxiv\\.org/pdf/.*#page=${pageNumber}$`));
    expect(numbers[index]).toBe(Number(figure));
  }

  // The saved take keeps the thumbnails: reopening the paper shows the same strip without asking the model again.
  await page.reload();
  await pressLauncher(page);
  await expect(sidebar.getByText(/Saved take from/)).toBeVisible();
  await expect(sidebar.getByRole('group').filter({ hasText: 'Figures Shedder looked at' }).getByRole('img')).toHaveCount(images.length);
  expect(chatRequests()).toHaveLength(2);
});

test('a text-only model gets no image parts; the same paper to gpt-4o does (control)', async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey, model: 'gpt-3.5-turbo' });
  const page = await context.newPage();
  const sidebar = await takeOn(page, 'https://arxiv.org/abs/2106.09608');
  expect(chatRequests()).toHaveLength(1);
  expect(imageParts(userParts(chatRequests()[0]!))).toEqual([]);
  expect(JSON.stringify(chatRequests()[0]!.body)).not.toContain('image_url');
  await expect(sidebar.getByTestId('reading-summary')).toContainText('no figures sent (gpt-3.5-turbo reads text only)');
  await expect(sidebar.getByText('Figures Shedder looked at')).toHaveCount(0);

  // Control: another arXiv entry (the fixture server serves the same PDF), now with a vision model.
  await chooseModel(driver, 'gpt-4o');
  await takeOn(page, 'https://arxiv.org/abs/1103.1901');
  expect(chatRequests()).toHaveLength(2);
  expect(imageParts(userParts(chatRequests()[1]!)).length).toBeGreaterThan(0);
});

test('an unknown model gets no image parts under "auto"; "Always" sends them (control)', async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey, model: 'fake-critic' });
  const page = await context.newPage();
  const sidebar = await takeOn(page, 'https://arxiv.org/abs/2106.09608');
  expect(imageParts(userParts(chatRequests()[0]!))).toEqual([]);
  await expect(sidebar.getByTestId('reading-summary')).toContainText('no figures sent (fake-critic is not known to read images');

  await chooseSendFigures(driver, 'Always');
  await takeOn(page, 'https://arxiv.org/abs/1103.1901');
  expect(imageParts(userParts(chatRequests()[1]!)).length).toBeGreaterThan(0);
});

test('an endpoint that refuses images gets the take again without them, says so, and the take completes', async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey, model: 'fault-no-images' });
  await chooseSendFigures(driver, 'Always');
  const page = await context.newPage();
  const sidebar = await takeOn(page, 'https://arxiv.org/abs/2106.09608');

  const [refused, retried, ...more] = chatRequests();
  expect(more).toHaveLength(0);
  expect(imageParts(userParts(refused!)).length).toBeGreaterThan(0);
  expect(imageParts(userParts(retried!))).toEqual([]);
  expect(JSON.stringify(retried!.body)).not.toContain('Figures attached as images');
  await expect(sidebar.getByRole('note').filter({ hasText: 'refused the figures as images' })).toBeVisible();
  await expect(sidebar.getByTestId('reading-summary')).toContainText('refused by the endpoint, so none were sent');
  await expect(sidebar.getByRole('heading', { name: 'Discussion Questions' })).toBeVisible();
  await expect(sidebar.getByText('Figures Shedder looked at')).toHaveCount(0);
});
