import {
  absoluteUrl,
  distinctNames,
  findElement,
  metaContent,
  metaContents,
  normalizeSpace,
  requireAll,
  requireElement,
  yearIn,
} from './page-reading';
import { dedicatedAdapter } from './pdf-tab';
import { isSiteHost, pdfPaperId } from './registry';
import { PageShapeError, type PageEntry, type PageMatch, type PaperRef } from './types';

/** Conference short names are lower-case letters and a two-digit year, sometimes a season: nsdi22, osdi24, nsdi22spring. */
const presentationPath = /^\/conference\/([a-z0-9-]+)\/presentation\/([a-z0-9-]+)\/?$/;
const programPath = /^\/conference\/[a-z0-9-]+\/(?:technical-sessions|program)\/?$/;

function matchUrl(url: URL): PageMatch | undefined {
  if (url.protocol !== 'https:' || !isSiteHost('usenix', url.hostname)) {
    return undefined;
  }
  const [, conference, slug] = presentationPath.exec(url.pathname) ?? [];
  if (conference && slug) {
    return { site: 'usenix', kind: 'abstract', paperId: `${conference}/${slug}` };
  }
  if (programPath.test(url.pathname)) {
    return { site: 'usenix', kind: 'listing' };
  }
  const pdfId = pdfPaperId('usenix', url);
  if (pdfId) {
    return { site: 'usenix', kind: 'pdf', paperId: pdfId };
  }
  return undefined;
}

/** The people line ("A, <em>MIT</em>; B and C, <em>UW</em>") when the citation_author tags are missing. */
function authorsFromPeopleText(people: Element | undefined): string[] {
  if (!people) {
    return [];
  }
  const copy = people.cloneNode(true) as Element;
  copy.querySelectorAll('em').forEach((affiliation) => affiliation.remove());
  return distinctNames(normalizeSpace(copy.textContent).split(/,|;|\band\b/));
}

function readPresentationPage(document: Document, url: URL, match: PageMatch): PageEntry[] {
  const titleElement = requireElement(document, 'usenix', 'h1#page-title'); // Drupal 7 theme, 2013-2026
  if (!match.paperId) {
    throw new PageShapeError('usenix', 'the /presentation/<slug> address');
  }
  const citationAuthors = metaContents(document, 'citation_author');
  const authors = citationAuthors.length
    ? citationAuthors
    : authorsFromPeopleText(findElement(document, '.field-name-field-paper-people-text .field-item'));
  const venue = metaContent(document, 'citation_conference_title');
  const year = yearIn(metaContent(document, 'citation_publication_date'));
  const abstract = normalizeSpace(document.querySelector('.field-name-field-paper-description .field-item')?.textContent);
  const paper: PaperRef = {
    site: 'usenix',
    paperId: match.paperId,
    title: metaContent(document, 'citation_title') ?? normalizeSpace(titleElement.textContent),
    authors: distinctNames(authors),
    ...(venue ? { venue } : {}),
    ...(year ? { year } : {}),
    ...(abstract ? { abstract } : {}),
    pageUrl: url.href,
  };
  const pdfHref =
    metaContent(document, 'citation_pdf_url') ??
    document.querySelector('.field-name-field-final-paper-pdf a[href*="/system/files/"]')?.getAttribute('href');
  if (pdfHref) {
    paper.pdfUrl = absoluteUrl(pdfHref, url);
  } else {
    // Keynotes and panels have presentation pages too, with slides or video but no paper.
    paper.noPdfReason = 'a talk without a paper (keynote or panel)';
  }
  return [{ paper, anchor: titleElement }];
}

/**
 * Technical sessions and program pages (Drupal schedule view, 2016-2026; no saved copy, see test/fixtures/pages):
 * the PDF is linked from each presentation page, not from here, so entries carry `presentationUrl` and no `pdfUrl`.
 */
function readProgram(document: Document, url: URL): PageEntry[] {
  return requireAll(document, 'usenix', 'article.node-paper.view-mode-schedule', 'a program without entries').map((entry) => {
    const titleElement = requireElement(entry, 'usenix', 'h2');
    const titleLink = requireElement(titleElement, 'usenix', 'a[href*="/presentation/"]');
    const link = absoluteUrl(titleLink.getAttribute('href') ?? '', url);
    const paperId = matchUrl(new URL(link))?.paperId;
    if (!paperId) {
      throw new PageShapeError('usenix', 'h2 > a[href*="/conference/<conf>/presentation/"]');
    }
    const session = normalizeSpace(entry.closest('article.node-session')?.querySelector('h2.node-title')?.textContent);
    const subType = normalizeSpace(entry.querySelector('.field-name-field-paper-sub-type')?.textContent);
    const isTalkOnly = /\b(?:keynote|panel|invited talk)\b/i.test(`${session} ${subType}`);
    const abstract = normalizeSpace(entry.querySelector('.field-name-field-paper-description-long')?.textContent);
    const paper: PaperRef = {
      site: 'usenix',
      paperId,
      title: normalizeSpace(titleLink.textContent),
      authors: authorsFromPeopleText(findElement(entry, '.field-name-field-paper-people-text p', '.field-name-field-paper-people-text')),
      ...(abstract ? { abstract } : {}),
      pageUrl: link,
      presentationUrl: link,
      ...(isTalkOnly ? { noPdfReason: 'a talk without a paper (keynote or panel)' } : {}),
    };
    return { paper, anchor: titleElement };
  });
}

export const usenix = dedicatedAdapter({ id: 'usenix', lastVerified: '2026-11-28', matchUrl, readPaperPage: readPresentationPage, readListing: readProgram });
