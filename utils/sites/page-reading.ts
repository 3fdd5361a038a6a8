import { PageShapeError, type PaperRef, type SiteId } from './types';

/** Text as a reader sees it: whitespace runs (including the source's hard line breaks) folded to one space. */
export function normalizeSpace(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * An element's text without its `.descriptor` label ("Title:", "Abstract:", "Authors:"),
 * which arXiv puts inside the very element that holds the value.
 */
export function textWithoutDescriptor(element: Element): string {
  let text = '';
  // Sibling walking and nodeType, not Array.from and instanceof: this runs for each of 2,000 listing entries,
  // in a content script, where crossing into the page's DOM wrappers is what costs.
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === Node.ELEMENT_NODE && (node as Element).classList.contains('descriptor')) {
      continue;
    }
    text += node.textContent ?? '';
  }
  return normalizeSpace(text);
}

/** The first element matching any of the selectors, tried in order (newest layout first); throws when none matches. */
export function requireElement(root: ParentNode, site: SiteId, ...selectors: string[]): Element {
  for (const selector of selectors) {
    const element = root.querySelector(selector);
    if (element) {
      return element;
    }
  }
  throw new PageShapeError(site, selectors.join(' | '));
}

/** Every element matching the selector, the entries of a listing; throws when there is none, saying what the page was taken for. */
export function requireAll(root: ParentNode, site: SiteId, selector: string, pageWithoutEntries: string): Element[] {
  const elements = Array.from(root.querySelectorAll(selector));
  if (elements.length === 0) throw new PageShapeError(site, selector, pageWithoutEntries);
  return elements;
}

/** The first element matching any of the selectors, tried in order, or undefined for optional parts. */
export function findElement(root: ParentNode, ...selectors: string[]): Element | undefined {
  for (const selector of selectors) {
    const element = root.querySelector(selector);
    if (element) {
      return element;
    }
  }
  return undefined;
}

/** `<meta name=…>` values in document order; empty values are dropped (ScienceDirect ships `content` with no value). */
export function metaContents(document: Document, name: string): string[] {
  return Array.from(document.querySelectorAll(`meta[name="${name}"]`))
    .map((meta) => normalizeSpace(meta.getAttribute('content')))
    .filter((content) => content !== '');
}

export function metaContent(document: Document, name: string): string | undefined {
  return metaContents(document, name)[0];
}

/** An href made absolute against the page URL, which saved copies and DOMParser documents do not know themselves. */
export function absoluteUrl(href: string, pageUrl: URL): string {
  return new URL(href, pageUrl).href;
}

/** What the page's own heading says, for errors on pages that turned out not to be papers (404s, bot checks). */
export function pageHeading(document: Document): string {
  return normalizeSpace(document.querySelector('#content h1, main h1, h1')?.textContent) || normalizeSpace(document.title) || 'no heading';
}

/** The first four-digit year in a date string ("2021/06/17", "25 April 2025", "1955"). */
export function yearIn(text: string | undefined): number | undefined {
  const year = /\b(1[89]\d\d|2\d\d\d)\b/.exec(text ?? '')?.[1];
  return year ? Number(year) : undefined;
}

/** Drops empty and repeated names while keeping the page's author order. */
export function distinctNames(names: string[]): string[] {
  return [...new Set(names.map(normalizeSpace).filter((name) => name !== ''))];
}

type PaperDetails = Omit<PaperRef, 'site' | 'paperId' | 'title' | 'version'>;

/**
 * A paper whose id is read now and whose title and other fields are read from the page on first use.
 * A listing of 2,000 entries needs only ids to start; the content script reads titles as it adds launchers,
 * a few hundred at a time, and authors, abstracts and links for the entry the reader clicks (or when the
 * paper is sent on, which reads every field). The getters are own enumerable properties, so copying, JSON
 * and structured clone see plain values.
 */
export function paperWithLazyDetails(
  known: Pick<PaperRef, 'site' | 'paperId' | 'version'>,
  readTitle: () => string,
  readDetails: () => PaperDetails,
): PaperRef {
  let title: string | undefined;
  let details: PaperDetails | undefined;
  const read = () => (details ??= readDetails());
  // An object literal's accessors share one hidden class; defining them one by one on each object did not.
  return {
    site: known.site,
    paperId: known.paperId,
    version: known.version,
    get title() {
      return (title ??= readTitle());
    },
    get latestVersion() {
      return read().latestVersion;
    },
    get authors() {
      return read().authors;
    },
    get venue() {
      return read().venue;
    },
    get year() {
      return read().year;
    },
    get abstract() {
      return read().abstract;
    },
    get pageUrl() {
      return read().pageUrl;
    },
    get pdfUrl() {
      return read().pdfUrl;
    },
    get noPdfReason() {
      return read().noPdfReason;
    },
    get presentationUrl() {
      return read().presentationUrl;
    },
  };
}
