import type { Element, ElementContent, Root, Text } from 'hast';
import type { QuoteCheck } from '@/utils/storage/take-schema';
import { pdfPageLink } from '@/utils/take/pdf-page-link';

/**
 * A rehype plugin for the rendered take: each quote the checker looked at is marked where it stands in the text,
 * verified (with a link to its page of the PDF) or not found, so the reader sees which sentences rest on sand.
 * Only text is split and wrapped; nothing from the take becomes markup. Quotes inside code or links, or split
 * across emphasis, are left as they are (the list of quotes under the take still shows them).
 */
export interface MarkQuotesOptions {
  checks: readonly QuoteCheck[];
  /** The paper's PDF, for "p. N" links; none for papers whose PDF address is not known here. */
  pdfUrl?: string;
}

const closingQuote = /^["“”]/;
/** The page reference right after a quotation, as the quote finder reads it: " (p. 3)", ", p. 4", " [pp. 3-4]". */
const pageReference = /^\s*[,;:]?\s*(?:[([][^()[\]]{0,40}?\b(?:pp?|pg|pages?)\.?\s*\d+[^()[\]]*[)\]]|,?\s*(?:pp?|page)\.?\s*\d+\b)/i;
const skippedParents = new Set(['code', 'pre', 'a']);

function element(tagName: string, className: string[], children: ElementContent[], properties: Element['properties'] = {}): Element {
  return { type: 'element', tagName, properties: { ...properties, className }, children };
}

function text(value: string): Text {
  return { type: 'text', value };
}

function markFor(check: QuoteCheck, pdfUrl: string | undefined): Element {
  if (check.status !== 'verified') return element('span', ['quote-mark', 'missing'], [text('✗ not found')]);
  const page = check.foundOnPage ?? check.page;
  const href = page === undefined ? undefined : pdfPageLink(pdfUrl, page);
  const where: ElementContent[] = page === undefined ? [] : [text(' '), href ? element('a', [], [text(`p. ${page}`)], { href }) : text(`p. ${page}`)];
  return element('span', ['quote-mark', 'verified'], [text('✓'), element('span', ['visually-hidden'], [text(' verified in the paper')]), ...where]);
}

export function rehypeMarkQuotes(options: MarkQuotesOptions) {
  return (tree: Root) => {
    const pending = [...options.checks];
    const visit = (parent: Root | Element) => {
      for (let index = 0; index < parent.children.length && pending.length > 0; index += 1) {
        const child = parent.children[index]!;
        if (child.type === 'element') {
          if (!skippedParents.has(child.tagName)) visit(child);
          continue;
        }
        if (child.type !== 'text') continue;
        const replaced = markInText(child.value, pending, options.pdfUrl);
        if (replaced) {
          parent.children.splice(index, 1, ...replaced);
          index += replaced.length - 1;
        }
      }
    };
    visit(tree);
  };
}

/** The text split around the first pending quote it holds, marked; undefined when it holds none. */
function markInText(value: string, pending: QuoteCheck[], pdfUrl: string | undefined): ElementContent[] | undefined {
  let best: { check: QuoteCheck; at: number } | undefined;
  for (const check of pending) {
    const at = check.quote ? value.indexOf(check.quote) : -1;
    if (at >= 0 && (!best || at < best.at)) best = { check, at };
  }
  if (!best) return undefined;
  pending.splice(pending.indexOf(best.check), 1);
  const { check, at } = best;
  let end = at + check.quote.length;
  if (closingQuote.test(value.slice(end))) end += 1;
  end += pageReference.exec(value.slice(end))?.[0].length ?? 0;
  const rest = value.slice(end);
  const wrapped = element('span', [check.status === 'verified' ? 'quote-verified' : 'quote-missing'], [text(check.quote)]);
  const parts: ElementContent[] = [];
  if (at > 0) parts.push(text(value.slice(0, at)));
  parts.push(wrapped);
  if (end > at + check.quote.length) parts.push(text(value.slice(at + check.quote.length, end)));
  parts.push(markFor(check, pdfUrl));
  // The rest of the text may hold further quotes.
  if (rest) parts.push(...(markInText(rest, pending, pdfUrl) ?? [text(rest)]));
  return parts;
}
