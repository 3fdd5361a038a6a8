import { describe, expect, it } from 'vitest';
import { paperTitleFromTabTitle, tabStatus } from '@/utils/popup/tab-status';

describe('tabStatus', () => {
  it.each([
    [
      'https://arxiv.org/abs/2106.09608',
      { kind: 'paper-site', site: 'arxiv', pageKind: 'abstract', host: 'arxiv.org', permissionPattern: 'https://arxiv.org/*', paperId: '2106.09608' },
    ],
    [
      'https://arxiv.org/pdf/2106.09608v2',
      { kind: 'paper-site', site: 'arxiv', pageKind: 'pdf', host: 'arxiv.org', permissionPattern: 'https://arxiv.org/*', paperId: '2106.09608v2' },
    ],
    [
      'https://www.usenix.org/conference/nsdi22/presentation/goyal',
      { kind: 'paper-site', site: 'usenix', pageKind: 'abstract', host: 'www.usenix.org', permissionPattern: 'https://www.usenix.org/*', paperId: 'nsdi22/goyal' },
    ],
    [
      'https://dl.acm.org/doi/10.1145/3600006.3613165',
      { kind: 'paper-site', site: 'acm', pageKind: 'abstract', host: 'dl.acm.org', permissionPattern: 'https://dl.acm.org/*', paperId: '10.1145/3600006.3613165' },
    ],
    ['https://arxiv.org/list/cs.DC/new', { kind: 'paper-site', site: 'arxiv', pageKind: 'listing', host: 'arxiv.org', permissionPattern: 'https://arxiv.org/*' }],
    ['https://openreview.net/forum?id=abc123', { kind: 'other-site', origin: 'https://openreview.net', permissionPattern: 'https://openreview.net/*' }],
    ['http://localhost:8000/paper.html', { kind: 'other-site', origin: 'http://localhost:8000', permissionPattern: 'http://localhost/*' }],
    ['https://arxiv.org/', { kind: 'site-without-paper', site: 'arxiv' }],
    // A dedicated site's other hosts are its own too: enabling the generic reader there would shadow the site's adapter.
    ['https://info.arxiv.org/help/api/index.html', { kind: 'site-without-paper', site: 'arxiv' }],
  ])('%s', (url, expected) => {
    expect(tabStatus(url)).toEqual(expected);
  });

  it.each([
    ['http://example.org/paper', /only from https/],
    ['chrome://extensions/', /web pages only/],
    [undefined, /does not let the extension see/],
  ])('offers nothing on %s', (url, reason) => {
    const status = tabStatus(url);
    expect(status.kind).toBe('unsupported');
    expect(status.kind === 'unsupported' ? status.reason : '').toMatch(reason);
  });
});


describe('paperTitleFromTabTitle', () => {
  it.each([
    ['[2106.09608] Learning Knowledge Graph-based World Models of Textual Environments', 'Learning Knowledge Graph-based World Models of Textual Environments'],
    ['Backpressure Flow Control | USENIX', 'Backpressure Flow Control'],
    ['Tiered Erasure | Proceedings of the 2026 Conference', 'Tiered Erasure'],
    ['A plain title', 'A plain title'],
    ['', undefined],
    [undefined, undefined],
  ])('%s', (title, expected) => {
    expect(paperTitleFromTabTitle(title)).toBe(expected);
  });
});
