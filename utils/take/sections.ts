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
  lineIndex: number;
  level: number;
  text: string;
}

/** ATX headings ("## Title"), and lines that are only bold ("**Title**"), which some models use instead; bold counts as level 2. */
function headingOf(line: string): { level: number; text: string } | undefined {
  const atx = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/.exec(line);
  if (atx?.[1] && atx[2] !== undefined) {
    return { level: atx[1].length, text: atx[2].replace(/^\*\*(.*)\*\*$/, '$1').trim() };
  }
  const bold = /^ {0,3}\*\*([^*]{2,80}?)\*\*:?\s*$/.exec(line);
  return bold?.[1] ? { level: 2, text: bold[1].trim() } : undefined;
}

export function parseTakeSections(markdown: string): ParsedTake {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const headings: HeadingLine[] = [];
  let inFence = false;
  lines.forEach((line, lineIndex) => {
    if (/^ {0,3}(```|~~~)/.test(line)) {
      inFence = !inFence;
      return;
    }
    const heading = inFence ? undefined : headingOf(line);
    if (heading) {
      headings.push({ lineIndex, ...heading });
    }
  });

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
  const preface = lines.slice(0, boundaries[0]?.lineIndex ?? lines.length).join('\n').trim();
  if (preface) {
    sections.push({ key: 'other', heading: '', body: preface });
  }
  boundaries.forEach((heading, index) => {
    const end = boundaries[index + 1]?.lineIndex ?? lines.length;
    sections.push({
      key: classifyHeading(heading.text),
      heading: heading.text,
      body: lines.slice(heading.lineIndex + 1, end).join('\n').trim(),
    });
  });

  const present = new Set(sections.map((section) => section.key));
  return { sections, missing: expectedSections.filter((key) => !present.has(key)) };
}
