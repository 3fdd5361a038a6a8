import { describe, expect, it } from 'vitest';
import { dedicatedSiteOfHost, isAllowedPdfUrl, isSiteHost, paperSiteMatchPatterns, siteIds, sites, type SiteId } from '@/utils/sites/registry';

describe('isAllowedPdfUrl: only the site\'s own PDF locations', () => {
  it.each([
    ['arxiv', 'https://arxiv.org/pdf/2106.09608'],
    ['arxiv', 'https://arxiv.org/pdf/0906.5132v2'],
    ['arxiv', 'https://arxiv.org/pdf/hep-th/9901001'],
    ['arxiv', 'https://www.arxiv.org/pdf/2106.09608v2.pdf'],
    ['arxiv', 'https://export.arxiv.org/pdf/1103.1901v1'],
    ['acm', 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976'],
    ['usenix', 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf'],
    ['generic', 'https://aclanthology.org/2021.naacl-main.208.pdf'],
    ['generic', 'https://hal.science/jpa-00235190/document'],
  ] as const)('%s allows %s', (site, url) => {
    expect(isAllowedPdfUrl(site, url)).toBe(true);
  });

  it.each([
    // Wrong scheme, credentials, ports, look-alike hosts
    ['arxiv', 'http://arxiv.org/pdf/2106.09608'],
    ['arxiv', 'https://user:pass@arxiv.org/pdf/2106.09608'],
    ['arxiv', 'https://arxiv.org:8443/pdf/2106.09608'],
    ['arxiv', 'https://arxiv.org.evil.example/pdf/2106.09608'],
    ['arxiv', 'https://evil.example/?https://arxiv.org/pdf/2106.09608'],
    // The right host, not a PDF location
    ['arxiv', 'https://arxiv.org/abs/2106.09608'],
    ['arxiv', 'https://arxiv.org/pdf/abcde'],
    ['arxiv', 'https://arxiv.org/user/'],
    ['arxiv', 'https://arxiv.org/pdf/../user/'],
    ['acm', 'https://dl.acm.org/doi/10.1145/3706599.3719976'],
    ['acm', 'https://dl.acm.org/action/showLogin'],
    ['usenix', 'https://www.usenix.org/user/login'],
    ['usenix', 'https://www.usenix.org/system/files/../../user/login.pdf'],
    // Another site's PDF is not this site's
    ['arxiv', 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976'],
    ['usenix', 'https://arxiv.org/pdf/2106.09608'],
    // generic still needs https and no credentials
    ['generic', 'http://aclanthology.org/2021.naacl-main.208.pdf'],
    ['generic', 'https://reader:secret@hal.science/jpa-00235190/document'],
    ['generic', 'file:///etc/passwd'],
    ['generic', 'not a url'],
    ['generic', 'javascript:alert(1)'],
  ] satisfies [SiteId, string][])('%s refuses %s', (site, url) => {
    expect(isAllowedPdfUrl(site, url)).toBe(false);
  });
});

describe('the site registry', () => {
  it('names every site, and the dedicated ones by their hosts', () => {
    expect(siteIds).toEqual(['arxiv', 'acm', 'usenix', 'generic']);
    for (const site of siteIds) expect(sites[site].name.length).toBeGreaterThan(0);
    expect(paperSiteMatchPatterns).toEqual(['https://arxiv.org/*', 'https://www.arxiv.org/*', 'https://export.arxiv.org/*', 'https://dl.acm.org/*', 'https://www.usenix.org/*']);
  });

  it.each([
    ['arxiv.org', 'arxiv'],
    ['export.arxiv.org', 'arxiv'],
    ['info.arxiv.org', 'arxiv'],
    ['dl.acm.org', 'acm'],
    ['www.usenix.org', 'usenix'],
    ['usenix.org', 'usenix'],
    ['blog.usenix.org', 'usenix'],
  ] as const)('%s belongs to %s, so generic never claims it', (host, site) => {
    expect(dedicatedSiteOfHost(host)).toBe(site);
  });

  it.each(['acm.org', 'cacm.acm.org', 'arxiv.org.evil.example', 'notarxiv.org', 'aclanthology.org'])('%s belongs to no dedicated site', (host) => {
    expect(dedicatedSiteOfHost(host)).toBeUndefined();
  });

  it('a content script speaks for a site only from its exact hosts', () => {
    expect(isSiteHost('arxiv', 'export.arxiv.org')).toBe(true);
    expect(isSiteHost('arxiv', 'info.arxiv.org')).toBe(false);
    expect(isSiteHost('usenix', 'usenix.org')).toBe(false);
    expect(isSiteHost('generic', 'aclanthology.org')).toBe(false);
  });
});
