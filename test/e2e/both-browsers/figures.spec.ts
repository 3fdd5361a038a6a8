import { createCanvas, loadImage } from '@napi-rs/canvas';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../../support/fake-openai';
import { takeFromLauncher, waitForElement, type View } from '../support/driver';
import { expect, test } from '../support/driver-test';
import { serveGeneratedPaper } from '../support/generated-paper';
import { useFakeModel } from '../support/settings-page';

/**
 * Figures to a vision model in both browsers: a generated three-page paper with five figures (known by construction)
 * is served with its own arXiv page, gpt-4o on the OpenAI preset gets each drawn figure as a labelled image part, and the
 * sidebar's strip shows their thumbnails, each linking to its page of the PDF. Drawing and encoding run on the
 * browser's own canvas, so this is where an engine's gap would show.
 */
let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI({ chunkDelayMs: 2 });
});
test.afterEach(async () => {
  await model.close();
});

type Part = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } };
type Message = { role: string; content: string | Part[] };

function userParts(request: RecordedRequest): Part[] {
  const user = (request.body as { messages: Message[] }).messages.find((message) => message.role === 'user');
  const content = user?.content ?? '';
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

/** Decodes an image part here, in Node, apart from the browser under test: its size and its share of inked pixels. */
async function inspectImage(dataUrl: string): Promise<{ width: number; height: number; inkedShare: number }> {
  const image = await loadImage(Buffer.from(dataUrl.replace(/^data:image\/(png|jpeg);base64,/, ''), 'base64'));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  let inked = 0;
  for (let index = 0; index < data.length; index += 4) if (data[index]! < 200 || data[index + 1]! < 200 || data[index + 2]! < 200) inked++;
  return { width: image.width, height: image.height, inkedShare: inked / (image.width * image.height) };
}

/** The strip's thumbnails as the sidebar shows them: each link's name and address, and whether its picture decoded. */
async function stripThumbnails(sidebar: View) {
  return sidebar.evaluate(
    () =>
      [...document.querySelectorAll('.figure-strip a')].map((link) => {
        const image = link.querySelector('img');
        return {
          name: link.getAttribute('aria-label'),
          href: link.getAttribute('href'),
          thumbnail: image?.getAttribute('src')?.slice(0, 23) ?? null,
          decoded: !!image && image.complete && image.naturalWidth > 0 && image.naturalHeight > 0,
        };
      }),
    undefined,
  );
}

test('gpt-4o gets each figure of a generated paper as a labelled, bounded, inked image, and the strip links them to their pages', async ({ driver, fixtureServer }) => {
  const { abstractUrl, pdfUrl, figures } = await serveGeneratedPaper(fixtureServer);
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-figures-both', model: 'gpt-4o' });
  const { sidebar, text } = await takeFromLauncher(driver, abstractUrl);
  expect(text).not.toMatch(/could not be drawn/);

  const chats = model.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
  expect(chats).toHaveLength(1);
  const parts = userParts(chats[0]!);
  const images = parts.filter((part): part is Extract<Part, { type: 'image_url' }> => part.type === 'image_url');
  expect(images).toHaveLength(figures.length);
  for (const [index, image] of images.entries()) {
    // Each image follows the text part that names its figure and page.
    const { number, page } = figures[index]!;
    expect(parts[parts.indexOf(image) - 1]).toEqual({ type: 'text', text: `Image ${index + 1}: Fig. ${number}, p. ${page}` });
    expect(image.image_url.url).toMatch(/^data:image\/(png|jpeg);base64,/);
    const decoded = await inspectImage(image.image_url.url);
    expect(Math.max(decoded.width, decoded.height), `Fig. ${number}`).toBeLessThanOrEqual(1024);
    // Drawn at about 150 dpi, a plot a third of a page wide is several hundred pixels across, not a sliver.
    expect(Math.min(decoded.width, decoded.height), `Fig. ${number}`).toBeGreaterThanOrEqual(100);
    expect(decoded.inkedShare, `Fig. ${number} is not blank`).toBeGreaterThan(0.05);
  }
  await waitForElement(sidebar, { role: 'link', name: 'Fig. 1, p. 1: open page 1 of the PDF' });
  expect(text).toContain('5 figures (Fig. 1–5)');

  const thumbnails = await stripThumbnails(sidebar);
  expect(thumbnails).toEqual(
    figures.map(({ number, page }) => ({
      name: `Fig. ${number}, p. ${page}: open page ${page} of the PDF`,
      href: `${pdfUrl}#page=${page}`,
      thumbnail: 'data:image/jpeg;base64,',
      decoded: true,
    })),
  );
});
