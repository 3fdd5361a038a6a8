import { normalizeSpace, pageHeading } from './page-reading';
import { dedicatedSiteIds, paperPageUrl, pdfPaperId, type DedicatedSiteId } from './registry';
import { PageShapeError, type PageEntry, type PageMatch, type PaperRef, type SiteAdapter } from './types';

/**
 * A paper shown in a PDF tab, where only the address and the tab's title are known. Chrome runs the content
 * script in the viewer's wrapper document (contentType application/pdf), never in the viewer, which lives in
 * another process; Firefox runs none at all in its viewer, so there the popup reads the tab the same way.
 */
export function paperOfPdfAddress(site: DedicatedSiteId, url: URL, title: string): PaperRef | undefined {
  const paperId = pdfPaperId(site, url);
  if (!paperId) return undefined;
  const version = site === 'arxiv' ? Number(/v(\d+)$/.exec(paperId)?.[1]) || undefined : undefined;
  const pdfUrl = new URL(url.href);
  // ACM's ?download=true only changes Content-Disposition: the same PDF.
  if (site === 'acm') pdfUrl.searchParams.delete('download');
  return {
    site,
    paperId,
    ...(version ? { version } : {}),
    title: normalizeSpace(title) || (site === 'arxiv' ? `arXiv:${paperId}` : paperId),
    authors: [],
    // A USENIX file whose name does not follow the paper pattern has no known presentation page.
    pageUrl: paperId.startsWith('files/') ? url.href : paperPageUrl(site, paperId),
    pdfUrl: pdfUrl.href,
  };
}

/**
 * The adapters' reading of a PDF tab. A missing paper or a bot check answers the PDF address with an HTML page
 * (arXiv's 404, ACM's "Just a moment..."): that is not a PDF tab, and says so.
 */
export function readPdfTab(document: Document, url: URL, site: DedicatedSiteId): PageEntry[] {
  const isPdfDocument = document.contentType === 'application/pdf' || document.querySelector('embed[type="application/pdf"]') !== null;
  const paper = isPdfDocument ? paperOfPdfAddress(site, url, document.title) : undefined;
  if (!paper) {
    const shown = normalizeSpace(document.title) || pageHeading(document);
    throw new PageShapeError(site, 'embed[type="application/pdf"]', `the PDF address shows a web page ("${shown}")`);
  }
  return [{ paper, anchor: document.body ?? document.documentElement }];
}

/** The popup's reading of the active tab when it shows one of our sites' PDFs (Firefox's viewer runs no content script). */
export function paperOfPdfTab(url: string, title: string | undefined): PaperRef | undefined {
  let address: URL;
  try {
    address = new URL(url);
  } catch {
    return undefined;
  }
  for (const site of dedicatedSiteIds) {
    const paper = paperOfPdfAddress(site, address, title ?? '');
    if (paper) return paper;
  }
  return undefined;
}

/** What a dedicated site's adapter reads itself; its PDF tabs are read here, the same way for every site. */
export interface DedicatedAdapterParts {
  id: DedicatedSiteId;
  lastVerified: SiteAdapter['lastVerified'];
  matchUrl: SiteAdapter['matchUrl'];
  /** One paper's page: arXiv's abstract or HTML page, ACM's article page, USENIX's presentation page. */
  readPaperPage(document: Document, url: URL, match: PageMatch): PageEntry[];
  /** Listings, tables of contents, programs and search results. */
  readListing(document: Document, url: URL): PageEntry[];
}

export function dedicatedAdapter({ id, lastVerified, matchUrl, readPaperPage, readListing }: DedicatedAdapterParts): SiteAdapter {
  return {
    id,
    lastVerified,
    matchUrl,
    readPage(document, url, match) {
      if (match.kind === 'pdf') return readPdfTab(document, url, id);
      return match.kind === 'abstract' ? readPaperPage(document, url, match) : readListing(document, url);
    },
  };
}
