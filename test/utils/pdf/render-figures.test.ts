import { beforeAll, describe, expect, it } from 'vitest';
import { planFigureRender } from '@/utils/pdf/figure-render';
import { drawFigures } from '@/utils/pdf/render-figures';
import { makeTwoColumnFigurePdf, plotBox } from '../../support/make-figure-pdfs';
import { configurePdfjsForNode } from '../../support/node-pdfjs';

beforeAll(() => configurePdfjsForNode());

function darkShare(pixels: Uint8ClampedArray): number {
  let dark = 0;
  for (let index = 0; index < pixels.length; index += 4) if (pixels[index]! < 245) dark++;
  return dark / (pixels.length / 4);
}

describe('drawFigures', () => {
  it('draws a figure region at its planned size; an empty region of the same page draws white (control)', async () => {
    const bytes = await makeTwoColumnFigurePdf();
    const plot = { number: 2, page: 1, region: plotBox };
    // The page's bottom margin: nothing is drawn there.
    const margin = { number: 9, page: 1, region: { left: 80, bottom: 20, right: 280, top: 80 } };
    const { drawn, skipped } = await drawFigures(bytes, [plot, margin]);
    expect(skipped).toEqual([]);
    const [plotPixels, marginPixels] = drawn.map((entry) => entry.pixels);
    const planned = planFigureRender(plot);
    expect([plotPixels!.width, plotPixels!.height]).toEqual([planned.widthPx, planned.heightPx]);
    expect(darkShare(plotPixels!.pixels)).toBeGreaterThan(0.01);
    expect(darkShare(marginPixels!.pixels)).toBe(0);
  });

  it('skips a figure that cannot be drawn, names it, and draws the others', async () => {
    const bytes = await makeTwoColumnFigurePdf();
    const progress: number[] = [];
    const { drawn, skipped } = await drawFigures(
      bytes,
      [
        { number: 7, page: 5, region: plotBox },
        { number: 2, page: 1, region: plotBox },
      ],
      { onProgress: (done) => progress.push(done) },
    );
    expect(skipped).toEqual([{ figure: { number: 7, page: 5, region: plotBox }, reason: 'failed' }]);
    expect(drawn.map((entry) => entry.figure.number)).toEqual([2]);
    expect(progress).toEqual([1, 2]);
  });

  it('skips a figure that misses its time budget as too slow', async () => {
    const bytes = await makeTwoColumnFigurePdf();
    // A budget no render can meet: the page is fetched from pdf.js's worker before drawing starts.
    const { drawn, skipped } = await drawFigures(bytes, [{ number: 2, page: 1, region: plotBox }], { perFigureTimeoutMs: 0 });
    expect(drawn).toEqual([]);
    expect(skipped.map((entry) => entry.reason)).toEqual(['too-slow']);
  });

  it('stops when the take is stopped', async () => {
    const bytes = await makeTwoColumnFigurePdf();
    const stop = new AbortController();
    stop.abort();
    await expect(drawFigures(bytes, [{ number: 2, page: 1, region: plotBox }], { signal: stop.signal })).rejects.toThrow();
  });
});
