import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPaper, type ExtractedPaper } from '@/utils/pdf/extract';
import type { HiddenTechnique } from '@/utils/pdf/hidden-techniques';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath, skipNote } from '../../support/shared-fixtures';
import { combineCases, hiddenCaseNames, makeHiddenTextPdfs, ocrText, visibleParagraph, type HiddenTextCase } from '../../support/make-hidden-text-pdfs';
import { makeVisibleTextPdfs, type VisibleTextCase } from '../../support/make-visible-text-pdfs';
import { makePdf } from '../../support/pdf-builder';
import { servePageReader } from '@/utils/pdf/page-reader-service';
import { workerPageReaders, type PageReaderReply, type WorkerHandle } from '@/utils/pdf/page-readers';
import { configurePdfjsForNode, nodePageReaders, nodePdfjsAssets } from '../../support/node-pdfjs';

/** The text the model would get: every page's clean text and every section. */
function cleanText(paper: ExtractedPaper): string {
  return [paper.pages.map((page) => page.text).join('\n'), ...paper.sections.map((section) => section.text)].join('\n');
}

const squash = (text: string) => text.replace(/\s+/g, ' ');

/** Test runs share the machine: a generous scan budget keeps the verdicts about visibility, not speed. */
const roomy = { scanBudgetMs: 60_000 };

beforeAll(() => configurePdfjsForNode());

describe('the recall corpus: every way of hiding text is flagged, and its canary never reaches the model', () => {
  let cases: HiddenTextCase[] = [];
  const papers = new Map<string, ExtractedPaper>();

  beforeAll(async () => {
    cases = await makeHiddenTextPdfs();
    for (const pdf of cases) {
      papers.set(pdf.name, await extractPaper(pdf.bytes, roomy));
    }
  }, 300_000);

  it('has a case for every technique, with fill and stroke variants where the ink matters', () => {
    const techniques = new Set(cases.map((pdf) => pdf.technique));
    const every: HiddenTechnique[] = ['white-text', 'background-colour', 'tiny-font', 'squashed', 'invisible-render-mode', 'outside-crop-box', 'near-zero-opacity', 'clipped', 'covered', 'hidden-layer', 'masked', 'not-visible'];
    expect(every.filter((technique) => !techniques.has(technique))).toEqual([]);
    // The cases the previous scan missed, by name.
    const names = cases.map((pdf) => pdf.name);
    for (const name of ['clip-path', 'squashed-hscale', 'squashed-matrix', 'white-text', 'opacity-0.01', 'opacity-0.05', 'covered-later']) {
      expect(names).toContain(`${name}-fill`);
      expect(names).toContain(`${name}-stroke`);
    }
    expect(names).toContain('render-mode-7-white-fill');
    expect(names).toContain('render-mode-3-image-elsewhere');
  });

  it.each(hiddenCaseNames)(
    '%s: reported with its page and technique, cut from the text, the visible paragraph kept',
    (name) => {
      const pdf = cases.find((candidate) => candidate.name === name)!;
      const paper = papers.get(name)!;
      expect(paper.hiddenText).toHaveLength(1);
      expect(paper.hiddenText[0]).toMatchObject({ page: 1, technique: pdf.technique });
      // Squeezed text loses its spaces in pdf.js's runs: compare without them.
      expect(paper.hiddenText[0]?.text.replace(/\s+/g, '')).toContain(`Canary${pdf.canary}`);
      expect(cleanText(paper)).not.toContain(pdf.canary);
      expect(cleanText(paper)).not.toContain('glowing review');
      expect(cleanText(paper)).toContain(visibleParagraph);
      expect(paper.notes.join(' ')).toMatch(/cannot see/);
      expect(paper.uncheckedPages).toEqual([]);
    },
  );

  it("treats a scanned page's OCR layer (invisible text over the page image's letters) as ordinary text", () => {
    const paper = papers.get('ocr-layer-over-scan')!;
    expect(paper.hiddenText).toEqual([]);
    expect(cleanText(paper)).toContain(ocrText);
  });
});

describe('the precision corpus: text a reader can see never alarms', () => {
  let cases: VisibleTextCase[] = [];
  const papers = new Map<string, { paper: ExtractedPaper; twin: ExtractedPaper }>();

  beforeAll(async () => {
    cases = await makeVisibleTextPdfs();
    for (const pdf of cases) {
      papers.set(pdf.name, { paper: await extractPaper(pdf.bytes, roomy), twin: await extractPaper(pdf.twin, roomy) });
    }
  }, 300_000);

  it.each(['emoji-overlays', 'labels-on-coloured-boxes', 'white-on-dark', 'watermarks', 'translucent-overlays', 'ocr-scan', 'outlined-headings', 'small-and-condensed', 'gradient-background', 'plot-with-legend', 'transparency-group', 'partly-clipped-label'])(
    '%s: no alarm, its text reaches the model; its twin with the text hidden does alarm',
    (name) => {
      const pdf = cases.find((candidate) => candidate.name === name)!;
      const { paper, twin } = papers.get(name)!;
      expect(paper.hiddenText).toEqual([]);
      expect(paper.uncheckedPages).toEqual([]);
      for (const text of pdf.visible) {
        expect(squash(cleanText(paper))).toContain(text);
      }
      expect(twin.hiddenText.map((entry) => squash(entry.text)).join(' | ')).toContain(pdf.twinHides);
    },
  );
});

describe('a page that cannot be checked in time', () => {
  it('is reported as not checked, never as clean; with time, the same page is flagged', async () => {
    const pdf = (await makeHiddenTextPdfs()).find((candidate) => candidate.name === 'covered-later-fill')!;
    const rushed = await extractPaper(pdf.bytes, { scanBudgetMs: 0 });
    expect(rushed.uncheckedPages).toEqual([1]);
    expect(rushed.notes.join(' ')).toContain('Not checked for hidden text in time: page 1');
    expect(rushed.hiddenText).toEqual([]);
    const checked = await extractPaper(pdf.bytes, roomy);
    expect(checked.uncheckedPages).toEqual([]);
    expect(checked.hiddenText.map((entry) => entry.technique)).toEqual(['covered']);
  });
});

describe('page-reading workers', () => {
  const readers = nodePageReaders(2);
  afterAll(() => readers.dispose());

  it('read a document in parallel to the same result as the calling thread', async () => {
    const bytes = await combineCases(await makeHiddenTextPdfs(), ['white-text-fill', 'clip-path-stroke', 'covered-later-fill']);
    const inWorkers = await extractPaper(bytes, { ...roomy, readers });
    const inThread = await extractPaper(bytes, roomy);
    expect(inWorkers.hiddenText.map(({ page, technique }) => ({ page, technique }))).toEqual([
      { page: 1, technique: 'white-text' },
      { page: 2, technique: 'clipped' },
      { page: 3, technique: 'covered' },
    ]);
    expect(inWorkers.hiddenText).toEqual(inThread.hiddenText);
    expect(inWorkers.pages).toEqual(inThread.pages);
  }, 120_000);

  it('report a PDF that cannot be opened with the same error as the calling thread', async () => {
    await expect(extractPaper(new TextEncoder().encode('%PDF-1.4 not really'), { readers })).rejects.toMatchObject({ kind: 'damaged' });
    const fine = await makePdf((page) => page.text('A plain line of text.', { x: 72, y: 700 }));
    expect((await extractPaper(fine, { readers })).pages[0]?.text).toContain('A plain line of text.');
  }, 60_000);
});

describe('a pool whose workers fail', () => {
  /** A worker that reads pages in this thread, answering late or never, or crashing, as a test needs. */
  function testWorker(behaviour: { hangOnPage?: number; failToStart?: boolean }) {
    return (): WorkerHandle => {
      const replies: ((reply: PageReaderReply) => void)[] = [];
      const failures: ((message: string) => void)[] = [];
      let ended = false;
      const serve = servePageReader((reply) => {
        if (!ended) for (const listener of replies) listener(reply);
      }, () => undefined);
      return {
        post(request) {
          if (behaviour.failToStart) {
            setTimeout(() => failures.forEach((listener) => listener('the worker script was refused')), 1);
            return;
          }
          if (request.type === 'read' && request.page === behaviour.hangOnPage) return;
          serve(request);
        },
        onReply: (listener) => replies.push(listener),
        onFailure: (listener) => failures.push(listener),
        terminate: () => {
          ended = true;
        },
      };
    };
  }

  it('replaces a worker hung on a page: that page is reported, the others are read', async () => {
    const bytes = await combineCases(await makeHiddenTextPdfs(), ['white-text-fill', 'clip-path-stroke', 'covered-later-fill']);
    const readers = workerPageReaders({ spawn: testWorker({ hangOnPage: 2 }), size: 2, assets: nodePdfjsAssets });
    const paper = await extractPaper(bytes, { ...roomy, readers, pageTimeoutMs: 3_000 });
    expect(paper.notes).toContain('Page 2 took too long to read and was skipped.');
    expect(paper.pages.map((page) => page.number)).toEqual([1, 3]);
    expect(paper.hiddenText.map((entry) => entry.page)).toEqual([1, 3]);
    // Control: the same pool without the hang reads page 2.
    const healthy = workerPageReaders({ spawn: testWorker({}), size: 2, assets: nodePdfjsAssets });
    expect((await extractPaper(bytes, { ...roomy, readers: healthy })).pages.map((page) => page.number)).toEqual([1, 2, 3]);
  }, 60_000);

  it('says the reader did not start when no worker can run, rather than blaming the PDF', async () => {
    const bytes = await makePdf((page) => page.text('A plain line of text.', { x: 72, y: 700 }));
    const readers = workerPageReaders({ spawn: testWorker({ failToStart: true }), size: 2, assets: nodePdfjsAssets });
    await expect(extractPaper(bytes, { readers })).rejects.toMatchObject({ kind: 'reader-failed', message: expect.stringContaining('could not start') });
  });
});

describe.skipIf(!hasSharedFixtures)(`hidden text in shared PDFs${skipNote(!hasSharedFixtures, missingSharedFixtures)}`, () => {
  it('reports render-mode-3 text with no image under it (docling-invisible_text_layer.pdf)', async () => {
    const paper = await extractPaper(new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'odd', 'docling-invisible_text_layer.pdf'))), roomy);
    expect(paper.hiddenText).toEqual([{ page: 1, text: 'Invisible OCR text layer', technique: 'invisible-render-mode' }]);
    expect(cleanText(paper)).toContain('Visible heading line');
    expect(cleanText(paper)).not.toContain('Invisible OCR');
  });

  it('does not report a white title drawn twice, once under a black box (pdfjs-freeculture.pdf p. 6)', async () => {
    const paper = await extractPaper(new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'odd', 'pdfjs-freeculture.pdf'))), { ...roomy, maxPages: 6 });
    // Its pages also carry printer's marks outside the crop box, which are really hidden.
    expect(paper.hiddenText.filter((entry) => entry.technique !== 'outside-crop-box')).toEqual([]);
    expect(paper.hiddenText.some((entry) => entry.technique === 'outside-crop-box')).toBe(true);
    expect(paper.pages.find((page) => page.number === 6)?.text).toContain('HOW BIG MEDIA USES TECHNOLOGY');
  });
});
