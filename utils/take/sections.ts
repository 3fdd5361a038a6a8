import type { Paragraph, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { createBlockTracker, splitMarkdownBlocks, type MarkdownBlock } from './markdown-blocks';

/** Splits a take into its four parts. Runs on every streamed delta, so it must accept half-written markdown. */

export type SectionKey = 'summary' | 'mechanism' | 'critique' | 'questions' | 'other';
export type ExpectedSectionKey = Exclude<SectionKey, 'other'>;

export interface TakeSection {
  key: SectionKey;
  /** The heading text without #s; empty for text before the first heading. */
  heading: string;
  body: string;
  /**
   * The body as consecutive pieces of the take's Markdown blocks (the first and last trimmed); rendered piece by piece
   * it reads as the body does, and a piece that is a settled block keeps its text from render to render.
   */
  pieces: string[];
}

export interface ParsedTake {
  sections: TakeSection[];
  /** Expected parts not (yet) present, in the prompt's order. */
  missing: ExpectedSectionKey[];
}

export const expectedSections: readonly ExpectedSectionKey[] = ['summary', 'mechanism', 'critique', 'questions'];

/**
 * Heading words models use for each part, our own names first. Checked in this order, so "Discussion Questions"
 * is questions and "Summary of the critique" is critique rather than summary.
 */
const headingPatterns: [ExpectedSectionKey, RegExp][] = [
  ['questions', /question|\bask\b|discussion|food for thought/i],
  ['critique', /critique|strength|weakness|\bweak\b|why it got in|limitation|skeleton|evaluation|assessment|verdict|contextual fit|related work|pros\b|cons\b/i],
  ['mechanism', /mechanism|how (?:it|they|this) works?|whiteboard|magic trick|method|approach|under the hood/i],
  ['summary', /no.?bs|summary|tl;?\s*dr|overview|in a nutshell|bottom line|gist|\bdelta\b|contribution|what (?:it|the paper|they) (?:actually )?do/i],
];

export function classifyHeading(heading: string): SectionKey {
  return headingPatterns.find(([, pattern]) => pattern.test(heading))?.[0] ?? 'other';
}

export interface HeadingLine {
  /** Where the heading starts and ends in its block. */
  start: number;
  end: number;
  level: number;
  text: string;
}

/**
 * The take's headings from its Markdown syntax tree: ATX and setext headings, and paragraphs that are only bold
 * ("**Title**" or "**Title**:"), which some models use instead, counted as level 2. Only top-level blocks count, so
 * a "#" inside a code fence, a list or a quote is never a heading.
 */
export function headingsOf(nodes: readonly RootContent[], blockStart: number): HeadingLine[] {
  const headings: HeadingLine[] = [];
  for (const node of nodes) {
    const nodeStart = node.position?.start.offset;
    const nodeEnd = node.position?.end.offset;
    if (nodeStart === undefined || nodeEnd === undefined) continue;
    const start = nodeStart - blockStart;
    const end = nodeEnd - blockStart;
    if (node.type === 'heading') {
      headings.push({ start, end, level: node.depth, text: toString(node).trim() });
    } else if (node.type === 'paragraph' && node.children[0]?.type === 'strong' && startsWithBoldLine(node.children)) {
      const text = toString(node.children[0]).trim();
      // The heading ends with its line; a paragraph that goes on below it ("**TL;DR**\nClumps.") is the body.
      const boldEnd = node.children[0].position?.end.offset;
      const lineEnd = boldEnd === undefined ? end : boldEnd - blockStart;
      const headingEnd = text.length >= 2 && text.length <= 80 ? lineEnd + (/^:/.test(textAfter(node.children)) ? 1 : 0) : undefined;
      if (headingEnd !== undefined) headings.push({ start, end: headingEnd, level: 2, text });
    }
  }
  return headings;
}

/** The text right after a paragraph's first run, when it is text. */
function textAfter(children: Paragraph['children']): string {
  const after = children[1];
  return after?.type === 'text' ? after.value : '';
}

/** A paragraph whose first line is one bold run, optionally followed by a colon: "**Where it is weak**:". */
function startsWithBoldLine(children: Paragraph['children']): boolean {
  return children.length === 1 || /^:?[ \t]*(?:\n|$)/.test(textAfter(children));
}

export type TakeBlock = MarkdownBlock<HeadingLine[]>;

/** Splits a finished take. */
export function parseTakeSections(markdown: string): ParsedTake {
  return sectionsOfBlocks(splitMarkdownBlocks(markdown, headingsOf));
}

/** Follows a streaming take: each call costs about the length of the block still being written. */
export function createSectionTracker(): (markdown: string) => ParsedTake {
  const tracker = createBlockTracker(headingsOf);
  return (markdown) => sectionsOfBlocks(tracker.blocksOf(markdown));
}

/** The blocks' text from one offset to another, as pieces of whole blocks where it can. */
function piecesBetween(blocks: readonly TakeBlock[], starts: readonly number[], from: number, to: number): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const blockStart = starts[index]!;
    const text = blocks[index]!.text;
    if (blockStart + text.length <= from) continue;
    if (blockStart >= to) break;
    pieces.push(from <= blockStart && blockStart + text.length <= to ? text : text.slice(Math.max(0, from - blockStart), Math.min(text.length, to - blockStart)));
  }
  // The body is trimmed, as a whole: so are its first and last pieces, and the blank ones go.
  const first = pieces.findIndex((piece) => piece.trim());
  if (first === -1) return [];
  const last = pieces.findLastIndex((piece) => piece.trim());
  const kept = pieces.slice(first, last + 1);
  kept[0] = kept[0]!.trimStart();
  kept[kept.length - 1] = kept[kept.length - 1]!.trimEnd();
  return kept;
}

export function sectionsOfBlocks(blocks: readonly TakeBlock[]): ParsedTake {
  const starts: number[] = [];
  const headings: HeadingLine[] = [];
  let length = 0;
  for (const block of blocks) {
    starts.push(length);
    for (const heading of block.summary) headings.push({ ...heading, start: heading.start + length, end: heading.end + length });
    length += block.text.length;
  }

  // Parts start at the shallowest level that names a part; deeper headings ("### Why it got in") stay inside their part.
  const namingLevels = headings.filter((heading) => classifyHeading(heading.text) !== 'other').map((heading) => heading.level);
  const partLevel = Math.min(...(namingLevels.length > 0 ? namingLevels : headings.map((heading) => heading.level)));
  // A deeper heading that names a different part still starts it: models mix "# Questions" with "**TL;DR**".
  let currentKey: SectionKey = 'other';
  const boundaries = headings.filter((heading) => {
    const key = classifyHeading(heading.text);
    const startsPart = heading.level <= partLevel || (key !== 'other' && key !== currentKey);
    if (startsPart) {
      currentKey = key;
    }
    return startsPart;
  });

  const sections: TakeSection[] = [];
  const prefacePieces = piecesBetween(blocks, starts, 0, boundaries[0]?.start ?? length);
  if (prefacePieces.length > 0) {
    sections.push({ key: 'other', heading: '', body: prefacePieces.join(''), pieces: prefacePieces });
  }
  boundaries.forEach((heading, index) => {
    const pieces = piecesBetween(blocks, starts, heading.end, boundaries[index + 1]?.start ?? length);
    sections.push({ key: classifyHeading(heading.text), heading: heading.text, body: pieces.join(''), pieces });
  });

  const present = new Set(sections.map((section) => section.key));
  return { sections, missing: expectedSections.filter((key) => !present.has(key)) };
}
