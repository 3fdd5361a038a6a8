import { describe, expect, it } from 'vitest';
import { checkQuotes, findQuotes, normalizeForMatch } from '@/utils/take/quotes';
import { canReadRealPaper, cannotReadRealPaper, realPages } from '../../support/real-paper';
import { syntheticPages } from '../../support/synthetic-paper';
import { skipNote } from '../../support/shared-fixtures';

describe('findQuotes', () => {
  it('finds straight and curly quotes with their page references, and their offsets', () => {
    const take = [
      'They say "we collected request traces from twelve inference clusters" (p. 1) and',
      '“our tracer records the prefill and decode time” (page 2), also "keep every request above thirty thousand tokens", p.2.',
      'Then "a first-come first-served baseline" [p. 3] and "the baseline does not batch requests" (Section 5, p. 3).',
    ].join('\n');
    const quotes = findQuotes(take);
    expect(quotes.map(({ text, page }) => ({ text, page }))).toEqual([
      { text: 'we collected request traces from twelve inference clusters', page: 1 },
      { text: 'our tracer records the prefill and decode time', page: 2 },
      { text: 'keep every request above thirty thousand tokens', page: 2 },
      { text: 'a first-come first-served baseline', page: 3 },
      { text: 'the baseline does not batch requests', page: 3 },
    ]);
    for (const quote of quotes) {
      expect(take.slice(quote.start + 1, quote.end - 1)).toBe(quote.text);
    }
  });

  it('ignores scare quotes and headings, but keeps short quotes that cite a page', () => {
    const take = '## The "No-BS" Summary\nTheir "novel insights" come from a "production-like" testbed; "twelve clusters" (p. 1) is the real number. A quote without a page "is still evidence if long enough".';
    expect(findQuotes(take).map((quote) => quote.text)).toEqual(['twelve clusters', 'is still evidence if long enough']);
  });

  it('takes a page reference written inside the quotation marks', () => {
    expect(findQuotes('"we replay the trace on a testbed (p. 3)"')).toMatchObject([{ text: 'we replay the trace on a testbed', page: 3 }]);
  });

  it('does not let an unmatched quotation mark run across paragraphs', () => {
    expect(findQuotes('He said "this never closes.\n\nNext paragraph with "four words quoted here" (p. 2).')).toMatchObject([{ text: 'four words quoted here', page: 2 }]);
  });
});

describe('normalizeForMatch', () => {
  it('folds ligatures, apostrophes, case, punctuation and line-end hyphenation', () => {
    expect(normalizeForMatch('The ﬁrst ﬂame-\ngraph of today’s “work-\n  load”.')).toBe(normalizeForMatch("the first flamegraph of today's workload"));
    expect(normalizeForMatch('production-like')).toBe(normalizeForMatch('production-\nlike'));
  });
});

describe('checkQuotes on synthetic pages', () => {
  it('verifies quotes on the cited page, finds misattributed ones elsewhere, and flags invented ones', () => {
    const take = [
      '"We sample one request in a thousand" (p. 2).',
      '"The baseline does not batch requests across users" (p. 1).',
      '"Arrivals are bursty, and a small fraction of long-context requests dominates the tail" (p. 1).',
      '"our scheduler eliminates tail latency for every workload" (p. 2).',
      '"We collected request traces ... over fourteen consecutive days" (p. 1).',
    ].join('\n');
    const checks = checkQuotes(take, syntheticPages);
    expect(checks.map(({ page, status, foundOnPage }) => ({ page, status, foundOnPage }))).toEqual([
      { page: 2, status: 'verified', foundOnPage: 2 },
      { page: 1, status: 'verified', foundOnPage: 3 },
      { page: 1, status: 'verified', foundOnPage: 1 },
      { page: 2, status: 'not-found', foundOnPage: undefined },
      { page: 1, status: 'verified', foundOnPage: 1 },
    ]);
    expect(checks[0]?.quote).toBe('We sample one request in a thousand');
  });

  it('matches whole words only, and needs elided parts in order', () => {
    const pages = [{ number: 1, text: 'The workload is bursty. Tail latency grows with load.' }];
    expect(checkQuotes('"load is bursty tail latency" (p. 1)', pages)[0]?.status).toBe('not-found');
    expect(checkQuotes('"tail latency grows … the workload is bursty" (p. 1)', pages)[0]?.status).toBe('not-found');
    expect(checkQuotes('"the workload is bursty … grows with load" (p. 1)', pages)[0]?.status).toBe('verified');
  });

  it('finds a sentence that runs over a page break', () => {
    const pages = [
      { number: 4, text: 'Most requests finish within a second, but the' },
      { number: 5, text: 'slowest one percent take minutes.' },
    ];
    expect(checkQuotes('"finish within a second, but the slowest one percent take minutes" (p. 4)', pages)[0]).toMatchObject({ status: 'verified', foundOnPage: 4 });
  });

  it('verifies through PDF ligatures and line-end hyphenation', () => {
    const pages = [{ number: 7, text: 'We ﬁnd that ﬂame graphs hide the queu-\ning delay of short requests.' }];
    expect(checkQuotes('"we find that flame graphs hide the queuing delay" (p. 7)', pages)[0]?.status).toBe('verified');
  });
});

describe.skipIf(!canReadRealPaper)(`checkQuotes on a real paper (Mesos, NSDI '11, via pdftotext)${skipNote(!canReadRealPaper, cannotReadRealPaper)}`, () => {
  it('verifies real sentences despite line breaks, curly apostrophes, case and dropped hyphens', () => {
    const pages = realPages();
    const take = [
      'The pitch: "Mesos decides how many resources to offer each framework, while frameworks decide which resources to accept" (p. 1).',
      'Apostrophes: "To support the sophisticated schedulers of today\'s frameworks" (p. 1).',
      'Hyphens: "employ a fine-grained resource sharing model" (p. 1).',
      'Shouting: "SHARING IMPROVES CLUSTER UTILIZATION AND AVOIDS PER-FRAMEWORK DATA REPLICATION" (p. 1).',
      'Wrong page: "the system must be fault-tolerant and highly available" (p. 9).',
      'Invented: "Mesos eliminates all scheduling delay on every cluster" (p. 2).',
    ].join('\n');
    const checks = checkQuotes(take, pages);
    expect(checks.map(({ status, foundOnPage }) => ({ status, foundOnPage }))).toEqual([
      { status: 'verified', foundOnPage: 1 },
      { status: 'verified', foundOnPage: 1 },
      { status: 'verified', foundOnPage: 1 },
      { status: 'verified', foundOnPage: 1 },
      { status: 'verified', foundOnPage: 1 },
      { status: 'not-found', foundOnPage: undefined },
    ]);
  });
});
