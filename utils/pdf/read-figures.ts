/**
 * The figure search: detection (figures.ts, pure) over pages already read by the text extraction's page walk, or,
 * when the paper's text came from the cache, over pages read here from the PDF with pdf.js: every page's text,
 * then the operator list of the pages that have a figure caption (only those: operator lists with images decoded
 * are the expensive part).
 */
import { toPositioned } from './page-reader';
import { detectFigures, figurePageLines, hasFigureCaption, type DetectFiguresOptions, type FigureDetection, type FigurePageInput } from './figures';
import { collectPaintedBoxes } from './painted-boxes';
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

async function readPainted(document: PdfDocument, input: FigurePageInput): Promise<FigurePageInput['painted']> {
  const page = await document.getPage(input.number);
  try {
    return collectPaintedBoxes(await page.getOperatorList(), input.box);
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
      page.painted = await readPainted(document, page);
    }
    return { pages, pageCount, notes };
  } finally {
    await opened.destroy();
  }
}

/** Figures among pages already read: no document is opened, no page read again. */
export function searchFigurePages({ pages, pageCount, notes }: FigurePages, options: Pick<DetectFiguresOptions, 'sections'> = {}): FigureSearch {
  const detection = detectFigures(pages, { sections: options.sections });
  return { ...detection, pagesSearched: pages.length, pageCount, notes };
}

export async function findFigures(bytes: Uint8Array, options: FindFiguresOptions = {}): Promise<FigureSearch> {
  return searchFigurePages(await readFigurePages(bytes, options), options);
}
