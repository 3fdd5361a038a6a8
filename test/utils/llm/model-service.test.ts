import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerTokenLimit, askModel, loadModelChoice, maxAnswerChars, missingKeyError, modelSettingsOf, testConnection } from '@/utils/llm/model-service';
import { hostileAnswers, hostileModel } from '../../fixtures/hostile';
import { streamChat } from '@/utils/llm/openai-client';
import { buildQuickTakePrompt } from '@/utils/prompt/critique-prompt';
import { apiKeyStore } from '@/utils/storage/api-key';
import { defaultSettings, settingsItem, type Settings } from '@/utils/storage/settings';
import { backgroundAnswersFrom } from '../../support/background-answers';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { makeListingPapers } from '../../support/synthetic-papers';

let server: FakeOpenAI;

beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => {
  await server.close();
});

describe('modelSettingsOf', () => {
  const stored: Settings = { ...defaultSettings, provider: 'openrouter', baseURL: 'https://openrouter.ai/api/v1', model: 'openai/gpt-5', reasoningEffort: 'high' };

  it('takes provider, address, model and effort from the settings, and the key from its own item', () => {
    expect(modelSettingsOf({ settings: stored, apiKey: 'sk-or-123' })).toEqual({ provider: 'openrouter', baseURL: 'https://openrouter.ai/api/v1', apiKey: 'sk-or-123', model: 'openai/gpt-5', reasoningEffort: 'high' });
  });

  it('leaves the effort out when the settings say "none"', () => {
    expect(modelSettingsOf({ settings: { ...stored, reasoningEffort: 'none' }, apiKey: '' })).not.toHaveProperty('reasoningEffort');
  });

  it.each([
    ['high', { reasoning_effort: 'high' }],
    ['none', {}],
  ] as const)('drives the request a reasoning model gets (effort %s)', async (reasoningEffort, expected) => {
    server.requests.length = 0;
    const settings: Settings = { ...defaultSettings, provider: 'custom', baseURL: server.url, model: 'gpt-5-mini', reasoningEffort };
    const [paper] = makeListingPapers(1);
    await streamChat({ settings: modelSettingsOf({ settings, apiKey: '' }), messages: buildQuickTakePrompt(paper!), onDelta: () => {} });
    const body = server.requests[0]?.body as Record<string, unknown>;
    expect(body.model).toBe('gpt-5-mini');
    expect({ reasoning_effort: body.reasoning_effort }).toEqual({ reasoning_effort: undefined, ...expected });
  });
});

describe('askModel', () => {
  const local: Settings = { ...defaultSettings, provider: 'custom', baseURL: '', model: 'fake-critic' };
  const [paper] = makeListingPapers(1);

  it('returns the whole answer with its usage and cost, and no error', async () => {
    const deltas: string[] = [];
    const answer = await askModel({ model: { settings: { ...local, baseURL: server.url, model: 'gpt-4.1-mini' }, apiKey: '' }, messages: buildQuickTakePrompt(paper!), purpose: 'quick-take', onDelta: (delta) => deltas.push(delta) });
    expect(answer.error).toBeUndefined();
    expect(answer.finishReason).toBe('stop');
    expect(answer.text).toBe(deltas.join(''));
    expect(answer.usage?.promptTokens).toBeGreaterThan(0);
    expect(answer.costUsd).toBeGreaterThan(0);
  });

  it('turns a failure into data for the reader, without rejecting', async () => {
    const answer = await askModel({ model: { settings: { ...local, baseURL: server.url, model: 'fault-429-quota' }, apiKey: '' }, messages: buildQuickTakePrompt(paper!), purpose: 'quick-take' });
    expect(answer).toMatchObject({ finishReason: 'error', text: '', error: { kind: 'out-of-quota', action: 'open-settings' } });
  });

  it('sends images as parts after their labels, and says when the endpoint refused them (the same request without images is answered)', async () => {
    const settings = { ...local, baseURL: server.url, model: 'fault-no-images' };
    const text = buildQuickTakePrompt(paper!);
    const withImages = text.map((message) => (message.role === 'user' ? { ...message, images: [{ label: 'Image 1: Fig. 8, p. 9', dataUrl: 'data:image/png;base64,iVBORw0KGgo=', widthPx: 1, heightPx: 1 }] } : message));
    const before = server.requests.length;
    const refused = await askModel({ model: { settings, apiKey: '' }, messages: withImages, purpose: 'quick-take' });
    expect(refused).toMatchObject({ finishReason: 'error', imagesRefused: true });
    const sent = server.requests[before]?.body as { messages: { role: string; content: unknown }[] };
    expect(sent.messages.find((message) => message.role === 'user')?.content).toEqual([
      { type: 'text', text: text.find((message) => message.role === 'user')?.content },
      { type: 'text', text: 'Image 1: Fig. 8, p. 9' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
    ]);
    const answered = await askModel({ model: { settings, apiKey: '' }, messages: text, purpose: 'quick-take' });
    expect(answered.error).toBeUndefined();
    expect(answered).not.toHaveProperty('imagesRefused');
  });

  it('does not call another failure of a request with images a refusal of images', async () => {
    const settings = { ...local, baseURL: server.url, model: 'fault-401' };
    const withImages = buildQuickTakePrompt(paper!).map((message) => (message.role === 'user' ? { ...message, images: [{ label: 'Image 1', dataUrl: 'data:,', widthPx: 1, heightPx: 1 }] } : message));
    const answer = await askModel({ model: { settings, apiKey: '' }, messages: withImages, purpose: 'quick-take' });
    expect(answer.error?.kind).toBe('bad-key');
    expect(answer).not.toHaveProperty('imagesRefused');
  });

  it('Stop keeps what arrived and says it was stopped', async () => {
    const controller = new AbortController();
    const answer = await askModel({
      model: { settings: { ...local, baseURL: server.url }, apiKey: '' },
      messages: buildQuickTakePrompt(paper!),
      purpose: 'take',
      signal: controller.signal,
      onDelta: () => controller.abort(),
    });
    expect(answer.finishReason).toBe('aborted');
    expect(answer.text.length).toBeGreaterThan(0);
    expect(answer.error).toMatchObject({ kind: 'aborted', partialKept: true });
  });

  it.each([
    ['take', 'fake-critic', 'none', { max_tokens: 8_000 }],
    ['take', 'gpt-4o-mini', 'none', { max_tokens: 8_000 }],
    ['take', 'gpt-3.5-turbo', 'none', { max_tokens: 4_096 }],
    ['take', 'gpt-5-mini', 'medium', { max_completion_tokens: 24_000 }],
    ['take', 'openai/o4-mini', 'high', { max_completion_tokens: 40_000 }],
    ['follow-up', 'llama3.1:8b', 'none', { max_tokens: 3_000 }],
    ['quick-take', 'gpt-4.1-mini', 'none', { max_tokens: 150 }],
    ['quick-take', 'gpt-5-mini', 'low', { max_completion_tokens: 8_150 }],
  ] as const)('caps a %s with %s (effort %s) by what that model takes: %o', async (purpose, modelName, reasoningEffort, cap) => {
    server.requests.length = 0;
    await askModel({ model: { settings: { ...local, baseURL: server.url, model: modelName, reasoningEffort }, apiKey: '' }, messages: buildQuickTakePrompt(paper!), purpose });
    const body = server.requests.find((request) => request.method === 'POST')?.body as Record<string, unknown>;
    expect(body).toMatchObject(cap);
    expect(body).not.toHaveProperty('max_tokens' in cap ? 'max_completion_tokens' : 'max_tokens');
    expect(answerTokenLimit(modelName, purpose, reasoningEffort)).toBe(Object.values(cap)[0]);
  });

  it('stops reading an answer that runs past maxAnswerChars, keeps what arrived, and says so', async () => {
    const deltas: string[] = [];
    const answer = await askModel({
      model: { settings: { ...local, baseURL: server.url, model: hostileModel('huge') }, apiKey: '' },
      messages: buildQuickTakePrompt(paper!),
      purpose: 'take',
      onDelta: (delta) => deltas.push(delta),
    });
    // The control: the endpoint really sent far more than the cap.
    expect(hostileAnswers().huge.length).toBeGreaterThan(2 * maxAnswerChars);
    expect(answer.text.length).toBe(maxAnswerChars);
    expect(deltas.join('')).toBe(answer.text);
    expect(hostileAnswers().huge.startsWith(answer.text)).toBe(true);
    expect(answer.error).toMatchObject({ kind: 'answer-too-long', partialKept: true, message: expect.stringContaining('256 KB') });
  });

  it('says "no key" before sending anything, for providers that need one', () => {
    expect(missingKeyError({ settings: defaultSettings, apiKey: ' ' })).toMatchObject({ kind: 'no-key', action: 'open-settings' });
    expect(missingKeyError({ settings: defaultSettings, apiKey: 'sk-1' })).toBeUndefined();
    expect(missingKeyError({ settings: local, apiKey: '' })).toBeUndefined();
  });
});

describe('loadModelChoice', () => {
  const hosted: Settings = { ...defaultSettings, provider: 'openai', baseURL: '', model: 'gpt-4.1-mini' };
  const [paper] = makeListingPapers(1);

  async function savedSetup() {
    globalThis.indexedDB = new IDBFactory();
    // The sidebar asks the background for the key; here its real handlers answer, with the sidebar as the sender.
    backgroundAnswersFrom('/sidebar-frame.html');
    await settingsItem.setValue({ ...hosted, baseURL: server.url });
    await apiKeyStore.set('sk-test-saved');
  }

  it('a key the background cannot hand over is an error that says what to do, and nothing is sent', async () => {
    await savedSetup();
    // Control: the same setup with the key readable sends the request, with that key.
    const readable = await loadModelChoice();
    expect(readable).toMatchObject({ apiKey: 'sk-test-saved' });
    expect(readable.keyUnreadable).toBeUndefined();
    server.requests.length = 0;
    expect((await askModel({ model: readable, messages: buildQuickTakePrompt(paper!), purpose: 'quick-take' })).error).toBeUndefined();
    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);

    vi.spyOn(apiKeyStore, 'get').mockRejectedValueOnce(new Error('The key database could not be opened.'));
    const unreadable = await loadModelChoice('gpt-5-mini');
    expect(unreadable.settings.model).toBe('gpt-5-mini');
    expect(unreadable.keyUnreadable).toMatchObject({
      kind: 'key-unreadable',
      title: 'Your API key could not be read',
      message: expect.stringMatching(/^Nothing was sent\. Open Settings/),
      action: 'open-settings',
      detail: expect.stringContaining('The key database could not be opened.'),
    });
    expect(missingKeyError(unreadable)).toBe(unreadable.keyUnreadable);
    server.requests.length = 0;
    const answer = await askModel({ model: unreadable, messages: buildQuickTakePrompt(paper!), purpose: 'quick-take' });
    expect(answer).toMatchObject({ finishReason: 'error', text: '', error: { kind: 'key-unreadable' } });
    expect(server.requests).toHaveLength(0);
  });

  it('a sender the background refuses is said the same way, never as "no key yet"', async () => {
    globalThis.indexedDB = new IDBFactory();
    backgroundAnswersFrom('/library.html');
    await apiKeyStore.set('sk-test-saved');
    const choice = await loadModelChoice();
    expect(missingKeyError(choice)).toMatchObject({ kind: 'key-unreadable', detail: expect.stringContaining('Not accepted from this sender.') });
  });

  it('a provider that needs no key is not held back by an unreadable one', async () => {
    const choice = { settings: { ...hosted, provider: 'custom' as const, baseURL: server.url }, apiKey: '', keyUnreadable: { kind: 'key-unreadable' as const, title: '', message: '', retryable: false } };
    expect(missingKeyError(choice)).toBeUndefined();
  });
});

/** A real HTTP server on loopback playing an OpenAI-compatible endpoint; no request leaves the machine. */
type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let endpoint: Server | undefined;
const seen: { method: string; url: string; authorization?: string; body: string }[] = [];

async function serve(handler: Handler): Promise<string> {
  seen.length = 0;
  endpoint = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization, body });
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => endpoint!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/v1`;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

afterEach(async () => {
  endpoint?.closeAllConnections();
  await new Promise((resolve) => endpoint?.close(resolve) ?? resolve(undefined));
  endpoint = undefined;
});

function draft(baseURL: string, model: string): Settings {
  return { ...defaultSettings, provider: 'custom', baseURL, model };
}

/** A streamed chat answer as compatible servers send it when asked with stream: true. */
function sse(response: ServerResponse, finishReason: string): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream' });
  const chunk = (choice: object) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [choice] })}\n\n`;
  response.end(`${chunk({ index: 0, delta: { role: 'assistant', content: 'O' }, finish_reason: null })}${chunk({ index: 0, delta: {}, finish_reason: finishReason })}data: [DONE]\n\n`);
}

describe('testConnection against a loopback server', () => {
  it('lists the models with the key as a Bearer token', async () => {
    const baseURL = await serve((_req, _body, res) => json(res, 200, { object: 'list', data: [{ id: 'qwen3:8b' }, { id: 'llama3.1:8b' }] }));
    const result = await testConnection({ settings: draft(baseURL, 'qwen3:8b'), apiKey: 'sk-test-123' });
    expect(result).toEqual({ ok: true, models: ['llama3.1:8b', 'qwen3:8b'], checkedWith: 'models', message: expect.stringMatching(/2 models available/) });
    expect(seen).toEqual([{ method: 'GET', url: '/v1/models', authorization: 'Bearer sk-test-123', body: '' }]);
  });

  it('connects but warns when the chosen model is not listed', async () => {
    const baseURL = await serve((_req, _body, res) => json(res, 200, { data: [{ id: 'gpt-5' }] }));
    const result = await testConnection({ settings: draft(baseURL, 'gpt-5-mnii'), apiKey: 'k' });
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/does not list “gpt-5-mnii”/);
  });

  it('falls back to a short chat completion when /models is not served, capped the way the model takes a cap', async () => {
    const baseURL = await serve((req, _body, res) => (req.url === '/v1/models' ? json(res, 404, { error: 'not found' }) : sse(res, 'length')));
    const result = await testConnection({ settings: draft(baseURL, 'default'), apiKey: '' });
    expect(result).toMatchObject({ ok: true, checkedWith: 'chat', models: [] });
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/v1/chat/completions', authorization: 'Bearer no-key' });
    expect(JSON.parse(seen[1]!.body)).toMatchObject({ model: 'default', max_tokens: 16, stream: true });

    // Reasoning models reject max_tokens: they get max_completion_tokens, and no temperature.
    const reasoning = await testConnection({ settings: draft(baseURL, 'gpt-5-mini'), apiKey: '' });
    expect(reasoning).toMatchObject({ ok: true, checkedWith: 'chat' });
    const sent = JSON.parse(seen.at(-1)!.body) as Record<string, unknown>;
    expect(sent).toMatchObject({ model: 'gpt-5-mini', max_completion_tokens: 16 });
    expect(sent).not.toHaveProperty('max_tokens');
  });

  it('says 404 when neither /models nor the chat endpoint exists', async () => {
    const baseURL = await serve((_req, _body, res) => json(res, 404, { error: { message: 'route not found' } }));
    const result = await testConnection({ settings: draft(baseURL.replace('/v1', ''), 'm'), apiKey: 'k' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unknown-model', status: 404 } });
    expect(result.message).toMatch(/usually end in \/v1.*route not found/);
  });

  it('names a rejected key (401) and quotes the server', async () => {
    const baseURL = await serve((_req, _body, res) => json(res, 401, { error: { message: 'Incorrect API key provided: sk-te***23.', code: 'invalid_api_key' } }));
    const result = await testConnection({ settings: draft(baseURL, 'gpt-5'), apiKey: 'sk-test-123' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad-key', status: 401 } });
    expect(result.message).toMatch(/API key was refused.*Incorrect API key/);
  });

  it('gives the OLLAMA_ORIGINS hint for a 403 from a local server', async () => {
    const baseURL = await serve((_req, _body, res) => {
      res.writeHead(403);
      res.end();
    });
    const result = await testConnection({ settings: draft(baseURL, 'qwen3:8b'), apiKey: '' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden', status: 403 } });
    expect(result.message).toContain('OLLAMA_ORIGINS=chrome-extension://*,moz-extension://*');
  });

  it('reports a server error as such', async () => {
    const baseURL = await serve((_req, _body, res) => json(res, 503, { error: { message: 'server_is_overloaded' } }));
    expect(await testConnection({ settings: draft(baseURL, 'm'), apiKey: 'k' })).toMatchObject({ ok: false, error: { kind: 'server', status: 503 } });
  });

  it('says unreachable when nothing listens on the port', async () => {
    const baseURL = await serve(() => undefined);
    await new Promise((resolve) => endpoint!.close(resolve));
    endpoint = undefined;
    const result = await testConnection({ settings: draft(baseURL, 'm'), apiKey: '' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    expect(result.message).toMatch(/Could not reach the model\. Nothing answered at http:\/\/127\.0\.0\.1:\d+\/v1\. Is the local server running\?/);
  });

  it('times out on a server that never answers', async () => {
    const baseURL = await serve(() => undefined);
    const result = await testConnection({ settings: draft(baseURL, 'm'), apiKey: '' }, { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unreachable' }, message: expect.stringMatching(/^The model did not answer in time\. Nothing answered at http:\/\/127\.0\.0\.1:\d+\/v1\./) });
  });
});

describe('testConnection: a hosted provider', () => {
  it('asks for the key before sending anything', async () => {
    let asked = 0;
    const result = await testConnection({ settings: defaultSettings, apiKey: '' }, { fetch: async () => (asked++, new Response('{}')) });
    expect(result).toMatchObject({ ok: false, error: { kind: 'no-key', action: 'open-settings' } });
    expect(asked).toBe(0);
  });

  it('does not blame Ollama for a hosted provider', async () => {
    // A hosted endpoint cannot be reached from tests; this fetch plays its 403 answer.
    const fetchForbidden: typeof fetch = async () => new Response(JSON.stringify({ error: { message: 'Country, region, or territory not supported' } }), { status: 403 });
    const result = await testConnection({ settings: { ...defaultSettings, model: 'gpt-5' }, apiKey: 'k' }, { fetch: fetchForbidden });
    expect(result.message).not.toContain('OLLAMA_ORIGINS');
    expect(result.message).toMatch(/region.*Country, region, or territory not supported/);
  });

});
