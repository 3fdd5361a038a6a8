/** @vitest-environment happy-dom */
import { beforeAll, describe, expect, it } from 'vitest';
import { getCachedPaper, textCacheKey } from '@/utils/pdf/text-cache';
import { PaperUnavailableError, readPaperText, resolvePdfUrl } from '@/utils/pipeline/read-paper';
import type { PaperRef } from '@/utils/sites/types';
import { makeHiddenTextPdfs } from '../../support/make-hidden-text-pdfs';
import { configurePdfjsForNode } from '../../support/node-pdfjs';

const presentationPage = `<html><head><meta name="citation_pdf_url" content="https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf"></head>
  <body><h1 id="page-title">Backpressure Flow Control</h1></body></html>`;

/** A fetch that records what it was asked for and answers every request with the presentation page. */
function recordingFetch() {
  const asked: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    asked.push(String(input));
    return new Response(presentationPage, { status: 200, headers: { 'content-type': 'text/html' } });
  }) as typeof globalThis.fetch;
  return { asked, fetch };
}

function programEntry(site: PaperRef['site'], presentationUrl: string): PaperRef {
  return { site, paperId: 'nsdi22/goyal', title: 'Backpressure Flow Control', authors: [], pageUrl: presentationUrl, presentationUrl };
}

describe("resolvePdfUrl: a program entry's PDF is read from its presentation page, and only from there", () => {
  it('fetches a USENIX presentation page and finds its PDF link', async () => {
    const { asked, fetch } = recordingFetch();
    const paper = programEntry('usenix', 'https://www.usenix.org/conference/nsdi22/presentation/goyal');
    await expect(resolvePdfUrl(paper, { signal: new AbortController().signal, fetch })).resolves.toBe('https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf');
    expect(asked).toEqual(['https://www.usenix.org/conference/nsdi22/presentation/goyal']);
  });

  it.each([
    ['usenix', 'https://www.usenix.org/conference/nsdi22/technical-sessions'],
    ['usenix', 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf'],
    ['usenix', 'http://www.usenix.org/conference/nsdi22/presentation/goyal'],
    ['usenix', 'https://www.usenix.org:8443/conference/nsdi22/presentation/goyal'],
    ['usenix', 'https://www.usenix.org.evil.example/conference/nsdi22/presentation/goyal'],
    ['generic', 'https://aclanthology.org/2021.naacl-main.208/'],
    ['arxiv', 'https://www.usenix.org/conference/nsdi22/presentation/goyal'],
  ] as const)('%s: refuses to fetch %s', async (site, url) => {
    const { asked, fetch } = recordingFetch();
    await expect(resolvePdfUrl(programEntry(site, url), { signal: new AbortController().signal, fetch })).rejects.toThrowError(PaperUnavailableError);
    expect(asked).toEqual([]);
  });
});

describe('readPaperText: what is kept in the text cache', () => {
  beforeAll(() => configurePdfjsForNode());

  const paper: PaperRef = { site: 'arxiv', paperId: '2611.00042v1', title: 'A paper with a covered line', authors: [], pageUrl: 'https://arxiv.org/abs/2611.00042v1', pdfUrl: 'https://arxiv.org/pdf/2611.00042v1' };

  async function pdfFetch(): Promise<typeof globalThis.fetch> {
    const pdf = (await makeHiddenTextPdfs()).find((candidate) => candidate.name === 'covered-later-fill')!.bytes;
    return (async () => new Response(Buffer.from(pdf), { status: 200, headers: { 'content-type': 'application/pdf' } })) as typeof globalThis.fetch;
  }

  it('keeps no paper whose pages were not all checked for hidden text, so that the next reading checks them', async () => {
    const fetch = await pdfFetch();
    const rushed = await readPaperText(paper, { signal: new AbortController().signal, fetch, scanBudgetMs: 0 });
    expect(rushed.uncheckedPages).toEqual([1]);
    expect(await getCachedPaper(textCacheKey(`${paper.site}:${paper.paperId}`))).toBeUndefined();
    // Control: given time, the same paper is checked, its hidden line found, and the result kept.
    const checked = await readPaperText(paper, { signal: new AbortController().signal, fetch, scanBudgetMs: 60_000 });
    expect(checked.hiddenText.map((finding) => finding.technique)).toEqual(['covered']);
    expect((await getCachedPaper(textCacheKey(`${paper.site}:${paper.paperId}`)))?.hiddenText).toEqual(checked.hiddenText);
  });
});
