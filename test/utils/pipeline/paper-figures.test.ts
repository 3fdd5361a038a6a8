import { beforeAll, describe, expect, it } from 'vitest';
import { decideFigureSending } from '@/utils/llm/figure-sending';
import { extractPaper } from '@/utils/pdf/extract';
import type { RenderedPixels } from '@/utils/pdf/render-figures';
import { describeFigures, figureRange, prepareFigures, type FigureEncoder, type FiguresOutcome } from '@/utils/pipeline/paper-figures';
import { makeEvaluationPaperPdf, makeTextOnlyPdf, makeTwoColumnFigurePdf } from '../../support/make-figure-pdfs';
import { configurePdfjsForNode } from '../../support/node-pdfjs';

beforeAll(() => configurePdfjsForNode());

/** Keeps what it was given, so the test sees the pixels prepareFigures drew; encodes nothing. */
function recordingEncoder(): FigureEncoder & { drawn: RenderedPixels[] } {
  const drawn: RenderedPixels[] = [];
  return {
    drawn,
    encode: async (pixels) => {
      drawn.push(pixels);
      return { type: 'image/png', bytes: new Uint8Array([pixels.width % 256]), widthPx: pixels.width, heightPx: pixels.height };
    },
    thumbnail: async (pixels) => `data:image/jpeg;base64,${pixels.width}`,
  };
}

function inkedShare({ pixels }: RenderedPixels): number {
  let inked = 0;
  for (let index = 0; index < pixels.length; index += 4) if (pixels[index]! < 245) inked++;
  return inked / (pixels.length / 4);
}

describe('prepareFigures', () => {
  it('draws the chosen figures within their render limits and returns them in the paper order with thumbnails', async () => {
    const encoder = recordingEncoder();
    const outcome = await prepareFigures(await makeTwoColumnFigurePdf(), { maxFigures: 6, encoder });
    expect(outcome.sent.map((figure) => [figure.number, figure.page])).toEqual([
      [2, 1],
      [3, 1],
    ]);
    expect(outcome.sent.every((figure) => figure.thumbnail?.startsWith('data:image/jpeg'))).toBe(true);
    expect(outcome.skipped).toEqual([]);
    for (const pixels of encoder.drawn) {
      expect(Math.max(pixels.width, pixels.height)).toBeLessThanOrEqual(1024);
      // The plot's frame and the grey image are drawn, not a blank page corner.
      expect(inkedShare(pixels)).toBeGreaterThan(0.01);
    }
  });

  it('sends at most the reader\'s maximum, the best ranked first', async () => {
    const outcome = await prepareFigures(await makeTwoColumnFigurePdf(), { maxFigures: 1, encoder: recordingEncoder() });
    // The latency CDF outranks the architecture overview.
    expect(outcome.sent.map((figure) => figure.number)).toEqual([2]);
  });

  it('finds and draws all five figures of the generated evaluation paper, its four plots ranked above the diagram', async () => {
    const encoder = recordingEncoder();
    const paper = await makeEvaluationPaperPdf();
    const outcome = await prepareFigures(paper, { maxFigures: 6, encoder });
    expect(outcome.sent.map((figure) => [figure.number, figure.page])).toEqual([
      [1, 1],
      [2, 2],
      [3, 2],
      [4, 3],
      [5, 3],
    ]);
    expect(outcome.sent.map((figure) => figure.caption)).toContain('Figure 3: Latency CDF at 80% load.');
    for (const pixels of encoder.drawn) {
      expect(Math.max(pixels.width, pixels.height)).toBeLessThanOrEqual(1024);
      expect(inkedShare(pixels)).toBeGreaterThan(0.05);
    }
    const best = await prepareFigures(paper, { maxFigures: 4, encoder: recordingEncoder() });
    expect(best.sent.map((figure) => figure.number)).toEqual([2, 3, 4, 5]);
  });

  it("searches the pages the text extraction read when it is given them, and reads the PDF's pages itself only when it is not", async () => {
    const bytes = await makeTwoColumnFigurePdf();
    const paper = await extractPaper(bytes);
    const fromExtraction = await prepareFigures(bytes, { maxFigures: 6, pages: paper.figurePages ?? [], sections: paper.sections, encoder: recordingEncoder() });
    const fromPdf = await prepareFigures(bytes, { maxFigures: 6, sections: paper.sections, encoder: recordingEncoder() });
    expect(fromExtraction.sent.map((figure) => [figure.number, figure.page, figure.caption])).toEqual(fromPdf.sent.map((figure) => [figure.number, figure.page, figure.caption]));
    expect(fromExtraction.sent).toHaveLength(2);
    // The pages given are what is searched, not the PDF: given its pages without their text, it finds no caption.
    const withoutText = (paper.figurePages ?? []).map((page) => ({ ...page, runs: [] }));
    const blind = await prepareFigures(bytes, { maxFigures: 6, pages: withoutText, encoder: recordingEncoder() });
    expect(blind.sent).toEqual([]);
    expect(blind.noneFound).toMatch(/no "Figure N" captions/);
  });

  it('says "no figures found" for a paper without captioned figures, and draws nothing', async () => {
    const encoder = recordingEncoder();
    const outcome = await prepareFigures(await makeTextOnlyPdf(), { maxFigures: 6, encoder });
    expect(outcome.sent).toEqual([]);
    expect(outcome.noneFound).toMatch(/^No figures found/);
    expect(encoder.drawn).toEqual([]);
    expect(describeFigures(decideFigureSending('gpt-4o', { sendFigures: 'auto', maxFigures: 6 }), 'gpt-4o', outcome)).toBe('no figures found');
  });
});

describe('describeFigures', () => {
  const vision = decideFigureSending('gpt-4o', { sendFigures: 'auto', maxFigures: 6 });
  const figure = (number: number, page: number) => ({ number, page, caption: `Figure ${number}`, image: { type: 'image/png' as const, bytes: new Uint8Array(1), widthPx: 1, heightPx: 1 } });
  const outcome: FiguresOutcome = { sent: [8, 9, 10, 11, 12].map((number) => figure(number, number + 1)), skipped: [] };

  it('names the figures sent', () => {
    expect(describeFigures(vision, 'gpt-4o', outcome)).toBe('5 figures (Fig. 8–12)');
    expect(describeFigures(vision, 'gpt-4o', { sent: [figure(3, 4)], skipped: [] })).toBe('1 figure (Fig. 3)');
  });

  it('names a figure that was not drawn in time, and one that could not be drawn', () => {
    const withSkips: FiguresOutcome = { ...outcome, skipped: [{ number: 3, page: 4, reason: 'too-slow' }, { number: 5, page: 6, reason: 'failed' }] };
    expect(describeFigures(vision, 'gpt-4o', withSkips)).toBe('5 figures (Fig. 8–12); Fig. 3 (p. 4) skipped: not drawn in time; Fig. 5 (p. 6) skipped: could not be drawn');
  });

  it('says why none were sent', () => {
    expect(describeFigures(decideFigureSending('gpt-3.5-turbo', { sendFigures: 'auto', maxFigures: 6 }), 'gpt-3.5-turbo', undefined)).toBe('no figures sent (gpt-3.5-turbo reads text only)');
    expect(describeFigures(decideFigureSending('gpt-4o', { sendFigures: 'never', maxFigures: 6 }), 'gpt-4o', undefined)).toBe('no figures sent (Settings: never)');
    expect(describeFigures(decideFigureSending('my-model', { sendFigures: 'auto', maxFigures: 6 }), 'my-model', undefined)).toMatch(/^no figures sent \(my-model is not known to read images/);
    expect(describeFigures(vision, 'gpt-4o', { sent: [], skipped: [], unreadable: 'network' })).toBe('no figures sent (the figure search failed)');
    expect(describeFigures(vision, 'gpt-4o', outcome, true)).toBe('5 figures (Fig. 8–12) refused by the endpoint, so none were sent');
  });
});

describe('figureRange', () => {
  it.each([
    [[8, 9, 10, 11, 12], 'Fig. 8–12'],
    [[5, 2, 8, 9, 10], 'Fig. 2, 5, 8–10'],
    [[7], 'Fig. 7'],
    [[3, 3, 4], 'Fig. 3–4'],
  ])('%j → %s', (numbers, expected) => {
    expect(figureRange(numbers)).toBe(expected);
  });
});
