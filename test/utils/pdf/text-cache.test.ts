import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ExtractedPaper } from '@/utils/pdf/extract';
import { cacheFigures, cachePaper, extractorVersion, getCachedFigures, getCachedPaper, textCacheKey } from '@/utils/pdf/text-cache';
import type { AttachedFigure } from '@/utils/prompt/critique-prompt';

function paper(title: string, characters = 100): ExtractedPaper {
  return {
    pageCount: 1,
    pagesRead: 1,
    title,
    pages: [{ number: 1, text: 'x'.repeat(characters) }],
    sections: [],
    captions: [],
    references: [],
    hiddenText: [],
    uncheckedPages: [],
    rawWordCount: 1,
    notes: [],
  };
}

describe('text cache (fakeBrowser local storage)', () => {
  it('keys papers by id and PDF address: the same id with another PDF is another entry', async () => {
    const paperA = { site: 'arxiv', paperId: '2106.09608v2' };
    const own = textCacheKey(paperA, 'https://arxiv.org/pdf/2106.09608v2');
    const forged = textCacheKey(paperA, 'https://arxiv.org/pdf/2403.10561');
    expect(own).toBe('arxiv:2106.09608v2@https://arxiv.org/pdf/2106.09608v2');
    expect(forged).not.toBe(own);
    await cachePaper(own, paper('Own text'));
    expect(await getCachedPaper(forged)).toBeUndefined();
    expect((await getCachedPaper(own))?.title).toBe('Own text');
  });

  it('returns what was stored, from extension local storage (which survives a restart)', async () => {
    expect(await getCachedPaper('a@v1')).toBeUndefined();
    await cachePaper('a@v1', paper('A'));
    expect((await getCachedPaper('a@v1'))?.title).toBe('A');
    const raw = await fakeBrowser.storage.local.get('pdfText:a@v1');
    expect(raw['pdfText:a@v1']).toMatchObject({ extractorVersion, paper: { title: 'A' } });
  });

  it("keeps the text but not the figure search's page data, which only serves the take that read the PDF", async () => {
    const figurePages = [{ number: 1, box: { left: 0, bottom: 0, right: 612, top: 792 }, runs: [{ str: 'Figure 1: A plot.', x: 72, y: 400, width: 100, fontSize: 9, fontName: 'f1', isUpright: true }] }];
    await cachePaper('f@v1', { ...paper('F'), figurePages });
    const cached = await getCachedPaper('f@v1');
    expect(cached?.title).toBe('F');
    expect(cached).not.toHaveProperty('figurePages');
  });

  it('ignores entries written by another extractor version', async () => {
    await fakeBrowser.storage.local.set({ 'pdfText:old': { extractorVersion: extractorVersion - 1, paper: paper('Old') } });
    expect(await getCachedPaper('old')).toBeUndefined();
  });

  it('evicts the least recently used paper when over the entry limit', async () => {
    let clock = 0;
    const now = () => ++clock;
    const limits = { maxEntries: 2, maxBytes: 1_000_000 };
    await cachePaper('a', paper('A'), limits, now);
    await cachePaper('b', paper('B'), limits, now);
    await getCachedPaper('a', now); // a is now more recent than b
    await cachePaper('c', paper('C'), limits, now);
    expect((await getCachedPaper('a', now))?.title).toBe('A');
    expect(await getCachedPaper('b', now)).toBeUndefined();
    expect((await getCachedPaper('c', now))?.title).toBe('C');
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['pdfText:a', 'pdfText:c', 'pdfTextIndex']);
  });

  it('keeps the total size under its byte limit and refuses a paper larger than all of it', async () => {
    let clock = 0;
    const now = () => ++clock;
    // Each entry is about 2.4 kB (UTF-16 JSON), so two do not fit in 4 kB.
    const limits = { maxEntries: 10, maxBytes: 4_000 };
    await cachePaper('a', paper('A', 1_000), limits, now);
    await cachePaper('b', paper('B', 1_000), limits, now);
    expect(await getCachedPaper('a', now)).toBeUndefined();
    expect((await getCachedPaper('b', now))?.title).toBe('B');
    expect(await cachePaper('huge', paper('Huge', 10_000), limits, now)).toBe(false);
    expect(await getCachedPaper('huge', now)).toBeUndefined();
  });


  describe("a paper's figures, kept beside its text", () => {
    const image = (number: number, characters = 100): AttachedFigure => ({ number, page: 1, caption: `Figure ${number}: A plot.`, dataUrl: `data:image/png;base64,${'A'.repeat(characters)}`, widthPx: 640, heightPx: 480 });

    it('are kept only beside cached text, merged by figure number, and survive a restart as storage does', async () => {
      expect(await cacheFigures('none', { images: [image(1)] })).toBe(false);
      expect(await getCachedFigures('none')).toBeUndefined();
      // Control: beside cached text they are kept.
      await cachePaper('p', paper('P'));
      expect(await cacheFigures('p', { images: [image(2), image(1)] })).toBe(true);
      expect(await cacheFigures('p', { images: [{ ...image(2), widthPx: 320 }] })).toBe(true);
      expect((await getCachedFigures('p'))?.images.map(({ number, widthPx }) => [number, widthPx])).toEqual([
        [1, 640],
        [2, 320],
      ]);
      expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['pdfFigures:p', 'pdfText:p', 'pdfTextIndex']);
    });

    it('go with their text: evicted with it, counted in its size, and dropped when the text is read anew', async () => {
      let clock = 0;
      const now = () => ++clock;
      const limits = { maxEntries: 10, maxBytes: 6_000 };
      await cachePaper('a', paper('A'), limits, now);
      await cachePaper('b', paper('B'), limits, now);
      // About 2.6 kB of images each: a's fit beside both texts, b's then push a out (least recently used).
      expect(await cacheFigures('a', { images: [image(1, 1_200)] }, limits, now)).toBe(true);
      expect((await getCachedPaper('a', now))?.title).toBe('A');
      expect(await cacheFigures('b', { images: [image(1, 1_200)] }, limits, now)).toBe(true);
      expect(await getCachedPaper('a', now)).toBeUndefined();
      expect(await getCachedFigures('a')).toBeUndefined();
      expect((await getCachedFigures('b'))?.images).toHaveLength(1);
      // Figures that alone would pass the whole budget are not kept; the text stays.
      expect(await cacheFigures('b', { images: [image(2, 5_000)] }, limits, now)).toBe(false);
      expect((await getCachedFigures('b'))?.images.map((kept) => kept.number)).toEqual([1]);
      // Text read anew comes with figures found anew.
      await cachePaper('b', paper('B again'), limits, now);
      expect(await getCachedFigures('b')).toBeUndefined();
    });

    it('are absent from entries written before figures were kept, whose text is still served', async () => {
      await fakeBrowser.storage.local.set({ 'pdfText:old-format': { extractorVersion, paper: paper('Old format') }, pdfTextIndex: [{ key: 'old-format', bytes: 500, lastUsed: 1 }] });
      expect((await getCachedPaper('old-format'))?.title).toBe('Old format');
      expect(await getCachedFigures('old-format')).toBeUndefined();
      expect(await cacheFigures('old-format', { images: [image(1)] })).toBe(true);
      expect((await getCachedFigures('old-format'))?.images).toHaveLength(1);
    });
  });
});
