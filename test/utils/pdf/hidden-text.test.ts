import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractPaper, type ExtractedPaper } from '@/utils/pdf/extract';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath, skipNote } from '../../support/shared-fixtures';
import { injection, makeHiddenTextPdfs, ocrText, visibleParagraph, type HiddenTextCase } from '../../support/make-hidden-text-pdfs';
import { configurePdfjsForNode } from '../../support/node-pdfjs';

function cleanText(paper: ExtractedPaper): string {
  return [paper.pages.map((page) => page.text).join('\n'), ...paper.sections.map((section) => section.text)].join('\n');
}

describe('hidden text in generated PDFs', () => {
  let cases: HiddenTextCase[] = [];
  const papers = new Map<string, ExtractedPaper>();

  beforeAll(async () => {
    configurePdfjsForNode();
    cases = await makeHiddenTextPdfs();
    for (const pdf of cases) {
      papers.set(pdf.name, await extractPaper(pdf.bytes));
    }
  });

  it('generates every technique and the OCR control', () => {
    expect(cases.map((pdf) => pdf.technique ?? 'control').sort()).toEqual(
      ['background-colour', 'control', 'invisible-render-mode', 'invisible-render-mode', 'outside-crop-box', 'tiny-font', 'white-text', 'zero-opacity'].sort(),
    );
  });

  it.each(['white-text', 'background-colour', 'tiny-font', 'render-mode-3', 'render-mode-7', 'outside-crop-box', 'zero-opacity'])(
    '%s: reported with its technique, kept out of the clean text, the visible paragraph kept',
    (name) => {
      const pdf = cases.find((candidate) => candidate.name === name)!;
      const paper = papers.get(name)!;
      expect(paper.hiddenText).toEqual([{ page: 1, text: injection, technique: pdf.technique }]);
      expect(cleanText(paper)).not.toContain('Ignore all previous');
      expect(cleanText(paper)).toContain(visibleParagraph);
      expect(paper.notes.join(' ')).toMatch(/cannot see/);
    },
  );

  it('treats an OCR layer over a full-page image as ordinary text', () => {
    const paper = papers.get('ocr-layer-over-image')!;
    expect(paper.hiddenText).toEqual([]);
    expect(cleanText(paper)).toContain(ocrText);
  });
});

describe.skipIf(!hasSharedFixtures)(`hidden text in shared PDFs ${skipNote(!hasSharedFixtures, missingSharedFixtures)}`, () => {
  beforeAll(() => configurePdfjsForNode());

  it('reports render-mode-3 text with no image under it (docling-invisible_text_layer.pdf)', async () => {
    const paper = await extractPaper(new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'odd', 'docling-invisible_text_layer.pdf'))));
    expect(paper.hiddenText).toEqual([{ page: 1, text: 'Invisible OCR text layer', technique: 'invisible-render-mode' }]);
    expect(cleanText(paper)).toContain('Visible heading line');
    expect(cleanText(paper)).not.toContain('Invisible OCR');
  });

  it('does not report a white title drawn twice, once under a black box (pdfjs-freeculture.pdf p. 6)', async () => {
    const paper = await extractPaper(new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'odd', 'pdfjs-freeculture.pdf'))), { maxPages: 6 });
    expect(paper.hiddenText.filter((entry) => entry.technique !== 'outside-crop-box')).toEqual([]);
    expect(paper.pages.find((page) => page.number === 6)?.text).toContain('HOW BIG MEDIA USES TECHNOLOGY');
  });
});
