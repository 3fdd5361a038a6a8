/** @vitest-environment happy-dom */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { QuoteChecks } from '@/components/common/Evidence';
import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import { FigureStrip } from '@/components/sidebar/FigureStrip';
import type { QuoteCheck } from '@/utils/storage/take-schema';
import { pdfPageLink } from '@/utils/take/pdf-page-link';

afterEach(cleanup);

describe('pdfPageLink', () => {
  it("opens the PDF at the page, replacing any fragment and keeping the query", () => {
    expect(pdfPageLink('https://arxiv.org/pdf/2407.00079v3', 9)).toBe('https://arxiv.org/pdf/2407.00079v3#page=9');
    expect(pdfPageLink('https://www.usenix.org/system/files/x.pdf#view=fit', 2)).toBe('https://www.usenix.org/system/files/x.pdf#page=2');
    expect(pdfPageLink('http://localhost:8080/paper.pdf?download=1', 3)).toBe('http://localhost:8080/paper.pdf?download=1#page=3');
  });

  it('gives no link without an http(s) PDF address or a real page number', () => {
    expect(pdfPageLink(undefined, 1)).toBeUndefined();
    expect(pdfPageLink('', 1)).toBeUndefined();
    expect(pdfPageLink('javascript:alert(1)', 1)).toBeUndefined();
    expect(pdfPageLink('data:application/pdf;base64,JVBERi0=', 1)).toBeUndefined();
    expect(pdfPageLink('not a url', 1)).toBeUndefined();
    expect(pdfPageLink('https://arxiv.org/pdf/2407.00079v3', 0)).toBeUndefined();
    expect(pdfPageLink('https://arxiv.org/pdf/2407.00079v3', 1.5)).toBeUndefined();
  });
});

/** The three places a take links a page of its PDF: marks in the text, the list of quotes, the figure strip. */
function renderEveryPageLink(pdfUrl: string) {
  const checks: QuoteCheck[] = [{ quote: 'We replay a production trace from twelve clusters', page: 4, status: 'verified', foundOnPage: 4 }];
  const { container } = render(
    <>
      <TakeMarkdown markdown={'They say "We replay a production trace from twelve clusters" (p. 4).'} quotes={{ checks, pdfUrl }} />
      <QuoteChecks checks={checks} pdfUrl={pdfUrl} />
      <FigureStrip figures={[{ number: 7, page: 4, caption: 'Latency CDF.' }]} pdfUrl={pdfUrl} />
    </>,
  );
  return {
    marks: [...container.querySelectorAll('.quote-mark a')].map((link) => link.getAttribute('href')),
    list: [...container.querySelectorAll('.quote-checks a')].map((link) => link.getAttribute('href')),
    strip: [...container.querySelectorAll('.figure-strip a')].map((link) => link.getAttribute('href')),
    pageNumbersShown: (container.textContent?.match(/p(?:age|\.) 4/g) ?? []).length,
  };
}

describe('every page link in a take', () => {
  it('links each place to the same page of an https PDF', () => {
    const links = renderEveryPageLink('https://arxiv.org/pdf/2106.09608v2#toolbar=0');
    expect(links).toMatchObject({
      marks: ['https://arxiv.org/pdf/2106.09608v2#page=4'],
      list: ['https://arxiv.org/pdf/2106.09608v2#page=4'],
      strip: ['https://arxiv.org/pdf/2106.09608v2#page=4'],
    });
  });

  it('links none of them for a javascript: address, and still shows the page numbers', () => {
    const links = renderEveryPageLink('javascript:alert(document.domain)');
    expect(links).toMatchObject({ marks: [], list: [], strip: [] });
    // "p. 4" in the text and in its mark, and "p. 4" in the strip, stay readable as text.
    expect(links.pageNumbersShown).toBeGreaterThanOrEqual(3);
  });
});
