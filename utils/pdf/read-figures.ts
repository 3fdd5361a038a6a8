/**
 * Reads what figure detection needs from a PDF with pdf.js: every page's text, then the operator list of the
 * pages that have a figure caption (only those: operator lists with images decoded are the expensive part).
 * The detection itself is pure (figures.ts).
 */
import { toPositioned } from './page-reader';
import { detectFigures, figurePageLines, hasFigureCaption, type DetectFiguresOptions, type FigureDetection, type FigurePageInput } from './figures';
import { isTextItem, openPdf, type PdfDocument, type TextItem } from './pdfjs';

export interface FindFiguresOptions extends Pick<DetectFiguresOptions, 'sections'> {
  signal?: AbortSignal;
  /** Pages past this are not looked at (the text extraction reads at most as many). */
  maxPages?: number;
  /** Longest the search may take; pages not reached by then are not searched, and the result says so. */
  totalTimeoutMs?: number;
  now?: () => number;
}

export type FigureSearch = FigureDetection & {
  pagesSearched: number;
  pageCount: number;
  /** What the reader should know about the search ("stopped at page 9 of 17: it took too long"). */
  notes: string[];
};

async function readPageText(document: PdfDocument, number: number): Promise<FigurePageInput> {
  const page = await document.getPage(number);
  try {
    const [left = 0, bottom = 0, right = 612, top = 792] = page.view;
    const box = { left, bottom, right, top };
    const items = (await page.getTextContent()).items.filter((item): item is TextItem => isTextItem(item) && item.str !== '');
    return { number, box, runs: items.map((item) => toPositioned(item, 0)) };
  } finally {
    page.cleanup();
  }
}

async function readOperators(document: PdfDocument, number: number): Promise<FigurePageInput['operators']> {
  const page = await document.getPage(number);
  try {
    return await page.getOperatorList();
  } finally {
    page.cleanup();
  }
}

export class FigureSearchAborted extends Error {
  override readonly name = 'FigureSearchAborted';
  constructor() {
    super('The figure search was cancelled.');
  }
}

export interface FigurePages {
  pages: FigurePageInput[];
  pageCount: number;
  notes: string[];
}

/**
 * Every page's text, and the operator list of each page with a figure caption. Images stay in (they are figures);
 * the document is opened apart from the text extraction's and closed at the end.
 */
export async function readFigurePages(bytes: Uint8Array, options: Omit<FindFiguresOptions, 'sections'> = {}): Promise<FigurePages> {
  const { signal, maxPages = 150, totalTimeoutMs = 60_000, now = () => performance.now() } = options;
  const startedAt = now();
  const notes: string[] = [];
  const isOverTime = () => now() - startedAt > totalTimeoutMs;
  const checkAborted = () => {
    if (signal?.aborted) throw new FigureSearchAborted();
  };
  checkAborted();
  const opened = openPdf(bytes);
  try {
    const document = await opened.document;
    const pageCount = document.numPages;
    const pages: FigurePageInput[] = [];
    for (let number = 1; number <= Math.min(pageCount, maxPages); number++) {
      checkAborted();
      if (isOverTime()) {
        notes.push(`The figure search stopped at page ${number} of ${pageCount}: it took too long.`);
        break;
      }
      pages.push(await readPageText(document, number));
    }
    for (const page of pages) {
      if (!hasFigureCaption(figurePageLines(page))) continue;
      checkAborted();
      if (isOverTime()) {
        notes.push(`The figure search stopped before the drawings on page ${page.number}: it took too long.`);
        break;
      }
      page.operators = await readOperators(document, page.number);
    }
    return { pages, pageCount, notes };
  } finally {
    await opened.destroy();
  }
}

export async function findFigures(bytes: Uint8Array, options: FindFiguresOptions = {}): Promise<FigureSearch> {
  const { pages, pageCount, notes } = await readFigurePages(bytes, options);
  const detection = detectFigures(pages, { sections: options.sections });
  return { ...detection, pagesSearched: pages.length, pageCount, notes };
}
