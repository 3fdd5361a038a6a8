import { beforeAll, describe, expect, it, vi } from 'vitest';
import { extractPaper } from '@/utils/pdf/extract';
import { detectFigures } from '@/utils/pdf/figures';
import { cacheFigures, cachePaper, getCachedFigures, getCachedPaper, textCacheKey } from '@/utils/pdf/text-cache';
import { attachedFigure, figureSearchOf, prepareFigures } from '@/utils/pipeline/paper-figures';
import { readPaperText } from '@/utils/pipeline/read-paper';
import { runTake } from '@/utils/pipeline/run-take';
import { defaultSettings } from '@/utils/storage/settings';
import { useTakeStore, type TakeState } from '@/utils/store/take-store';
import { cachedConversationOfSavedTake, conversationOfSavedTake } from '@/utils/pipeline/take-conversation';
import type { PaperRef } from '@/utils/sites/types';
import { takeOrigin, type Take } from '@/utils/storage/take-schema';
import { startFakeOpenAI } from '../../support/fake-openai';
import { makeTwoColumnFigurePdf } from '../../support/make-figure-pdfs';
import { nodeFigureEncoder } from '../../support/node-figure-encoder';
import { configurePdfjsForNode } from '../../support/node-pdfjs';

beforeAll(() => configurePdfjsForNode());

function paperRef(id: string): PaperRef {
  return { site: 'arxiv', paperId: id, title: 'Figures kept', authors: [], pageUrl: `https://arxiv.org/abs/${id}`, pdfUrl: `https://arxiv.org/pdf/${id}` };
}

/** Serves the PDF (or a 404 once `gone` is set) and records every address asked for. */
function pdfServer(pdf: Uint8Array) {
  const state = { asked: [] as string[], gone: false };
  const fetch = (async (input: RequestInfo | URL) => {
    state.asked.push(String(input));
    return state.gone
      ? new Response('gone', { status: 404, headers: { 'content-type': 'text/html' } })
      : new Response(Buffer.from(pdf), { status: 200, headers: { 'content-type': 'application/pdf' } });
  }) as typeof globalThis.fetch;
  return { state, fetch };
}

const imagesOf = (messages: readonly { images?: readonly unknown[] }[] | undefined) => (messages ?? []).flatMap((message) => message.images ?? []);

describe('the figure search kept with the cached text', () => {
  it('is kept by the reading that cached the text, and a cached paper then finds its figures without reading the PDF again', async () => {
    const pdf = await makeTwoColumnFigurePdf();
    const paper = paperRef('2611.00101v1');
    const key = textCacheKey(paper, paper.pdfUrl!);
    const { fetch } = pdfServer(pdf);
    const read = await readPaperText(paper, { signal: new AbortController().signal, fetch, enabledOrigins: [] });
    const expected = detectFigures(read.figurePages ?? [], { sections: read.sections });
    expect(expected.found).toBe(true);
    // Kept once the page is idle, not on the take's path.
    await vi.waitFor(async () => expect((await getCachedFigures(key))?.search).toEqual(expected));

    const cached = (await getCachedPaper(key))!;
    expect(cached).not.toHaveProperty('figurePages');
    // What is kept is what is used: a kept search with another caption comes back as it was kept, so nothing was read.
    const kept = structuredClone(expected);
    if (kept.found) kept.figures[0]!.caption = 'Caption as kept.';
    await cacheFigures(key, { search: kept });
    expect(await figureSearchOf(cached, pdf, key, new AbortController().signal)).toEqual(kept);
  });

  it('is found from the PDF for a paper cached before searches were kept, and kept from then on', async () => {
    const pdf = await makeTwoColumnFigurePdf();
    const key = textCacheKey(paperRef('2611.00102v1'), 'https://arxiv.org/pdf/2611.00102v1');
    const extracted = await extractPaper(pdf);
    await cachePaper(key, extracted);
    expect(await getCachedFigures(key)).toBeUndefined();
    const cached = (await getCachedPaper(key))!;
    const search = await figureSearchOf(cached, pdf, key, new AbortController().signal);
    expect(search).toEqual(detectFigures(extracted.figurePages ?? [], { sections: extracted.sections }));
    expect((await getCachedFigures(key))?.search).toEqual(search);
  });
});

describe("a reopened take's follow-ups carry the take's figures", () => {
  async function setUp(id: string) {
    const pdf = await makeTwoColumnFigurePdf();
    const paper = paperRef(id);
    const key = textCacheKey(paper, paper.pdfUrl!);
    const extracted = await extractPaper(pdf);
    await cachePaper(key, extracted);
    // The take as the sidebar made it: its figures drawn and encoded, the request's images, and what the take saved.
    const outcome = await prepareFigures(pdf, { maxFigures: 6, pages: extracted.figurePages!, sections: extracted.sections, encoder: nodeFigureEncoder });
    const sent = outcome.sent.map(attachedFigure);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    const take: Take = {
      ...takeOrigin(paper, { model: 'gpt-4o', provider: 'openai', promptVersion: 2 }, '2026-11-01T10:00:00.000Z'),
      kind: 'full',
      status: 'complete',
      verdict: 'Plots.',
      markdown: 'Plots, as Figure 1 shows.',
      quoteChecks: [],
      usage: { inputTokens: 100, outputTokens: 20 },
      followUps: [],
      figures: sent.map(({ number, page, caption }) => ({ number, page, caption })),
    };
    return { pdf, key, sent, take, server: pdfServer(pdf) };
  }

  const options = (fetch: typeof globalThis.fetch) => ({ signal: new AbortController().signal, fetch, enabledOrigins: [], figureEncoder: nodeFigureEncoder });

  it('sends the kept images again, fetching nothing, and counts them before the first question', async () => {
    const { key, sent, take, server } = await setUp('2611.00103v1');
    expect(await cachedConversationOfSavedTake(take, [])).toBeUndefined();
    // Control: once the images are kept beside the text (as runTake keeps them), the same images come back.
    await cacheFigures(key, { images: sent });
    expect(imagesOf(await cachedConversationOfSavedTake(take, []))).toEqual(imagesOf((await conversationOfSavedTake(take, options(server.fetch))).messages));
    expect(imagesOf(await cachedConversationOfSavedTake(take, [])).map((image) => (image as { dataUrl: string }).dataUrl)).toEqual(sent.map((image) => image.dataUrl));
    expect(server.state.asked).toEqual([]);
  });

  it('draws the same figures again from the PDF when they are no longer kept, and keeps them', async () => {
    const { sent, take, server } = await setUp('2611.00104v1');
    const rebuilt = await conversationOfSavedTake(take, options(server.fetch));
    expect(server.state.asked).toEqual([take.paper.pdfUrl]);
    expect(rebuilt.missingFigures).toBeUndefined();
    const images = imagesOf(rebuilt.messages) as { dataUrl: string; widthPx: number; heightPx: number }[];
    expect(images.map(({ dataUrl, widthPx, heightPx }) => ({ dataUrl, widthPx, heightPx }))).toEqual(sent.map(({ dataUrl, widthPx, heightPx }) => ({ dataUrl, widthPx, heightPx })));
    // Kept from now on: the next reopening needs nothing fetched.
    expect(imagesOf(await cachedConversationOfSavedTake(take, []))).toHaveLength(sent.length);
  });

  it('says which figures could not be had, and leaves them out, when the PDF is gone', async () => {
    const { sent, take, server } = await setUp('2611.00105v1');
    server.state.gone = true;
    const rebuilt = await conversationOfSavedTake(take, options(server.fetch));
    expect(imagesOf(rebuilt.messages)).toEqual([]);
    expect(rebuilt.missingFigures).toMatch(new RegExp(`^Fig\\. .* of the take could not be drawn again \\(.+\\), so questions go without them`));
    expect(rebuilt.missingFigures).toContain(`${sent[0]!.number}`);
  });

  it('does not send another figure in place of one no longer found on its page', async () => {
    const { take, server } = await setUp('2611.00106v1');
    const moved = { ...take, figures: take.figures.map((figure, index) => (index === 0 ? { ...figure, page: figure.page + 1 } : figure)) };
    const rebuilt = await conversationOfSavedTake(moved, options(server.fetch));
    expect(imagesOf(rebuilt.messages)).toHaveLength(take.figures.length - 1);
    expect(rebuilt.missingFigures).toContain(`Fig. ${take.figures[0]!.number} of the take could not be drawn again`);
  });
});

describe('a take keeps the images it sent', () => {
  /** A take on the generated paper, with its PDF served from memory, answered by the fake model over real HTTP. */
  async function takeWithFigures(id: string, model: string) {
    const pdf = await makeTwoColumnFigurePdf();
    const paper = paperRef(id);
    const fakeModel = await startFakeOpenAI();
    const paperServer = pdfServer(pdf);
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
      String(input) === paper.pdfUrl ? paperServer.fetch(input, init) : globalThis.fetch(input, init)) as typeof globalThis.fetch;
    // What storage holds at the moment the take is announced as finished, the moment a reader may close the browser.
    let keptAtDone: Promise<unknown> | undefined;
    const key = textCacheKey(paper, paper.pdfUrl!);
    useTakeStore.getState().reset();
    try {
      const run = await runTake({
        paper,
        settings: { ...defaultSettings, provider: 'custom', baseURL: fakeModel.url, model, sendFigures: 'always' },
        apiKey: 'sk-test-kept',
        enabledOrigins: [],
        fetch,
        figureEncoder: nodeFigureEncoder,
        signal: new AbortController().signal,
        sink: {
          update: (patch: Partial<TakeState>) => {
            if (patch.phase === 'done') keptAtDone = getCachedFigures(key).then((kept) => kept?.images ?? []);
            useTakeStore.getState().update(patch);
          },
          appendMarkdown: (delta) => useTakeStore.getState().appendMarkdown(delta),
          get: useTakeStore.getState,
        },
      });
      return { run, keptAtDone: await keptAtDone, requests: fakeModel.requests };
    } finally {
      await fakeModel.close();
    }
  }

  it('are kept beside the cached text by the time the take says it is done', async () => {
    const { run, keptAtDone, requests } = await takeWithFigures('2611.00107v1', 'gpt-4o');
    expect(useTakeStore.getState().phase).toBe('done');
    const sentImages = requests.flatMap((request) =>
      (request.body as { messages: { content: unknown }[] }).messages.flatMap((message) =>
        Array.isArray(message.content) ? message.content.filter((part: { type: string }) => part.type === 'image_url') : [],
      ),
    );
    expect(sentImages.length).toBeGreaterThanOrEqual(2);
    expect(run!.take.figures.length).toBe(sentImages.length);
    expect(keptAtDone).toHaveLength(sentImages.length);
    expect((keptAtDone as { dataUrl: string }[]).map((image) => image.dataUrl)).toEqual(sentImages.map((part) => (part as unknown as { image_url: { url: string } }).image_url.url));
  });

  it('are not kept when the endpoint refused them and the take went without', async () => {
    const { run, keptAtDone, requests } = await takeWithFigures('2611.00108v1', 'fault-no-images');
    // Control: the first request did carry the images; the endpoint refused them, and the take was asked again.
    expect(requests).toHaveLength(2);
    expect(JSON.stringify(requests[0]!.body)).toContain('image_url');
    expect(JSON.stringify(requests[1]!.body)).not.toContain('image_url');
    expect(run!.take.figures).toEqual([]);
    expect(keptAtDone).toEqual([]);
  });
});
