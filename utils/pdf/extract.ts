/**
 * PDF bytes → a clean, faithful paper: reading order, structure, captions, references and a report of the text
 * a reader cannot see, which is kept out. Pages are read by page readers (in parallel when they are workers);
 * structure is built here from their results. Every failure ends in a PdfReadError whose message the UI can
 * show as is.
 */
import type { FigurePageInput } from './figures';
import type { HiddenText } from './hidden-techniques';
import { readingOrder } from './layout';
import type { PageReadResult } from './page-reader';
import { PageTimeoutError, type DocumentReader, type PageReaders } from './page-readers';
import { PdfReadError, readError } from './read-error';
import { buildStructure, type Caption, type PaperSection, type Reference } from './structure';

export type { HiddenText, HiddenTechnique } from './hidden-techniques';
export type { Caption, PaperSection, Reference, SectionKind } from './structure';
export { PdfReadError, type PdfReadErrorKind } from './read-error';

export interface ExtractedPaper {
  pageCount: number;
  pagesRead: number;
  title?: string;
  /** Clean visible text per page (no running headers, no hidden text): what the quote checker matches against. */
  pages: { number: number; text: string }[];
  sections: PaperSection[];
  captions: Caption[];
  references: Reference[];
  hiddenText: HiddenText[];
  /** Pages whose text could not all be checked for hidden text in time: their text was kept, and the reader is told. */
  uncheckedPages: number[];
  /** Words in every text run, visible or not, before any cleaning: comparable with pdftotext's count. */
  rawWordCount: number;
  /** What the reader should know about this extraction ("read pages 1–150 of 352"). */
  notes: string[];
  /**
   * What the figure search needs from each page read, taken from the same page walk. Only in a paper read from its
   * PDF just now: the text cache does not keep it.
   */
  figurePages?: FigurePageInput[];
}

export interface ExtractOptions {
  signal?: AbortSignal;
  maxPages?: number;
  /** Longest one page may take; a slower page is skipped and noted. */
  pageTimeoutMs?: number;
  /** Longest the whole document may take, opening included. */
  totalTimeoutMs?: number;
  /** Longest the hidden-text scan of one page may take; a page not done by then is reported as not checked. */
  scanBudgetMs?: number;
  /** Who reads the pages; the readers set with setDefaultPageReaders when left out. */
  readers?: PageReaders;
  onProgress?: (pagesRead: number, pageCount: number) => void;
}

export const defaultMaxPages = 150;
/**
 * Long enough for the pages of real papers, a vector-heavy figure page included, on a reader's machine; short
 * enough that a page built to stall the check cannot hold up the take for long.
 */
export const defaultScanBudgetMs = 4_000;

let defaultReaders: PageReaders | undefined;

/** Sets who reads pages when extractPaper is not told (the sidebar: its pool of page-reading workers). */
export function setDefaultPageReaders(readers: PageReaders | undefined): void {
  defaultReaders = readers;
}

/** Gets the default page readers going, so that they are ready by the time a download ends. */
export function warmUpPageReaders(): void {
  defaultReaders?.warmUp();
}

/** Rejects after `ms` or on abort, whichever comes first; `clear` stops the timer. */
function deadline(ms: number, signal: AbortSignal | undefined): { promise: Promise<never>; clear(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(readError('timeout')), ms);
    onAbort = () => reject(readError('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  // Callers race this promise; an unobserved rejection after they finished must not surface.
  promise.catch(() => undefined);
  return {
    promise,
    clear() {
      clearTimeout(timer);
      if (onAbort) {
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}


interface ReadDocument {
  pageCount: number;
  pages: PageReadResult[];
  notes: string[];
}

async function readPages(reader: DocumentReader, overall: Promise<never>, options: ExtractOptions & { maxPages: number; pageTimeoutMs: number; scanBudgetMs: number }): Promise<ReadDocument> {
  const { maxPages, pageTimeoutMs, scanBudgetMs, onProgress } = options;
  const { pageCount } = reader;
  const notes: string[] = [];
  const toRead = Math.min(pageCount, maxPages);
  if (toRead < pageCount) {
    notes.push(`This PDF has ${pageCount} pages; only the first ${toRead} were read.`);
  }
  const results = new Map<number, PageReadResult>();
  const failures = new Map<number, string>();
  let stoppedAt: number | undefined;
  let done = 0;
  const reads = Array.from({ length: toRead }, (_unused, index) => index + 1).map(async (number) => {
    try {
      results.set(number, await reader.readPage(number, { scanBudgetMs, timeoutMs: pageTimeoutMs }));
    } catch (error) {
      if (error instanceof PageTimeoutError && !error.canContinue) {
        // A page that hangs in this thread takes the document with it: pdf.js cannot cancel one page.
        stoppedAt = Math.min(stoppedAt ?? number, number);
      } else {
        failures.set(number, error instanceof PageTimeoutError ? `Page ${number} took too long to read and was skipped.` : `Page ${number} could not be read and was skipped.`);
      }
    }
    done++;
    onProgress?.(results.size, pageCount);
    return done;
  });
  await Promise.race([Promise.all(reads), overall]);
  for (let number = 1; number <= toRead; number++) {
    const failure = failures.get(number);
    if (failure && (stoppedAt === undefined || number < stoppedAt)) notes.push(failure);
  }
  if (stoppedAt !== undefined) {
    notes.push(`Reading stopped at page ${stoppedAt}: it took too long.`);
  }
  const pages = [...results.values()].filter((page) => stoppedAt === undefined || page.number < stoppedAt).sort((a, b) => a.number - b.number);
  return { pageCount, pages, notes };
}

function hasVisibleText(pages: PageReadResult[]): boolean {
  return pages.some((page) => page.runs.some((run) => run.str.trim() !== ''));
}

/** "pages 3, 5–7" */
function pageList(numbers: number[]): string {
  const ranges: string[] = [];
  for (let index = 0; index < numbers.length; index++) {
    const start = numbers[index]!;
    let end = start;
    while (numbers[index + 1] === end + 1) end = numbers[++index]!;
    ranges.push(end === start ? `${start}` : `${start}–${end}`);
  }
  return `${numbers.length === 1 ? 'page' : 'pages'} ${ranges.join(', ')}`;
}

export async function extractPaper(bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedPaper> {
  const { maxPages = defaultMaxPages, pageTimeoutMs = 20_000, totalTimeoutMs = 120_000, scanBudgetMs = defaultScanBudgetMs } = options;
  if (options.signal?.aborted) {
    throw readError('aborted');
  }
  const readers = options.readers ?? defaultReaders;
  if (!readers) {
    throw new Error('No page readers: the context must call setDefaultPageReaders first.');
  }
  const overall = deadline(totalTimeoutMs, options.signal);
  let reader: DocumentReader | undefined;
  let read: ReadDocument;
  try {
    reader = await Promise.race([readers.open(bytes), overall.promise]);
    read = await readPages(reader, overall.promise, { ...options, maxPages, pageTimeoutMs, scanBudgetMs });
  } catch (error) {
    if (error instanceof PdfReadError) throw error;
    throw readError('damaged');
  } finally {
    overall.clear();
    // On a timeout or abort this is also what stops pages still being read.
    await reader?.close().catch(() => undefined);
  }
  const { pageCount, pages, notes } = read;

  const hiddenText = pages.flatMap((page) => page.hiddenText);
  const uncheckedPages = pages.filter((page) => page.hiddenTextScan === 'unchecked').map((page) => page.number);
  const rawWordCount = pages.reduce((total, page) => total + page.rawWordCount, 0);
  if (!hasVisibleText(pages)) {
    if (pages.length === 0 && notes.some((note) => note.includes('took too long'))) {
      throw readError('timeout');
    }
    if (pages.length === 0 && pageCount > 0) {
      throw readError('damaged');
    }
    // No text: a scan has images where the text would be. The first pages tell.
    const isScan = pages.slice(0, 3).some((page) => page.hasImages);
    throw readError(hiddenText.length === 0 && isScan ? 'no-text-layer' : 'empty');
  }

  const boldFonts = new Set(pages.flatMap((page) => page.boldFonts));
  const structure = buildStructure(
    pages.map((page) => ({ number: page.number, box: page.box, lines: readingOrder(page.runs, page.box) })),
    (fontName) => boldFonts.has(fontName),
  );
  if (hiddenText.length > 0) {
    notes.push(`Found text a reader cannot see on ${new Set(hiddenText.map((entry) => entry.page)).size} page(s); it was left out.`);
  }
  if (uncheckedPages.length > 0) {
    notes.push(`Not checked for hidden text in time: ${pageList(uncheckedPages)}; their text was kept.`);
  }
  return {
    pageCount,
    pagesRead: pages.length,
    ...(structure.title ? { title: structure.title } : {}),
    pages: structure.pages,
    sections: structure.sections,
    captions: structure.captions,
    references: structure.references,
    hiddenText,
    uncheckedPages,
    rawWordCount,
    notes,
    figurePages: pages.map((page) => page.figurePage),
  };
}
