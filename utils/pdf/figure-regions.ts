/**
 * The drawing a caption belongs to: the painted boxes (paths, images) and the figure's own text (axis labels,
 * legends, sub-captions) next to the caption, in its column, up to the nearest body text, heading, other caption
 * or running header. Looked for above the caption first, where papers put figures, then below.
 * Pure geometry in page space (y grows upwards).
 */
import type { FigureCaption } from './figure-captions';
import type { LayoutLine, PageBox } from './layout';
import type { PaintedBox } from './painted-boxes';

/** How the body text is set, so it can be told from a figure's own text. */
export interface BodyStyle {
  fontSize: number;
  fontName: string;
}

export interface FigureRegion {
  box: PageBox;
  /** Painted boxes inside: zero for a figure made of text alone (a code listing). */
  paintedCount: number;
  textLineCount: number;
}

/** The share of the page height, at top and bottom, whose rules and marks belong to the page (ACM's header rule). */
const pageEdgeShare = 0.04;
/** Graphics covering most of the page are page backgrounds or frames, not figures. */
const backgroundShare = 0.6;
/** Parts of one figure are rarely further apart than this many body-text sizes. */
const maxGapInBodySizes = 4;
/** A figure made of text alone needs a few lines of it, or any short line next to a caption would be taken for one. */
const minTextOnlyLines = 3;
/** "(a) Prefix cache ratio 0%.": a sub-figure's caption, often set like body text, always part of the figure. */
const subCaption = /^\(?[a-h]\)\s/;
/** Room around the drawing, in points, so strokes at its edge are not cut. */
const padding = 2;

type Element = { kind: 'line'; line: LayoutLine; box: PageBox } | { kind: 'painted'; box: PageBox };

function lineBox(line: LayoutLine): PageBox {
  return { left: line.x0, right: line.x1, bottom: line.y - 0.25 * line.fontSize, top: line.y + 0.8 * line.fontSize };
}

/** Mostly within the band, or covering most of it: a plot's frame that pokes past the gutter by a point stays in its column. */
function overlapsHorizontally(box: PageBox, band: { left: number; right: number }): boolean {
  const overlap = Math.min(box.right, band.right) - Math.max(box.left, band.left);
  return overlap > 0 && (overlap >= 0.5 * (box.right - box.left) || overlap >= 0.5 * (band.right - band.left));
}

/** The caption's column: left, right, or the whole page when the caption crosses the middle. */
function captionBand(caption: FigureCaption, page: PageBox): { left: number; right: number } {
  const middle = (page.left + page.right) / 2;
  const margin = caption.fontSize;
  if (caption.x1 <= middle + margin) return { left: page.left, right: middle };
  if (caption.x0 >= middle - margin) return { left: middle, right: page.right };
  return { left: page.left, right: page.right };
}

/** Running prose has small words ("the", "of", "is"); table cells, axis labels and diagram boxes rarely three of them. */
function isProse(text: string): boolean {
  return text.split(/\s+/).filter((word) => /^[a-z]{2,}[,.;:]?$/.test(word)).length >= 3;
}

interface Column {
  /** Where the column's text starts: paragraphs start here or one indent in. */
  textLeft: number;
  width: number;
}

/**
 * A line of the body: body-sized prose starting at the column's left edge and filling a good part of it. A table's
 * description cell is prose too, but starts inside the column. Only a paragraph's short last line escapes this.
 */
function isBodyText(line: LayoutLine, body: BodyStyle, column: Column): boolean {
  if (Math.abs(line.fontSize - body.fontSize) > 0.6 || !isProse(line.text)) return false;
  const startsAtEdge = line.x0 - column.textLeft <= 3 * body.fontSize;
  // Body lines are set in the body font; a paragraph line starting in italics still fills its column.
  const isBodyFont = line.fontName === body.fontName || line.x1 - line.x0 >= 0.7 * column.width;
  return startsAtEdge && isBodyFont && line.x1 - line.x0 >= 0.4 * column.width;
}

/** A short numbered line set apart from the body (larger, or in another font such as bold): a section heading. */
function isHeading(line: LayoutLine, body: BodyStyle): boolean {
  const isSetApart = line.fontSize >= body.fontSize * 1.15 || (line.fontName !== body.fontName && line.fontSize >= body.fontSize - 0.6);
  return isSetApart && line.text.length < 90 && /^(\d{1,2}(\.\d{1,2})*\.?|[A-Z]\.?)\s+[A-Z]/.test(line.text);
}

function union(boxes: PageBox[]): PageBox {
  return {
    left: Math.min(...boxes.map((box) => box.left)),
    bottom: Math.min(...boxes.map((box) => box.bottom)),
    right: Math.max(...boxes.map((box) => box.right)),
    top: Math.max(...boxes.map((box) => box.top)),
  };
}

interface Walk {
  painted: PageBox[];
  lines: LayoutLine[];
}

/**
 * Gathers elements outward from the caption (upwards or downwards), nearest first. `reach` is how far the figure
 * extends so far; an element beyond it by more than the largest gap, or a barrier line beyond it, ends the figure.
 * Lines within the reach of drawings already gathered are the drawing's own labels, whatever their style.
 */
function walk(elements: Element[], start: number, direction: 1 | -1, isBarrier: (line: LayoutLine) => boolean, maxGap: number): Walk {
  const near = (box: PageBox) => (direction === 1 ? box.bottom : -box.top);
  const far = (box: PageBox) => (direction === 1 ? box.top : -box.bottom);
  const sorted = [...elements].sort((a, b) => near(a.box) - near(b.box));
  let reach = direction === 1 ? start : -start;
  const found: Walk = { painted: [], lines: [] };
  for (const element of sorted) {
    const gap = near(element.box) - reach;
    const isWithinReach = gap < 0 && far(element.box) <= reach + 2;
    if (element.kind === 'line' && !isWithinReach && isBarrier(element.line)) break;
    if (gap > maxGap) break;
    if (element.kind === 'line') found.lines.push(element.line);
    else found.painted.push(element.box);
    reach = Math.max(reach, far(element.box));
  }
  return found;
}

export function findFigureRegion(
  caption: FigureCaption,
  lines: readonly LayoutLine[],
  painted: readonly PaintedBox[],
  page: PageBox,
  body: BodyStyle,
  /** Lines no figure reaches past: every float caption on the page (this one's included) and the running headers and footers. */
  stops: ReadonlySet<LayoutLine>,
): FigureRegion | undefined {
  const band = captionBand(caption, page);
  const height = page.top - page.bottom;
  const pageArea = (page.right - page.left) * height;
  const edgeTop = page.top - pageEdgeShare * height;
  const edgeBottom = page.bottom + pageEdgeShare * height;
  const ownLines = new Set(caption.lines);
  const captionTop = caption.firstBaseline + 0.8 * caption.fontSize;
  const captionBottom = caption.lastBaseline - 0.25 * caption.fontSize;
  const inBand = lines.filter((line) => overlapsHorizontally(lineBox(line), band));
  const column: Column = {
    textLeft: Math.min(band.right, ...inBand.filter((line) => Math.abs(line.fontSize - body.fontSize) <= 0.6).map((line) => line.x0)),
    width: band.right - band.left,
  };

  const middle = (page.left + page.right) / 2;
  const isColumnBand = band.right - band.left < 0.75 * (page.right - page.left);
  // A figure in one column never holds a line running across the gutter (the title, the authors, a wide figure's caption).
  const crossesGutter = (line: LayoutLine) => isColumnBand && line.x0 < middle - 2 * line.fontSize && line.x1 > middle + 2 * line.fontSize;
  const isBarrier = (line: LayoutLine) =>
    !subCaption.test(line.text) &&
    (stops.has(line) ||
      crossesGutter(line) || isHeading(line, body) || (isBodyText(line, body, column) && !isOnDrawing(line)));

  const drawing = painted.filter(
    (box) => (box.right - box.left) * (box.top - box.bottom) < backgroundShare * pageArea && box.bottom < edgeTop && box.top > edgeBottom,
  );
  // Text crossed by a drawing's lines (a ruled table, labels on a plot) is the drawing's, however it is set.
  const isOnDrawing = (line: LayoutLine) => {
    const box = lineBox(line);
    return drawing.some((part) => part.left < box.right && part.right > box.left && part.bottom < box.top && part.top > box.bottom);
  };
  const candidates: Element[] = [
    ...lines.filter((line) => !ownLines.has(line)).map((line): Element => ({ kind: 'line', line, box: lineBox(line) })),
    ...drawing.map((box): Element => ({ kind: 'painted', box })),
  ].filter((element) => overlapsHorizontally(element.box, band));

  const maxGap = maxGapInBodySizes * body.fontSize;
  // Anything reaching past the caption on its other side is a frame around more than this figure.
  const above = walk(
    candidates.filter((element) => element.box.bottom >= captionTop - 3),
    captionTop,
    1,
    isBarrier,
    maxGap,
  );
  const below = () =>
    walk(
      candidates.filter((element) => element.box.top <= captionBottom + 3),
      captionBottom,
      -1,
      isBarrier,
      maxGap,
    );
  const isFigure = (found: Walk) => found.painted.length > 0 || found.lines.length >= minTextOnlyLines;
  const found = isFigure(above) ? above : below();
  if (!isFigure(found)) return undefined;
  const box = union([...found.painted, ...found.lines.map(lineBox)]);
  return {
    box: {
      left: Math.max(page.left, box.left - padding),
      bottom: Math.max(page.bottom, box.bottom - padding),
      right: Math.min(page.right, box.right + padding),
      top: Math.min(page.top, box.top + padding),
    },
    paintedCount: found.painted.length,
    textLineCount: found.lines.length,
  };
}
