import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfFetchError, fetchPdf, type PdfFetchErrorKind } from '@/utils/pdf/fetch-pdf';
import { makeHiddenTextPdfs } from '../../support/make-hidden-text-pdfs';

/** A real, small PDF: the white-text case of the hidden-text generator. */
let pdfBytes: Uint8Array;
let server: Server;
let base: string;

const cloudflarePage = `<!DOCTYPE html><html><head><title>Just a moment...</title></head>
<body><div id="challenge-stage"></div><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script></body></html>`;
const acmLoginPage = `<!DOCTYPE html><html><head><title>Sign in | ACM Digital Library</title></head>
<body><form action="/action/doLogin" method="post"><input name="login" type="text"><input name="password" type="password">
<button>Sign in</button></form><a href="/action/ssostart">Access through your institution</a></body></html>`;
const notFoundPage = '<!DOCTYPE html><html><head><title>Page not found</title></head><body>404</body></html>';
const withdrawnPage = '<!DOCTYPE html><html><head><title>arXiv:2101.00001v2 - withdrawn</title></head><body>This paper has been withdrawn by the author.</body></html>';

beforeAll(async () => {
  pdfBytes = (await makeHiddenTextPdfs())[0]!.bytes;
  server = createServer((request, response) => {
    switch (request.url) {
      case '/paper.pdf':
        response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdfBytes.byteLength });
        response.end(pdfBytes);
        return;
      case '/bot-check':
        response.writeHead(403, { 'content-type': 'text/html; charset=UTF-8' });
        response.end(cloudflarePage);
        return;
      case '/login':
        response.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' });
        response.end(acmLoginPage);
        return;
      case '/withdrawn':
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(withdrawnPage);
        return;
      case '/html-as-pdf':
        // A server that labels its sign-in page as a PDF: only the %PDF- check catches it.
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.end(acmLoginPage);
        return;
      case '/slow.pdf': {
        response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': 10 * 1024 });
        response.write(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 - 9, 0x20)]));
        let sent = 1;
        const timer = setInterval(() => {
          if (response.destroyed || sent >= 10) {
            clearInterval(timer);
            response.end();
            return;
          }
          response.write(Buffer.alloc(1024, 0x20));
          sent++;
        }, 100);
        request.on('close', () => clearInterval(timer));
        return;
      }
      case '/no-length.pdf':
        // No content-length: the cap has to hold while streaming.
        response.writeHead(200, { 'content-type': 'application/pdf' });
        response.write(pdfBytes);
        response.end(Buffer.alloc(4096, 0x20));
        return;
      default:
        response.writeHead(404, { 'content-type': 'text/html' });
        response.end(notFoundPage);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function failure(promise: Promise<unknown>): Promise<PdfFetchError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PdfFetchError);
  return error as PdfFetchError;
}

describe('fetchPdf against a local server', () => {
  it('returns the bytes of a real PDF and reports progress', async () => {
    const progress: [number, number | undefined][] = [];
    const bytes = await fetchPdf(`${base}/paper.pdf`, { onProgress: (loaded, total) => progress.push([loaded, total]) });
    expect(bytes).toEqual(pdfBytes);
    expect(progress.at(-1)).toEqual([pdfBytes.byteLength, pdfBytes.byteLength]);
  });

  it.each<[string, PdfFetchErrorKind, RegExp]>([
    ['/bot-check', 'bot-check', /robot\?" check.*complete the check/],
    ['/login', 'login-required', /sign-in page instead of the PDF\. Sign in to 127\.0\.0\.1/],
    ['/missing.pdf', 'not-found', /no PDF at this address \(HTTP 404\)/],
    ['/withdrawn', 'withdrawn', /withdrawn/],
    ['/html-as-pdf', 'login-required', /sign-in page/],
  ])('%s → %s, with a message saying what to do', async (path, kind, message) => {
    const error = await failure(fetchPdf(`${base}${path}`));
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('stops at the size cap, announced or not', async () => {
    const announced = await failure(fetchPdf(`${base}/paper.pdf`, { maxBytes: 100 }));
    expect(announced.kind).toBe('too-large');
    expect(announced.message).toBe('This PDF is larger than 100 bytes, the most we read. Open it in your PDF reader instead.');
    const streamed = await failure(fetchPdf(`${base}/no-length.pdf`, { maxBytes: pdfBytes.byteLength + 100 }));
    expect(streamed.kind).toBe('too-large');
    expect(streamed.message).toMatch(/^This PDF is larger than \d+ KB/);
  });

  it('reports progress on a slow body and stops when cancelled', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await failure(
      fetchPdf(`${base}/slow.pdf`, {
        signal: controller.signal,
        onProgress: (loaded, total) => {
          seen.push(loaded);
          expect(total).toBe(10 * 1024);
          if (loaded >= 3 * 1024) controller.abort();
        },
      }),
    );
    expect(error.kind).toBe('aborted');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toBeLessThan(10 * 1024);
  });

  it('names an unreachable host as a network failure', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const error = await failure(fetchPdf(`http://127.0.0.1:${port}/paper.pdf`));
    expect(error.kind).toBe('network');
  });
});
