/** @vitest-environment happy-dom */
import { describe, expect, it } from 'vitest';
import { acm } from '@/utils/sites/acm';
import { PageShapeError, type PageEntry } from '@/utils/sites/types';
import { hasSharedFixtures, missingSharedFixtures, readSharedFixture, skipNote } from '../../support/shared-fixtures';
import { loadHandWrittenPage, loadSharedPage, parsePage } from '../../support/load-page';

function read(document: Document, address: string): PageEntry[] {
  const url = new URL(address);
  const match = acm.matchUrl(url);
  if (!match) {
    throw new Error(`acm.matchUrl does not claim ${address}`);
  }
  return acm.readPage(document, url, match);
}

const sharedNote = skipNote(!hasSharedFixtures, missingSharedFixtures);

describe.skipIf(!hasSharedFixtures)(`ACM DL article pages, real copies in ../shared/fixtures/pages/acm${sharedNote}`, () => {
  it('2025 page as served: DOI from Dublin Core, title, authors, venue, year, PDF without ?download', () => {
    const [entry, ...rest] = read(loadSharedPage('acm', 'acm_doi_10.1145_3706599.3719976_2025.html'), 'https://dl.acm.org/doi/10.1145/3706599.3719976');
    expect(rest).toEqual([]);
    expect(entry!.paper).toMatchObject({
      site: 'acm',
      paperId: '10.1145/3706599.3719976',
      title: 'Exploring Older Adults Personality Preferences for LLM-powered Conversational Companions',
      venue: "CHI EA '25: Proceedings of the Extended Abstracts of the CHI Conference on Human Factors in Computing Systems",
      year: 2025,
      pageUrl: 'https://dl.acm.org/doi/10.1145/3706599.3719976',
      pdfUrl: 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976',
    });
    expect(entry!.paper.authors).toHaveLength(3);
    expect(entry!.paper.authors[0]).toBe('Ajwa Shahid');
    expect(entry!.paper.authors.at(-1)).toBe('Seongkook Heo');
    expect(entry!.paper.abstract).toMatch(/^Studies have shown promise in using conversational agents/);
    expect(entry!.paper.noPdfReason).toBeUndefined();
    expect(entry!.anchor.matches('h1[property="name"]')).toBe(true);
  });

  it('2023 page saved by a browser (DOM after scripts)', () => {
    const [entry] = read(loadSharedPage('acm', 'acm_doi_10.1145_3544549.3585902_2023-browser-saved.html'), 'https://dl.acm.org/doi/abs/10.1145/3544549.3585902');
    expect(entry!.paper).toMatchObject({
      paperId: '10.1145/3544549.3585902',
      title: 'Understanding Farmers’ Expectations and Experiences in Using Sensor Technologies',
      venue: "CHI EA '23: Extended Abstracts of the 2023 CHI Conference on Human Factors in Computing Systems",
      year: 2023,
      pdfUrl: 'https://dl.acm.org/doi/pdf/10.1145/3544549.3585902',
    });
    expect(entry!.paper.authors).toHaveLength(3);
    expect(entry!.paper.abstract).toMatch(/^Sensor-enabled tracking technologies have been applied in farming systems/);
  });

  it('the real 2025 page with its PDF buttons removed, as a reader without access sees it: a paper with a reason', () => {
    // happy-dom 21 stops parsing at a <style> inside an SVG <defs> (the Crossmark logo) and drops the rest of the page,
    // login box included; Chromium parses it whole. Only those SVG styles are taken out here.
    const html = readSharedFixture('pages', 'acm', 'acm_doi_10.1145_3706599.3719976_2025.html')
      .toString('utf8')
      .replaceAll(/<defs><style>[^<]*<\/style>/g, '<defs>');
    const document = parsePage(html);
    expect(document.querySelector('.get__access__login'), 'the login box the adapter looks for').not.toBeNull();
    document.querySelectorAll('a.btn--pdf, a#downloadPdfUrl').forEach((link) => link.remove());
    const [entry] = read(document, 'https://dl.acm.org/doi/10.1145/3706599.3719976');
    expect(entry!.paper.pdfUrl).toBeUndefined();
    expect(entry!.paper.noPdfReason).toMatch(/sign in to ACM/);
  });

  it('an unknown layout (no h1[property=name]) is a typed error', () => {
    const document = loadSharedPage('acm', 'acm_doi_10.1145_3706599.3719976_2025.html');
    document.querySelectorAll('h1').forEach((heading) => heading.remove());
    expect(() => read(document, 'https://dl.acm.org/doi/10.1145/3706599.3719976')).toThrowError(PageShapeError);
  });
});

describe('ACM DL proceedings table of contents, HAND-WRITTEN page (no real copy)', () => {
  const address = 'https://dl.acm.org/doi/proceedings/10.1145/3777001';

  it('reads every entry of every session, with DOI, title, authors and the PDF address', () => {
    const entries = read(loadHandWrittenPage('acm-proceedings-toc.html'), address);
    expect(entries).toHaveLength(6);
    expect(entries.map(({ paper }) => paper.paperId)).toEqual([
      '10.1145/3777001.3777101',
      '10.1145/3777001.3777102',
      '10.1145/3777001.3777103',
      '10.1145/3777001.3777104',
      '10.1145/3777001.3777105',
      '10.1145/3777001.3777106',
    ]);
    expect(entries[0]!.paper).toMatchObject({
      site: 'acm',
      title: 'Queueless: Admission Control Without Queues for Microsecond-Scale RPCs',
      authors: ['Maren Okafor', 'Tobias Lindqvist', 'Priya Raman'],
      pageUrl: 'https://dl.acm.org/doi/10.1145/3777001.3777101',
      pdfUrl: 'https://dl.acm.org/doi/pdf/10.1145/3777001.3777101',
    });
    expect(entries[0]!.paper.abstract).toMatch(/^Tail latency in microsecond-scale RPC services/);
    expect(entries[0]!.anchor.matches('.issue-item__title')).toBe(true);
    // The second session has no abstracts shown.
    expect(entries[3]!.paper.abstract).toBeUndefined();
  });

  it('a table of contents whose sessions have not loaded their entries yet is a typed error', () => {
    const document = loadHandWrittenPage('acm-proceedings-toc.html');
    document.querySelectorAll('.issue-item-container').forEach((item) => item.remove());
    expect(() => read(document, address)).toThrowError(PageShapeError);
  });
});

describe('ACM DL PDF tab (a minimal document built here: Chrome shows no page DOM for a PDF)', () => {
  it('takes the paper from the address', () => {
    const document = parsePage('<html><head><title>3706599.3719976.pdf</title></head><body><embed type="application/pdf" src="about:blank"></body></html>');
    const [entry] = read(document, 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976?download=true');
    expect(entry!.paper).toMatchObject({
      paperId: '10.1145/3706599.3719976',
      pageUrl: 'https://dl.acm.org/doi/10.1145/3706599.3719976',
      pdfUrl: 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976',
    });
  });

  it('the bot check answering the PDF address with HTML is a typed error', () => {
    const document = parsePage('<html><head><title>Just a moment...</title></head><body><h1>dl.acm.org</h1><p>Verifying you are human.</p></body></html>');
    expect(() => read(document, 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976')).toThrowError(/Just a moment/);
  });
});

describe('ACM DL eReader page (a minimal document built here: no saved copy of the viewer exists)', () => {
  it('takes the DOI from the address and the title from the document title', () => {
    const document = parsePage('<html><head><title>Exploring Older Adults Personality Preferences | eReader</title></head><body><div id="viewer"></div></body></html>');
    const [entry] = read(document, 'https://dl.acm.org/doi/epdf/10.1145/3706599.3719976');
    expect(entry!.paper).toMatchObject({
      paperId: '10.1145/3706599.3719976',
      title: 'Exploring Older Adults Personality Preferences',
      pageUrl: 'https://dl.acm.org/doi/10.1145/3706599.3719976',
      pdfUrl: 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976',
    });
  });
});
