/**
 * Fits a paper into the model's token budget by dropping its least valuable parts first, and records
 * exactly what was left out so the UI can say so. Nothing is cut silently.
 */
import { charactersPerToken, estimateTokens } from '../llm/token-estimate';
import { compactReferenceList } from './compact-references';
import type { ExtractedPaper } from './extract';
import type { PaperSection, SectionKind } from './structure';

export interface SkippedPart {
  heading: string;
  /** 'cut' for the tail cut off when even the protected sections are over budget; 'reference-list' for the compact list. */
  kind: SectionKind | 'cut' | 'reference-list';
  reason: string;
  tokens: number;
}

export interface FittedPaper {
  /** Sections joined, each page change marked "[p. 3]" so the model can cite pages; then the compact reference list. */
  text: string;
  includedPages: number[];
  /** Entries of the compact reference list sent after the body; 0 when there was none or it did not fit. */
  referencesSent: number;
  skipped: SkippedPart[];
  /** "read pages 1–14 of 14; skipped the appendix (2,300 tokens) and the references". */
  summary: string;
}

export type BudgetPaper = Pick<ExtractedPaper, 'sections' | 'pageCount' | 'pagesRead'> & Partial<Pick<ExtractedPaper, 'title' | 'pages' | 'references'>>;

/** Dropped in this order while the paper is over budget; trailing body sections follow, last first. */
const dropOrder: { kind: SectionKind; reason: string }[] = [
  { kind: 'appendix', reason: 'appendix, over the token budget' },
  { kind: 'acknowledgements', reason: 'acknowledgements, over the token budget' },
  { kind: 'related-work', reason: 'related work, over the token budget' },
];

function renderSection(section: PaperSection): string {
  const parts = section.pageTexts.length > 0 ? section.pageTexts : [{ page: section.page, text: section.text }];
  const heading = section.heading ? `## ${section.heading}\n` : '';
  return heading + parts.map((part) => `[p. ${part.page}]\n${part.text}`).join('\n');
}

function pageRanges(pages: number[]): string {
  const ranges: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const page of [...pages].sort((a, b) => a - b)) {
    if (start !== undefined && previous !== undefined && page === previous + 1) {
      previous = page;
      continue;
    }
    if (start !== undefined) ranges.push(start === previous ? `${start}` : `${start}–${previous}`);
    start = page;
    previous = page;
  }
  if (start !== undefined) ranges.push(start === previous ? `${start}` : `${start}–${previous}`);
  return ranges.join(', ');
}

const kindNames: Partial<Record<SkippedPart['kind'], string>> = {
  appendix: 'the appendix',
  'reference-list': 'the reference list',
  acknowledgements: 'the acknowledgements',
  'related-work': 'related work',
  cut: 'the end of the remaining text',
};

/** "the appendix (2,300 tokens), section 5 Conclusion (300 tokens) and the references": parts of one kind are summed. */
function describeSkipped(skipped: SkippedPart[]): string {
  const groups = new Map<string, number>();
  let skipsReferences = false;
  for (const part of skipped) {
    if (part.kind === 'references') {
      skipsReferences = true;
      continue;
    }
    const name = kindNames[part.kind] ?? `section ${part.heading || 'front matter'}`;
    groups.set(name, (groups.get(name) ?? 0) + part.tokens);
  }
  const named = [...groups].map(([name, tokens]) => `${name} (${tokens.toLocaleString('en-US')} tokens)`);
  if (skipsReferences) named.push('the references');
  if (named.length <= 1) return named.join('');
  return `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/** "pages 2–3 are blank", "page 3 is blank": read pages without a word on them, which no section could include. */
function blankPagesNote(paper: BudgetPaper, includedPages: number[]): string {
  const included = new Set(includedPages);
  const blank = (paper.pages ?? []).filter((page) => !included.has(page.number) && !page.text.trim()).map((page) => page.number);
  if (blank.length === 0) return '';
  return blank.length === 1 ? `page ${blank[0]} is blank` : `pages ${pageRanges(blank)} are blank`;
}

/** The reference list as the model gets it: after the body, inside the paper block, one short line per work. */
function renderReferenceList(references: BudgetPaper['references']): string {
  if (!references || references.length === 0) return '';
  return `## Reference list (compact: first author, title, venue, year)\n${compactReferenceList(references)}`;
}

export function fitToBudget(paper: BudgetPaper, maxTokens: number): FittedPaper {
  const skipped: SkippedPart[] = [];
  let referenceList = renderReferenceList(paper.references);
  let kept = paper.sections.filter((section) => {
    if (section.kind === 'references') {
      // Its parsed entries go as the compact list; only a list that could not be parsed is left out whole.
      if (!referenceList) {
        skipped.push({ heading: section.heading, kind: 'references', reason: 'references could not be parsed into entries, so they are not sent', tokens: estimateTokens(section.text) });
      }
      return false;
    }
    return true;
  });
  const total = () => kept.reduce((sum, section) => sum + estimateTokens(renderSection(section)), 0) + estimateTokens(referenceList);
  const drop = (section: PaperSection, reason: string) => {
    kept = kept.filter((candidate) => candidate !== section);
    skipped.push({ heading: section.heading, kind: section.kind, reason, tokens: estimateTokens(renderSection(section)) });
  };
  for (const { kind, reason } of dropOrder) {
    for (const section of [...kept].reverse().filter((candidate) => candidate.kind === kind)) {
      if (total() <= maxTokens) break;
      drop(section, reason);
    }
  }
  // The reference list goes after the appendix and related work, and before any of the body.
  if (referenceList && total() > maxTokens) {
    skipped.push({ heading: 'Reference list', kind: 'reference-list', reason: 'reference list, over the token budget', tokens: estimateTokens(referenceList) });
    referenceList = '';
  }
  // Then the body from the end: the front matter, abstract and first body section are the last to go.
  const protectedSections = new Set(kept.filter((section) => section.kind !== 'body').concat(kept.filter((section) => section.kind === 'body').slice(0, 1)));
  for (const section of [...kept].reverse()) {
    if (total() <= maxTokens) break;
    if (!protectedSections.has(section)) drop(section, 'trailing section, over the token budget');
  }
  let text = [...kept.map(renderSection), referenceList].filter(Boolean).join('\n\n');
  if (estimateTokens(text) > maxTokens) {
    const cutAt = maxTokens * charactersPerToken;
    skipped.push({ heading: 'end of the remaining text', kind: 'cut', reason: 'cut at the token budget', tokens: estimateTokens(text.slice(cutAt)) });
    text = `${text.slice(0, cutAt)}\n[… cut here: the rest did not fit the model's budget]`;
  }
  const referencesSent = referenceList ? (paper.references?.length ?? 0) : 0;
  const includedPages = [...new Set(kept.flatMap((section) => (section.pageTexts.length > 0 ? section.pageTexts.map((part) => part.page) : [section.page])))].sort((a, b) => a - b);
  const readPart = `read ${includedPages.length === 1 ? 'page' : 'pages'} ${pageRanges(includedPages) || 'none'} of ${paper.pageCount}`;
  const notes = [blankPagesNote(paper, includedPages), paper.pagesRead < paper.pageCount ? `pages after ${paper.pagesRead} were not extracted` : '']
    .filter(Boolean)
    .join('; ');
  const unreadPart = notes ? ` (${notes})` : '';
  const referencePart = referencesSent > 0 ? ` and the reference list (${referencesSent} ${referencesSent === 1 ? 'entry' : 'entries'})` : '';
  const summary = `${readPart}${unreadPart}${referencePart}${skipped.length > 0 ? `; skipped ${describeSkipped(skipped)}` : ''}`;
  return { text, includedPages, referencesSent, skipped, summary };
}
