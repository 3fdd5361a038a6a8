import { absoluteUrl, distinctNames, findElement, normalizeSpace, requireAll, requireElement, yearIn } from './page-reading';
import { dedicatedAdapter } from './pdf-tab';
import { decodedPath, doiSource, isSiteHost, paperPageUrl, paperPdfUrl, pdfPaperId } from './registry';
import { PageShapeError, type PageEntry, type PageMatch, type PaperRef } from './types';

const articlePath = new RegExp(String.raw`^\/doi\/(?:(?:abs|full|fullHtml|epdf)\/)?${doiSource}\/?$`);
const proceedingsPath = new RegExp(String.raw`^\/doi\/proceedings\/${doiSource}\/?$`);
/** Journal and magazine issues: /toc/<journal>/<year>/<volume>/<issue>, /toc/<journal>/<volume>/<issue>, /toc/<journal>/just-accepted. */
const tableOfContentsPath = /^\/toc\/[a-z0-9-]+(?:\/[^/]+){1,3}\/?$/i;

function matchUrl(url: URL): PageMatch | undefined {
  if (url.protocol !== 'https:' || !isSiteHost('acm', url.hostname)) {
    return undefined;
  }
  const pathname = decodedPath(url);
  if (pathname === undefined) {
    return undefined;
  }
  // Checked before the article rule: "proceedings" would otherwise read as the first part of a path.
  if (proceedingsPath.test(pathname) || tableOfContentsPath.test(pathname)) {
    return { site: 'acm', kind: 'listing' };
  }
  if (pathname === '/action/doSearch') {
    const terms = ['AllField', 'Title', 'ContribAuthor', 'Abstract', 'fillQuickSearch'].map((name) => url.searchParams.get(name));
    return terms.some((term) => normalizeSpace(term) !== '' && term !== 'false') ? { site: 'acm', kind: 'listing' } : undefined;
  }
  const pdfDoi = pdfPaperId('acm', url);
  if (pdfDoi) {
    return { site: 'acm', kind: 'pdf', paperId: pdfDoi };
  }
  const [, articleDoi] = articlePath.exec(pathname) ?? [];
  if (articleDoi) {
    return { site: 'acm', kind: 'abstract', paperId: articleDoi };
  }
  return undefined;
}

/** The PDF's address without `?download=true`, which only changes Content-Disposition. */
function pdfAddress(href: string, pageUrl: URL): string {
  const address = new URL(absoluteUrl(href, pageUrl));
  address.searchParams.delete('download');
  return address.href;
}

/**
 * The eReader (/doi/epdf/<doi>) is a PDF viewer app, not an article page: no saved copy exists to read its DOM from,
 * so only the address and the document title are relied on, and the PDF address follows from the DOI.
 */
function readEReaderPage(document: Document, match: PageMatch): PageEntry[] {
  if (!match.paperId) {
    throw new PageShapeError('acm', 'the /doi/epdf/<doi> address');
  }
  const paper: PaperRef = {
    site: 'acm',
    paperId: match.paperId,
    title: normalizeSpace(document.title).replace(/\s*\|.*$/, '') || match.paperId,
    authors: [],
    pageUrl: paperPageUrl('acm', match.paperId),
    pdfUrl: paperPdfUrl('acm', match.paperId),
  };
  return [{ paper, anchor: document.body ?? document.documentElement }];
}

function readArticlePage(document: Document, url: URL, match: PageMatch): PageEntry[] {
  if (url.pathname.startsWith('/doi/epdf/') && !document.querySelector('h1[property="name"]')) {
    return readEReaderPage(document, match);
  }
  // ACM pages carry no citation_* tags: the DOI is in Dublin Core, the rest in RDFa `property` attributes.
  const titleElement = requireElement(
    document,
    'acm',
    'h1[property="name"]', // Atypon "core" article layout, 2021-2026
    'h1.citation__title', // earlier Literatum layout, 2018-2021
  );
  const doi =
    normalizeSpace(document.querySelector('meta[name="dc.Identifier"][scheme="doi"]')?.getAttribute('content')) || match.paperId;
  if (!doi) {
    throw new PageShapeError('acm', 'meta[name="dc.Identifier"][scheme="doi"]');
  }
  const authorElements = Array.from(document.querySelectorAll('[property="author"][role="listitem"]')); // 2021-2026
  const authors = authorElements.length
    ? authorElements.map((author) =>
        normalizeSpace(
          `${author.querySelector('[property="givenName"]')?.textContent ?? ''} ${author.querySelector('[property="familyName"]')?.textContent ?? ''}`,
        ),
      )
    : Array.from(document.querySelectorAll('.loa__author-name'), (name) => name.textContent ?? ''); // 2018-2021
  const venue = normalizeSpace(
    findElement(
      document,
      '[property="isPartOf"] > a[property="name"]', // 2021-2026: the proceedings or journal the article is part of
      '.epub-section__title', // 2018-2021
    )?.textContent,
  );
  const year = yearIn(findElement(document, '.core-date-published', '.CitationCoverDate')?.textContent ?? undefined);
  const abstractSection = findElement(document, 'section[role="doc-abstract"]', '.abstractSection');
  const abstract = abstractSection
    ? normalizeSpace(Array.from(abstractSection.children, (child) => (child.tagName === 'H2' ? '' : child.textContent)).join(' '))
    : '';
  const paper: PaperRef = {
    site: 'acm',
    paperId: doi,
    title: normalizeSpace(titleElement.textContent),
    authors: distinctNames(authors),
    ...(venue ? { venue } : {}),
    ...(year ? { year } : {}),
    ...(abstract ? { abstract } : {}),
    pageUrl: url.href,
  };
  const pdfLink = findElement(document, 'a.btn--pdf[href*="/doi/pdf/"]', 'a#downloadPdfUrl[href*="/doi/pdf/"]');
  if (pdfLink) {
    paper.pdfUrl = pdfAddress(pdfLink.getAttribute('href') ?? '', url);
  } else if (document.querySelector('.get__access__login') || /to get full access/i.test(document.body?.textContent ?? '')) {
    paper.noPdfReason = 'sign in to ACM (or through your institution) to get the PDF';
  } else {
    throw new PageShapeError('acm', 'a.btn--pdf, a#downloadPdfUrl');
  }
  return [{ paper, anchor: titleElement }];
}

/**
 * Proceedings and issue tables of contents and search results share Literatum's `issue-item` markup
 * (2021-2026; no saved copy, see test/fixtures/pages/README.md). Collapsed sessions load their entries on expand,
 * so a table of contents can have sections and no entries yet: that is a PageShapeError the caller may retry.
 */
function readListing(document: Document, url: URL): PageEntry[] {
  return requireAll(document, 'acm', '.issue-item-container', 'a table of contents or search page without entries').map((item) => {
    const titleElement = requireElement(item, 'acm', '.issue-item__title'); // h5 on proceedings, h3 on some issue pages
    const titleLink = requireElement(titleElement, 'acm', 'a[href*="/doi/"]');
    const href = titleLink.getAttribute('href') ?? '';
    const doi = matchUrl(new URL(href, url))?.paperId;
    if (!doi) {
      throw new PageShapeError('acm', '.issue-item__title a[href*="/doi/10."]');
    }
    const authorNames = item.querySelectorAll('.loa .author-name');
    const authorElements = authorNames.length ? authorNames : item.querySelectorAll('ul.rlist--inline.loa > li');
    // Names come with the list's separators ("Ada Lovelace, "); the title attribute holds the bare name where present.
    const authors = Array.from(authorElements, (author) => (author.getAttribute('title') ?? author.textContent ?? '').replace(/[,\s]+$/, ''));
    const abstract = normalizeSpace(item.querySelector('.issue-item__abstract')?.textContent);
    const pdfLink = item.querySelector('a[href*="/doi/pdf/"]');
    const paper: PaperRef = {
      site: 'acm',
      paperId: doi,
      title: normalizeSpace(titleLink.textContent),
      authors: distinctNames(authors),
      ...(abstract ? { abstract } : {}),
      pageUrl: paperPageUrl('acm', doi),
      // Every ACM article's PDF lives at /doi/pdf/<DOI>; entries link it only when the session is expanded.
      pdfUrl: pdfLink ? pdfAddress(pdfLink.getAttribute('href') ?? '', url) : paperPdfUrl('acm', doi),
    };
    return { paper, anchor: titleElement };
  });
}

export const acm = dedicatedAdapter({ id: 'acm', lastVerified: '2026-11-28', matchUrl, readPaperPage: readArticlePage, readListing });
