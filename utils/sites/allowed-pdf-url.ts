import { acm } from './acm';
import { arxiv } from './arxiv';
import { usenix } from './usenix';
import type { SiteAdapter, SiteId } from './types';

const dedicatedAdapters: Record<Exclude<SiteId, 'generic'>, SiteAdapter> = { arxiv, acm, usenix };

/**
 * A URL that came from a content script, i.e. from a page that may be hostile, parsed strictly:
 * https only, no credentials, default port. Anything else is refused before the site rules are asked.
 */
function parsePlainHttpsUrl(url: string): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') {
    return undefined;
  }
  return parsed;
}

/**
 * Whether the sidebar may fetch this as the paper's PDF with the extension's host permissions:
 * only the site's own PDF locations (arXiv /pdf/<id>, ACM /doi/pdf/<doi>, USENIX /system/files/…pdf).
 * For generic pages any https URL passes here; the caller checks that the user granted its origin.
 */
export function isAllowedPdfUrl(site: SiteId, url: string): boolean {
  const parsed = parsePlainHttpsUrl(url);
  if (!parsed) {
    return false;
  }
  if (site === 'generic') {
    return true;
  }
  return dedicatedAdapters[site].matchUrl(parsed)?.kind === 'pdf';
}

/**
 * Whether the sidebar may fetch this page to look for the paper's PDF link: a single paper's page on the
 * paper's own site (a USENIX program entry names only its presentation page). Never for generic sites.
 */
export function isAllowedPageUrl(site: SiteId, url: string): boolean {
  const parsed = parsePlainHttpsUrl(url);
  if (!parsed || site === 'generic') {
    return false;
  }
  return dedicatedAdapters[site].matchUrl(parsed)?.kind === 'abstract';
}
