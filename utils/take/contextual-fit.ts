import { venueNames } from '../pdf/compact-references';
import { findQuotes, normalizeForMatch } from './quotes';

/** A parsed reference-list entry, as the PDF extraction produces it. */
export interface ReferenceEntry {
  index: number;
  text: string;
  title?: string;
  year?: number;
}

export interface ContextualFitCheck {
  /** The work as the persona or the take names it. */
  work: string;
  /** 'persona': one of the foundational works the persona measures every paper against; 'take': named by the take. */
  named: 'persona' | 'take';
  /** Whether the take itself mentions it (always true for named: 'take'). */
  mentionedInTake: boolean;
  inReferences: boolean;
  reference?: ReferenceEntry;
}

interface FoundationalWork {
  work: string;
  /** How the take may name it. */
  mentionedAs: RegExp;
  /** How a reference list cites it: its title, or its name where the title does not contain it. */
  citedAs: RegExp;
}

/** The persona's yardsticks (Contextual Fit zone), with the titles their papers were published under. */
export const foundationalWorks: readonly FoundationalWork[] = [
  {
    work: 'Profiling a Warehouse-Scale Computer',
    mentionedAs: /profiling a warehouse.?scale computer|warehouse.?scale computer/i,
    citedAs: /profiling a warehouse ?scale computer/,
  },
  {
    work: 'DeathStarBench',
    mentionedAs: /deathstar ?bench/i,
    citedAs: /deathstar ?bench|open source benchmark suite for microservices/,
  },
  {
    work: 'Orca',
    mentionedAs: /\borca\b/i,
    citedAs: /\borca\b|distributed serving system for transformer based generative models/,
  },
  {
    work: 'vLLM (PagedAttention)',
    mentionedAs: /\bvllm\b|pagedattention/i,
    citedAs: /\bvllm\b|pagedattention|efficient memory management for large language model serving/,
  },
  {
    work: 'Seer',
    mentionedAs: /\bseer\b/i,
    citedAs: /\bseer\b.{0,60}(?:performance debugging|microservices)|leveraging big data to navigate the complexity of performance debugging/,
  },
];

function findReference(references: readonly ReferenceEntry[], matches: (normalizedText: string) => boolean): ReferenceEntry | undefined {
  return references.find((reference) => matches(normalizeForMatch(`${reference.title ?? ''} ${reference.text}`)));
}

/**
 * The prompt reserves double quotes for verbatim quotes, which cite a page, and titles of other works: so a quote
 * without a page is taken for a title. Titles under four words are missed (findQuotes skips them as scare quotes).
 */
const maximumTitleWords = 25;

/** Surnames from "Name et al." and "Name and Other [12]"-style mentions. */
const etAl = /\b(\p{Lu}[\p{L}'’-]+)\s+et\s+al\.?/gu;

function surnameInAuthors(surname: string): (normalizedText: string) => boolean {
  const needle = normalizeForMatch(surname);
  // Authors come first in a reference; a name deep in the title is another work.
  return (text) => ` ${text.slice(0, 160)} `.includes(` ${needle} `);
}

/** Title match: the reference contains the whole title, compared as normalized words. */
function titleMatcher(title: string): (normalizedText: string) => boolean {
  const needle = normalizeForMatch(title);
  return (text) => ` ${text} `.includes(` ${needle} `);
}

/**
 * System names as takes write them: "DistServe", "FlexGen", "SGLang", "TensorRT-LLM" (a capital inside the word),
 * and any capitalised name followed by its venue, "Splitwise (ISCA '24)". A plain word ("Splitwise" alone) is not
 * told from prose: quote its title or name it with its venue.
 */
const mixedCaseName = /\b(?:[A-Z][a-z]+[A-Z]|[A-Z]{2,}[a-z]|[a-z]+[A-Z])[A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)?\b/g;
/** "Sarathi-Serve": too like "Fine-Grained" to report uncited, but a work when the references name it. */
const hyphenatedName = /\b[A-Z][a-z]+-[A-Z][a-z]+\b/g;
const nameWithVenue = new RegExp(`\\b([A-Z][\\w.-]+)\\s+\\((?:${venueNames.join('|')})\\b[^)]{0,12}\\)`, 'g');
/** Mixed-case words that are languages, companies and products rather than research works. */
const notWorks = new Set(['javascript', 'typescript', 'github', 'gitlab', 'latex', 'openai', 'deepmind', 'phd', 'iphone', 'ipad', 'ios', 'macos', 'youtube', 'powerpoint', 'linkedin', 'mcdonald', 'ebay', 'paypal', 'tl;dr']);
/** System names are short ("TensorRT-LLM"); a longer run of letters is a hostile or broken answer, not a work. */
const maxSystemNameLength = 40;
/** A name the paper itself uses this often, without citing it, is its own system or term, not another work. */
const ownNameMentions = 5;

export interface ContextualFitOptions {
  /** Names in the paper's own title are its own system ("Mooncake"), not works it should cite. */
  paperTitle?: string;
  /** The paper's text, to tell its own terms (used throughout, never cited) from other works. */
  paperText?: string;
}

function countMentions(text: string, name: string): number {
  const needle = ` ${normalizeForMatch(name)} `;
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

export function checkContextualFit(take: string, references: readonly ReferenceEntry[], options: ContextualFitOptions = {}): ContextualFitCheck[] {
  const checks: ContextualFitCheck[] = foundationalWorks.map(({ work, mentionedAs, citedAs }) => {
    const reference = findReference(references, (text) => citedAs.test(text));
    return { work, named: 'persona', mentionedInTake: mentionedAs.test(take), inReferences: reference !== undefined, reference };
  });
  const isFoundational = (name: string) => foundationalWorks.some(({ mentionedAs }) => mentionedAs.test(name));
  const seen = new Set<string>();
  const addTakeWork = (work: string, matches: (normalizedText: string) => boolean) => {
    const key = normalizeForMatch(work);
    if (seen.has(key) || isFoundational(work)) {
      return;
    }
    seen.add(key);
    const reference = findReference(references, matches);
    checks.push({ work, named: 'take', mentionedInTake: true, inReferences: reference !== undefined, reference });
  };
  const quotes = findQuotes(take);
  const quotedTexts = quotes.map((quote) => normalizeForMatch(quote.text));
  for (const quote of quotes) {
    if (quote.page === undefined && quote.text.split(/\s+/).length <= maximumTitleWords) {
      addTakeWork(quote.text, titleMatcher(quote.text));
    }
  }
  for (const match of take.matchAll(etAl)) {
    const surname = match[1] ?? '';
    addTakeWork(`${surname} et al.`, surnameInAuthors(surname));
  }
  const titleWords = new Set(normalizeForMatch((options.paperTitle ?? '').replace(/[-‐‑]/g, ' ')).split(' '));
  const paperText = ` ${normalizeForMatch(options.paperText ?? '')} `;
  const names = [...take.matchAll(nameWithVenue)].map((match) => match[1] ?? '').concat([...take.matchAll(mixedCaseName)].map((match) => match[0]));
  const hyphenated = new Set([...take.matchAll(hyphenatedName)].map((match) => match[0]));
  for (const name of [...names, ...hyphenated]) {
    const normalized = normalizeForMatch(name);
    // A word of a quoted title or of quoted evidence is part of that quote, not a name of its own.
    const isInsideNamedWork = quotedTexts.some((quoted) => ` ${quoted} `.includes(` ${normalized} `));
    if (name.length < 4 || name.length > maxSystemNameLength || notWorks.has(name.toLowerCase()) || isInsideNamedWork || normalized.split(' ').every((word) => titleWords.has(word))) continue;
    const matches = titleMatcher(name);
    const isCited = references.some((reference) => matches(normalizeForMatch(`${reference.title ?? ''} ${reference.text}`)));
    if (!isCited && (hyphenated.has(name) || countMentions(paperText, name) >= ownNameMentions)) continue;
    addTakeWork(name, matches);
  }
  return checks;
}

/** What a reader wants from the check: the works the take names, split by whether the paper cites them. */
export function citedAndNot(checks: readonly ContextualFitCheck[]): { cited: string[]; notCited: string[] } {
  const named = checks.filter((check) => check.mentionedInTake);
  return { cited: named.filter((check) => check.inReferences).map((check) => check.work), notCited: named.filter((check) => !check.inReferences).map((check) => check.work) };
}
