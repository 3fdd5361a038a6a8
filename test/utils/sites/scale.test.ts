/** @vitest-environment happy-dom */
import { describe, expect, it } from 'vitest';
import { arxiv } from '@/utils/sites/arxiv';
import { detectPage } from '@/utils/sites';
import { bigListingPaperId, makeBigArxivListing } from '../../fixtures/make-big-listing';
import { parsePage } from '../../support/load-page';

describe('a SYNTHETIC 2,000-entry arXiv listing (test/fixtures/make-big-listing.ts)', () => {
  it('reads every entry once, in page order, with distinct ids', () => {
    const url = new URL('https://arxiv.org/list/cs.DC/pastweek?skip=0&show=2000');
    const document = parsePage(makeBigArxivListing(2000));
    const detected = detectPage(url, document);
    expect(detected?.adapter).toBe(arxiv);
    // How long this takes is measured in the browser by the content-script benchmark (npm run bench), never asserted here.
    const entries = arxiv.readPage(document, url, detected!.match);
    expect(entries).toHaveLength(2000);
    expect(new Set(entries.map(({ paper }) => paper.paperId)).size).toBe(2000);
    expect(entries[0]!.paper).toMatchObject({ paperId: '2303.00001', title: 'Synthetic Paper 1 on Tail Latency', pdfUrl: 'https://arxiv.org/pdf/2303.00001' });
    expect(entries[1999]!.paper.paperId).toBe(bigListingPaperId(1999));
    expect(entries[1999]!.paper.paperId).toBe('2303.02000');
  });
});
