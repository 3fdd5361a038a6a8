/** @vitest-environment happy-dom */
import { describe, expect, it } from 'vitest';
import { detectCitationPage, generic } from '@/utils/sites/generic';
import { PageShapeError, type PageEntry } from '@/utils/sites/types';
import { hasSharedFixtures, missingSharedFixtures, skipNote } from '../../support/shared-fixtures';
import { loadSharedPage } from '../../support/load-page';

function read(document: Document, address: string): PageEntry[] {
  const url = new URL(address);
  const match = generic.matchUrl(url);
  if (!match) {
    throw new Error(`generic.matchUrl does not claim ${address}`);
  }
  return generic.readPage(document, url, match);
}

const sharedNote = skipNote(!hasSharedFixtures, missingSharedFixtures);

describe.skipIf(!hasSharedFixtures)(`generic citation pages, real copies in ../shared/fixtures/pages/other${sharedNote}`, () => {
  it('ACL Anthology (content-before-name attribute order)', () => {
    const document = loadSharedPage('other', 'acl_2021.naacl-main.208.html');
    expect(detectCitationPage(document)).toBe(true);
    const [entry, ...rest] = read(document, 'https://aclanthology.org/2021.naacl-main.208/');
    expect(rest).toEqual([]);
    expect(entry!.paper).toMatchObject({
      site: 'generic',
      paperId: '10.18653/v1/2021.naacl-main.208',
      title: 'How many data points is a prompt worth?',
      authors: ['Teven Le Scao', 'Alexander M. Rush'],
      venue:
        'Proceedings of the 2021 Conference of the North American Chapter of the Association for Computational Linguistics: Human Language Technologies',
      year: 2021,
      pageUrl: 'https://aclanthology.org/2021.naacl-main.208/',
      pdfUrl: 'https://aclanthology.org/2021.naacl-main.208.pdf',
    });
  });

  it('HAL: the PDF address ends in /document, not .pdf', () => {
    const [entry] = read(loadSharedPage('other', 'hal_jpa-00235190.html'), 'https://hal.science/jpa-00235190');
    expect(entry!.paper).toMatchObject({
      paperId: '10.1051/jphysrad:01955001606044400',
      title: 'Déplacement de Knight dans les alliages',
      authors: ['Jacques Friedel'],
      venue: 'Journal de Physique et le Radium',
      year: 1955,
      pdfUrl: 'https://hal.science/jpa-00235190/document',
    });
  });

  it('ScienceDirect: citation tags but no PDF link, so a paper with a reason', () => {
    const [entry] = read(
      loadSharedPage('other', 'sciencedirect_S146290112300117X.html'),
      'https://www.sciencedirect.com/science/article/pii/S146290112300117X',
    );
    expect(entry!.paper).toMatchObject({
      paperId: '10.1016/j.envsci.2023.04.016',
      title: 'Nature-based solutions through collective actions for spatial justice in urban green commons',
      venue: 'Environmental Science & Policy',
      year: 2023,
    });
    expect(entry!.paper.pdfUrl).toBeUndefined();
    expect(entry!.paper.noPdfReason).toMatch(/no PDF/);
  });

  it('a page without citation tags (arXiv 404 page, read as if on another host) is not detected, and readPage throws the typed error', () => {
    const document = loadSharedPage('arxiv-current', 'fs__abs_abcde.html');
    expect(detectCitationPage(document)).toBe(false);
    expect(() => read(document, 'https://example.org/paper/abcde')).toThrowError(PageShapeError);
  });
});

describe('generic.matchUrl', () => {
  it('never claims the dedicated sites, including their other hosts', () => {
    for (const address of [
      'https://arxiv.org/abs/2106.09608',
      'https://export.arxiv.org/abs/2106.09608',
      'https://info.arxiv.org/help',
      'https://dl.acm.org/doi/10.1145/3706599.3719976',
      'https://www.usenix.org/conference/nsdi22/presentation/goyal',
      'https://usenix.org/conference/nsdi22/presentation/goyal',
    ]) {
      expect(generic.matchUrl(new URL(address)), address).toBeUndefined();
    }
  });

  it('claims look-alike hosts, which are not the dedicated sites', () => {
    expect(generic.matchUrl(new URL('https://notarxiv.org/abs/2106.09608'))).toEqual({ site: 'generic', kind: 'abstract' });
    expect(generic.matchUrl(new URL('https://arxiv.org.example.com/abs/2106.09608'))).toEqual({ site: 'generic', kind: 'abstract' });
  });
});
