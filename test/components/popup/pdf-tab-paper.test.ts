/** @vitest-environment happy-dom */
import { describe, expect, it } from 'vitest';
import { paperOfPdfTab, standaloneSidebarUrl } from '@/components/popup/pdf-tab-paper';

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

  it('hands the paper to the sidebar page in its address', () => {
    const paper = paperOfPdfTab('https://arxiv.org/pdf/2106.09608v2', 'x')!;
    const url = new URL(standaloneSidebarUrl('chrome-extension://abc/sidebar-frame.html', paper));
    expect(JSON.parse(decodeURIComponent(url.hash.slice('#paper='.length)))).toEqual(JSON.parse(JSON.stringify(paper)));
  });
});
