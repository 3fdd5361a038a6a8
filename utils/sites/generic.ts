import { absoluteUrl, distinctNames, metaContent, metaContents, yearIn } from './page-reading';
import { dedicatedSiteOfHost } from './registry';
import { PageShapeError, type PaperRef, type SiteAdapter } from './types';

/**
 * Highwire Press tags (https://scholar.google.com/intl/en/scholar/inclusion.html#indexing), read by Google Scholar and
 * Zotero: OpenReview, PMLR, NeurIPS and MLSys proceedings, ACL Anthology, VLDB, HAL, ScienceDirect and many more.
 * A page is a paper page when it names its title; whether it offers a PDF is a separate question.
 */
export function detectCitationPage(document: Document): boolean {
  return metaContent(document, 'citation_title') !== undefined;
}

/** The most stable id the tags offer: a DOI, then an arXiv id, then the page address itself. */
function citationPaperId(document: Document, url: URL): string {
  return metaContent(document, 'citation_doi') ?? metaContent(document, 'citation_arxiv_id') ?? `${url.origin}${url.pathname}`;
}

export const generic: SiteAdapter = {
  id: 'generic',
  lastVerified: '2026-11-28',
  /**
   * Any other http(s) address is a candidate paper page: the URL cannot tell, so `detectCitationPage`
   * (or `readPage`, which throws without tags) confirms it from the document. It runs only on sites the reader
   * granted at run time, never from the manifest, and never on a dedicated site's hosts, even where a page there
   * carries citation tags.
   */
  matchUrl(url) {
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || dedicatedSiteOfHost(url.hostname)) {
      return undefined;
    }
    return { site: 'generic', kind: 'abstract' };
  },
  readPage(document, url) {
    const title = metaContent(document, 'citation_title');
    if (!title) {
      throw new PageShapeError('generic', 'meta[name="citation_title"]', 'no citation tags on this page');
    }
    const venue =
      metaContent(document, 'citation_conference_title') ??
      metaContent(document, 'citation_journal_title') ??
      metaContent(document, 'citation_inbook_title');
    const year = yearIn(metaContent(document, 'citation_publication_date') ?? metaContent(document, 'citation_date'));
    const abstract = metaContent(document, 'citation_abstract');
    const pdfHref = metaContent(document, 'citation_pdf_url');
    const paper: PaperRef = {
      site: 'generic',
      paperId: citationPaperId(document, url),
      title,
      authors: distinctNames(metaContents(document, 'citation_author')),
      ...(venue ? { venue } : {}),
      ...(year ? { year } : {}),
      ...(abstract ? { abstract } : {}),
      pageUrl: url.href,
      // ScienceDirect and other publishers tag the article but keep the PDF behind their own viewer.
      ...(pdfHref ? { pdfUrl: absoluteUrl(pdfHref, url) } : { noPdfReason: 'this site tags the paper but links no PDF' }),
    };
    // The launcher goes after the visible title when the page has one heading, else at the top of the body.
    const anchor = document.querySelector('h1') ?? document.body ?? document.documentElement;
    return [{ paper, anchor }];
  },
};
