/**
 * PDF bytes → a clean, faithful paper: reading order, structure, captions, references and a
 * hidden-text report. Every failure ends in a PdfReadError whose message the UI can show as is.
 */
import { classifyRuns, collectHiddenText, type HiddenText, type OperatorList, type RunClassification } from './hidden-text';
import { readingOrder, type PageBox, type PositionedText } from './layout';
import { countWords } from '../words';
import { classifyPdfjsError, imagePaintOps, isTextItem, openPdf, type OpenedPdf, type PdfDocument, type PdfPage, type TextItem } from './pdfjs';
import { buildStructure, type Caption, type PaperSection, type Reference } from './structure';

export type { HiddenText, HiddenTechnique } from './hidden-text';
export type { Caption, PaperSection, Reference, SectionKind } from './structure';

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
  /** Words in every text run, visible or not, before any cleaning: comparable with pdftotext's count. */
  rawWordCount: number;
  /** What the reader should know about this extraction ("read pages 1–150 of 352"). */
  notes: string[];
}

export type PdfReadErrorKind = 'password' | 'damaged' | 'no-text-layer' | 'timeout' | 'aborted' | 'empty';

export class PdfReadError extends Error {
  override readonly name = 'PdfReadError';
  constructor(
    readonly kind: PdfReadErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface ExtractOptions {
  signal?: AbortSignal;
  maxPages?: number;
  /** Longest one page may take; a slower page is skipped and noted. */
  pageTimeoutMs?: number;
  /** Longest the whole document may take, opening included. */
  totalTimeoutMs?: number;
  onProgress?: (pagesRead: number, pageCount: number) => void;
}

export const defaultMaxPages = 150;

const messages: Record<PdfReadErrorKind, string> = {
  password: 'This PDF is password-protected, so it cannot be read. Open it in your PDF reader, or find an unprotected copy (arXiv usually has one).',
  damaged: 'This PDF is damaged and could not be read. Download it again, or try another copy of the paper.',
  'no-text-layer': 'This PDF is a scan with no text layer: there is no text to read. A version with real text (or an OCR pass) is needed.',
  timeout: 'Reading this PDF took too long and was stopped. It may be malformed or very large.',
  aborted: 'Reading the PDF was cancelled.',
  empty: 'This PDF contains no text to read.',
};

function readError(kind: PdfReadErrorKind): PdfReadError {
  return new PdfReadError(kind, messages[kind]);
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

/** Quarter turns that bring most of a page's text upright: landscape tables and whole rotated pages read like any other page. */
function dominantQuarterTurns(items: TextItem[]): number {
  const weight = [0, 0, 0, 0];
  for (const item of items) {
    const [a = 1, b = 0] = item.transform as number[];
    const turns = (Math.round(Math.atan2(b, a) / (Math.PI / 2)) + 4) % 4;
    weight[turns] = (weight[turns] ?? 0) + item.str.length;
  }
  return weight.indexOf(Math.max(...weight));
}

/** Rotates a point by -turns quarter turns, into the frame where the page's text runs left to right. */
function unrotate(x: number, y: number, turns: number): [number, number] {
  switch (turns) {
    case 1:
      return [y, -x];
    case 2:
      return [-x, -y];
    case 3:
      return [-y, x];
    default:
      return [x, y];
  }
}

function unrotateBox(box: PageBox, turns: number): PageBox {
  const [x0, y0] = unrotate(box.left, box.bottom, turns);
  const [x1, y1] = unrotate(box.right, box.top, turns);
  return { left: Math.min(x0, x1), bottom: Math.min(y0, y1), right: Math.max(x0, x1), top: Math.max(y0, y1) };
}

/** Text runs turned by -turns quarter turns; `box` is the crop box in PDF space, the result's box is in the runs' frame. */
function toPositioned(items: TextItem[], box: PageBox, turns: number): { runs: PositionedText[]; box: PageBox } {
  const runs = items.map((item): PositionedText => {
    const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = item.transform as number[];
    const [rx, ry] = unrotate(x, y, turns);
    const [ra, rb] = unrotate(a, b, turns);
    return {
      str: item.str,
      x: rx,
      y: ry,
      width: item.width,
      fontSize: Math.hypot(c, d),
      fontName: item.fontName,
      // Slanted (synthetic italic) text is upright; only turned text is not.
      isUpright: ra > 0 && Math.abs(rb) < 1e-3 * Math.max(Math.abs(ra), 1),
    };
  });
  return { runs, box: unrotateBox(box, turns) };
}

/** pdf.js font objects carry the PostScript name ("NimbusRomNo9L-Medi") once the operator list loaded them. */
function fontIsBold(page: PdfPage, fontName: string): boolean {
  try {
    if (!page.commonObjs.has(fontName)) {
      return false;
    }
    const font = page.commonObjs.get(fontName) as { name?: string; bold?: boolean } | undefined;
    return Boolean(font?.bold) || /bold|black|heavy|semibold|demi|medi\b|-medi|\.b$|,b/i.test(font?.name ?? '');
  } catch {
    return false;
  }
}

interface ReadPage {
  number: number;
  box: PageBox;
  runs: PositionedText[];
  classification: RunClassification;
  boldFonts: Set<string>;
}


/**
 * The main document is opened without images (cheap operator lists). Two questions need them: is invisible
 * text an OCR layer over a scan, and is a text-less PDF a scan? For those rare pages a second copy of the
 * document, with images, is opened on demand.
 */
class ImageAwareDocument {
  private opened: OpenedPdf | undefined;
  constructor(private readonly bytes: Uint8Array) {}

  async operatorList(number: number): Promise<OperatorList> {
    this.opened ??= openPdf(this.bytes);
    const page = await (await this.opened.document).getPage(number);
    try {
      return await page.getOperatorList();
    } finally {
      page.cleanup();
    }
  }

  async destroy(): Promise<void> {
    await this.opened?.destroy();
  }
}

async function readPage(document: PdfDocument, number: number, withImages: ImageAwareDocument): Promise<ReadPage> {
  const page = await document.getPage(number);
  try {
    const [left = 0, bottom = 0, right = 612, top = 792] = page.view;
    const items = (await page.getTextContent()).items.filter((item): item is TextItem => isTextItem(item) && item.str !== '');
    const cropBox = { left, bottom, right, top };
    // Hidden text is judged in PDF space, where the operator list draws; reading order in the text's own frame.
    const { runs, box } = toPositioned(items, cropBox, 0);
    const turns = dominantQuarterTurns(items);
    const reading = turns === 0 ? { runs, box } : toPositioned(items, cropBox, turns);
    let classification = classifyRuns(runs, box, await page.getOperatorList());
    if (classification.techniques.includes('invisible-render-mode')) {
      classification = classifyRuns(runs, box, await withImages.operatorList(number));
    }
    const boldFonts = new Set(runs.map((run) => run.fontName).filter((fontName) => fontIsBold(page, fontName)));
    return { number, box: reading.box, runs: reading.runs, classification, boldFonts };
  } finally {
    page.cleanup();
  }
}

function hasVisibleText(pages: ReadPage[]): boolean {
  return pages.some((page) => page.runs.some((run, index) => !page.classification.techniques[index] && run.str.trim() !== ''));
}

interface ReadDocument {
  pageCount: number;
  pages: ReadPage[];
  notes: string[];
}

async function readDocument(opened: OpenedPdf, withImages: ImageAwareDocument, overall: Promise<never>, options: ExtractOptions & { maxPages: number; pageTimeoutMs: number }): Promise<ReadDocument> {
  const { signal, maxPages, pageTimeoutMs, onProgress } = options;
  let document: PdfDocument;
  try {
    document = await Promise.race([opened.document, overall]);
  } catch (error) {
    if (error instanceof PdfReadError) {
      throw error;
    }
    throw readError(classifyPdfjsError(error) === 'password' ? 'password' : 'damaged');
  }
  const pageCount = document.numPages;
  const notes: string[] = [];
  const pages: ReadPage[] = [];
  const toRead = Math.min(pageCount, maxPages);
  if (toRead < pageCount) {
    notes.push(`This PDF has ${pageCount} pages; only the first ${toRead} were read.`);
  }
  for (let number = 1; number <= toRead; number++) {
    const perPage = deadline(pageTimeoutMs, signal);
    try {
      pages.push(await Promise.race([readPage(document, number, withImages), perPage.promise, overall]));
    } catch (error) {
      if (error instanceof PdfReadError && error.kind === 'aborted') {
        throw error;
      }
      if (error instanceof PdfReadError && error.kind === 'timeout') {
        // A page that hangs takes the document with it: pdf.js cannot cancel one page, only the whole task.
        notes.push(`Reading stopped at page ${number}: it took too long.`);
        break;
      }
      notes.push(`Page ${number} could not be read and was skipped.`);
    } finally {
      perPage.clear();
    }
    onProgress?.(pages.length, pageCount);
  }
  return { pageCount, pages, notes };
}

export async function extractPaper(bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedPaper> {
  const { maxPages = defaultMaxPages, pageTimeoutMs = 20_000, totalTimeoutMs = 120_000 } = options;
  if (options.signal?.aborted) {
    throw readError('aborted');
  }
  const opened = openPdf(bytes, { skipImages: true });
  const withImages = new ImageAwareDocument(bytes);
  const overall = deadline(totalTimeoutMs, options.signal);
  let read: ReadDocument;
  let isScan = false;
  try {
    read = await readDocument(opened, withImages, overall.promise, { ...options, maxPages, pageTimeoutMs });
    if (!hasVisibleText(read.pages) && read.pages.length > 0) {
      // No text: a scan has images where the text would be. The first pages tell.
      const firstPages = Promise.all(read.pages.slice(0, 3).map((page) => withImages.operatorList(page.number))).catch((): OperatorList[] => []);
      isScan = (await Promise.race([firstPages, overall.promise])).some((operators) => operators.fnArray.some((fn) => imagePaintOps.has(fn)));
    }
  } finally {
    overall.clear();
    // Ends the workers too; on a timeout this is what stops a document that is still being parsed.
    await Promise.all([opened.destroy(), withImages.destroy()]);
  }
  const { pageCount, pages, notes } = read;

  const hiddenText = pages.flatMap((page) => collectHiddenText(page.number, page.runs, page.classification));
  const rawWordCount = pages.reduce((total, page) => total + page.runs.reduce((sum, run) => sum + countWords(run.str), 0), 0);
  if (!hasVisibleText(pages)) {
    if (pages.length === 0 && notes.some((note) => note.includes('took too long'))) {
      throw readError('timeout');
    }
    if (pages.length === 0 && pageCount > 0) {
      throw readError('damaged');
    }
    throw readError(hiddenText.length === 0 && isScan ? 'no-text-layer' : 'empty');
  }

  const boldFonts = new Set(pages.flatMap((page) => [...page.boldFonts]));
  const structure = buildStructure(
    pages.map((page) => ({
      number: page.number,
      box: page.box,
      lines: readingOrder(
        page.runs.filter((_run, index) => !page.classification.techniques[index]),
        page.box,
      ),
    })),
    (fontName) => boldFonts.has(fontName),
  );
  if (hiddenText.length > 0) {
    notes.push(`Found text a reader cannot see on ${new Set(hiddenText.map((entry) => entry.page)).size} page(s); it was left out.`);
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
    rawWordCount,
    notes,
  };
}
