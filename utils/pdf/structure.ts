/**
 * From ordered lines to a paper: running headers and footers removed, lines joined (dehyphenated), title,
 * section headings with pages, captions, references split off and parsed, appendices marked. Pure.
 */
import type { LayoutLine, PageBox } from './layout';

export type SectionKind = 'front' | 'abstract' | 'body' | 'related-work' | 'appendix' | 'acknowledgements' | 'references';

export interface PageLines {
  number: number;
  box: PageBox;
  lines: LayoutLine[];
}

export interface PaperSection {
  heading: string;
  level: number;
  /** Page the heading is on. */
  page: number;
  kind: SectionKind;
  text: string;
  /** The same text cut at page boundaries, so page markers can be inserted for the model. */
  pageTexts: { page: number; text: string }[];
}

export interface Caption {
  page: number;
  /** "Figure 3", "Table 2". */
  label: string;
  text: string;
}

export interface Reference {
  index: number;
  text: string;
  title?: string;
  year?: number;
}

export interface PaperStructure {
  title?: string;
  pages: { number: number; text: string }[];
  sections: PaperSection[];
  captions: Caption[];
  references: Reference[];
  /** Lines dropped as running headers, footers or page numbers, for inspection and tests. */
  removedLines: { page: number; text: string }[];
}

/** The top and bottom share of a page where running headers, footers and page numbers live. */
const marginShare = 0.09;

function normaliseRunning(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

const pageNumberPattern = /^(page\s*)?(\d{1,4}|[ivxlc]{1,6})(\s*(of|\/)\s*\d{1,4})?$/i;

function isInMargin(line: LayoutLine, box: PageBox): boolean {
  const height = box.top - box.bottom;
  return line.y > box.top - marginShare * height || line.y < box.bottom + marginShare * height;
}

/** Lines in the top or bottom margin that repeat (digits ignored) on a good share of pages, or that are bare page numbers. */
export function findRunningLines(pages: PageLines[]): Set<LayoutLine> {
  const pagesPerKey = new Map<string, Set<number>>();
  for (const page of pages) {
    for (const line of page.lines) {
      if (isInMargin(line, page.box)) {
        const key = normaliseRunning(line.text);
        pagesPerKey.set(key, (pagesPerKey.get(key) ?? new Set()).add(page.number));
      }
    }
  }
  // Two-sided layouts alternate headers, so a header may be on only every other page.
  const minimumPages = Math.max(2, Math.floor(pages.length * 0.2));
  const running = new Set<LayoutLine>();
  for (const page of pages) {
    for (const line of page.lines) {
      if (!isInMargin(line, page.box)) {
        continue;
      }
      const repeats = (pagesPerKey.get(normaliseRunning(line.text))?.size ?? 0) >= minimumPages;
      if (repeats || pageNumberPattern.test(line.text.trim())) {
        running.add(line);
      }
    }
  }
  return running;
}

/** The font size most text is set in. */
function bodyFontSize(pages: PageLines[]): number {
  const weight = new Map<number, number>();
  for (const page of pages) {
    for (const line of page.lines) {
      const size = Math.round(line.fontSize * 2) / 2;
      weight.set(size, (weight.get(size) ?? 0) + line.text.length);
    }
  }
  let best = 10;
  let bestWeight = -1;
  for (const [size, total] of weight) {
    if (total > bestWeight) {
      best = size;
      bestWeight = total;
    }
  }
  return best;
}

const namedHeadings: [RegExp, SectionKind][] = [
  [/^abstract\b/i, 'abstract'],
  [/^(related work|prior work|related literature)s?\b/i, 'related-work'],
  [/^(acknowledge?ments?|acknowledgements and disclosure)\b/i, 'acknowledgements'],
  [/^(references|bibliography|works cited|literature cited)$/i, 'references'],
  [/^(appendix|appendices|supplementary material)\b/i, 'appendix'],
];
const plainHeadingNames = /^(abstract|introduction|background|motivation|conclusions?|discussion|evaluation|related work|acknowledge?ments?|references|bibliography|appendix|appendices|future work|summary)\b/i;
const numberedHeading = /^((\d{1,2}(\.\d{1,2}){0,3})\.?|[A-H](\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.)\s+(\S.*)$/;

interface HeadingMatch {
  heading: string;
  level: number;
  kind?: SectionKind;
  isLettered: boolean;
}

function matchHeading(line: LayoutLine, bodySize: number, isBold: (fontName: string) => boolean): HeadingMatch | undefined {
  const text = line.text.trim();
  if (text.length < 3 || text.length > 90 || /[.,;:]$/.test(text) && !/^(abstract|appendix)/i.test(text.replace(/^[\d.A-Z]+\s+/, ''))) {
    return undefined;
  }
  const isProminent = line.fontSize >= bodySize * 1.08 || isBold(line.fontName);
  const numbered = numberedHeading.exec(text);
  const name = numbered ? (numbered[5] ?? '') : text.replace(/[.:]$/, '');
  const kind = namedHeadings.find(([pattern]) => pattern.test(name))?.[1];
  if (numbered) {
    const title = numbered[5] ?? '';
    // A heading's words start capitalised and it does not read like a sentence or a data label.
    if (!isProminent || !/^[A-Z]/.test(title) || /[=<>]|\d{3,}/.test(title) || title.split(/\s+/).length > 12) {
      return undefined;
    }
    const number = numbered[1] ?? '';
    const isLettered = /^[A-H]/.test(number);
    const level = /^[IVX]+\.$/.test(number) ? 1 : number.replace(/\.$/, '').split('.').length;
    return { heading: text, level, kind, isLettered };
  }
  if (plainHeadingNames.test(name) && name.split(/\s+/).length <= 5 && (isProminent || kind === 'references')) {
    return { heading: text.replace(/[.:]$/, ''), level: 1, kind, isLettered: false };
  }
  return undefined;
}

const captionPattern = /^(Figure|Fig\.|Table|Listing|Algorithm)\s*(\d+|[IVX]+)\s*[:.|]/i;

/** Appends a line to running text, undoing end-of-line hyphenation ("distri-" + "buted"). */
function appendLine(text: string, line: string): string {
  if (!text) {
    return line;
  }
  if (/[A-Za-z]-$/.test(text) && /^[a-z]/.test(line)) {
    return text.slice(0, -1) + line;
  }
  return `${text} ${line}`;
}

function joinLines(lines: LayoutLine[]): string {
  let text = '';
  let previous: LayoutLine | undefined;
  for (const line of lines) {
    // A wide vertical gap, or a return to a lower column, starts a new paragraph.
    const isNewParagraph = previous !== undefined && (previous.y - line.y > 1.7 * line.fontSize || line.y > previous.y + line.fontSize);
    text = isNewParagraph && previous && !/[A-Za-z]-$/.test(text) ? `${text}\n${line.text}` : appendLine(text, line.text);
    previous = line;
  }
  return text;
}

function parseReferences(lines: LayoutLine[]): Reference[] {
  const entries: string[] = [];
  const startsNumbered = lines.filter((line) => /^\[\d+\]/.test(line.text)).length >= 2;
  const startsDotted = !startsNumbered && lines.filter((line) => /^\d{1,3}\.\s/.test(line.text)).length >= 2;
  let current = '';
  let previous: LayoutLine | undefined;
  for (const line of lines) {
    let isStart: boolean;
    if (startsNumbered) {
      isStart = /^\[\d+\]/.test(line.text);
    } else if (startsDotted) {
      isStart = /^\d{1,3}\.\s/.test(line.text);
    } else {
      // Author-year lists use a hanging indent: an entry starts at the column's left edge.
      const columnLeft = Math.min(...lines.filter((other) => other.column === line.column).map((other) => other.x0));
      isStart = line.x0 - columnLeft < 2 && (!previous || /[.)]$/.test(previous.text) || previous.x0 - columnLeft >= 2);
    }
    if (isStart && current) {
      entries.push(current);
      current = '';
    }
    current = appendLine(current, line.text);
    previous = line;
  }
  if (current) {
    entries.push(current);
  }
  return entries.map((text, position) => {
    const number = /^\[(\d+)\]|^(\d{1,3})\.\s/.exec(text);
    const years = text.match(/\b(19[5-9]\d|20\d\d)[a-z]?\b/g);
    const year = years ? Number.parseInt(years.at(-1)!, 10) : undefined;
    const body = text.replace(/^\[\d+\]\s*|^\d{1,3}\.\s*/, '');
    // "Authors. Title. Venue, year." — the title is the second sentence when there is one.
    // Sentences end at ".", "?" or "!" after a lower-case word, digit or bracket, not after initials ("B. Schroeder").
    const title = body
      .split(/(?<=[a-z0-9\])][.?!]|[?!])\s+(?=[A-Z"“])/)
      .at(1)
      ?.replace(/^["“]|["”,.]+$/g, '')
      .trim();
    return {
      index: number ? Number.parseInt(number[1] ?? number[2] ?? '', 10) : position + 1,
      text,
      ...(title ? { title } : {}),
      ...(year ? { year } : {}),
    };
  });
}

function findTitle(page: PageLines | undefined, running: Set<LayoutLine>, bodySize: number): string | undefined {
  if (!page) {
    return undefined;
  }
  const upper = page.lines.filter(
    (line) => !running.has(line) && line.y > page.box.bottom + 0.4 * (page.box.top - page.box.bottom) && /[A-Za-z]{3}/.test(line.text),
  );
  const largest = Math.max(...upper.map((line) => line.fontSize));
  if (!Number.isFinite(largest) || largest < bodySize * 1.15) {
    return undefined;
  }
  const titleLines = upper.filter((line) => Math.abs(line.fontSize - largest) < 0.5);
  const first = titleLines[0];
  // The title is the first run of largest-font lines; a second run further down is something else.
  const contiguous = titleLines.filter((line) => first && first.y - line.y < 4 * largest);
  return contiguous.map((line) => line.text).reduce(appendLine, '').trim() || undefined;
}

export function buildStructure(pages: PageLines[], isBold: (fontName: string) => boolean = () => false): PaperStructure {
  const running = findRunningLines(pages);
  const bodySize = bodyFontSize(pages);
  const title = findTitle(pages[0], running, bodySize);
  const removedLines: PaperStructure['removedLines'] = [];
  const captions: Caption[] = [];
  const sections: PaperSection[] = [];
  const referenceLines: LayoutLine[] = [];
  let section: PaperSection & { lines: { page: number; line: LayoutLine }[] } = {
    heading: '',
    level: 0,
    page: pages[0]?.number ?? 1,
    kind: 'front',
    text: '',
    pageTexts: [],
    lines: [],
  };
  const openSections = [section];
  let hasSeenReferences = false;
  let hasSeenNumbered = false;
  let caption: { entry: Caption; line: LayoutLine } | undefined;
  const pageTexts: PaperStructure['pages'] = [];

  for (const page of pages) {
    const kept = page.lines.filter((line) => {
      if (running.has(line)) {
        removedLines.push({ page: page.number, text: line.text });
        return false;
      }
      return true;
    });
    pageTexts.push({ number: page.number, text: joinLines(kept) });
    for (const line of kept) {
      const isTitleLine = page.number === pages[0]?.number && title !== undefined && title.includes(line.text);
      const heading = isTitleLine ? undefined : matchHeading(line, bodySize, isBold);
      if (heading) {
        caption = undefined;
        // Appendices are lettered (A, B.1) after numbered sections, or follow the references, or are named so.
        const isAppendix: boolean =
          heading.kind === 'appendix' ||
          (heading.isLettered && hasSeenNumbered && heading.kind === undefined) ||
          (section.kind === 'appendix' && heading.level > 1 && heading.kind === undefined) ||
          (hasSeenReferences && heading.kind !== 'acknowledgements' && heading.kind !== 'references');
        hasSeenNumbered ||= !heading.isLettered && /^\d/.test(heading.heading);
        const kind: SectionKind = isAppendix ? 'appendix' : (heading.kind ?? (section.kind === 'related-work' && heading.level > 1 ? 'related-work' : 'body'));
        hasSeenReferences ||= kind === 'references';
        section = { heading: heading.heading, level: heading.level, page: page.number, kind, text: '', pageTexts: [], lines: [] };
        openSections.push(section);
        continue;
      }
      const captionMatch = captionPattern.exec(line.text);
      if (captionMatch) {
        caption = { entry: { page: page.number, label: `${captionMatch[1]} ${captionMatch[2]}`, text: line.text }, line };
        captions.push(caption.entry);
        continue;
      }
      if (caption && Math.abs(line.fontSize - caption.line.fontSize) < 0.3 && caption.line.y - line.y < 1.6 * line.fontSize && caption.line.y > line.y) {
        caption.entry.text = appendLine(caption.entry.text, line.text);
        caption.line = line;
        continue;
      }
      caption = undefined;
      if (section.kind === 'references') {
        referenceLines.push(line);
      }
      section.lines.push({ page: page.number, line });
    }
  }

  for (const open of openSections) {
    const byPage = new Map<number, LayoutLine[]>();
    for (const { page, line } of open.lines) {
      byPage.set(page, [...(byPage.get(page) ?? []), line]);
    }
    const parts = [...byPage].map(([page, lines]) => ({ page, text: joinLines(lines) }));
    if (open.kind === 'front' && parts.length === 0) {
      continue;
    }
    const { lines: _lines, ...rest } = open;
    sections.push({ ...rest, pageTexts: parts, text: parts.map((part) => part.text).join('\n') });
  }

  // Captions stay in the text the model reads, marked so it can tell them from the body.
  for (const entry of captions) {
    const owner = [...sections].reverse().find((candidate) => candidate.page <= entry.page) ?? sections[0];
    const part = owner?.pageTexts.find((candidate) => candidate.page === entry.page);
    const marked = `[${entry.label} caption: ${entry.text}]`;
    if (owner && part) {
      part.text = `${part.text}\n${marked}`;
    } else if (owner) {
      owner.pageTexts.push({ page: entry.page, text: marked });
    }
    if (owner) {
      owner.text = owner.pageTexts.map((candidate) => candidate.text).join('\n');
    }
  }

  return { ...(title ? { title } : {}), pages: pageTexts, sections, captions, references: parseReferences(referenceLines), removedLines };
}
