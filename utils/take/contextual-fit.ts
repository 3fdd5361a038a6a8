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

export function checkContextualFit(take: string, references: readonly ReferenceEntry[]): ContextualFitCheck[] {
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
  for (const quote of findQuotes(take)) {
    if (quote.page === undefined && quote.text.split(/\s+/).length <= maximumTitleWords) {
      addTakeWork(quote.text, titleMatcher(quote.text));
    }
  }
  for (const match of take.matchAll(etAl)) {
    const surname = match[1] ?? '';
    addTakeWork(`${surname} et al.`, surnameInAuthors(surname));
  }
  return checks;
}
