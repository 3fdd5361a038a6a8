import type { Paragraph, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString } from 'mdast-util-to-string';
import { limitNesting } from './limit-nesting';

/** Splits a take into its four parts. Runs on every streamed delta, so it must accept half-written markdown. */

export type SectionKey = 'summary' | 'mechanism' | 'critique' | 'questions' | 'other';
export type ExpectedSectionKey = Exclude<SectionKey, 'other'>;

export interface TakeSection {
  key: SectionKey;
  /** The heading text without #s; empty for text before the first heading. */
  heading: string;
  body: string;
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

interface HeadingLine {
  /** Where the heading starts and ends in the parsed text. */
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
function headingsOf(tree: Root): HeadingLine[] {
  const headings: HeadingLine[] = [];
  for (const node of tree.children) {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) continue;
    if (node.type === 'heading') {
      headings.push({ start, end, level: node.depth, text: toString(node).trim() });
    } else if (node.type === 'paragraph' && node.children[0]?.type === 'strong' && startsWithBoldLine(node.children)) {
      const text = toString(node.children[0]).trim();
      // The heading ends with its line; a paragraph that goes on below it ("**TL;DR**\nClumps.") is the body.
      const lineEnd = node.children[0].position?.end.offset ?? end;
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

export function parseTakeSections(markdown: string): ParsedTake {
  // The same nesting cap the renderer applies: the parser's time grows steeply with depth, and this runs on every delta.
  const text = limitNesting(markdown.replace(/\r\n?/g, '\n'));
  const headings = headingsOf(fromMarkdown(text));

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
  const preface = text.slice(0, boundaries[0]?.start ?? text.length).trim();
  if (preface) {
    sections.push({ key: 'other', heading: '', body: preface });
  }
  boundaries.forEach((heading, index) => {
    sections.push({
      key: classifyHeading(heading.text),
      heading: heading.text,
      body: text.slice(heading.end, boundaries[index + 1]?.start ?? text.length).trim(),
    });
  });

  const present = new Set(sections.map((section) => section.key));
  return { sections, missing: expectedSections.filter((key) => !present.has(key)) };
}
