/**
 * Page geometry: text items → lines → columns → reading order. Pure; knows nothing of pdf.js beyond the
 * shape of a positioned text run.
 */

/** One run of text as pdf.js places it: baseline origin (x, y) in PDF user space, y growing upwards. */
export interface PositionedText {
  str: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
  /** Font key within the document, used for bold detection when font names are known. */
  fontName: string;
  /** Upright text only; rotated runs (arXiv's side stamp, rotated axis labels) are kept out of the layout. */
  isUpright: boolean;
}

export type ColumnSide = 'left' | 'right' | 'full';

export interface LayoutLine {
  text: string;
  x0: number;
  x1: number;
  /** Baseline, PDF user space (larger is higher on the page). */
  y: number;
  fontSize: number;
  fontName: string;
  column: ColumnSide;
}

export interface PageBox {
  left: number;
  bottom: number;
  right: number;
  top: number;
}

interface Segment {
  runs: PositionedText[];
  x0: number;
  x1: number;
  y: number;
}

/** Runs whose baselines differ by less than this share of the font size sit on one line (superscripts included). */
const baselineTolerance = 0.45;
/** A horizontal gap wider than this many font sizes splits a line (tables, side-by-side figure labels). */
const wideGap = 3;
/** A gap over the page's middle this wide is a column gutter (IEEE's gutter is only ~1.2 em). */
const gutterGap = 0.6;

// Module-level, not inline arrows: V8 keeps a module-level function's optimised code across pages, where it
// optimised callbacks made anew for each page again and again.
function isUprightText(run: PositionedText): boolean {
  return run.isUpright && run.str.trim() !== '';
}

function topToBottomThenLeftToRight(a: PositionedText, b: PositionedText): number {
  return b.y - a.y || a.x - b.x;
}

function leftToRight(a: PositionedText, b: PositionedText): number {
  return a.x - b.x;
}

function buildSegments(runs: PositionedText[], middle: number): Segment[] {
  const sorted = runs.filter(isUprightText).sort(topToBottomThenLeftToRight);
  const lines: PositionedText[][] = [];
  // Runs arrive top to bottom; each is compared with the lowest run of the current line, so a heading a little
  // below the neighbouring column's line still gathers its own small-caps tail ("5.3 M" + "OONCAKE").
  let lowest: PositionedText | undefined;
  for (const run of sorted) {
    const current = lines.at(-1);
    if (current && lowest && lowest.y - run.y < baselineTolerance * Math.max(lowest.fontSize, run.fontSize, 1)) {
      current.push(run);
    } else {
      lines.push([run]);
    }
    lowest = run;
  }
  const segments: Segment[] = [];
  for (const line of lines) {
    line.sort(leftToRight);
    let segment: Segment | undefined;
    for (const run of line) {
      const size = Math.max(run.fontSize, 1);
      const gap = segment ? run.x - segment.x1 : 0;
      const crossesMiddle = segment !== undefined && segment.x1 <= middle + size && run.x >= middle - size;
      if (!segment || gap > wideGap * size || (crossesMiddle && gap > gutterGap * size)) {
        segment = { runs: [], x0: run.x, x1: run.x, y: run.y };
        segments.push(segment);
      }
      segment.runs.push(run);
      segment.x1 = Math.max(segment.x1, run.x + run.width);
    }
  }
  return segments;
}

/** Joins runs of one segment, adding a space where pdf.js left a visible gap but no space character. */
function segmentText(segment: Segment): string {
  let text = '';
  let previousEnd: number | undefined;
  for (const run of segment.runs) {
    const gap = previousEnd === undefined ? 0 : run.x - previousEnd;
    if (text && gap > 0.15 * run.fontSize && !/\s$/.test(text) && !/^\s/.test(run.str)) {
      text += ' ';
    }
    text += run.str;
    previousEnd = run.x + run.width;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The run that sets a line's size and font: its first one. Headings start with their number in the heading
 * font, even when the rest is in small caps ("5.3 MOONCAKE Store"), and body lines start in the body font.
 */
function leadingRun(segment: Segment): PositionedText {
  return segment.runs.find((run) => run.str.trim() !== '') ?? segment.runs[0]!;
}

/**
 * Lines of one page in reading order. Two-column pages are read in bands: full-width lines (title, abstract
 * across both columns, wide figures) split the page, and within a band the left column is read before the right.
 */
export function readingOrder(runs: PositionedText[], box: PageBox): LayoutLine[] {
  const middle = (box.left + box.right) / 2;
  const segments = buildSegments(runs, middle);
  const lines: LayoutLine[] = segments.map((segment) => {
    const run = leadingRun(segment);
    const margin = Math.max(run.fontSize, 1);
    const column: ColumnSide = segment.x1 <= middle + margin ? 'left' : segment.x0 >= middle - margin ? 'right' : 'full';
    return { text: segmentText(segment), x0: segment.x0, x1: segment.x1, y: segment.y, fontSize: run.fontSize, fontName: run.fontName, column };
  });
  const rightCount = lines.filter((line) => line.column === 'right').length;
  const leftCount = lines.filter((line) => line.column === 'left').length;
  // A single-column page has short left-only lines (headings, paragraph ends) but few right-only ones.
  const isTwoColumn = rightCount >= 5 && leftCount >= 5 && rightCount >= 0.15 * lines.length;
  if (!isTwoColumn) {
    return lines.map((line) => ({ ...line, column: 'full' }));
  }
  const ordered: LayoutLine[] = [];
  let band: LayoutLine[] = [];
  const flushBand = () => {
    ordered.push(...band.filter((line) => line.column === 'left'), ...band.filter((line) => line.column === 'right'));
    band = [];
  };
  for (const line of lines) {
    if (line.column === 'full') {
      flushBand();
      ordered.push(line);
    } else {
      band.push(line);
    }
  }
  flushBand();
  return ordered;
}
