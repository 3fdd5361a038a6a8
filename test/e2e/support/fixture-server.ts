import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relayTo } from '../../support/relay';
import { fixtureRoutes, pdfRoute, presentationRoute, type FixtureRoute } from './fixture-routes';

export interface RecordedPageRequest {
  host: string;
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface FixtureServer {
  port: number;
  requests: RecordedPageRequest[];
  /** Answer `host/path` differently until the test ends (a login page, a 404, a slow PDF…). */
  override(key: string, answer: FixtureRoute | ((res: import('node:http').ServerResponse) => void)): void;
  /**
   * Sends every request for `host` to a plain-HTTP server on loopback, streaming both ways: with
   * `proxy('api.openai.com', fake.url)` the extension's default OpenAI endpoint, already in its host
   * permissions, reaches the fake model server, so no test needs a permission prompt.
   */
  proxy(host: string, target: string): void;
  /**
   * Forgets every override and proxy. The server lives as long as a test worker, so the test fixture calls this after
   * each test: a 404 one test set up for a paper's PDF must not answer the next test's take of the same paper.
   */
  forgetOverrides(): void;
  close(): Promise<void>;
}

function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'shedder-cert-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost'], {
    stdio: 'ignore',
  });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * An HTTPS server that answers for every host Chromium sends it (see launch flags): known fixture pages and
 * PDFs, 404 for everything else (the pages' CDN assets), and a record of every request it saw.
 */
export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: RecordedPageRequest[] = [];
  const overrides = new Map<string, FixtureRoute | ((res: import('node:http').ServerResponse) => void)>();
  const proxies = new Map<string, URL>();
  const server: Server = createServer(selfSignedCertificate(), (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = req.url ?? '/';
    requests.push({ host, path, method: req.method ?? 'GET', headers: req.headers });
    const key = `${host}${path}`;
    const proxyTarget = proxies.get(host);
    if (proxyTarget) {
      req.pipe(relayTo(res, { host: proxyTarget.hostname, port: proxyTarget.port, path, method: req.method, headers: { ...req.headers, host: proxyTarget.host } }));
      return;
    }
    const pathOnly = path.split('?')[0] ?? path;
    const answer = overrides.get(key) ?? fixtureRoutes[key] ?? pdfRoute(host, pathOnly) ?? presentationRoute(host, pathOnly);
    if (typeof answer === 'function') {
      answer(res);
      return;
    }
    if (!answer || !existsSync(answer.file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture for ${key}`);
      return;
    }
    const body = readFileSync(answer.file);
    res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType, 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    override: (key, answer) => overrides.set(key, answer),
    proxy: (host, target) => proxies.set(host, new URL(target)),
    forgetOverrides: () => {
      overrides.clear();
      proxies.clear();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
