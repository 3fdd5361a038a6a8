/**
 * Figure captions on a page: "Figure 3: …", "Fig. 3. …", "FIGURE 3 | …", also when a two-column line holds the
 * label after text from the other column. A mention in the body ("Figure 3 shows") has no punctuation after the
 * number and is not a caption. Pure: reads lines in reading order.
 */
import type { LayoutLine } from './layout';

export interface FigureCaption {
  number: number;
  /** The caption as printed, continuation lines joined ("Figure 3: Workflow of inference instances."). */
  text: string;
  /** Where the caption's text sits: its first line's baseline and left edge, its last line's baseline. */
  x0: number;
  x1: number;
  firstBaseline: number;
  lastBaseline: number;
  fontSize: number;
  /** Index of its first line in the page's lines, in reading order. */
  lineIndex: number;
  /** Every line the caption takes, so they are never read as part of the figure. */
  lines: LayoutLine[];
}

const captionAtStart = /^(?:figure|fig\.?)\s*(\d{1,3})\s*[:.|]/i;
/** Inside a line only with a colon: "as in Fig. 3. The…" reads like a caption with a period, never with a colon. */
const captionInside = /\s(?:figure|fig\.?)\s*(\d{1,3})\s*:\s*\S/i;
/** Captions of any float, figures included: a figure's drawing never reaches past one. */
const anyFloatCaption = /^(?:figure|fig\.?|table|tab\.|listing|algorithm)\s*([\dIVX]{1,4})\s*[:.|]/i;

/** Caption text past this is the rest of a long caption or, worse, body text: the label and first sentences are enough. */
const maxCaptionChars = 600;

function startsCaption(line: LayoutLine): { number: number; x0: number; text: string } | undefined {
  const atStart = captionAtStart.exec(line.text);
  if (atStart) return { number: Number(atStart[1]), x0: line.x0, text: line.text };
  const inside = captionInside.exec(line.text);
  if (!inside) return undefined;
  const offset = inside.index + 1;
  // Characters are about evenly wide: the label starts that share of the way along the line.
  const x0 = line.x0 + ((line.x1 - line.x0) * offset) / Math.max(line.text.length, 1);
  return { number: Number(inside[1]), x0, text: line.text.slice(offset) };
}

/** The next line continues the caption when it is set like it, just below it, starting no further left. */
function continues(previous: LayoutLine, next: LayoutLine, x0: number): boolean {
  const sameSize = Math.abs(next.fontSize - previous.fontSize) < 0.3;
  const below = previous.y - next.y > 0 && previous.y - next.y < 1.7 * Math.max(next.fontSize, 1);
  return sameSize && below && next.x0 >= x0 - 2 * next.fontSize && !anyFloatCaption.test(next.text);
}

/** Every line of every float caption on the page (figures, tables, listings, algorithms), continuation lines included. */
export function floatCaptionLines(lines: readonly LayoutLine[]): Set<LayoutLine> {
  const found = new Set<LayoutLine>();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const isStart = anyFloatCaption.test(line.text) || startsCaption(line) !== undefined;
    if (!isStart) continue;
    found.add(line);
    let last = line;
    for (let next = index + 1; next < lines.length && continues(last, lines[next]!, line.x0); next++) {
      last = lines[next]!;
      found.add(last);
    }
  }
  return found;
}

/** Undoes line-end hyphenation: "distri-" + "buted" is one word, "Trace-" + "Monkey" keeps its hyphen. */
function joinCaptionLine(text: string, line: string): string {
  if (!/[A-Za-z]-$/.test(text)) return `${text} ${line}`;
  return /^[a-z]/.test(line) ? text.slice(0, -1) + line : text + line;
}

export function findFigureCaptions(lines: readonly LayoutLine[]): FigureCaption[] {
  const captions: FigureCaption[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const start = startsCaption(line);
    if (!start || start.number === 0) continue;
    const captionLines = [line];
    let text = start.text.trim();
    let last = line;
    for (let next = index + 1; next < lines.length && text.length < maxCaptionChars; next++) {
      const candidate = lines[next]!;
      if (!continues(last, candidate, start.x0)) break;
      captionLines.push(candidate);
      text = joinCaptionLine(text, candidate.text);
      last = candidate;
    }
    captions.push({
      number: start.number,
      text: text.slice(0, maxCaptionChars),
      x0: start.x0,
      x1: Math.max(...captionLines.map((captionLine) => captionLine.x1)),
      firstBaseline: line.y,
      lastBaseline: last.y,
      fontSize: line.fontSize,
      lineIndex: index,
      lines: captionLines,
    });
    index += captionLines.length - 1;
  }
  return captions;
}
