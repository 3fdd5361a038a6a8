import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MatchPattern } from '#imports';
import { describe, expect, it } from 'vitest';
import { siteAdapters } from '@/utils/sites';
import { paperSiteMatchPatterns, siteIds } from '@/utils/sites/registry';
import type { SiteAdapter } from '@/utils/sites/types';
import { urlOf, urlTables } from '../../support/url-tables';

const sitesDir = join(dirname(fileURLToPath(import.meta.url)), '../../../utils/sites');

function isSiteAdapter(value: unknown): value is SiteAdapter {
  return typeof value === 'object' && value !== null && 'matchUrl' in value && 'readPage' in value && 'id' in value;
}

/** Every module in utils/sites, with the adapters it exports: helper modules export none. */
const modules = await Promise.all(
  readdirSync(sitesDir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'index.ts')
    .map(async (file) => ({
      file,
      adapters: Object.values((await import(join(sitesDir, file))) as Record<string, unknown>).filter(isSiteAdapter),
    })),
);
const adapterModules = modules.filter(({ adapters }) => adapters.length > 0);

describe('the adapter registry', () => {
  it('finds the adapter modules it checks', () => {
    expect(adapterModules.map(({ file }) => file).sort()).toEqual(expect.arrayContaining(['acm.ts', 'arxiv.ts', 'generic.ts', 'usenix.ts']));
  });

  it.each(adapterModules.map(({ file, adapters }) => [file, adapters] as const))('%s', (file, adapters) => {
    const indexSource = readFileSync(join(sitesDir, 'index.ts'), 'utf8');
    for (const adapter of adapters) {
      expect(adapter.id, `An adapter's id equals its file name: rename ${file} or the id`).toBe(basename(file, '.ts'));
      expect(siteAdapters, 'Should be listed in utils/sites/index.ts (siteAdapters)').toContain(adapter);
      expect(indexSource, 'Should be imported by utils/sites/index.ts').toContain(`from './${adapter.id}'`);
      expect(Object.keys(urlTables), `Should have a URL table: add urlTables.${adapter.id} to test/support/url-tables.ts`).toContain(adapter.id);
      expect(adapter.lastVerified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(siteIds, 'Should be in the site registry (utils/sites/registry.ts)').toContain(adapter.id);
    }
  });

  it('lists generic last, so that the dedicated adapters decide first', () => {
    expect(siteAdapters.at(-1)?.id).toBe('generic');
  });
});

describe('paperSiteMatchPatterns (the content script matches) cover every positive URL of the dedicated sites', () => {
  const patterns = paperSiteMatchPatterns.map((pattern) => new MatchPattern(pattern));
  const dedicated = (['arxiv', 'acm', 'usenix'] as const).flatMap((site) =>
    (['abstract', 'pdf', 'listing'] as const).flatMap((kind) => urlTables[site][kind].map((entry) => [site, kind, urlOf(entry)] as const)),
  );

  it.each(dedicated)('%s %s: %s', (site, _kind, url) => {
    expect(
      patterns.some((pattern) => pattern.includes(url)),
      `No match pattern covers ${url}: add its host to sites.${site}.hosts in utils/sites/registry.ts`,
    ).toBe(true);
  });

  it('include the PDF paths the brief names', () => {
    for (const url of ['https://arxiv.org/pdf/2106.09608', 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976', 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf']) {
      expect(patterns.some((pattern) => pattern.includes(url)), url).toBe(true);
    }
  });

  it('hold no pattern broader than the three sites (generic runs only where the user granted)', () => {
    expect(paperSiteMatchPatterns).toEqual([
      'https://arxiv.org/*',
      'https://www.arxiv.org/*',
      'https://export.arxiv.org/*',
      'https://dl.acm.org/*',
      'https://www.usenix.org/*',
    ]);
  });
});
