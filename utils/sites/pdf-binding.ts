import { dedicatedSiteOfHost, isSiteHost, paperPageUrl, parsePlainHttpsUrl, pdfPaperId, sites } from './registry';
import { paperIdWithoutVersion } from './paper-key';
import type { PaperRef } from './types';

/**
 * Whether a paper's PDF address names the same paper as its id, so a take filed under the id is written from that
 * paper's text. A page (or a link to our standalone sidebar) can say anything: id A with B's PDF would put B's text
 * under A's name in the reader's library; a generic page could point at a paywalled PDF on another site, or at an
 * address on the reader's intranet, fetched with their cookies.
 *
 * - arXiv: /pdf/<id>[vN], the same id; where both name a version, the same version.
 * - ACM DL: /doi/pdf/<doi>, the same DOI (DOIs are case-insensitive).
 * - USENIX: a file named after the presentation (nsdi22-paper-goyal.pdf for nsdi22/goyal); any other file only when
 *   the presentation page itself links it, which the sidebar reads from the site (`linked-from-page`).
 * - Generic: a PDF on the page's own origin, or on another origin the reader enabled.
 */
export type PdfBinding =
  | { kind: 'bound' }
  /** `problem`: what is wrong, as a clause; `reason`: the sentence the reader sees. */
  | { kind: 'refused'; problem: string; reason: string }
  /** USENIX: only the presentation page at `pageUrl` can say whether it links this PDF. */
  | { kind: 'linked-from-page'; pageUrl: string };

/** The origins (https://host) of the citation-tagged sites the reader enabled, from their permission patterns. */
export function enabledOriginsOf(patterns: readonly string[]): string[] {
  return patterns.flatMap((pattern) => {
    const url = parsePlainHttpsUrl(pattern.replace(/\/\*$/, '/'));
    return url ? [url.origin] : [];
  });
}

/** "arxiv.org/pdf/2403.10561": enough of an address to recognise, short enough for one line. */
function shortAddress(url: URL): string {
  const text = `${url.host}${url.pathname}`;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** One line for the reader: what is wrong (a clause), and that nothing will be read. */
function refused(problem: string): PdfBinding {
  return { kind: 'refused', problem, reason: `${problem}, so Shedder's Take will not read it.` };
}

/** The page a paper was found on must be one of its site's own https pages (for generic papers, any https page). */
export function pageProblem(paper: Pick<PaperRef, 'site' | 'pageUrl'>): string | undefined {
  const page = parsePlainHttpsUrl(paper.pageUrl);
  if (!page) return `The paper's page address is not a plain https:// address`;
  if (paper.site !== 'generic' && !isSiteHost(paper.site, page.hostname)) return `The paper's page is not on ${sites[paper.site].name}`;
  return undefined;
}

export function bindPdfToPaper(paper: Pick<PaperRef, 'site' | 'paperId' | 'pageUrl' | 'pdfUrl'>, enabledOrigins: readonly string[]): PdfBinding {
  const problem = pageProblem(paper);
  if (problem) return refused(problem);
  // Nothing to fetch yet: a listing entry's PDF is found later, on its own page (USENIX), or there is none.
  if (paper.pdfUrl === undefined) return isPresentationId(paper) ? { kind: 'linked-from-page', pageUrl: paperPageUrl('usenix', paper.paperId) } : { kind: 'bound' };
  const pdf = parsePlainHttpsUrl(paper.pdfUrl);
  if (!pdf) return refused('The PDF address is not a plain https:// address');

  if (paper.site === 'generic') {
    const page = new URL(paper.pageUrl);
    if (pdf.origin === page.origin || enabledOrigins.includes(pdf.origin)) return { kind: 'bound' };
    const elsewhere = dedicatedSiteOfHost(pdf.hostname);
    return refused(`This page's PDF is on ${pdf.host}${elsewhere ? ` (${sites[elsewhere].name})` : ''}, not on ${page.host} or a site you enabled`);
  }

  const pdfId = pdfPaperId(paper.site, pdf);
  if (pdfId === undefined) return refused(`${shortAddress(pdf)} is not one of ${sites[paper.site].name}'s PDF addresses`);
  if (namesSamePaper(paper.site, paper.paperId, pdfId)) return { kind: 'bound' };
  // USENIX names most paper files after the presentation; older and revised uploads keep other names.
  if (isPresentationId(paper)) return { kind: 'linked-from-page', pageUrl: paperPageUrl('usenix', paper.paperId) };
  return refused(`The PDF link (${shortAddress(pdf)}) is for another paper than this one (${paper.paperId})`);
}

/** Conference and slug as USENIX spells them in presentation addresses: lower-case letters, digits and hyphens. */
const usenixPresentationId = /^[a-z0-9-]+\/[a-z0-9-]+$/;

/** A USENIX paper known by its presentation ("nsdi22/goyal"), not by a file of its own ("files/…"). */
function isPresentationId(paper: Pick<PaperRef, 'site' | 'paperId'>): boolean {
  return paper.site === 'usenix' && !paper.paperId.startsWith('files/') && usenixPresentationId.test(paper.paperId);
}

function namesSamePaper(site: PaperRef['site'], paperId: string, pdfId: string): boolean {
  if (site === 'acm') return paperId.toLowerCase() === pdfId.toLowerCase();
  if (site !== 'arxiv') return paperId === pdfId;
  if (paperIdWithoutVersion(site, paperId) !== paperIdWithoutVersion(site, pdfId)) return false;
  const versionOf = (id: string) => /v(\d+)$/.exec(id)?.[1];
  const [pageVersion, pdfVersion] = [versionOf(paperId), versionOf(pdfId)];
  return pageVersion === undefined || pdfVersion === undefined || pageVersion === pdfVersion;
}
