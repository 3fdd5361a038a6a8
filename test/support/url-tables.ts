import type { PageKind, SiteId } from '@/utils/sites/types';

/** A positive URL with the paper id its adapter must read from the address alone (listings have none). */
export type PositiveUrl = string | { url: string; paperId: string };

export type UrlTable = {
  [kind in PageKind]: PositiveUrl[];
} & {
  /** URLs on the adapter's own site that are not paper pages: no adapter may claim them. */
  notPaper: string[];
};

export function urlOf(entry: PositiveUrl): string {
  return typeof entry === 'string' ? entry : entry.url;
}

/**
 * Real addresses, from the shared fixtures' PROVENANCE.tsv files, the links inside those pages, and the sites
 * as they are today (2026-11-28). Every adapter in utils/sites has a table here (test/utils/sites/adapters.test.ts).
 */
export const urlTables = {
  arxiv: {
    abstract: [
      { url: 'https://arxiv.org/abs/2106.09608', paperId: '2106.09608' },
      { url: 'https://arxiv.org/abs/0906.5132v2', paperId: '0906.5132v2' },
      { url: 'https://arxiv.org/abs/hep-th/9901001', paperId: 'hep-th/9901001' },
      { url: 'https://arxiv.org/abs/hep-th/9901001v1', paperId: 'hep-th/9901001v1' },
      { url: 'https://arxiv.org/abs/math/0510544v2', paperId: 'math/0510544v2' },
      { url: 'https://arxiv.org/abs/math.GT/0309136', paperId: 'math.GT/0309136' },
      { url: 'https://arxiv.org/abs/2101.10016?context=math', paperId: '2101.10016' },
      { url: 'https://www.arxiv.org/abs/2310.08262', paperId: '2310.08262' },
      { url: 'https://export.arxiv.org/abs/1103.1901', paperId: '1103.1901' },
      { url: 'https://arxiv.org/abs/0704.0001', paperId: '0704.0001' },
      { url: 'https://arxiv.org/html/2403.10561', paperId: '2403.10561' },
      { url: 'https://arxiv.org/html/2403.10561/', paperId: '2403.10561' },
      { url: 'https://arxiv.org/html/0906.2112v3', paperId: '0906.2112v3' },
    ],
    pdf: [
      { url: 'https://arxiv.org/pdf/2106.09608', paperId: '2106.09608' },
      { url: 'https://arxiv.org/pdf/0906.5132v2', paperId: '0906.5132v2' },
      { url: 'https://arxiv.org/pdf/2106.09608v2.pdf', paperId: '2106.09608v2' },
      { url: 'https://arxiv.org/pdf/2106.09608.pdf', paperId: '2106.09608' },
      { url: 'https://arxiv.org/pdf/math/0510544', paperId: 'math/0510544' },
      { url: 'https://arxiv.org/pdf/hep-th/9901001v3', paperId: 'hep-th/9901001v3' },
      { url: 'https://export.arxiv.org/pdf/1103.1901v1', paperId: '1103.1901v1' },
      { url: 'https://www.arxiv.org/pdf/2303.08867', paperId: '2303.08867' },
    ],
    listing: [
      'https://arxiv.org/list/q-fin/new',
      'https://arxiv.org/list/cs.DC/new',
      'https://arxiv.org/list/astro-ph/new?skip=25&show=25',
      'https://arxiv.org/list/astro-ph/pastweek',
      'https://arxiv.org/list/astro-ph/pastweek?skip=0&show=2000',
      'https://arxiv.org/list/math/recent',
      'https://arxiv.org/list/astro-ph/2017-03',
      'https://arxiv.org/list/astro-ph.CO/1103',
      'https://arxiv.org/list/cs.DC/2024',
      'https://arxiv.org/list/physics.acc-ph/recent',
      'https://arxiv.org/catchup/math/2011-02-03?abs=True',
      'https://arxiv.org/a/einstein_a_1',
      'https://arxiv.org/a/einstein_a_1.html',
      'https://arxiv.org/search/?query=tail+latency&searchtype=all&source=header',
      'https://arxiv.org/search/cs?searchtype=author&query=Ammanabrolu,+P',
      'https://arxiv.org/search/advanced?advanced=&terms-0-operator=AND&terms-0-term=consensus&terms-0-field=title&size=50',
    ],
    notPaper: [
      'https://arxiv.org/',
      'https://arxiv.org/help/api',
      'https://arxiv.org/list/cs.DC',
      'https://arxiv.org/list/q-fin',
      'https://arxiv.org/user',
      'https://arxiv.org/login',
      'https://arxiv.org/user/create',
      'https://arxiv.org/year/astro-ph/2017',
      'https://arxiv.org/archive/cs',
      'https://arxiv.org/abs/abcde',
      'https://arxiv.org/pdf/abcde',
      'https://arxiv.org/abs/',
      'https://arxiv.org/search/',
      'https://arxiv.org/search/advanced',
      'https://arxiv.org/catchup',
      'https://arxiv.org/a/einstein_a_1.atom2',
      'https://arxiv.org/format/2106.09608',
      'https://arxiv.org/src/0906.5132v2',
      'https://arxiv.org/show-email/9f22ccf2/2106.09608',
      'https://arxiv.org/html/2403.10561/x1.png',
      'http://arxiv.org/abs/1103.1901',
      'https://info.arxiv.org/help/arxiv_identifier.html',
      'https://static.arxiv.org/static/browse/0.3.4/css/arXiv.css',
    ],
  },
  acm: {
    abstract: [
      { url: 'https://dl.acm.org/doi/10.1145/3706599.3719976', paperId: '10.1145/3706599.3719976' },
      { url: 'https://dl.acm.org/doi/10.1145/3544549.3585902', paperId: '10.1145/3544549.3585902' },
      { url: 'https://dl.acm.org/doi/abs/10.1145/3544549.3585902', paperId: '10.1145/3544549.3585902' },
      { url: 'https://dl.acm.org/doi/full/10.1145/3544549.3585902', paperId: '10.1145/3544549.3585902' },
      { url: 'https://dl.acm.org/doi/epdf/10.1145/3706599.3719976', paperId: '10.1145/3706599.3719976' },
      { url: 'https://dl.acm.org/doi/10.1145/3132747.3132785?cid=99658989', paperId: '10.1145/3132747.3132785' },
      { url: 'https://dl.acm.org/doi/10.5555/3488766.3488771', paperId: '10.5555/3488766.3488771' },
      { url: 'https://dl.acm.org/doi/10.1145%2F3706599.3719976', paperId: '10.1145/3706599.3719976' },
    ],
    pdf: [
      { url: 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976', paperId: '10.1145/3706599.3719976' },
      { url: 'https://dl.acm.org/doi/pdf/10.1145/3544549.3585902?download=true', paperId: '10.1145/3544549.3585902' },
    ],
    listing: [
      'https://dl.acm.org/doi/proceedings/10.1145/3544549',
      'https://dl.acm.org/doi/proceedings/10.1145/3706599',
      'https://dl.acm.org/toc/tocs/2023/41/1-4',
      'https://dl.acm.org/toc/cacm/2024/67/1',
      'https://dl.acm.org/action/doSearch?AllField=tail+latency',
      'https://dl.acm.org/action/doSearch?fillQuickSearch=false&target=advanced&expand=dl&ContribAuthor=Lamport',
    ],
    notPaper: [
      'https://dl.acm.org/',
      'https://dl.acm.org/action/showLogin?redirectUri=%2F',
      'https://dl.acm.org/action/doSearch',
      'https://dl.acm.org/about',
      'https://dl.acm.org/conference/sosp',
      'https://dl.acm.org/profile/81100283617',
      'https://dl.acm.org/doi/10.1145',
      'https://dl.acm.org/doi/proceedings/',
      'https://dl.acm.org/doi/10.1145/%E0%A4%A',
      'http://dl.acm.org/doi/10.1145/3706599.3719976',
    ],
  },
  usenix: {
    abstract: [
      { url: 'https://www.usenix.org/conference/nsdi22/presentation/goyal', paperId: 'nsdi22/goyal' },
      { url: 'https://www.usenix.org/conference/fast25/presentation/qin', paperId: 'fast25/qin' },
      { url: 'https://www.usenix.org/conference/atc15/presentation/cidon', paperId: 'atc15/cidon' },
    ],
    pdf: [
      { url: 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf', paperId: 'nsdi22/goyal' },
      { url: 'https://www.usenix.org/system/files/nsdi22spring_prepub_goyal.pdf', paperId: 'files/nsdi22spring_prepub_goyal' },
      { url: 'https://www.usenix.org/system/files/fast25-qin.pdf', paperId: 'files/fast25-qin' },
    ],
    listing: [
      'https://www.usenix.org/conference/nsdi22/technical-sessions',
      'https://www.usenix.org/conference/atc15/technical-sessions',
      'https://www.usenix.org/conference/fast25/program',
    ],
    notPaper: [
      'https://www.usenix.org/',
      'https://www.usenix.org/conference/nsdi22',
      'https://www.usenix.org/conference/nsdi22/call-for-papers',
      'https://www.usenix.org/conferences',
      'https://www.usenix.org/publications/proceedings',
      'https://www.usenix.org/system/files/nsdi22_slides_goyal.pptx',
      'https://usenix.org/conference/nsdi22/presentation/goyal',
      'http://www.usenix.org/conference/nsdi22/presentation/goyal',
    ],
  },
  generic: {
    // The URL cannot tell a paper page on a granted site; the document decides (detectCitationPage).
    abstract: [
      'https://aclanthology.org/2021.naacl-main.208/',
      'https://hal.science/jpa-00235190',
      'https://www.sciencedirect.com/science/article/pii/S146290112300117X',
      'https://openreview.net/forum?id=rJ4km2R5t7',
      'https://proceedings.mlr.press/v202/kirchenbauer23a.html',
      'https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html',
      'http://localhost:8080/paper.html',
    ],
    pdf: [],
    listing: [],
    notPaper: [
      'file:///home/reader/paper.pdf',
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop/sidebar-frame.html',
      'about:blank',
      'ftp://ftp.example.org/paper.pdf',
    ],
  },
} satisfies Record<SiteId, UrlTable>;
