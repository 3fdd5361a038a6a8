/** @vitest-environment happy-dom */
import { describe, expect, it } from 'vitest';
import { usenix } from '@/utils/sites/usenix';
import { PageShapeError, type PageEntry } from '@/utils/sites/types';
import { hasSharedFixtures, missingSharedFixtures, skipNote } from '../../support/shared-fixtures';
import { loadHandWrittenPage, loadSharedPage, parsePage } from '../../support/load-page';

function read(document: Document, address: string): PageEntry[] {
  const url = new URL(address);
  const match = usenix.matchUrl(url);
  if (!match) {
    throw new Error(`usenix.matchUrl does not claim ${address}`);
  }
  return usenix.readPage(document, url, match);
}

const sharedNote = skipNote(!hasSharedFixtures, missingSharedFixtures);

describe.skipIf(!hasSharedFixtures)(`USENIX presentation page, real copy in ../shared/fixtures/pages/usenix${sharedNote}`, () => {
  const address = 'https://www.usenix.org/conference/nsdi22/presentation/goyal';

  it('reads the paper from the citation tags and the page', () => {
    const [entry, ...rest] = read(loadSharedPage('usenix', 'usenix_nsdi22_goyal_presentation.html'), address);
    expect(rest).toEqual([]);
    expect(entry!.paper).toMatchObject({
      site: 'usenix',
      paperId: 'nsdi22/goyal',
      title: 'Backpressure Flow Control',
      authors: ['Prateesh Goyal', 'Preey Shah', 'Kevin Zhao', 'Georgios Nikolaidis', 'Mohammad Alizadeh', 'Thomas E. Anderson'],
      venue: '19th USENIX Symposium on Networked Systems Design and Implementation (NSDI 22)',
      year: 2022,
      pageUrl: address,
      pdfUrl: 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf',
    });
    expect(entry!.paper.abstract).toMatch(/^Effective congestion control for data center networks is becoming increasingly challenging/);
    expect(entry!.anchor.id).toBe('page-title');
  });

  it('falls back to the people line when the citation_author tags are gone', () => {
    const document = loadSharedPage('usenix', 'usenix_nsdi22_goyal_presentation.html');
    document.querySelectorAll('meta[name="citation_author"]').forEach((meta) => meta.remove());
    const [entry] = read(document, address);
    expect(entry!.paper.authors).toEqual(['Prateesh Goyal', 'Preey Shah', 'Kevin Zhao', 'Georgios Nikolaidis', 'Mohammad Alizadeh', 'Thomas E. Anderson']);
  });

  it('a talk-only page (no citation_pdf_url, no paper file), as the real page minus its paper: a reason, no PDF', () => {
    const document = loadSharedPage('usenix', 'usenix_nsdi22_goyal_presentation.html');
    document.querySelectorAll('meta[name="citation_pdf_url"], .field-name-field-final-paper-pdf').forEach((element) => element.remove());
    const [entry] = read(document, address);
    expect(entry!.paper.pdfUrl).toBeUndefined();
    expect(entry!.paper.noPdfReason).toMatch(/talk without a paper/);
  });

  it('an unknown layout (no h1#page-title) is a typed error', () => {
    const document = loadSharedPage('usenix', 'usenix_nsdi22_goyal_presentation.html');
    document.querySelector('h1#page-title')?.remove();
    expect(() => read(document, address)).toThrowError(PageShapeError);
  });
});

describe('USENIX technical sessions, HAND-WRITTEN page (no real copy)', () => {
  const address = 'https://www.usenix.org/conference/nsdi27/technical-sessions';

  it('one entry per talk, with the presentation page to fetch the PDF from and no PDF address', () => {
    const entries = read(loadHandWrittenPage('usenix-technical-sessions.html'), address);
    expect(entries.map(({ paper }) => paper.paperId)).toEqual([
      'nsdi27/keynote-halvorsen',
      'nsdi27/okonkwo',
      'nsdi27/varga',
      'nsdi27/lindgren',
      'nsdi27/moreau',
      'nsdi27/abara',
    ]);
    expect(entries[1]!.paper).toMatchObject({
      site: 'usenix',
      title: "Credit Where It's Due: Receiver-Driven Congestion Control for 800G Fabrics",
      authors: ['Chidi Okonkwo', 'Mei-Ling Tsai', 'Paul Fischer'],
      presentationUrl: 'https://www.usenix.org/conference/nsdi27/presentation/okonkwo',
      pageUrl: 'https://www.usenix.org/conference/nsdi27/presentation/okonkwo',
    });
    expect(entries[1]!.paper.abstract).toMatch(/^Receiver-driven transports grant credits/);
    expect(entries[3]!.paper.authors).toEqual(['Oskar Lindgren', 'Fatima Al-Sayed', 'Hiro Tanaka']);
    expect(entries.every(({ paper }) => paper.pdfUrl === undefined)).toBe(true);
    expect(entries[1]!.anchor.tagName).toBe('H2');
  });

  it('the keynote carries a reason instead of a paper; the papers do not', () => {
    const entries = read(loadHandWrittenPage('usenix-technical-sessions.html'), address);
    expect(entries[0]!.paper.noPdfReason).toMatch(/talk without a paper/);
    expect(entries.slice(1).every(({ paper }) => paper.noPdfReason === undefined)).toBe(true);
  });

  it('a program without entries is a typed error', () => {
    const document = loadHandWrittenPage('usenix-technical-sessions.html');
    document.querySelectorAll('article.node-paper').forEach((paper) => paper.remove());
    expect(() => read(document, address)).toThrowError(PageShapeError);
  });
});

describe('USENIX PDF tab (a minimal document built here: Chrome shows no page DOM for a PDF)', () => {
  it('maps <conf>-paper-<slug>.pdf back to the presentation', () => {
    const document = parsePage('<html><head><title>nsdi22-paper-goyal.pdf</title></head><body><embed type="application/pdf" src="about:blank"></body></html>');
    const [entry] = read(document, 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf');
    expect(entry!.paper).toMatchObject({
      paperId: 'nsdi22/goyal',
      pageUrl: 'https://www.usenix.org/conference/nsdi22/presentation/goyal',
      pdfUrl: 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf',
    });
  });

  it('an HTML page at a file address is a typed error', () => {
    const document = parsePage('<html><head><title>Page not found | USENIX</title></head><body><h1 id="page-title">Page not found</h1></body></html>');
    expect(() => read(document, 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf')).toThrowError(PageShapeError);
  });
});
