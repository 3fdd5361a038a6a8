import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testConnection } from '@/components/options/test-connection';

/** A real HTTP server on loopback playing an OpenAI-compatible endpoint; no request leaves the machine. */
type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server | undefined;
const seen: { method: string; url: string; authorization?: string; body: string }[] = [];

async function serve(handler: Handler): Promise<string> {
  seen.length = 0;
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization, body });
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe('testConnection against a loopback server', () => {
  it('lists the models with the key as a Bearer token', async () => {
    const baseURL = await serve((_req, _body, res) => json(res, 200, { object: 'list', data: [{ id: 'qwen3:8b' }, { id: 'llama3.1:8b' }] }));
    const result = await testConnection({ baseURL, apiKey: 'sk-test-123', model: 'qwen3:8b' });
    expect(result).toEqual({ ok: true, models: ['qwen3:8b', 'llama3.1:8b'], checkedWith: 'models', message: expect.stringMatching(/2 models available/) });
    expect(seen).toEqual([{ method: 'GET', url: '/v1/models', authorization: 'Bearer sk-test-123', body: '' }]);
  });

  it('connects but warns when the chosen model is not listed', async () => {
    const baseURL = await serve((_req, _body, res) => json(res, 200, { data: [{ id: 'gpt-5' }] }));
    const result = await testConnection({ baseURL, apiKey: 'k', model: 'gpt-5-mnii' });
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/does not list “gpt-5-mnii”/);
  });

  it('falls back to a 1-token chat completion when /models is not served', async () => {
    const baseURL = await serve((req, _body, res) =>
      req.url === '/v1/models' ? json(res, 404, { error: 'not found' }) : json(res, 200, { choices: [{ message: { content: 'O' }, finish_reason: 'length' }] }),
    );
    const result = await testConnection({ baseURL, apiKey: '', model: 'default' });
    expect(result).toMatchObject({ ok: true, checkedWith: 'chat', models: [] });
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/v1/chat/completions', authorization: undefined });
    expect(JSON.parse(seen[1]!.body)).toMatchObject({ model: 'default', max_tokens: 1 });
  });

  it('says 404 when neither /models nor the chat endpoint exists', async () => {
    const baseURL = await serve((_req, _body, res) => json(res, 404, { error: { message: 'route not found' } }));
    const result = await testConnection({ baseURL: baseURL.replace('/v1', ''), apiKey: 'k', model: 'm' });
    expect(result).toMatchObject({ ok: false, failure: 'not-found', status: 404 });
    expect(result.message).toMatch(/usually end in \/v1.*route not found/);
  });

  it('names a rejected key (401) and quotes the server', async () => {
    const baseURL = await serve((_req, _body, res) => json(res, 401, { error: { message: 'Incorrect API key provided: sk-te***23.', code: 'invalid_api_key' } }));
    const result = await testConnection({ baseURL, apiKey: 'sk-test-123', model: 'gpt-5' });
    expect(result).toMatchObject({ ok: false, failure: 'bad-key', status: 401 });
    expect(result.message).toMatch(/rejected the API key.*Incorrect API key/);
  });

  it('gives the OLLAMA_ORIGINS hint for a 403 from a local server', async () => {
    const baseURL = await serve((_req, _body, res) => {
      res.writeHead(403);
      res.end();
    });
    const result = await testConnection({ baseURL, apiKey: '', model: 'qwen3:8b' });
    expect(result).toMatchObject({ ok: false, failure: 'forbidden', status: 403 });
    expect(result.message).toContain('OLLAMA_ORIGINS=chrome-extension://*,moz-extension://*');
  });

  it('reports a server error as such', async () => {
    const baseURL = await serve((_req, _body, res) => json(res, 503, { error: { message: 'server_is_overloaded' } }));
    expect(await testConnection({ baseURL, apiKey: 'k', model: 'm' })).toMatchObject({ ok: false, failure: 'server-error', status: 503 });
  });

  it('says unreachable when nothing listens on the port', async () => {
    const baseURL = await serve(() => undefined);
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const result = await testConnection({ baseURL, apiKey: '', model: 'm' });
    expect(result).toMatchObject({ ok: false, failure: 'unreachable' });
    expect(result.message).toMatch(/Could not reach http:\/\/127\.0\.0\.1:\d+\. Is the local server/);
  });

  it('times out on a server that never answers', async () => {
    const baseURL = await serve(() => undefined);
    const result = await testConnection({ baseURL, apiKey: '', model: 'm', timeoutMs: 300 });
    expect(result).toEqual({ ok: false, failure: 'timeout', message: expect.stringMatching(/^127\.0\.0\.1:\d+ did not answer within 300 ms\.$/) });
  });
});

describe('testConnection: a remote 403', () => {
  it('does not blame Ollama for a hosted provider', async () => {
    // A hosted endpoint cannot be reached from tests; this fetch plays its 403 answer.
    const fetchForbidden: typeof fetch = async () => new Response(JSON.stringify({ error: { message: 'Country, region, or territory not supported' } }), { status: 403 });
    const result = await testConnection({ baseURL: 'https://api.openai.com/v1', apiKey: 'k', model: 'gpt-5', fetch: fetchForbidden });
    expect(result.message).not.toContain('OLLAMA_ORIGINS');
    expect(result.message).toMatch(/region.*Country, region, or territory not supported/);
  });
});
