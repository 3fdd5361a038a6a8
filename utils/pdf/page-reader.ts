/**
 * One page of an open PDF, read the way the model will get it: its text runs, minus the text a reader
 * cannot see, placed in the frame where the page's text reads left to right. Runs wherever pdf.js runs: in a
 * page-reading worker, or in the calling thread. The result is plain data, so it crosses a worker boundary as is.
 */
import { collectHiddenText, scanPage, verdictsForRuns, verdictsFromGlyphs, visibleParts, type HiddenText, type LayerVisibility, type RunVerdicts } from './hidden-text';
import { figurePageLines, hasFigureCaption, type FigurePageInput } from './figures';
import type { PageBox, PositionedText } from './layout';
import { paintedBoxesOf } from './painted-boxes';
import { classifyPdfjsError, isTextItem, openPdf, type OpenedPdf, type PdfDocument, type PdfPage, type TextItem } from './pdfjs';
import { readError, type PdfReadError } from './read-error';
import type { ReadRun } from './text-runs';
import { countWords } from '../words';

export interface PageReadResult {
  number: number;
  /** The crop box in the reading frame of `runs`. */
  box: PageBox;
  /** Visible text runs, turned so that the page's text reads left to right. */
  runs: PositionedText[];
  boldFonts: string[];
  hiddenText: HiddenText[];
  /** Words in every run, visible or not, before any cleaning: comparable with pdftotext's count. */
  rawWordCount: number;
  /** The page draws images (a scan without a text layer has nothing else). */
  hasImages: boolean;
  /** 'unchecked': the page's time ran out before all of its text was judged for visibility. */
  hiddenTextScan: 'checked' | 'unchecked';
  /**
   * What the figure search needs from this page, from the same walk: the visible runs in the page's own frame
   * (figures are drawn in it), and where the page paints graphics when it has a figure caption.
   */
  figurePage: FigurePageInput;
}

export interface ReadPageOptions {
  /** The longest the hidden-text scan of this page may take (its text is read whatever happens). */
  scanBudgetMs: number;
  signal?: AbortSignal;
}

/** A document opened for page reading, with what every page's scan needs to know about it. */
export interface OpenDocument {
  pdf: PdfDocument;
  layers?: LayerVisibility;
  close(): Promise<void>;
}

/** Opens PDF bytes; a PDF that cannot be opened ends in a PdfReadError whose message says why. */
export async function openDocument(bytes: Uint8Array): Promise<OpenDocument> {
  const opened: OpenedPdf = openPdf(bytes);
  let pdf: PdfDocument;
  try {
    pdf = await opened.document;
  } catch (error) {
    await opened.destroy().catch(() => undefined);
    throw readError(classifyPdfjsError(error) === 'password' ? 'password' : 'damaged');
  }
  const layers = await pdf.getOptionalContentConfig().catch(() => undefined);
  return { pdf, ...(layers ? { layers } : {}), close: () => opened.destroy() };
}

export type { PdfReadError };

/** Quarter turns that bring most of a page's text upright: landscape tables and whole rotated pages read like any other page. */
function dominantQuarterTurns(items: ReadRun[]): number {
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

/** A text run turned by -turns quarter turns. */
export function toPositioned(item: ReadRun, turns: number): PositionedText {
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
}

/** pdf.js font objects carry the PostScript name ("NimbusRomNo9L-Medi") once the page's fonts are loaded. */
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

/*
 * The per-run work of a page is done in module-level functions with plain loops, not in callbacks made anew for
 * every page: V8 keeps a module-level function's optimised code, where it optimised such callbacks again page after page.
 */

/** The visible parts of every run, turned by -quarterTurns quarter turns. */
function visibleRuns(items: ReadRun[], verdicts: RunVerdicts, quarterTurns: number): PositionedText[] {
  const parts: PositionedText[] = [];
  for (let index = 0; index < items.length; index++) {
    parts.push(...visibleParts(toPositioned(items[index]!, quarterTurns), verdicts.chars[index] ?? []));
  }
  return parts;
}

function wordCountOf(items: ReadRun[]): number {
  let count = 0;
  for (const item of items) count += countWords(item.str);
  return count;
}

export async function readPdfPage(document: OpenDocument, number: number, { scanBudgetMs, signal }: ReadPageOptions): Promise<PageReadResult> {
  const { pdf } = document;
  const page = await pdf.getPage(number);
  try {
    const [left = 0, bottom = 0, right = 612, top = 792] = page.view;
    const scan = await scanPage(pdf, page, [left, bottom, right, top], { budgetMs: scanBudgetMs, ...(document.layers ? { layers: document.layers } : {}), ...(signal ? { signal } : {}) });
    // The scan's operators usually give the text too; when they could not, pdf.js reads it apart, so text is always read.
    const items: ReadRun[] = scan.runs ?? (await page.getTextContent()).items.filter((item): item is TextItem => isTextItem(item) && item.str !== '');
    const verdicts = scan.runs ? verdictsFromGlyphs(scan.runs, scan) : verdictsForRuns(items, scan);
    const turns = dominantQuarterTurns(items);
    const runs = visibleRuns(items, verdicts, turns);
    const pageBox = { left, bottom, right, top };
    const figurePage: FigurePageInput = { number, box: pageBox, runs: turns === 0 ? runs : visibleRuns(items, verdicts, 0) };
    if (scan.drawing && hasFigureCaption(figurePageLines(figurePage))) figurePage.painted = paintedBoxesOf(scan.drawing.marks, pageBox);
    const boldFonts = [...new Set(items.map((item) => item.fontName))].filter((fontName) => fontIsBold(page, fontName));
    return {
      number,
      box: unrotateBox(pageBox, turns),
      runs,
      boldFonts,
      hiddenText: collectHiddenText(number, items, verdicts),
      rawWordCount: wordCountOf(items),
      hasImages: scan.drawing?.marks.some((mark) => mark.kind === 'image') ?? false,
      hiddenTextScan: scan.status,
      figurePage,
    };
  } finally {
    page.cleanup();
  }
}
