/**
 * Finds the verbatim quotes a take offers as evidence and checks them against the paper's pages.
 *
 * What counts as a quote: text in double quotes (straight or curly) of at least 4 words, or of at least 2 words when
 * a page reference follows it. Shorter quoted text is a scare quote ("novel insights", "production-like") or a name,
 * not evidence, and is ignored.
 */

import type { QuoteCheck } from '../storage/take-schema';
import { countWords } from '../words';

export interface FoundQuote {
  /** The quoted words, without the quotation marks or the page reference. */
  text: string;
  /** The page the take cites for it, if any: "(p. 3)", "(page 3)", "p.3", "[pp. 3-4]". */
  page?: number;
  /** Offsets in the take of the quotation, quotation marks included. */
  start: number;
  end: number;
}

/** A quote's check as stored with the take, plus where the quotation stands in the take. */
export type QuoteFinding = QuoteCheck & Pick<FoundQuote, 'start' | 'end'>;

export interface PageText {
  number: number;
  text: string;
}

const minimumWords = 4;
const minimumWordsWithPage = 2;
/** Longer than any sensible quote: an unmatched quotation mark must not swallow a whole paragraph. */
const maximumQuoteLength = 800;

const quotation = /["“”]([^"“”]+?)["“”]/g;
const pageAfter = /^\s*[,;:.]?\s*(?:[([][^()[\]]{0,40}?\b(?:pp?|pg|pages?)\.?\s*(\d+)[^()[\]]*[)\]]|,?\s*(?:pp?|page)\.?\s*(\d+)\b)/i;
const pageInside = /\s*[([]\s*(?:pp?|pg|page)\.?\s*(\d+)[^()[\]]*[)\]]\s*$/i;

/** Paragraphs with their offsets: quotations never span them, so one stray quotation mark spoils only its paragraph. */
function paragraphsOf(take: string): { text: string; offset: number }[] {
  return [...take.matchAll(/[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*/g)].filter((match) => match[0].length > 0).map((match) => ({ text: match[0], offset: match.index ?? 0 }));
}

export function findQuotes(take: string): FoundQuote[] {
  const quotes: FoundQuote[] = [];
  for (const paragraph of paragraphsOf(take)) {
    for (const match of paragraph.text.matchAll(quotation)) {
      const raw = match[1] ?? '';
      const start = paragraph.offset + (match.index ?? 0);
      const end = start + match[0].length;
      if (raw.length > maximumQuoteLength) {
        continue;
      }
      const inside = pageInside.exec(raw);
      const after = pageAfter.exec(take.slice(end, end + 60));
      const pageText = inside?.[1] ?? after?.[1] ?? after?.[2];
      const text = (inside ? raw.slice(0, inside.index) : raw).trim();
      const page = pageText === undefined ? undefined : Number(pageText);
      if (countWords(text) >= (page === undefined ? minimumWords : minimumWordsWithPage)) {
        quotes.push({ text, page, start, end });
      }
    }
  }
  return quotes;
}

/**
 * Reduces text to lower-case words so a quote matches the PDF's text despite ligatures (NFKC turns "ﬁ" into "fi"),
 * curly apostrophes, case, punctuation, line breaks, and words hyphenated across lines ("work-\nload" = "workload";
 * "production-like" and "productionlike" meet the same way).
 */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\u00ad/g, '')
    .replace(/([\p{L}\p{N}])[-‐‑‒]\s*(?=[\p{L}\p{N}])/gu, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** An elision ("…", "...", "[...]") or an editorial insertion ("[the system]") splits a quote into parts found in order. */
function fragmentsOf(quote: string): string[] {
  return quote
    .split(/\.{3}|…|\[[^\]]*\]/)
    .map(normalizeForMatch)
    .filter((fragment) => fragment.length > 0);
}

function containsInOrder(haystack: string, fragments: string[]): boolean {
  let from = 0;
  for (const fragment of fragments) {
    // Padding with spaces keeps "load" from matching inside "workload".
    const at = ` ${haystack} `.indexOf(` ${fragment} `, from);
    if (at < 0) {
      return false;
    }
    from = at + fragment.length;
  }
  return true;
}

export function checkQuotes(take: string, pages: readonly PageText[]): QuoteFinding[] {
  const normalizedPages = pages.map((page) => ({ number: page.number, text: normalizeForMatch(page.text) }));
  return findQuotes(take).map((quote) => {
    const fragments = fragmentsOf(quote.text);
    const cited = normalizedPages.filter((page) => page.number === quote.page);
    const others = normalizedPages.filter((page) => page.number !== quote.page);
    const onOnePage = [...cited, ...others].find((page) => containsInOrder(page.text, fragments));
    // A sentence can run over a page break.
    const acrossBreak = onOnePage
      ? undefined
      : normalizedPages.slice(0, -1).find((page, index) => containsInOrder(`${page.text} ${normalizedPages[index + 1]?.text ?? ''}`, fragments));
    const foundOnPage = (onOnePage ?? acrossBreak)?.number;
    const verified = foundOnPage !== undefined && fragments.length > 0;
    return {
      quote: quote.text,
      page: quote.page,
      status: verified ? 'verified' : 'not-found',
      foundOnPage: verified ? foundOnPage : undefined,
      start: quote.start,
      end: quote.end,
    };
  });
}
