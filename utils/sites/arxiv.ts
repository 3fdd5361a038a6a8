import {
  distinctNames,
  findElement,
  metaContent,
  metaContents,
  normalizeSpace,
  pageHeading,
  paperWithLazyDetails,
  requireElement,
  textWithoutDescriptor,
  yearIn,
} from './page-reading';
import { dedicatedAdapter } from './pdf-tab';
import { arxivIdSource, isAllowedPdfUrl, isSiteHost, paperPdfUrl, pdfPaperId } from './registry';
import { PageShapeError, type PageEntry, type PageMatch, type PaperRef } from './types';

const absPath = new RegExp(String.raw`^\/abs\/${arxivIdSource}\/?$`);
const htmlPath = new RegExp(String.raw`^\/html\/${arxivIdSource}\/?$`);
/**
 * arxiv-browse routes listings as /list/<context>/<subcontext> only (browse/routes/ui.py): /list/cs.DC alone is a 404.
 * Subcontexts: new, recent, pastweek, a month (2017-03, or YYMM in old links), a year.
 */
const listPath = /^\/list\/[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[a-z]+)*)?\/(?:new|recent|pastweek|\d{2}|\d{4}|\d{4}-\d{2})\/?$/;
/** /catchup/<archive>/<yyyy-mm-dd>; bare /catchup is the form that builds such a URL. */
const catchupPath = /^\/catchup\/[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[a-z]+)*)?\/\d{4}-\d{2}-\d{2}\/?$/;
/** Author pages such as /a/einstein_a_1 (the .atom / .json variants are feeds, not pages). */
const authorPath = /^\/a\/[a-z0-9_.-]+?(?:\.html)?\/?$/i;
const authorFeedPath = /\.(?:atom2?|json)\/?$/;
/** /search/, /search/<archive> (author links on abstract pages) and /search/advanced; results only once a query is given. */
const searchPath = /^\/search(?:\/(?:advanced|[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z-]+)?))?\/?$/;

const paperPathPrefix = new RegExp(String.raw`^\/(?:abs|pdf|html)\/${arxivIdSource}`);

/** A paper id and optional version out of an href such as "/abs/2106.09608v2" or "https://arxiv.org/pdf/math/0510544". */
function idInHref(href: string, base: URL): { paperId: string; version?: number } | undefined {
  let pathname: string;
  if (href.startsWith('/')) {
    // Listings link root-relative paths; skipping URL parsing matters at 2,000 entries.
    pathname = href.split(/[?#]/, 1)[0] ?? href;
  } else {
    try {
      ({ pathname } = new URL(href, base));
    } catch {
      return undefined;
    }
  }
  const [, id, version] = paperPathPrefix.exec(pathname) ?? [];
  if (!id) {
    return undefined;
  }
  return version ? { paperId: id, version: Number(version) } : { paperId: id };
}

function matchUrl(url: URL): PageMatch | undefined {
  if (url.protocol !== 'https:' || !isSiteHost('arxiv', url.hostname)) {
    return undefined;
  }
  const { pathname, searchParams } = url;
  for (const path of [absPath, htmlPath]) {
    const [, id, version] = path.exec(pathname) ?? [];
    if (id) {
      return { site: 'arxiv', kind: 'abstract', paperId: version ? `${id}v${version}` : id };
    }
  }
  const pdfId = pdfPaperId('arxiv', url);
  if (pdfId) {
    return { site: 'arxiv', kind: 'pdf', paperId: pdfId };
  }
  if (listPath.test(pathname) || catchupPath.test(pathname)) {
    return { site: 'arxiv', kind: 'listing' };
  }
  if (authorPath.test(pathname) && !authorFeedPath.test(pathname)) {
    return { site: 'arxiv', kind: 'listing' };
  }
  if (searchPath.test(pathname)) {
    const hasQuery = pathname.startsWith('/search/advanced')
      ? searchParams.has('advanced')
      : normalizeSpace(searchParams.get('query')) !== '';
    return hasQuery ? { site: 'arxiv', kind: 'listing' } : undefined;
  }
  return undefined;
}

/** arXiv serves everything over https; the 2011 layout still linked http://. */
function httpsArxivUrl(href: string, pageUrl: URL): string {
  const absolute = new URL(href, pageUrl);
  if (absolute.protocol === 'http:' && isSiteHost('arxiv', absolute.hostname)) {
    absolute.protocol = 'https:';
  }
  return absolute.href;
}

/**
 * Versions from the submission history: the one this page shows is the only `[vN]` that is not a link.
 * Layout 2019-: `.submission-history strong`; legacy 2011: `.submission-history b`.
 */
function readVersions(document: Document): { version?: number; latestVersion?: number } {
  const labels = Array.from(document.querySelectorAll('.submission-history strong, .submission-history b'));
  let version: number | undefined;
  let latestVersion: number | undefined;
  for (const label of labels) {
    const number = /\[v(\d+)\]/.exec(label.textContent ?? '')?.[1];
    if (!number) {
      continue;
    }
    latestVersion = Math.max(latestVersion ?? 0, Number(number));
    if (!label.querySelector('a')) {
      version = Number(number);
    }
  }
  // The dateline says "(this version, v4)" too; it is the fallback when the history is missing.
  version ??= Number(/this version, v(\d+)/.exec(document.querySelector('.dateline')?.textContent ?? '')?.[1]) || undefined;
  return { ...(version ? { version } : {}), ...(latestVersion ? { latestVersion } : {}) };
}

function readAbstractPage(document: Document, url: URL, match: PageMatch): PageEntry[] {
  const titleElement = findElement(
    document,
    'h1.title.mathjax', // abs page layout, 2019-2026
    '#abs h1.title', // legacy abs page, 2011
  );
  if (!titleElement) {
    const tagged = readCitationTags(document, url, match);
    if (tagged) return [tagged];
    throw new PageShapeError('arxiv', 'h1.title', `not an abstract page ("${pageHeading(document)}")`);
  }
  const title = textWithoutDescriptor(titleElement);
  const shownId = metaContent(document, 'citation_arxiv_id') ?? match.paperId?.replace(/v\d+$/, '');
  if (!shownId) {
    throw new PageShapeError('arxiv', 'meta[name="citation_arxiv_id"]');
  }
  const { version, latestVersion } = readVersions(document);
  const authors = distinctNames(Array.from(document.querySelectorAll('.authors a'), (link) => link.textContent ?? ''));
  const abstractElement = document.querySelector('blockquote.abstract');
  const journalReference = normalizeSpace(document.querySelector('td.tablecell.jref')?.textContent);
  // citation_date is the first submission's date, the year arXiv cites the paper by.
  const year = yearIn(metaContent(document, 'citation_date'));
  const paper: PaperRef = {
    site: 'arxiv',
    paperId: version ? `${shownId}v${version}` : shownId,
    ...(version ? { version } : {}),
    ...(latestVersion ? { latestVersion } : {}),
    title,
    authors,
    ...(journalReference ? { venue: journalReference } : {}),
    ...(year ? { year } : {}),
    ...(abstractElement ? { abstract: textWithoutDescriptor(abstractElement) } : {}),
    pageUrl: url.href,
  };
  const pdfLink = findElement(
    document,
    'a.download-pdf', // "View PDF" button, 2019-2026: versioned on a versioned page
    '.full-text a[accesskey="f"][href*="/pdf/"]', // legacy "PDF" link, 2011
  );
  if (pdfLink) {
    paper.pdfUrl = httpsArxivUrl(pdfLink.getAttribute('href') ?? '', url);
  } else if (document.querySelector('a.download-html')) {
    paper.noPdfReason = 'HTML only: arXiv has no PDF of this paper';
  } else if (/withdrawn/i.test(document.querySelector('.full-text')?.textContent ?? '')) {
    paper.noPdfReason = 'withdrawn: this version has no full text';
  } else {
    throw new PageShapeError('arxiv', 'a.download-pdf');
  }
  return [{ paper, anchor: titleElement }];
}

/** arXiv writes citation_author as "Family, Given"; the page itself, and every other adapter, as "Given Family". */
function givenNameFirst(name: string): string {
  const parts = name.split(',');
  return parts.length === 2 ? `${parts[1]?.trim()} ${parts[0]?.trim()}`.trim() : name;
}

/**
 * An abstract page whose body is in a layout we do not know still carries, in its <head>, the citation_* tags every
 * layout since 2011 has: title, authors, date, abstract, citation_arxiv_id and citation_pdf_url. With the id in the
 * address they describe the paper well enough for a take; without a title they do not, and the page is unreadable.
 */
function readCitationTags(document: Document, url: URL, match: PageMatch): PageEntry | undefined {
  const title = metaContent(document, 'citation_title');
  const addressedId = match.paperId?.replace(/v\d+$/, '');
  const shownId = metaContent(document, 'citation_arxiv_id') ?? addressedId;
  if (!title || !shownId) return undefined;
  // The address says which version is shown; citation_pdf_url names the paper without one, even on /abs/<id>v2.
  const version = shownId === addressedId ? Number(/v(\d+)$/.exec(match.paperId ?? '')?.[1]) || undefined : undefined;
  const paperId = version ? `${shownId}v${version}` : shownId;
  const taggedPdf = metaContent(document, 'citation_pdf_url');
  const year = yearIn(metaContent(document, 'citation_date'));
  const abstract = metaContent(document, 'citation_abstract');
  const paper: PaperRef = {
    site: 'arxiv',
    paperId,
    ...(version ? { version } : {}),
    title,
    authors: distinctNames(metaContents(document, 'citation_author').map(givenNameFirst)),
    ...(year ? { year } : {}),
    ...(abstract ? { abstract } : {}),
    pageUrl: url.href,
    pdfUrl: !version && taggedPdf && isAllowedPdfUrl('arxiv', taggedPdf) ? taggedPdf : paperPdfUrl('arxiv', paperId),
  };
  return { paper, anchor: document.querySelector('h1') ?? document.body ?? document.documentElement };
}

/**
 * The HTML full text (/html/<id>) is the same paper rendered by LaTeXML; it carries no citation_* tags today,
 * so the title comes from the LaTeXML heading and the PDF address from the id, as arXiv's own links build it.
 */
function readHtmlFullText(document: Document, url: URL, match: PageMatch): PageEntry[] {
  const paperId = match.paperId ?? idInHref(url.href, url)?.paperId;
  if (!paperId) {
    throw new PageShapeError('arxiv', 'the /html/<id> address');
  }
  const titleElement = requireElement(
    document,
    'arxiv',
    'h1.ltx_title_document', // LaTeXML full text, 2023-2026
    'h1.ltx_title',
  );
  const title = metaContent(document, 'citation_title') ?? normalizeSpace(titleElement.textContent);
  const authors = distinctNames(
    Array.from(document.querySelectorAll('.ltx_authors .ltx_personname'), (name) => name.firstChild?.textContent ?? ''),
  );
  // The abstract's paragraphs, without its "Abstract" heading.
  const abstract = normalizeSpace(Array.from(document.querySelectorAll('.ltx_abstract p'), (paragraph) => paragraph.textContent).join(' '));
  const version = Number(/v(\d+)$/.exec(paperId)?.[1]) || undefined;
  const paper: PaperRef = {
    site: 'arxiv',
    paperId,
    ...(version ? { version } : {}),
    title,
    authors,
    ...(abstract ? { abstract } : {}),
    pageUrl: url.href,
    pdfUrl: paperPdfUrl('arxiv', paperId),
  };
  return [{ paper, anchor: titleElement }];
}

/** Listings, catchup and author pages: `dl#articles` per section or day (ids repeat), `dt`/`dd` per entry. Layout 2023-2026. */
function readListing(document: Document, url: URL): PageEntry[] {
  const sections = Array.from(document.querySelectorAll('dl#articles'));
  if (sections.length === 0) {
    throw new PageShapeError('arxiv', 'dl#articles', `not a listing ("${pageHeading(document)}")`);
  }
  const entries: PageEntry[] = [];
  for (const section of sections) {
    for (const term of Array.from(section.querySelectorAll(':scope > dt'))) {
      entries.push(readListingEntry(term, url));
    }
  }
  // A day without announcements says so in its section ("No updates for this time period."): an honest empty listing.
  const saysNothingNew = sections.every(
    (section) => section.querySelector(':scope > dt') || /\bno (?:updates|new submissions)\b/i.test(section.textContent ?? ''),
  );
  if (entries.length === 0 && !saysNothingNew) {
    throw new PageShapeError('arxiv', 'dl#articles > dt', 'a listing without entries');
  }
  return entries;
}

function readListingEntry(term: Element, url: URL): PageEntry {
  const abstractLink = requireElement(term, 'arxiv', 'a[title="Abstract"]');
  const details = term.nextElementSibling;
  if (details?.tagName !== 'DD') {
    throw new PageShapeError('arxiv', 'dt + dd');
  }
  const href = abstractLink.getAttribute('href') ?? '';
  const id = idInHref(href, url);
  if (!id) {
    throw new PageShapeError('arxiv', 'a[title="Abstract"][href^="/abs/"]');
  }
  // Checked now, so a changed layout fails loudly at once; read when the title is first needed.
  const titleElement = requireElement(details, 'arxiv', '.list-title');
  const paper = paperWithLazyDetails(
    { site: 'arxiv', paperId: id.version ? `${id.paperId}v${id.version}` : id.paperId },
    () => textWithoutDescriptor(titleElement),
    () => readListingDetails(term, details, href, url),
  );
  return { paper, anchor: abstractLink };
}

/** The rest of a listing entry, read when first needed (paperWithLazyDetails). */
function readListingDetails(term: Element, details: Element, href: string, url: URL): Omit<PaperRef, 'site' | 'paperId' | 'title' | 'version'> {
  const summary = normalizeSpace(details.querySelector('p.mathjax')?.textContent);
  const journalReference = details.querySelector('.list-journal-ref');
  const read: Omit<PaperRef, 'site' | 'paperId' | 'title' | 'version'> = {
    authors: distinctNames(Array.from(details.querySelectorAll('.list-authors a'), (link) => link.textContent ?? '')),
    ...(journalReference ? { venue: textWithoutDescriptor(journalReference) } : {}),
    ...(summary ? { abstract: summary } : {}),
    pageUrl: httpsArxivUrl(href, url),
  };
  // Old-style ids keep their slash in the element id (pdf-math/0510544), so select by title, not by #id.
  const pdfLink = term.querySelector('a[title="Download PDF"]');
  if (pdfLink) {
    read.pdfUrl = httpsArxivUrl(pdfLink.getAttribute('href') ?? '', url);
  } else {
    read.noPdfReason = term.querySelector('a[title="View HTML"]') ? 'HTML only: arXiv has no PDF of this paper' : 'no PDF listed';
  }
  return read;
}

/** Search results (search.arxiv.org app, 2018-2026): `li.arxiv-result`; no saved copy, see test/fixtures/pages. */
function readSearchResults(document: Document, url: URL): PageEntry[] {
  const results = Array.from(document.querySelectorAll('li.arxiv-result'));
  if (results.length === 0) {
    if (/produced no results/i.test(document.body?.textContent ?? '')) {
      return [];
    }
    throw new PageShapeError('arxiv', 'li.arxiv-result', 'search results without entries');
  }
  return results.map((result) => {
    const abstractLink = requireElement(result, 'arxiv', 'p.list-title a[href*="/abs/"]');
    const href = abstractLink.getAttribute('href') ?? '';
    const id = idInHref(href, url);
    if (!id) {
      throw new PageShapeError('arxiv', 'p.list-title a[href*="/abs/"]');
    }
    const fullAbstract = result.querySelector('span.abstract-full');
    // The expanded abstract ends with its own "△ Less" toggle link.
    const abstract = fullAbstract
      ? normalizeSpace(Array.from(fullAbstract.childNodes, (node) => (node instanceof Element && node.tagName === 'A' ? '' : node.textContent)).join(''))
      : '';
    const pdfLink = result.querySelector('p.list-title a[href*="/pdf/"]');
    const paper: PaperRef = {
      site: 'arxiv',
      paperId: id.version ? `${id.paperId}v${id.version}` : id.paperId,
      title: normalizeSpace(requireElement(result, 'arxiv', 'p.title').textContent),
      authors: distinctNames(Array.from(result.querySelectorAll('p.authors a'), (link) => link.textContent ?? '')),
      ...(abstract ? { abstract } : {}),
      pageUrl: httpsArxivUrl(href, url),
      ...(pdfLink ? { pdfUrl: httpsArxivUrl(pdfLink.getAttribute('href') ?? '', url) } : { noPdfReason: 'no PDF listed' }),
    };
    return { paper, anchor: abstractLink };
  });
}

export const arxiv = dedicatedAdapter({
  id: 'arxiv',
  lastVerified: '2026-11-28',
  matchUrl,
  readPaperPage: (document, url, match) =>
    url.pathname.startsWith('/html/') ? readHtmlFullText(document, url, match) : readAbstractPage(document, url, match),
  readListing: (document, url) => (url.pathname.startsWith('/search') ? readSearchResults(document, url) : readListing(document, url)),
});
