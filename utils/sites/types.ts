import type { SiteId } from './registry';

export type { SiteId };

/** abstract: one paper's landing page; pdf: the PDF itself in a tab; listing: many papers (listings, search, tables of contents, programs). */
export type PageKind = 'abstract' | 'pdf' | 'listing';

export interface PageMatch {
  site: SiteId;
  kind: PageKind;
  /** Known from the URL alone on abstract and PDF pages. */
  paperId?: string;
}

/** What we know of one paper, read from a page. Plain data: it crosses contexts as JSON. */
export interface PaperRef {
  site: SiteId;
  /** Stable id: arXiv id with its version when shown ("2106.09608v2", "hep-th/9901001"), a DOI ("10.1145/3544549.3585902"), a USENIX "nsdi22/goyal". */
  paperId: string;
  /** arXiv: the version this page shows, and the latest one the page knows of. */
  version?: number;
  latestVersion?: number;
  title: string;
  authors: string[];
  venue?: string;
  year?: number;
  abstract?: string;
  /** The page the paper was found on (its abstract page for listing entries when known). */
  pageUrl: string;
  pdfUrl?: string;
  /** Why this page offers no PDF, in words for the reader ("withdrawn", "talk without a paper", "HTML only", "sign in to ACM"). */
  noPdfReason?: string;
  /** USENIX programs link the presentation page; the PDF link lives there. */
  presentationUrl?: string;
}

/** One paper on a page and the element the launcher goes after. */
export interface PageEntry {
  paper: PaperRef;
  anchor: Element;
}

/** The page's layout is not what the adapter knows: tests and the UI can name it. */
export class PageShapeError extends Error {
  override readonly name = 'PageShapeError';
  constructor(
    readonly site: SiteId,
    readonly selector: string,
    detail = 'the page layout changed',
  ) {
    super(`${site}: ${detail} (nothing matched ${selector})`);
  }
}

export interface SiteAdapter {
  id: SiteId;
  /** Date the selectors were last checked against real or documented pages, like Zotero's `lastUpdated`. */
  lastVerified: `${number}-${number}-${number}`;
  /** URL only, never the DOM: cheap enough for every navigation. */
  matchUrl(url: URL): PageMatch | undefined;
  /** One entry on abstract and PDF pages, one per paper on listings. Throws PageShapeError when an element it relies on is missing. */
  readPage(document: Document, url: URL, match: PageMatch): PageEntry[];
}
