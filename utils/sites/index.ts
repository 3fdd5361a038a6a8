import { acm } from './acm';
import { arxiv } from './arxiv';
import { detectCitationPage, generic } from './generic';
import { usenix } from './usenix';
import type { PageMatch, SiteAdapter } from './types';

/** Dedicated adapters first, by URL alone; generic last, since it claims every other http(s) address. */
export const siteAdapters: readonly SiteAdapter[] = [arxiv, acm, usenix, generic];


/**
 * Which adapter owns this page, from the URL first. The one DOM look-up is generic's check for citation tags,
 * made only where no dedicated adapter claims the URL; reading the papers is left to `adapter.readPage`.
 */
export function detectPage(url: URL, document: Document): { match: PageMatch; adapter: SiteAdapter } | undefined {
  for (const adapter of siteAdapters) {
    if (adapter === generic) {
      continue;
    }
    const match = adapter.matchUrl(url);
    if (match) {
      return { match, adapter };
    }
  }
  const match = generic.matchUrl(url);
  return match && detectCitationPage(document) ? { match, adapter: generic } : undefined;
}
