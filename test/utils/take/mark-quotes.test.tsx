/** @vitest-environment happy-dom */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import { checkQuotes } from '@/utils/take/quotes';

afterEach(cleanup);

const pages = [
  { number: 1, text: 'We replay a production trace from twelve clusters over six months of operation.' },
  { number: 3, text: 'The scheduler keeps the p99 latency under ten milliseconds at peak load.' },
];
const take = [
  'They say "We replay a production trace from twelve clusters" (p. 1), which is the claim.',
  '',
  'Then "the scheduler eliminates every tail we could imagine" (p. 2) and "keeps the p99 latency under ten milliseconds" (p. 3).',
  '',
  '`"code that quotes "we replay a production trace from twelve" stays code"`',
].join('\n');

function renderMarked(pdfUrl?: string) {
  const checks = checkQuotes(take, pages).map(({ quote, page, status, foundOnPage }) => ({ quote, page, status, foundOnPage }));
  const { container } = render(<TakeMarkdown markdown={take} quotes={{ checks, ...(pdfUrl ? { pdfUrl } : {}) }} />);
  return { container, checks };
}

describe('quotes marked where they stand', () => {
  it('wraps each checked quote and puts its mark after the page reference: verified with a link to its page, or not found', () => {
    const { container, checks } = renderMarked('https://arxiv.org/pdf/2106.09608v2');
    expect(checks.map((check) => check.status)).toEqual(['verified', 'not-found', 'verified']);
    expect([...container.querySelectorAll('.quote-verified')].map((node) => node.textContent)).toEqual([
      'We replay a production trace from twelve clusters',
      'keeps the p99 latency under ten milliseconds',
    ]);
    expect(container.querySelector('.quote-missing')?.textContent).toBe('the scheduler eliminates every tail we could imagine');
    const marks = [...container.querySelectorAll('.quote-mark')];
    expect(marks.map((mark) => mark.textContent)).toEqual(['✓ verified in the paper p. 1', '✗ not found', '✓ verified in the paper p. 3']);
    expect(marks[0]?.querySelector('a')?.getAttribute('href')).toBe('https://arxiv.org/pdf/2106.09608v2#page=1');
    // The mark follows the citation: '" (p. 1)' stays before it, as written.
    expect(marks[0]?.previousSibling?.textContent).toBe('" (p. 1)');
  });

  it('leaves code alone and makes no links without a PDF address', () => {
    const { container } = renderMarked();
    expect(container.querySelector('code')?.querySelector('.quote-verified, .quote-mark')).toBeNull();
    expect(container.querySelectorAll('.quote-mark a')).toHaveLength(0);
    expect(container.querySelectorAll('.quote-mark')).toHaveLength(3);
  });

  it('changes nothing in a take with no checks', () => {
    const { container } = render(<TakeMarkdown markdown={take} />);
    expect(container.querySelectorAll('.quote-mark')).toHaveLength(0);
    expect(container.textContent).toContain('"We replay a production trace from twelve clusters" (p. 1)');
  });
});
