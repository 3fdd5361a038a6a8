import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbstractFetchError, arxivAbstractPageUrl, createArxivAbstractFetcher, readArxivAbstractPage } from '@/utils/quick/fetch-abstract';
import { runQuickBatch } from '@/utils/quick/run-batch';
import type { PaperRef } from '@/utils/sites/types';
import { findTakesForPaper, saveTake } from '@/utils/storage/takes';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { hasSharedFixtures, missingSharedFixtures, readSharedFixture, skipNote } from '../../support/shared-fixtures';
import { fakeServerSettings } from '../../support/synthetic-papers';

const window = new Window();
const parser = new window.DOMParser();
const parseHtml = (html: string) => parser.parseFromString(html, 'text/html') as unknown as Document;

afterAll(async () => {
  await window.happyDOM.close();
});

describe('arXiv abstract page addresses and reading (synthetic pages)', () => {
  it('keeps the slash of old-style ids and the version of versioned ones', () => {
    expect(arxivAbstractPageUrl('hep-th/9901001')).toBe('https://arxiv.org/abs/hep-th/9901001');
    expect(arxivAbstractPageUrl('2106.09608v2', 'http://127.0.0.1:9')).toBe('http://127.0.0.1:9/abs/2106.09608v2');
  });

  it('falls back to citation_abstract when the blockquote is missing, and reads nothing from a page that is not a paper', () => {
    const metaOnly = parseHtml('<html><head><meta name="citation_abstract" content="  We measure   queues. "></head><body></body></html>');
    expect(readArxivAbstractPage(metaOnly)).toEqual({ abstract: 'We measure queues.' });
    expect(readArxivAbstractPage(parseHtml('<html><body><h1>Article identifier not recognized</h1></body></html>'))).toEqual({});
  });
});

describe('arXiv abstract fetches that go wrong (loopback server)', () => {
  let silentServer: Server;
  let origin: string;

  beforeAll(async () => {
    // /abs/<id> answers 500 for ids ending in 1 and never for the others, like an overloaded site.
    silentServer = createServer((request, response) => {
      if (request.url?.endsWith('1')) response.writeHead(500).end('Internal Server Error');
      // The others are left unanswered until closeAllConnections() in afterAll.
    });
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(silentServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    silentServer.closeAllConnections();
    await new Promise((resolve) => silentServer.close(resolve));
  });

  const entry = (paperId: string): PaperRef => ({ site: 'arxiv', paperId, title: `Paper ${paperId}`, authors: [], pageUrl: `https://arxiv.org/abs/${paperId}` });

  it('gives up on a page that never answers, and names the HTTP status of one that fails', async () => {
    const fetchAbstract = createArxivAbstractFetcher({ origin, parseHtml, timeoutMs: 300 });
    const signal = new AbortController().signal;
    await expect(fetchAbstract(entry('2611.00002'), signal)).rejects.toThrow(/did not answer within 0.3 s/);
    await expect(fetchAbstract(entry('2611.00001'), signal)).rejects.toMatchObject({ name: 'AbstractFetchError', status: 500 });
  });

  it('stops waiting as soon as the batch is cancelled', async () => {
    const fetchAbstract = createArxivAbstractFetcher({ origin, parseHtml, timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = fetchAbstract(entry('2611.00004'), controller.signal);
    setTimeout(() => controller.abort(), 50);
    // The cancel, not the minute-long timeout, ends the wait: the rejection is the abort itself.
    const reason = await pending.then(() => undefined, (error: unknown) => error);
    expect(reason).toMatchObject({ name: 'AbortError' });
    expect(reason).not.toBeInstanceOf(AbstractFetchError);
  });

  it('runs the quick take on the title alone when the page times out, and says why', async () => {
    const model = await startFakeOpenAI();
    try {
      const result = await runQuickBatch({
        papers: [entry('2611.00006')],
        settings: fakeServerSettings(model.url),
        apiKey: '',
        save: saveTake,
        fetchAbstract: createArxivAbstractFetcher({ origin, parseHtml, timeoutMs: 300 }),
      });
      expect(result.entries[0]).toMatchObject({ status: 'done', abstractSource: 'none' });
      expect(result.entries[0]?.abstractNote).toMatch(/title alone.*did not answer within 0.3 s/);
    } finally {
      await model.close();
    }
  });
});

const sharedNote = skipNote(!hasSharedFixtures, missingSharedFixtures);

/** Titles as an arXiv /pastweek listing shows them: no abstract, so the batch fetches each entry's abstract page. */
const listedWithoutAbstract: PaperRef = {
  site: 'arxiv',
  paperId: '0906.5132',
  title: 'Recent developments in unconventional superconductivity theory',
  authors: ['V.P.Mineev'],
  pageUrl: 'https://arxiv.org/abs/0906.5132',
  noPdfReason: 'no PDF listed',
};
const missingAbstractPage: PaperRef = {
  site: 'arxiv',
  paperId: '0906.9999',
  title: 'A paper whose abstract page is gone',
  authors: [],
  pageUrl: 'https://arxiv.org/abs/0906.9999',
  pdfUrl: 'https://arxiv.org/pdf/0906.9999',
};

describe.skipIf(!hasSharedFixtures)(`abstract fetch fallback, real arXiv pages from ../shared/fixtures/pages${sharedNote}`, () => {
  let arxivServer: Server;
  let origin: string;
  let model: FakeOpenAI;
  const requestedPaths: string[] = [];

  beforeAll(async () => {
    const abstractPage = readSharedFixture('pages', 'arxiv-current', 'fs__abs_0906.5132.html');
    const notFoundPage = readSharedFixture('pages', 'arxiv-current', 'fs__abs_abcde.html');
    arxivServer = createServer((request, response) => {
      requestedPaths.push(request.url ?? '');
      if (request.url === '/abs/0906.5132') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(abstractPage);
      else response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(notFoundPage);
    });
    await new Promise<void>((resolve) => arxivServer.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(arxivServer.address() as AddressInfo).port}`;
    model = await startFakeOpenAI();
  });

  afterAll(async () => {
    await model.close();
    arxivServer.closeAllConnections();
    await new Promise((resolve) => arxivServer.close(resolve));
  });

  it('reads the abstract and PDF address of the saved abstract page', async () => {
    const lookup = await createArxivAbstractFetcher({ origin, parseHtml })(listedWithoutAbstract, new AbortController().signal);
    expect(lookup.abstract).toMatch(/^The review of recent developments in the unconventional superconductivity theory/);
    expect(lookup.abstract).not.toMatch(/^Abstract:/);
    expect(lookup.pdfUrl).toBe('https://arxiv.org/pdf/0906.5132');
  });

  it('runs the batch on the fetched abstract, and on the title alone (saying so) where the page is missing', async () => {
    const result = await runQuickBatch({
      papers: [listedWithoutAbstract, missingAbstractPage],
      settings: fakeServerSettings(model.url),
      apiKey: '',
      save: saveTake,
      fetchAbstract: createArxivAbstractFetcher({ origin, parseHtml }),
    });
    expect(requestedPaths).toEqual(expect.arrayContaining(['/abs/0906.5132', '/abs/0906.9999']));

    const [fetched, titleOnly] = result.entries;
    expect(fetched).toMatchObject({ status: 'done', abstractSource: 'fetched', fullTake: { available: true } });
    expect(fetched?.paper.pdfUrl).toBe('https://arxiv.org/pdf/0906.5132');
    expect(fetched?.paper.noPdfReason).toBeUndefined();
    expect(fetched?.abstractNote).toBeUndefined();

    expect(titleOnly).toMatchObject({ status: 'done', abstractSource: 'none' });
    expect(titleOnly?.abstractNote).toMatch(/title alone.*HTTP 404/);

    const prompts = model.requests.map((request) => JSON.stringify(request.body));
    expect(prompts.find((prompt) => prompt.includes(listedWithoutAbstract.title))).toContain('Abstract: The review of recent developments');
    expect(prompts.find((prompt) => prompt.includes(missingAbstractPage.title))).toContain('(the page shows no abstract)');

    const [savedTitleOnly] = await findTakesForPaper('arxiv', '0906.9999');
    expect(savedTitleOnly?.markdown).toContain('title alone');
    const [savedFetched] = await findTakesForPaper('arxiv', '0906.5132');
    expect(savedFetched?.paper.abstract).toBe(fetched?.paper.abstract);
  });
});
