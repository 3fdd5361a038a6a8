import { describe, expect, it } from 'vitest';
import { distinctPapers, fullTakeOffer, needsAbstractFetch } from '@/utils/quick/batch-papers';
import { paperKey } from '@/utils/sites/paper-key';
import { verdictLine } from '@/utils/quick/run-batch';
import type { PaperRef } from '@/utils/sites/types';

const arxivEntry: PaperRef = { site: 'arxiv', paperId: '2106.09608', title: 'A', authors: [], pageUrl: 'https://arxiv.org/abs/2106.09608', pdfUrl: 'https://arxiv.org/pdf/2106.09608' };

describe('which papers a batch runs', () => {
  it('takes each paper once, whatever version the listing shows, keeping page order', () => {
    const other = { ...arxivEntry, paperId: '2106.00001' };
    const acmSameNumber = { ...arxivEntry, site: 'acm' as const, paperId: '2106.09608' };
    const papers = distinctPapers([arxivEntry, other, { ...arxivEntry, paperId: '2106.09608v3' }, acmSameNumber]);
    expect(papers.map(paperKey)).toEqual(['arxiv|2106.09608', 'arxiv|2106.00001', 'acm|2106.09608']);
  });

  it('fetches abstracts for arXiv entries that show none, only', () => {
    expect(needsAbstractFetch({ ...arxivEntry, abstract: undefined })).toBe(true);
    expect(needsAbstractFetch({ ...arxivEntry, abstract: '   ' })).toBe(true);
    expect(needsAbstractFetch({ ...arxivEntry, abstract: 'We measure.' })).toBe(false);
    expect(needsAbstractFetch({ ...arxivEntry, site: 'usenix', paperId: 'nsdi22/goyal', abstract: undefined })).toBe(false);
  });

  it('offers a full take when there is a PDF or a USENIX presentation page, and otherwise says why not', () => {
    expect(fullTakeOffer(arxivEntry)).toEqual({ available: true });
    const usenix: PaperRef = { site: 'usenix', paperId: 'nsdi22/goyal', title: 'B', authors: [], pageUrl: 'https://www.usenix.org/conference/nsdi22/technical-sessions', presentationUrl: 'https://www.usenix.org/conference/nsdi22/presentation/goyal' };
    expect(fullTakeOffer(usenix)).toEqual({ available: true });
    const { pdfUrl: _pdfUrl, ...withoutPdf } = arxivEntry;
    expect(fullTakeOffer({ ...withoutPdf, noPdfReason: 'HTML only: arXiv has no PDF of this paper' })).toEqual({ available: false, reason: 'HTML only: arXiv has no PDF of this paper' });
    expect(fullTakeOffer(withoutPdf)).toMatchObject({ available: false, reason: expect.stringMatching(/no PDF link/) });
  });
});

describe('verdictLine', () => {
  it('keeps the verdict line as written, without Markdown emphasis', () => {
    expect(verdictLine('**Verdict:** skim\nBenchmarks only; watch the baselines.')).toBe('Verdict: skim');
    expect(verdictLine('Production trace from one cluster.\nVerdict: full take — the trace is real.')).toBe('Verdict: full take — the trace is real.');
  });

  it('falls back to the first sentence when the model ignored the format', () => {
    expect(verdictLine('Simulation only. I would not bother.')).toBe('Simulation only.');
  });
});
