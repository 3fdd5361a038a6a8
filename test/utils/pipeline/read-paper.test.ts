/** @vitest-environment happy-dom */
import { beforeAll, describe, expect, it } from 'vitest';
import { getCachedPaper, textCacheKey } from '@/utils/pdf/text-cache';
import { cachedPaperText, PaperUnavailableError, readPaperText, resolvePdfUrl } from '@/utils/pipeline/read-paper';
import type { PaperRef } from '@/utils/sites/types';
import { makeHiddenTextPdfs } from '../../support/make-hidden-text-pdfs';
import { configurePdfjsForNode } from '../../support/node-pdfjs';

const presentationPage = (pdf: string) => `<html><head><meta name="citation_pdf_url" content="${pdf}"></head>
  <body><h1 id="page-title">Backpressure Flow Control</h1></body></html>`;

/** A fetch that records what it was asked for and answers every request with the presentation page linking `pdf`. */
function recordingFetch(pdf = 'https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf') {
  const asked: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    asked.push(String(input));
    return new Response(presentationPage(pdf), { status: 200, headers: { 'content-type': 'text/html' } });
  }) as typeof globalThis.fetch;
  return { asked, fetch };
}

const options = (fetch: typeof globalThis.fetch, enabledOrigins: string[] = []) => ({ signal: new AbortController().signal, fetch, enabledOrigins });

function programEntry(site: PaperRef['site'], presentationUrl: string, paperId = 'nsdi22/goyal'): PaperRef {
  return { site, paperId, title: 'Backpressure Flow Control', authors: [], pageUrl: presentationUrl, presentationUrl };
}

describe("resolvePdfUrl: a program entry's PDF is read from its presentation page, and only from there", () => {
  it('fetches the presentation page its id names and finds its PDF link', async () => {
    const { asked, fetch } = recordingFetch();
    const paper = programEntry('usenix', 'https://www.usenix.org/conference/nsdi22/presentation/goyal');
    await expect(resolvePdfUrl(paper, options(fetch))).resolves.toBe('https://www.usenix.org/system/files/nsdi22-paper-goyal.pdf');
    expect(asked).toEqual(['https://www.usenix.org/conference/nsdi22/presentation/goyal']);
  });

  it('asks the page its id names, never an address the entry names', async () => {
    const { asked, fetch } = recordingFetch();
    const paper = programEntry('usenix', 'https://www.usenix.org/conference/nsdi22/technical-sessions');
    await resolvePdfUrl({ ...paper, presentationUrl: 'https://www.usenix.org/user/login' }, options(fetch));
    expect(asked).toEqual(['https://www.usenix.org/conference/nsdi22/presentation/goyal']);
  });

  it.each([
    ['usenix', 'http://www.usenix.org/conference/nsdi22/presentation/goyal', 'nsdi22/goyal'],
    ['usenix', 'https://www.usenix.org:8443/conference/nsdi22/presentation/goyal', 'nsdi22/goyal'],
    ['usenix', 'https://www.usenix.org.evil.example/conference/nsdi22/presentation/goyal', 'nsdi22/goyal'],
    ['usenix', 'https://www.usenix.org/conference/nsdi22/presentation/goyal', '../user/login'],
    ['generic', 'https://aclanthology.org/2021.naacl-main.208/', 'nsdi22/goyal'],
    ['arxiv', 'https://www.usenix.org/conference/nsdi22/presentation/goyal', 'nsdi22/goyal'],
  ] as const)('%s: refuses to fetch anything for %s (id %s)', async (site, url, paperId) => {
    const { asked, fetch } = recordingFetch();
    await expect(resolvePdfUrl(programEntry(site, url, paperId), options(fetch))).rejects.toThrowError(PaperUnavailableError);
    expect(asked).toEqual([]);
  });

  it('refuses a PDF the presentation page does not link, after reading the page', async () => {
    const { asked, fetch } = recordingFetch('https://www.usenix.org/system/files/goyal-final.pdf');
    const paper = { ...programEntry('usenix', 'https://www.usenix.org/conference/nsdi22/presentation/goyal'), pdfUrl: 'https://www.usenix.org/system/files/smith-paper.pdf' };
    const refusal = resolvePdfUrl(paper, options(fetch));
    await expect(refusal).rejects.toThrowError("is not the one the paper's page on USENIX links, so Shedder's Take will not read it.");
    await expect(refusal).rejects.toMatchObject({ kind: 'not-this-paper' });
    expect(asked).toEqual(['https://www.usenix.org/conference/nsdi22/presentation/goyal']);
    // Control: the file the page does link is accepted, whatever its name.
    await expect(resolvePdfUrl({ ...paper, pdfUrl: 'https://www.usenix.org/system/files/goyal-final.pdf' }, options(fetch))).resolves.toBe(
      'https://www.usenix.org/system/files/goyal-final.pdf',
    );
  });
});

describe('readPaperText: a forged paper fetches nothing', () => {
  const forged: PaperRef = {
    site: 'arxiv',
    paperId: '2106.09608',
    title: 'Learning Knowledge Graph-based World Models of Textual Environments',
    authors: [],
    pageUrl: 'https://arxiv.org/abs/2106.09608',
    pdfUrl: 'https://arxiv.org/pdf/2403.10561',
  };

  it('refuses id A with B’s PDF before any request, and says why in one line', async () => {
    const { asked, fetch } = recordingFetch();
    const reading = readPaperText(forged, options(fetch));
    await expect(reading).rejects.toMatchObject({ kind: 'not-this-paper', message: expect.stringContaining('is for another paper than this one (2106.09608)') });
    expect(asked).toEqual([]);
  });

  it('refuses a generic page’s PDF on another site unless the reader enabled that site', async () => {
    const page: PaperRef = { site: 'generic', paperId: '10.1/x', title: 'X', authors: [], pageUrl: 'https://papers.example/x', pdfUrl: 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976' };
    const { asked, fetch } = recordingFetch();
    await expect(readPaperText(page, options(fetch))).rejects.toMatchObject({ kind: 'not-this-paper', message: expect.stringContaining('on dl.acm.org (ACM Digital Library)') });
    await expect(readPaperText({ ...page, pdfUrl: 'https://hal.science/x.pdf' }, options(fetch))).rejects.toMatchObject({ kind: 'not-this-paper' });
    expect(asked).toEqual([]);
    // Control: enabled, the other site's PDF is fetched (here answered with HTML, so it then fails as "not a PDF").
    await expect(readPaperText({ ...page, pdfUrl: 'https://hal.science/x.pdf' }, options(fetch, ['https://hal.science']))).rejects.toMatchObject({ kind: 'not-pdf' });
    expect(asked).toEqual(['https://hal.science/x.pdf']);
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
    const rushed = await readPaperText(paper, { ...options(fetch), scanBudgetMs: 0 });
    expect(rushed.uncheckedPages).toEqual([1]);
    expect(await getCachedPaper(textCacheKey(paper, paper.pdfUrl!))).toBeUndefined();
    // Control: given time, the same paper is checked, its hidden line found, and the result kept.
    const checked = await readPaperText(paper, { ...options(fetch), scanBudgetMs: 60_000 });
    expect(checked.hiddenText.map((finding) => finding.technique)).toEqual(['covered']);
    expect((await getCachedPaper(textCacheKey(paper, paper.pdfUrl!)))?.hiddenText).toEqual(checked.hiddenText);
  });
});

describe('the text cache is asked before the network', () => {
  beforeAll(() => configurePdfjsForNode());

  const linkedPdf = 'https://www.usenix.org/system/files/goyal-final.pdf';
  // A USENIX paper whose file is not named after its presentation: only its presentation page can vouch for the PDF.
  const renamedFile = { ...programEntry('usenix', 'https://www.usenix.org/conference/nsdi22/presentation/goyal'), pdfUrl: linkedPdf };

  async function readOnce(paper: PaperRef, enabledOrigins: string[] = []) {
    const pdf = (await makeHiddenTextPdfs()).find((candidate) => candidate.name === 'covered-later-fill')!.bytes;
    const asked: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      asked.push(String(input));
      return String(input).includes('/presentation/')
        ? new Response(presentationPage(linkedPdf), { status: 200, headers: { 'content-type': 'text/html' } })
        : new Response(Buffer.from(pdf), { status: 200, headers: { 'content-type': 'application/pdf' } });
    }) as typeof globalThis.fetch;
    return { asked, text: await readPaperText(paper, options(fetch, enabledOrigins)) };
  }

  it('reads a USENIX paper read before from the cache, without fetching its presentation page again', async () => {
    expect(await cachedPaperText(renamedFile, [])).toBeUndefined();
    // Control: the first reading checks the PDF against the presentation page, then downloads it.
    const first = await readOnce(renamedFile);
    expect(first.asked).toEqual(['https://www.usenix.org/conference/nsdi22/presentation/goyal', linkedPdf]);
    const again = await readOnce(renamedFile);
    expect(again.asked).toEqual([]);
    expect(again.text.pages).toEqual(first.text.pages);
    expect((await cachedPaperText(renamedFile, []))?.text.pages).toEqual(first.text.pages);
  });

  it('never looks up a pair the checks refuse today', async () => {
    const page = 'https://example.org/papers/flow.html';
    const pdf = 'https://papers.example.net/flow.pdf';
    const generic: PaperRef = { site: 'generic', paperId: page, title: 'Flow', authors: [], pageUrl: page, pdfUrl: pdf };
    const cached = (await readOnce(generic, ['https://papers.example.net'])).text;
    // Control: while the reader keeps the PDF's site enabled, the cached text is found.
    expect((await cachedPaperText(generic, ['https://papers.example.net']))?.text.pages).toEqual(cached.pages);
    expect(await cachedPaperText(generic, [])).toBeUndefined();
  });

  it('finds nothing for a paper not read yet, and what its first reading kept', async () => {
    const paper: PaperRef = { site: 'arxiv', paperId: '2611.00099v1', title: 'Read once', authors: [], pageUrl: 'https://arxiv.org/abs/2611.00099v1', pdfUrl: 'https://arxiv.org/pdf/2611.00099v1' };
    expect(await cachedPaperText(paper, [])).toBeUndefined();
    const first = await readOnce(paper);
    expect(first.asked).toEqual([paper.pdfUrl]);
    expect((await cachedPaperText(paper, []))?.text.pages).toEqual(first.text.pages);
  });
});
