/**
 * The sites Shedder's Take reads, in one table: their hosts (and from them the manifest's match patterns and host
 * permissions), the names the UI gives them, and where each keeps a paper's PDF and page. wxt.config.ts, the
 * background, the adapters, the popup and the library all read these facts from here.
 *
 * No imports and no browser APIs: the build loads this file in Node to write the manifest.
 */

/** `generic` is any page carrying Highwire `citation_*` tags on a site the reader granted. */
export type SiteId = 'arxiv' | 'acm' | 'usenix' | 'generic';
export type DedicatedSiteId = Exclude<SiteId, 'generic'>;

interface SiteInfo {
  /** The site's name in sentences ("This ACM Digital Library page shows no paper"). */
  name: string;
  /** The name where space is short: the library's list and filters, the sidebar's paper line. */
  shortName: string;
  /** Hosts of the site's pages and PDFs, all https. Empty for generic, which runs only where the reader granted it. */
  hosts: readonly string[];
}

/**
 * arXiv ids: new style (YYMM.NNNN from 2007-04, YYMM.NNNNN from 2015) and old style, whose archive may carry a
 * subject class: hep-th/9901001, math/0510544, math.GT/0309136 (https://info.arxiv.org/help/arxiv_identifier.html).
 * Captures the id, then the version number when there is one.
 */
export const arxivIdSource = String.raw`(\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?`;
/** ACM also hosts other publishers' DOIs (10.5555 for SIAM and USENIX co-publications), so any DOI prefix is taken. */
export const doiSource = String.raw`(10\.\d{4,9}\/[^?#]+?)`;

const arxivPdfPath = new RegExp(String.raw`^\/pdf\/${arxivIdSource}(?:\.pdf)?\/?$`);
const acmPdfPath = new RegExp(String.raw`^\/doi\/pdf\/${doiSource}\/?$`);
/** Papers, slides and proceedings are all Drupal file uploads under /system/files/. */
const usenixFilePath = /^\/system\/files\/(?:[^/]+\/)*([^/]+)\.pdf$/i;
/** Paper files are named <conf>-paper-<slug>.pdf (nsdi22-paper-goyal.pdf), so the presentation id can often be recovered. */
const usenixPaperFileName = /^([a-z]+\d{2}(?:spring|summer|fall|winter)?)-paper-([a-z0-9-]+)$/;

export const sites = {
  arxiv: { name: 'arXiv', shortName: 'arXiv', hosts: ['arxiv.org', 'www.arxiv.org', 'export.arxiv.org'] },
  acm: { name: 'ACM Digital Library', shortName: 'ACM DL', hosts: ['dl.acm.org'] },
  usenix: { name: 'USENIX', shortName: 'USENIX', hosts: ['www.usenix.org'] },
  generic: { name: 'Other site', shortName: 'Other site', hosts: [] },
} as const satisfies Record<SiteId, SiteInfo>;

export const siteIds = Object.keys(sites) as SiteId[];
export const dedicatedSiteIds = siteIds.filter((site): site is DedicatedSiteId => site !== 'generic');

export function isSiteId(value: unknown): value is SiteId {
  return typeof value === 'string' && Object.hasOwn(sites, value);
}

/** The manifest's match patterns for one site's pages and PDFs. */
export function siteMatchPatterns(site: SiteId): string[] {
  return sites[site].hosts.map((host) => `https://${host}/*`);
}

/** Where the content script runs from the manifest, and the hosts the extension may fetch papers from without asking. */
export const paperSiteMatchPatterns: readonly string[] = dedicatedSiteIds.flatMap(siteMatchPatterns);

/** One of the site's own hosts, exactly: which content script may speak for which site. */
export function isSiteHost(site: SiteId, hostname: string): boolean {
  return (sites[site].hosts as readonly string[]).includes(hostname);
}

/**
 * The dedicated site a host belongs to: one of its hosts, or a subdomain of one with "www." dropped (info.arxiv.org
 * is arXiv's, blog.usenix.org USENIX's). The generic adapter never claims these, and the popup never offers to enable
 * them: the site's own adapter knows its listings and versions, and a generic claim would hide its errors.
 */
export function dedicatedSiteOfHost(hostname: string): DedicatedSiteId | undefined {
  return dedicatedSiteIds.find((site) =>
    sites[site].hosts.some((host) => {
      const domain = host.replace(/^www\./, '');
      return hostname === domain || hostname.endsWith(`.${domain}`);
    }),
  );
}

/** DOIs arrive percent-encoded in links ("10.1145%2F3706599.3719976"); a malformed escape is simply not ours. */
export function decodedPath(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
}

/**
 * The paper id of a PDF address on the site's own hosts (arXiv /pdf/<id>, ACM /doi/pdf/<doi>, USENIX
 * /system/files/….pdf), or undefined. Other USENIX files (slides, prepublication copies) keep their file name as
 * id: there is no reliable way back to the talk.
 */
export function pdfPaperId(site: DedicatedSiteId, url: URL): string | undefined {
  if (url.protocol !== 'https:' || !isSiteHost(site, url.hostname)) return undefined;
  switch (site) {
    case 'arxiv': {
      const [, id, version] = arxivPdfPath.exec(url.pathname) ?? [];
      return id && (version ? `${id}v${version}` : id);
    }
    case 'acm': {
      const path = decodedPath(url);
      return path === undefined ? undefined : acmPdfPath.exec(path)?.[1];
    }
    case 'usenix': {
      const [, fileName] = usenixFilePath.exec(url.pathname) ?? [];
      if (!fileName) return undefined;
      const [, conference, slug] = usenixPaperFileName.exec(fileName) ?? [];
      return conference && slug ? `${conference}/${slug}` : `files/${fileName}`;
    }
  }
}

/** The page that describes a paper: arXiv's abstract page, ACM's article page, USENIX's presentation page. */
export function paperPageUrl(site: DedicatedSiteId, paperId: string): string {
  switch (site) {
    case 'arxiv':
      // Old-style ids keep their slash (hep-th/9901001): it is part of the path, not something to escape.
      return `https://arxiv.org/abs/${paperId.split('/').map(encodeURIComponent).join('/')}`;
    case 'acm':
      return `https://dl.acm.org/doi/${paperId}`;
    case 'usenix': {
      const [conference, slug] = paperId.split('/');
      return `https://www.usenix.org/conference/${conference}/presentation/${slug}`;
    }
  }
}

/** Where the site serves a paper's PDF, known from its id alone; USENIX links it only from the presentation page. */
export function paperPdfUrl(site: DedicatedSiteId, paperId: string): string | undefined {
  switch (site) {
    case 'arxiv':
      return `https://arxiv.org/pdf/${paperId}`;
    case 'acm':
      return `https://dl.acm.org/doi/pdf/${paperId}`;
    case 'usenix':
      return undefined;
  }
}

/**
 * A URL that came from a content script, i.e. from a page that may be hostile, parsed strictly: https only, no
 * credentials, default port. Anything else is refused before any site rule is asked.
 */
export function parsePlainHttpsUrl(url: string): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return undefined;
  return parsed;
}

/**
 * Whether the sidebar may fetch this as the paper's PDF with the extension's host permissions: only the site's own
 * PDF addresses. For generic pages any plain https URL passes here; the caller checks that the reader granted its origin.
 */
export function isAllowedPdfUrl(site: SiteId, url: string): boolean {
  const parsed = parsePlainHttpsUrl(url);
  if (!parsed) return false;
  return site === 'generic' || pdfPaperId(site, parsed) !== undefined;
}
