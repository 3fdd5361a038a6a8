import { describe, expect, it } from 'vitest';
import { siteAdapters } from '@/utils/sites';
import type { SiteId } from '@/utils/sites/types';
import { urlOf, urlTables, type PositiveUrl } from '../../support/url-tables';

/** Which adapters claim the URL, and as what: the matrix every table entry goes through. */
function claimsOf(url: string): { site: SiteId; kind: string; paperId?: string }[] {
  return siteAdapters.flatMap((adapter) => {
    const match = adapter.matchUrl(new URL(url));
    return match ? [{ site: adapter.id, kind: match.kind, ...(match.paperId ? { paperId: match.paperId } : {}) }] : [];
  });
}

function positiveMessage(site: SiteId, kind: string, url: string): string {
  return [
    `Is ${url} a ${site} ${kind} page?`,
    `• Yes? Fix ${site}.matchUrl, or stop the other adapters listed above from claiming it.`,
    `• No? Move the URL out of urlTables.${site}.${kind} in test/support/url-tables.ts.`,
  ].join('\n');
}

function negativeMessage(site: SiteId, url: string): string {
  return [
    `Is ${url} a paper page?`,
    `• Yes? Move it from urlTables.${site}.notPaper to the right kind.`,
    `• No? The adapters listed above are too broad: tighten their matchUrl.`,
  ].join('\n');
}

const positives = Object.entries(urlTables).flatMap(([site, table]) =>
  (['abstract', 'pdf', 'listing'] as const).flatMap((kind) =>
    (table[kind] as PositiveUrl[]).map((entry) => ({ site: site as SiteId, kind, entry })),
  ),
);
const negatives = Object.entries(urlTables).flatMap(([site, table]) => table.notPaper.map((url) => ({ site: site as SiteId, url })));

describe('every positive URL is claimed by exactly its own adapter, with the right kind', () => {
  it.each(positives.map(({ site, kind, entry }) => [site, kind, urlOf(entry), entry] as const))('%s %s: %s', (site, kind, url, entry) => {
    const claims = claimsOf(url);
    expect(claims.map(({ site: claimant, kind: claimedKind }) => ({ site: claimant, kind: claimedKind })), positiveMessage(site, kind, url)).toEqual([
      { site, kind },
    ]);
    if (typeof entry !== 'string') {
      expect(claims[0]?.paperId, `the paper id ${site}.matchUrl reads from ${url}`).toBe(entry.paperId);
    }
  });
});

describe('no adapter claims a URL that is not a paper page', () => {
  it.each(negatives.map(({ site, url }) => [site, url] as const))('%s: %s', (site, url) => {
    expect(claimsOf(url), negativeMessage(site, url)).toEqual([]);
  });
});
