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
  for (const node of Array.from(element.childNodes)) {
    if (node instanceof Element && node.classList.contains('descriptor')) {
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
const detailFields = ['latestVersion', 'authors', 'venue', 'year', 'abstract', 'pageUrl', 'pdfUrl', 'noPdfReason', 'presentationUrl'] as const satisfies readonly (keyof PaperDetails)[];

/**
 * A paper whose id and title are read now and whose other fields are read from the page on first use.
 * A listing of 2,000 entries needs only ids and titles to add its launchers; authors, abstracts and links
 * are read for the one entry the reader clicks (or when the paper is sent on, which reads every field).
 */
export function paperWithLazyDetails(known: Pick<PaperRef, 'site' | 'paperId' | 'title' | 'version'>, readDetails: () => PaperDetails): PaperRef {
  let details: PaperDetails | undefined;
  const paper = { ...known } as PaperRef;
  for (const field of detailFields) {
    Object.defineProperty(paper, field, { enumerable: true, configurable: true, get: () => (details ??= readDetails())[field] });
  }
  return paper;
}
