import { describe, expect, it } from 'vitest';
import { bindPdfToPaper, enabledOriginsOf, pageProblem, type PdfBinding } from '@/utils/sites/pdf-binding';
import { paperOfPdfTab } from '@/utils/sites/pdf-tab';
import { dedicatedSiteIds } from '@/utils/sites/registry';
import type { PaperRef } from '@/utils/sites/types';
import { urlOf, urlTables } from '../../support/url-tables';

type Claim = Pick<PaperRef, 'site' | 'paperId' | 'pageUrl' | 'pdfUrl'>;

const arxiv = (paperId: string, pdfUrl?: string): Claim => ({ site: 'arxiv', paperId, pageUrl: `https://arxiv.org/abs/${paperId}`, ...(pdfUrl ? { pdfUrl } : {}) });
const acm = (paperId: string, pdfUrl?: string): Claim => ({ site: 'acm', paperId, pageUrl: `https://dl.acm.org/doi/${paperId}`, ...(pdfUrl ? { pdfUrl } : {}) });
const usenix = (paperId: string, pdfUrl?: string, pageUrl = 'https://www.usenix.org/conference/nsdi22/presentation/goyal'): Claim => ({
  site: 'usenix',
  paperId,
  pageUrl,
  ...(pdfUrl ? { pdfUrl } : {}),
});
const generic = (pageUrl: string, pdfUrl?: string): Claim => ({ site: 'generic', paperId: '10.18653/v1/2021.naacl-main.208', pageUrl, ...(pdfUrl ? { pdfUrl } : {}) });

function kindOf(binding: PdfBinding): string {
  return binding.kind;
}

describe('arXiv: the PDF is /pdf/<the same id>, and the same version where both name one', () => {
  it.each([
    arxiv('2106.09608', 'https://arxiv.org/pdf/2106.09608'),
    arxiv('2106.09608', 'https://arxiv.org/pdf/2106.09608v2'),
    arxiv('0906.5132v2', 'https://arxiv.org/pdf/0906.5132v2'),
    arxiv('0906.5132v4', 'https://arxiv.org/pdf/0906.5132'),
    arxiv('hep-th/9901001', 'https://arxiv.org/pdf/hep-th/9901001v1'),
    arxiv('math.GT/0309136', 'https://arxiv.org/pdf/math.GT/0309136'),
    arxiv('2106.09608', 'https://www.arxiv.org/pdf/2106.09608v2.pdf'),
    arxiv('1103.1901', 'https://export.arxiv.org/pdf/1103.1901v1'),
  ])('binds $paperId to $pdfUrl', (claim) => {
    expect(bindPdfToPaper(claim, [])).toEqual({ kind: 'bound' });
  });

  it.each([
    [arxiv('2106.09608', 'https://arxiv.org/pdf/2403.10561'), 'is for another paper than this one (2106.09608)'],
    [arxiv('0906.5132v2', 'https://arxiv.org/pdf/0906.5132v3'), 'is for another paper than this one (0906.5132v2)'],
    [arxiv('hep-th/9901001', 'https://arxiv.org/pdf/hep-th/9901002'), 'is for another paper than this one (hep-th/9901001)'],
    [arxiv('2106.09608', 'https://arxiv.org/abs/2106.09608'), "is not one of arXiv's PDF addresses"],
    [arxiv('2106.09608', 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976'), "is not one of arXiv's PDF addresses"],
    [arxiv('2106.09608', 'http://arxiv.org/pdf/2106.09608'), 'not a plain https:// address'],
    [arxiv('2106.09608', 'https://arxiv.org:8443/pdf/2106.09608'), 'not a plain https:// address'],
  ])('refuses %o: %s', (claim, reason) => {
    const binding = bindPdfToPaper(claim, []);
    expect(binding.kind).toBe('refused');
    expect(binding.kind === 'refused' && binding.reason).toContain(reason);
    expect(binding.kind === 'refused' && binding.reason).toMatch(/, so Shedder's Take will not read it\.$/);
  });
});

describe('ACM DL: the PDF is /doi/pdf/<the same DOI>', () => {
  it.each([
    acm('10.1145/3706599.3719976', 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976'),
    acm('10.1145/3706599.3719976', 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976?download=true'),
    acm('10.1145/3706599.3719976', 'https://dl.acm.org/doi/pdf/10.1145%2F3706599.3719976'),
    acm('10.5555/ABC.123', 'https://dl.acm.org/doi/pdf/10.5555/abc.123'),
  ])('binds $paperId to $pdfUrl', (claim) => {
    expect(bindPdfToPaper(claim, [])).toEqual({ kind: 'bound' });
  });

  it.each([
    [acm('10.1145/3706599.3719976', 'https://dl.acm.org/doi/pdf/10.1145/3544549.3585902'), 'is for another paper than this one (10.1145/3706599.3719976)'],
    [acm('10.1145/3706599.3719976', 'https://dl.acm.org/doi/10.1145/3706599.3719976'), "is not one of ACM Digital Library's PDF addresses"],
    [acm('10.1145/3706599.3719976', 'https://arxiv.org/pdf/2106.09608'), "is not one of ACM Digital Library's PDF addresses"],
  ])('refuses %o: %s', (claim, reason) => {
    const binding = bindPdfToPaper(claim, []);
    expect(binding.kind === 'refused' && binding.reason).toContain(reason);
  });
});

describe("USENIX: a file named after the presentation, or the presentation page's own link", () => {
  it('binds a file named after the presentation, and a PDF tab of any file to itself', () => {
    expect(bindPdfToPaper(usenix('nsdi22/goyal', 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf'), [])).toEqual({ kind: 'bound' });
    expect(bindPdfToPaper(usenix('nsdi22/goyal', 'https://www.usenix.org/system/files/conference/nsdi22/nsdi22-paper-goyal.pdf'), [])).toEqual({ kind: 'bound' });
    const pdfTab = 'https://www.usenix.org/system/files/osdi24_slides-smith.pdf';
    expect(bindPdfToPaper(usenix('files/osdi24_slides-smith', pdfTab, pdfTab), [])).toEqual({ kind: 'bound' });
  });

  it('asks the presentation page (built from the id, not the page the claim names) about any other file, and about entries with no PDF yet', () => {
    const presentation = 'https://www.usenix.org/conference/nsdi22/presentation/goyal';
    expect(bindPdfToPaper(usenix('nsdi22/goyal', 'https://www.usenix.org/system/files/goyal-final.pdf'), [])).toEqual({ kind: 'linked-from-page', pageUrl: presentation });
    expect(bindPdfToPaper(usenix('nsdi22/goyal', 'https://www.usenix.org/system/files/nsdi22-paper-smith.pdf'), [])).toEqual({ kind: 'linked-from-page', pageUrl: presentation });
    expect(bindPdfToPaper(usenix('nsdi22/goyal', undefined, 'https://www.usenix.org/conference/nsdi22/technical-sessions'), [])).toEqual({ kind: 'linked-from-page', pageUrl: presentation });
  });

  it('refuses a file paper whose PDF is another file, and PDFs off the site', () => {
    const other = bindPdfToPaper(usenix('files/a', 'https://www.usenix.org/system/files/b.pdf', 'https://www.usenix.org/system/files/a.pdf'), []);
    expect(other.kind === 'refused' && other.reason).toContain('is for another paper than this one (files/a)');
    expect(kindOf(bindPdfToPaper(usenix('nsdi22/goyal', 'https://arxiv.org/pdf/2106.09608'), []))).toBe('refused');
    expect(kindOf(bindPdfToPaper(usenix('nsdi22/goyal', 'https://www.usenix.org/user/login'), []))).toBe('refused');
  });
});

describe("generic pages: the PDF on the page's own origin, or on another origin the reader enabled", () => {
  const enabled = enabledOriginsOf(['https://aclanthology.org/*', 'https://hal.science/*', 'http://localhost/*']);

  it('reads enabled origins from their permission patterns (https only)', () => {
    expect(enabled).toEqual(['https://aclanthology.org', 'https://hal.science']);
  });

  it.each([
    generic('https://aclanthology.org/2021.naacl-main.208/', 'https://aclanthology.org/2021.naacl-main.208.pdf'),
    generic('https://hal.science/jpa-00235190', 'https://hal.science/jpa-00235190/document'),
    generic('https://aclanthology.org/2021.naacl-main.208/', 'https://hal.science/jpa-00235190/document'),
    generic('https://papers.example/p/1'),
  ])('binds $pageUrl to $pdfUrl', (claim) => {
    expect(bindPdfToPaper(claim, enabled)).toEqual({ kind: 'bound' });
  });

  it.each([
    [generic('https://aclanthology.org/x/', 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976'), 'on dl.acm.org (ACM Digital Library), not on aclanthology.org or a site you enabled'],
    [generic('https://aclanthology.org/x/', 'https://api.openai.com/v1/files'), 'on api.openai.com, not on aclanthology.org'],
    [generic('https://aclanthology.org/x/', 'https://intranet.corp.example/report.pdf'), 'on intranet.corp.example, not on aclanthology.org'],
    [generic('https://aclanthology.org/x/', 'http://10.0.0.7/report.pdf'), 'not a plain https:// address'],
    [generic('https://papers.example/x/', 'https://aclanthology.org/2021.naacl-main.208.pdf'), 'on aclanthology.org, not on papers.example'],
  ])('refuses %o: %s', (claim, reason) => {
    const binding = bindPdfToPaper(claim, claim.pageUrl.startsWith('https://papers.example') ? [] : enabled);
    expect(binding.kind === 'refused' && binding.reason).toContain(reason);
  });
});

describe('the page a paper came from', () => {
  it.each([
    [{ site: 'arxiv', pageUrl: 'data:text/html,<h1>2106.09608</h1>' }, 'not a plain https:// address'],
    [{ site: 'generic', pageUrl: 'javascript:alert(1)' }, 'not a plain https:// address'],
    [{ site: 'generic', pageUrl: 'http://papers.example/' }, 'not a plain https:// address'],
    [{ site: 'arxiv', pageUrl: 'https://arxiv.org.evil.example/abs/2106.09608' }, 'is not on arXiv'],
    [{ site: 'acm', pageUrl: 'https://arxiv.org/abs/2106.09608' }, 'is not on ACM Digital Library'],
  ] as const)('%o: %s', (paper, reason) => {
    expect(pageProblem(paper)).toContain(reason);
    const binding = bindPdfToPaper({ ...paper, paperId: '2106.09608', pdfUrl: 'https://arxiv.org/pdf/2106.09608' }, []);
    expect(binding.kind === 'refused' && binding.reason).toContain(reason);
  });

  it('accepts the pages the adapters read papers from', () => {
    expect(pageProblem({ site: 'arxiv', pageUrl: 'https://export.arxiv.org/abs/1103.1901' })).toBeUndefined();
    expect(pageProblem({ site: 'generic', pageUrl: 'https://hal.science/jpa-00235190' })).toBeUndefined();
  });
});

describe("a PDF tab's paper is bound to its own address", () => {
  const pdfTabs = dedicatedSiteIds.flatMap((site) => urlTables[site].pdf.map((entry) => ({ site, url: urlOf(entry) })));

  it.each(pdfTabs)('$url', ({ url }) => {
    const paper = paperOfPdfTab(url, 'A title');
    expect(paper).toBeDefined();
    expect(bindPdfToPaper(paper!, [])).toEqual({ kind: 'bound' });
  });
});
