/** @vitest-environment happy-dom */
import { describe, expect, it } from 'vitest';
import { paperOfPdfTab } from '@/utils/sites/pdf-tab';

describe("the popup's paper for a PDF tab (Firefox's viewer runs no content script)", () => {
  it('reads an arXiv PDF tab from its address and title', () => {
    const paper = paperOfPdfTab('https://arxiv.org/pdf/2106.09608v2', '2106.09608v2.pdf');
    expect(paper).toMatchObject({ site: 'arxiv', paperId: '2106.09608v2', version: 2, pdfUrl: 'https://arxiv.org/pdf/2106.09608v2' });
  });

  it('reads a USENIX PDF tab', () => {
    const paper = paperOfPdfTab('https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf', 'nsdi22-paper-goyal.pdf');
    expect(paper).toMatchObject({ site: 'usenix', paperId: 'nsdi22/goyal', pdfUrl: 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf' });
  });

  it('offers nothing for an abstract page or another site', () => {
    expect(paperOfPdfTab('https://arxiv.org/abs/2106.09608', 'Some paper')).toBeUndefined();
    expect(paperOfPdfTab('https://example.org/paper.pdf', 'paper.pdf')).toBeUndefined();
  });

  it('reads an ACM PDF tab, without its download switch', () => {
    const paper = paperOfPdfTab('https://dl.acm.org/doi/pdf/10.1145/3706599.3719976?download=true', '');
    expect(paper).toMatchObject({ site: 'acm', paperId: '10.1145/3706599.3719976', title: '10.1145/3706599.3719976', pageUrl: 'https://dl.acm.org/doi/10.1145/3706599.3719976', pdfUrl: 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976' });
  });
});
