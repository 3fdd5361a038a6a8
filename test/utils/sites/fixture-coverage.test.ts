/** @vitest-environment happy-dom */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPage } from '@/utils/sites';
import { bindPdfToPaper } from '@/utils/sites/pdf-binding';
import { handWrittenPagesDir, loadHandWrittenPage, loadSharedPage } from '../../support/load-page';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath, skipNote } from '../../support/shared-fixtures';

/**
 * Coverage by behaviour, not by file name: every saved page is read the way the content script reads it, from the
 * address it was saved from (its PROVENANCE.tsv row), and must give what is recorded here. A page added to
 * ../shared/fixtures/pages without a row here fails, and so does a page an adapter stops reading.
 */
type Outcome =
  /** The adapter its address selects, how many papers it reads, the first one's title, and any paper whose PDF would be refused. */
  | { site: string; entries: number; firstTitle: string; unbound?: string[] }
  /** Not a paper page at all: no adapter claims it. */
  | { notAPaper: true };

const savedPages: Record<string, Outcome> = {
  'acm/acm_doi_10.1145_3544549.3585902_2023-browser-saved.html': { site: 'acm', entries: 1, firstTitle: 'Understanding Farmers’ Expectations and Experiences in Using Sensor Technologies' },
  'acm/acm_doi_10.1145_3706599.3719976_2025.html': { site: 'acm', entries: 1, firstTitle: 'Exploring Older Adults Personality Preferences for LLM-powered Conversational Companions' },
  'arxiv/arxiv_abs_1103.1901_2011-legacy.html': { site: 'arxiv', entries: 1, firstTitle: 'Locally Cold Flows from Large-Scale Structure' },
  'arxiv/arxiv_abs_2106.09608_2021.html': { site: 'arxiv', entries: 1, firstTitle: 'Learning Knowledge Graph-based World Models of Textual Environments' },
  'arxiv-current/db__catchup_math_2011-02-03__abs-True__now-2011-02-15.html': { site: 'arxiv', entries: 2, firstTitle: '' },
  'arxiv-current/fs__abs_0906.5132.html': { site: 'arxiv', entries: 1, firstTitle: 'Recent developments in unconventional superconductivity theory' },
  'arxiv-current/fs__abs_0906.5132v2.html': { site: 'arxiv', entries: 1, firstTitle: 'Recent developments in unconventional superconductivity theory' },
  'arxiv-current/fs__abs_2101.10016.html': { site: 'arxiv', entries: 1, firstTitle: '' },
  'arxiv-current/fs__abs_2310.08262.html': { site: 'arxiv', entries: 1, firstTitle: 'Proceedings of The 2023 Scheme and Functional Programming Workshop' },
  'arxiv-current/fs__abs_2403.10561.html': { site: 'arxiv', entries: 1, firstTitle: '' },
  'arxiv-current/fs__abs_abcde.html': { notAPaper: true },
  'arxiv-current/fs__abs_hep-th_9901001.html': { site: 'arxiv', entries: 1, firstTitle: 'String Junctions and Their Duals in Heterotic String Theory' },
  'arxiv-current/fs__list_astro-ph_2017-03.html': { site: 'arxiv', entries: 50, firstTitle: '' },
  'arxiv-current/fs__list_astro-ph_new__skip-25_show-25.html': { site: 'arxiv', entries: 25, firstTitle: '' },
  'arxiv-current/fs__list_astro-ph_pastweek.html': { site: 'arxiv', entries: 50, firstTitle: '' },
  'arxiv-current/fs__list_q-fin_new.html': { site: 'arxiv', entries: 16, firstTitle: 'A Bayesian derivation of the square root law of market impact' },
  'arxiv-current/fs__pdf_abcde.html': { notAPaper: true },
  'arxiv-current/prod__list_math_recent.html': { site: 'arxiv', entries: 5, firstTitle: '' },
  'other/acl_2021.naacl-main.208.html': { site: 'generic', entries: 1, firstTitle: '' },
  'other/hal_jpa-00235190.html': { site: 'generic', entries: 1, firstTitle: '' },
  'other/sciencedirect_S146290112300117X.html': { site: 'generic', entries: 1, firstTitle: '' },
  'usenix/usenix_nsdi22_goyal_presentation.html': { site: 'usenix', entries: 1, firstTitle: 'Backpressure Flow Control' },
};

/** The address each saved page was fetched from, by its PROVENANCE.tsv row; the sites serve https today. */
function savedFrom(): Map<string, string> {
  const addresses = new Map<string, string>();
  for (const site of readdirSync(sharedFixturePath('pages'))) {
    const [header = '', ...rows] = readFileSync(sharedFixturePath('pages', site, 'PROVENANCE.tsv'), 'utf8').trim().split('\n');
    const columns = header.split('\t');
    const urlColumn = columns.findIndex((name) => name === 'original_url' || name === 'url_requested');
    for (const cells of rows.map((row) => row.split('\t'))) {
      addresses.set(`${site}/${cells[0]}`, (cells[urlColumn] ?? '').replace(/^http:/, 'https:'));
    }
  }
  return addresses;
}

function readSaved(file: string, address: string): Outcome {
  const document = loadSharedPage(...file.split('/'));
  const url = new URL(address);
  const detected = detectPage(url, document);
  if (!detected) return { notAPaper: true };
  const entries = detected.adapter.readPage(document, url, detected.match);
  // The real sites' own links must pass the id/PDF binding that refuses forged papers (a generic page's PDF on its own origin).
  const unbound = entries.filter(({ paper }) => bindPdfToPaper(paper, []).kind === 'refused').map(({ paper }) => `${paper.paperId} → ${paper.pdfUrl}`);
  return { site: detected.adapter.id, entries: entries.length, firstTitle: entries[0]?.paper.title ?? '', unbound };
}

describe.skipIf(!hasSharedFixtures)(`every saved page is read as recorded${skipNote(!hasSharedFixtures, missingSharedFixtures)}`, () => {
  const addresses = hasSharedFixtures ? savedFrom() : new Map<string, string>();
  const onDisk = hasSharedFixtures
    ? readdirSync(sharedFixturePath('pages')).flatMap((site) => readdirSync(sharedFixturePath('pages', site)).filter((file) => file.endsWith('.html')).map((file) => `${site}/${file}`))
    : [];

  it('every page on disk has its address and an outcome recorded here', () => {
    expect(onDisk.filter((file) => !addresses.has(file)), 'pages missing from their PROVENANCE.tsv').toEqual([]);
    expect(onDisk.filter((file) => !(file in savedPages)), 'add the outcome of these pages to savedPages above').toEqual([]);
  });

  it.each(onDisk)('%s', (file) => {
    const want = savedPages[file];
    const got = readSaved(file, addresses.get(file) ?? '');
    if (want && 'entries' in want && 'entries' in got) {
      expect({ site: got.site, entries: got.entries, unbound: got.unbound }).toEqual({ site: want.site, entries: want.entries, unbound: [] });
      // An empty recorded title stands for "any": these pages' exact fields are pinned in their site's tests.
      if (want.firstTitle) expect(got.firstTitle).toBe(want.firstTitle);
      else if (got.entries > 0) expect(got.firstTitle.length).toBeGreaterThan(0);
    } else {
      expect(got).toEqual(want);
    }
  });
});

describe('every HAND-WRITTEN page says so and is read by its adapter', () => {
  const handWritten: Record<string, string> = {
    'acm-proceedings-toc.html': 'https://dl.acm.org/doi/proceedings/10.1145/3777001',
    'arxiv-search-results.html': 'https://arxiv.org/search/?query=tail+latency&searchtype=all',
    'usenix-technical-sessions.html': 'https://www.usenix.org/conference/nsdi27/technical-sessions',
  };

  it('every page in test/fixtures/pages has an address here', () => {
    expect(readdirSync(handWrittenPagesDir).filter((file) => file.endsWith('.html')).sort()).toEqual(Object.keys(handWritten).sort());
  });

  it.each(Object.entries(handWritten))('%s', (file, address) => {
    expect(readFileSync(join(handWrittenPagesDir, file), 'utf8'), 'starts with the HAND-WRITTEN comment').toMatch(/^<!DOCTYPE html>\s*<!--\s*HAND-WRITTEN/);
    const url = new URL(address);
    const document = loadHandWrittenPage(file);
    const detected = detectPage(url, document);
    expect(detected?.match.kind).toBe('listing');
    const entries = detected!.adapter.readPage(document, url, detected!.match);
    expect(entries.length).toBeGreaterThan(1);
    expect(entries.filter(({ paper }) => bindPdfToPaper(paper, []).kind === 'refused')).toEqual([]);
    expect(entries.every(({ paper }) => paper.title.length > 0)).toBe(true);
  });
});
