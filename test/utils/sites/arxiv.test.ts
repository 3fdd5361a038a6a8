/** @vitest-environment happy-dom */
import { describe, expect, it } from 'vitest';
import { arxiv } from '@/utils/sites/arxiv';
import { PageShapeError, type PageEntry } from '@/utils/sites/types';
import { hasSharedFixtures, missingSharedFixtures, skipNote } from '../../support/shared-fixtures';
import { loadHandWrittenPage, loadSharedPage, parsePage } from '../../support/load-page';

/** Reads a saved page as the content script would: the URL decides the kind, then the adapter reads the DOM. */
function read(document: Document, address: string): PageEntry[] {
  const url = new URL(address);
  const match = arxiv.matchUrl(url);
  if (!match) {
    throw new Error(`arxiv.matchUrl does not claim ${address}`);
  }
  return arxiv.readPage(document, url, match);
}

function readOne(document: Document, address: string) {
  const entries = read(document, address);
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

const sharedNote = skipNote(!hasSharedFixtures, missingSharedFixtures);

describe.skipIf(!hasSharedFixtures)(`arXiv abstract pages, real copies in ../shared/fixtures/pages${sharedNote}`, () => {
  it('current layout, latest version: id with the version the dateline and history show', () => {
    const { paper, anchor } = readOne(loadSharedPage('arxiv-current', 'fs__abs_0906.5132.html'), 'https://arxiv.org/abs/0906.5132');
    expect(paper).toMatchObject({
      site: 'arxiv',
      paperId: '0906.5132v4',
      version: 4,
      latestVersion: 4,
      title: 'Recent developments in unconventional superconductivity theory',
      authors: ['V.P.Mineev'],
      year: 2009,
      pageUrl: 'https://arxiv.org/abs/0906.5132',
      pdfUrl: 'https://arxiv.org/pdf/0906.5132',
    });
    expect(paper.abstract).toMatch(/^The review of recent developments in the unconventional superconductivity theory/);
    expect(paper.noPdfReason).toBeUndefined();
    expect(anchor.matches('h1.title')).toBe(true);
  });

  it('current layout, an older version: the versioned PDF button, and the latest version it links to', () => {
    const { paper } = readOne(loadSharedPage('arxiv-current', 'fs__abs_0906.5132v2.html'), 'https://arxiv.org/abs/0906.5132v2');
    expect(paper).toMatchObject({
      paperId: '0906.5132v2',
      version: 2,
      latestVersion: 4,
      pageUrl: 'https://arxiv.org/abs/0906.5132v2',
      pdfUrl: 'https://arxiv.org/pdf/0906.5132v2',
    });
  });

  it('old-style id with its archive', () => {
    const { paper } = readOne(loadSharedPage('arxiv-current', 'fs__abs_hep-th_9901001.html'), 'https://arxiv.org/abs/hep-th/9901001');
    expect(paper).toMatchObject({
      paperId: 'hep-th/9901001v3',
      version: 3,
      latestVersion: 3,
      title: 'String Junctions and Their Duals in Heterotic String Theory',
      authors: ['Yosuke Imamura'],
      year: 1999,
      pdfUrl: 'https://arxiv.org/pdf/hep-th/9901001',
    });
  });

  it('withdrawn latest version: a paper with a reason and no PDF', () => {
    const { paper } = readOne(loadSharedPage('arxiv-current', 'fs__abs_2101.10016.html'), 'https://arxiv.org/abs/2101.10016');
    expect(paper).toMatchObject({
      paperId: '2101.10016v8',
      version: 8,
      latestVersion: 8,
      title: 'Weak quasi-Hopf algebras, C*-tensor categories and conformal field theory, and the Kazhdan-Lusztig-Finkelberg theorem',
      authors: ['Sergio Ciamprone', 'Marco Valerio Giannone', 'Claudia Pinzari'],
    });
    expect(paper.pdfUrl).toBeUndefined();
    expect(paper.noPdfReason).toMatch(/withdrawn/);
  });

  it('withdrawn only version', () => {
    const { paper } = readOne(loadSharedPage('arxiv-current', 'fs__abs_2310.08262.html'), 'https://arxiv.org/abs/2310.08262');
    expect(paper).toMatchObject({ paperId: '2310.08262v1', version: 1, title: 'Proceedings of The 2023 Scheme and Functional Programming Workshop' });
    expect(paper.pdfUrl).toBeUndefined();
    expect(paper.noPdfReason).toMatch(/withdrawn/);
  });

  it('HTML-only paper: no PDF, and says so', () => {
    const { paper } = readOne(loadSharedPage('arxiv-current', 'fs__abs_2403.10561.html'), 'https://arxiv.org/abs/2403.10561');
    expect(paper.paperId).toBe('2403.10561v1');
    expect(paper.authors).toHaveLength(9);
    expect(paper.authors[0]).toBe('Dimitris Spathis');
    expect(paper.pdfUrl).toBeUndefined();
    expect(paper.noPdfReason).toMatch(/HTML only/);
  });

  it('2021 layout', () => {
    const { paper } = readOne(loadSharedPage('arxiv', 'arxiv_abs_2106.09608_2021.html'), 'https://arxiv.org/abs/2106.09608');
    expect(paper).toMatchObject({
      paperId: '2106.09608v2',
      version: 2,
      latestVersion: 2,
      title: 'Learning Knowledge Graph-based World Models of Textual Environments',
      authors: ['Prithviraj Ammanabrolu', 'Mark O. Riedl'],
      year: 2021,
      pdfUrl: 'https://arxiv.org/pdf/2106.09608',
    });
  });

  it('2011 legacy layout: http links upgraded to https, authors without affiliations', () => {
    const { paper } = readOne(loadSharedPage('arxiv', 'arxiv_abs_1103.1901_2011-legacy.html'), 'https://arxiv.org/abs/1103.1901');
    expect(paper).toMatchObject({
      paperId: '1103.1901v1',
      version: 1,
      latestVersion: 1,
      title: 'Locally Cold Flows from Large-Scale Structure',
      authors: ['M.A. Aragon-Calvo', 'J. Silk', 'A. S. Szalay'],
      pdfUrl: 'https://arxiv.org/pdf/1103.1901v1',
    });
    expect(paper.abstract).toMatch(/^We show that the "cold" Hubble flow/);
  });

  it('404 page ("Invalid article identifier") is a typed error, not an empty result', () => {
    const document = loadSharedPage('arxiv-current', 'fs__abs_abcde.html');
    // /abs/abcde is not an id, so matchUrl never sends it here; a well-formed unknown id gets the same page.
    const url = new URL('https://arxiv.org/abs/2501.99999');
    expect(() => arxiv.readPage(document, url, { site: 'arxiv', kind: 'abstract', paperId: '2501.99999' })).toThrowError(PageShapeError);
    expect(() => arxiv.readPage(document, url, { site: 'arxiv', kind: 'abstract', paperId: '2501.99999' })).toThrowError(/Invalid article identifier/);
  });

  it('404 page at a PDF address is a typed error', () => {
    const document = loadSharedPage('arxiv-current', 'fs__pdf_abcde.html');
    expect(() => read(document, 'https://arxiv.org/pdf/2501.99999')).toThrowError(PageShapeError);
  });
});

describe.skipIf(!hasSharedFixtures)(`arXiv listings, real copies in ../shared/fixtures/pages/arxiv-current${sharedNote}`, () => {
  it('/new with two sections (new, replacements), abstracts included', () => {
    const entries = read(loadSharedPage('arxiv-current', 'fs__list_q-fin_new.html'), 'https://arxiv.org/list/q-fin/new');
    expect(entries).toHaveLength(16);
    expect(entries[0]!.paper).toMatchObject({
      site: 'arxiv',
      paperId: '2303.08867',
      title: 'A Bayesian derivation of the square root law of market impact',
      authors: ['Louis Saddier', 'Matteo Marsili'],
      pageUrl: 'https://arxiv.org/abs/2303.08867',
      pdfUrl: 'https://arxiv.org/pdf/2303.08867',
    });
    expect(entries[0]!.paper.abstract).toMatch(/^We show that the main empirical findings/);
    expect(entries[13]!.paper).toMatchObject({ paperId: '2011.00552', title: 'Mixed--frequency quantile regressions to forecast Value--at--Risk and Expected Shortfall' });
    // Replacements show an empty abstract paragraph: no abstract rather than an empty string.
    expect(entries[13]!.paper.abstract).toBeUndefined();
    expect(entries.at(-1)!.paper.paperId).toBe('2206.14015');
    expect(entries[0]!.anchor.matches('a[title="Abstract"]')).toBe(true);
  });

  it('/new, second page (skip=25&show=25)', () => {
    const entries = read(loadSharedPage('arxiv-current', 'fs__list_astro-ph_new__skip-25_show-25.html'), 'https://arxiv.org/list/astro-ph/new?skip=25&show=25');
    expect(entries).toHaveLength(25);
    expect(entries[0]!.paper.paperId).toBe('2303.01048');
    expect(entries[0]!.paper.title).toBe('Super-Resolved Image of M87 Observed with East Asian VLBI Network');
    expect(entries.at(-1)!.paper.paperId).toBe('2303.01458');
    expect(entries.every(({ paper }) => paper.abstract)).toBe(true);
  });

  it('/pastweek: one day with no updates, one with 50 entries, no abstracts', () => {
    const entries = read(loadSharedPage('arxiv-current', 'fs__list_astro-ph_pastweek.html'), 'https://arxiv.org/list/astro-ph/pastweek');
    expect(entries).toHaveLength(50);
    expect(entries[0]!.paper).toMatchObject({
      paperId: '2303.01496',
      title: 'Robustness Measures for Molecular Detections using High-Resolution Transmission Spectroscopy of Exoplanets',
      pdfUrl: 'https://arxiv.org/pdf/2303.01496',
    });
    expect(entries.at(-1)!.paper.paperId).toBe('2303.00768');
    expect(entries.some(({ paper }) => paper.abstract)).toBe(false);
  });

  it('/recent: five day sections, one of them empty', () => {
    const entries = read(loadSharedPage('arxiv-current', 'prod__list_math_recent.html'), 'https://arxiv.org/list/math/recent');
    expect(entries.map(({ paper }) => paper.paperId)).toEqual(['0906.3421', '0704.0046', '0906.2112', expect.any(String), '0906.4150']);
    expect(entries[0]!.paper).toMatchObject({ title: 'Q-system Cluster Algebras, Paths and Total Positivity', authors: ['P. Di Francesco', 'R. Kedem'] });
    expect(entries[1]!.paper.venue).toBe('J. Math. Phys. 48(2007), 092102.');
  });

  it('a month (2017-03), first 50 of 1273', () => {
    const entries = read(loadSharedPage('arxiv-current', 'fs__list_astro-ph_2017-03.html'), 'https://arxiv.org/list/astro-ph/2017-03');
    expect(entries).toHaveLength(50);
    expect(entries[0]!.paper).toMatchObject({
      paperId: '1703.00001',
      title: 'Frequency stability characterization of a broadband fiber Fabry-Perot interferometer',
      pdfUrl: 'https://arxiv.org/pdf/1703.00001',
    });
    expect(entries.at(-1)!.paper.paperId).toBe('1703.00465');
  });

  it('catchup with abstracts, including an old-style id', () => {
    const entries = read(
      loadSharedPage('arxiv-current', 'db__catchup_math_2011-02-03__abs-True__now-2011-02-15.html'),
      'https://arxiv.org/catchup/math/2011-02-03?abs=True',
    );
    expect(entries.map(({ paper }) => paper.paperId)).toEqual(['0806.4129', 'math/0510544']);
    expect(entries[1]!.paper).toMatchObject({
      title: 'Leibniz superalgebras graded by finite root systems',
      pageUrl: 'https://arxiv.org/abs/math/0510544',
      pdfUrl: 'https://arxiv.org/pdf/math/0510544',
    });
    expect(entries[1]!.paper.abstract).toMatch(/^The structure of Lie algebras, Lie superalgebras and Leibniz algebras/);
  });

  it('an abstract page read as a listing is a typed error (the layout it relies on is missing)', () => {
    const document = loadSharedPage('arxiv-current', 'fs__abs_0906.5132.html');
    expect(() => arxiv.readPage(document, new URL('https://arxiv.org/list/math/new'), { site: 'arxiv', kind: 'listing' })).toThrowError(PageShapeError);
  });
});

describe('arXiv search results, HAND-WRITTEN page (no real copy)', () => {
  const address = 'https://arxiv.org/search/?query=tail+latency&searchtype=all';

  it('one entry per result, with id (old-style and versioned too), title, authors, abstract and PDF', () => {
    const entries = read(loadHandWrittenPage('arxiv-search-results.html'), address);
    expect(entries.map(({ paper }) => paper.paperId)).toEqual(['2511.04217', '2510.18830', '2509.01154v2', '2507.22031', 'cs/0703021']);
    expect(entries[0]!.paper).toMatchObject({
      site: 'arxiv',
      title: 'Queueing-Theoretic Bounds on Tail Latency in Disaggregated Memory Systems',
      authors: ['Lars Brekke', 'Anaya Krishnan', 'Tomás Ruiz'],
      pageUrl: 'https://arxiv.org/abs/2511.04217',
      pdfUrl: 'https://arxiv.org/pdf/2511.04217',
    });
    // The full abstract, without the "△ Less" toggle that ends it.
    expect(entries[0]!.paper.abstract).toMatch(/^Disaggregated memory adds a network round trip.*within 8%\.$/);
    expect(entries[4]!.paper.pdfUrl).toBe('https://arxiv.org/pdf/cs/0703021');
    expect(entries[0]!.anchor.getAttribute('href')).toBe('https://arxiv.org/abs/2511.04217');
  });

  it('"produced no results" is an honest empty result; a page without results and without that sentence is a typed error', () => {
    const empty = parsePage('<html><body><main><p class="is-size-4 has-text-warning">Sorry, your query for all: zzzz produced no results.</p></main></body></html>');
    expect(read(empty, 'https://arxiv.org/search/?query=zzzz&searchtype=all')).toEqual([]);
    const changed = parsePage('<html><body><main><ol class="results"><li class="result-2027">A new layout</li></ol></main></body></html>');
    expect(() => read(changed, address)).toThrowError(PageShapeError);
  });
});

describe('arXiv PDF tab and HTML full text (minimal documents built here)', () => {
  it('a PDF tab: everything from the address, versioned', () => {
    // Chrome's PDF tab exposes only a wrapper document with contentType application/pdf; the viewer itself lives in another process.
    const document = parsePage('<html><head><title>2106.09608v2.pdf</title></head><body></body></html>');
    Object.defineProperty(document, 'contentType', { value: 'application/pdf' });
    const [entry] = read(document, 'https://arxiv.org/pdf/2106.09608v2');
    expect(entry!.paper).toMatchObject({
      paperId: '2106.09608v2',
      version: 2,
      title: '2106.09608v2.pdf',
      pageUrl: 'https://arxiv.org/abs/2106.09608v2',
      pdfUrl: 'https://arxiv.org/pdf/2106.09608v2',
    });
  });

  it('an HTML full-text page: LaTeXML title and authors, the PDF address from the id', () => {
    const document = parsePage(`<html><head><title>Tail latency, revisited</title></head><body><article class="ltx_document">
      <h1 class="ltx_title ltx_title_document">Tail Latency, Revisited</h1>
      <div class="ltx_authors"><span class="ltx_creator ltx_role_author"><span class="ltx_personname">Ada Okafor<br class="ltx_break">Example University</span></span>
      <span class="ltx_creator ltx_role_author"><span class="ltx_personname">Lin Watanabe</span></span></div>
      <div class="ltx_abstract"><h6 class="ltx_title ltx_title_abstract">Abstract</h6><p class="ltx_p">We revisit tail latency.</p></div>
      </article></body></html>`);
    const [entry] = read(document, 'https://arxiv.org/html/2511.04217v1');
    expect(entry!.paper).toMatchObject({
      paperId: '2511.04217v1',
      version: 1,
      title: 'Tail Latency, Revisited',
      authors: ['Ada Okafor', 'Lin Watanabe'],
      abstract: 'We revisit tail latency.',
      pdfUrl: 'https://arxiv.org/pdf/2511.04217v1',
    });
  });
});

describe("arXiv abstract page in a layout we do not know: the head's citation tags and the address still describe it", () => {
  /** The page as served, with its body emptied: only the <head> and the address are left to read. */
  function headOnly(document: Document): Document {
    document.body.replaceChildren();
    return document;
  }

  it.skipIf(!hasSharedFixtures)(`the real 2021 page's head alone gives title, authors, id and PDF address${sharedNote}`, () => {
    const { paper, anchor } = readOne(headOnly(loadSharedPage('arxiv', 'arxiv_abs_2106.09608_2021.html')), 'https://arxiv.org/abs/2106.09608');
    expect(paper).toMatchObject({
      site: 'arxiv',
      paperId: '2106.09608',
      title: 'Learning Knowledge Graph-based World Models of Textual Environments',
      authors: ['Prithviraj Ammanabrolu', 'Mark O. Riedl'],
      year: 2021,
      pageUrl: 'https://arxiv.org/abs/2106.09608',
      pdfUrl: 'https://arxiv.org/pdf/2106.09608',
    });
    expect(paper.abstract).toMatch(/knowledge graph/i);
    // No heading to stand beside: the launcher floats over the page.
    expect(anchor.tagName).toBe('BODY');
  });

  it.skipIf(!hasSharedFixtures)(`a versioned address keeps its version, which the unversioned citation_pdf_url lacks${sharedNote}`, () => {
    const { paper } = readOne(headOnly(loadSharedPage('arxiv-current', 'fs__abs_0906.5132v2.html')), 'https://arxiv.org/abs/0906.5132v2');
    expect(paper).toMatchObject({ paperId: '0906.5132v2', version: 2, title: 'Recent developments in unconventional superconductivity theory', authors: ['V. P. Mineev'], pdfUrl: 'https://arxiv.org/pdf/0906.5132v2' });
  });

  it('a head with the tags and a body of another layout (built here)', () => {
    const document = parsePage(`<html><head>
      <meta name="citation_title" content="Tail Latency, Revisited">
      <meta name="citation_author" content="Okafor, Ada"><meta name="citation_author" content="Watanabe, Lin">
      <meta name="citation_date" content="2025/11/04"><meta name="citation_arxiv_id" content="2511.04217">
      <meta name="citation_pdf_url" content="https://arxiv.org/pdf/2511.04217"></head>
      <body><main class="layout-2027"><h1 class="paper-heading">Tail Latency, Revisited</h1></main></body></html>`);
    const { paper, anchor } = readOne(document, 'https://arxiv.org/abs/2511.04217');
    expect(paper).toMatchObject({ paperId: '2511.04217', title: 'Tail Latency, Revisited', authors: ['Ada Okafor', 'Lin Watanabe'], year: 2025, pdfUrl: 'https://arxiv.org/pdf/2511.04217' });
    expect(anchor.textContent).toBe('Tail Latency, Revisited');
  });

  it('a PDF address in the tags that is not arXiv\'s own is not followed: the id gives the PDF address', () => {
    const document = parsePage(`<html><head><meta name="citation_title" content="A paper">
      <meta name="citation_arxiv_id" content="2511.04217"><meta name="citation_pdf_url" content="https://evil.example/pdf/2511.04217"></head><body></body></html>`);
    expect(readOne(document, 'https://arxiv.org/abs/2511.04217').paper.pdfUrl).toBe('https://arxiv.org/pdf/2511.04217');
  });

  it('without a citation title the page stays unreadable, and says so', () => {
    const document = parsePage('<html><head><meta name="citation_arxiv_id" content="2511.04217"></head><body><h1>Something else</h1></body></html>');
    expect(() => read(document, 'https://arxiv.org/abs/2511.04217')).toThrowError(PageShapeError);
  });
});
