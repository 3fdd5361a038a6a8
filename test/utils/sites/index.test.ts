/** @vitest-environment happy-dom */
import { describe, expect, it } from 'vitest';
import { detectPage } from '@/utils/sites';
import { hasSharedFixtures, missingSharedFixtures, skipNote } from '../../support/shared-fixtures';
import { loadHandWrittenPage, loadSharedPage, parsePage } from '../../support/load-page';

const sharedNote = skipNote(!hasSharedFixtures, missingSharedFixtures);

describe.skipIf(!hasSharedFixtures)(`detectPage on real pages${sharedNote}`, () => {
  it.each([
    ['arxiv', 'abstract', 'https://arxiv.org/abs/2106.09608', ['arxiv', 'arxiv_abs_2106.09608_2021.html']],
    ['arxiv', 'listing', 'https://arxiv.org/list/q-fin/new', ['arxiv-current', 'fs__list_q-fin_new.html']],
    ['acm', 'abstract', 'https://dl.acm.org/doi/10.1145/3706599.3719976', ['acm', 'acm_doi_10.1145_3706599.3719976_2025.html']],
    ['usenix', 'abstract', 'https://www.usenix.org/conference/nsdi22/presentation/goyal', ['usenix', 'usenix_nsdi22_goyal_presentation.html']],
    ['generic', 'abstract', 'https://aclanthology.org/2021.naacl-main.208/', ['other', 'acl_2021.naacl-main.208.html']],
    ['generic', 'abstract', 'https://www.sciencedirect.com/science/article/pii/S146290112300117X', ['other', 'sciencedirect_S146290112300117X.html']],
  ] as const)('%s %s: %s', (site, kind, address, fixture) => {
    const detected = detectPage(new URL(address), loadSharedPage(...fixture));
    expect(detected?.adapter.id).toBe(site);
    expect(detected?.match).toMatchObject({ site, kind });
  });

  it('a dedicated site wins even where its page carries citation tags (arXiv abstract pages do)', () => {
    const detected = detectPage(new URL('https://arxiv.org/abs/2106.09608'), loadSharedPage('arxiv', 'arxiv_abs_2106.09608_2021.html'));
    expect(detected?.adapter.id).toBe('arxiv');
  });

  it('an arXiv page served from another host is generic (the tags decide), never arXiv', () => {
    const detected = detectPage(new URL('https://mirror.example.org/abs/2106.09608'), loadSharedPage('arxiv', 'arxiv_abs_2106.09608_2021.html'));
    expect(detected?.adapter.id).toBe('generic');
  });
});

describe('detectPage without citation tags', () => {
  it('a page on another host without citation tags is nothing', () => {
    expect(detectPage(new URL('https://example.org/blog/post'), parsePage('<html><head><title>A blog</title></head><body><h1>Post</h1></body></html>'))).toBeUndefined();
  });

  it('a non-paper address on a dedicated site is nothing, whatever the document holds', () => {
    const document = parsePage('<html><head><meta name="citation_title" content="Injected"></head><body></body></html>');
    expect(detectPage(new URL('https://arxiv.org/help/api'), document)).toBeUndefined();
  });

  it('HAND-WRITTEN USENIX technical sessions page: a usenix listing', () => {
    const detected = detectPage(new URL('https://www.usenix.org/conference/nsdi27/technical-sessions'), loadHandWrittenPage('usenix-technical-sessions.html'));
    expect(detected?.match).toEqual({ site: 'usenix', kind: 'listing' });
  });
});
