import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildCritiquePrompt, buildFollowUpMessages, buildQuickTakePrompt, parseQuickTakeVerdict } from '@/utils/prompt/critique-prompt';
import { checkQuotes } from '@/utils/take/quotes';
import { parseTakeSections } from '@/utils/take/sections';
import { pagedText, syntheticInput, syntheticPages, syntheticPaper } from './synthetic-paper';
import { canReadRealPaper, cannotReadRealPaper, realPages } from './real-paper';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai';
import { skipNote } from './shared-fixtures';

let server: FakeOpenAI;

beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.setScenario('normal');
});

const messages = buildCritiquePrompt(syntheticInput);

function postChat(body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-wire', ...headers }, body: JSON.stringify(body) });
}

/** The data payloads of an SSE body, in order. */
function sseData(body: string): string[] {
  return body
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

describe('the wire protocol', () => {
  it('lists models', async () => {
    const response = await fetch(`${server.url}/models`);
    const body = (await response.json()) as { object: string; data: { id: string; object: string }[] };
    expect(body.object).toBe('list');
    expect(body.data.map((model) => model.id)).toEqual(expect.arrayContaining(['fake-critic', 'fault-429-quota', 'slow-first-byte']));
    expect(body.data.every((model) => model.object === 'model')).toBe(true);
  });

  it('streams chat.completion.chunk events: role first, then content, finish reason, usage with empty choices, [DONE]', async () => {
    const response = await postChat({ model: 'fake-critic', messages, stream: true, stream_options: { include_usage: true } });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const data = sseData(await response.text());
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((payload) => JSON.parse(payload) as { object: string; choices: { delta: { role?: string; content?: string }; finish_reason: string | null }[]; usage?: { prompt_tokens: number } });
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.prompt_tokens).toBeGreaterThan(0);
    const finishChunk = chunks.at(-2);
    expect(finishChunk?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(parseTakeSections(content).missing).toEqual([]);
  });

  it('sends no usage chunk unless asked', async () => {
    const data = sseData(await (await postChat({ model: 'fake-critic', messages, stream: true })).text());
    expect(data.some((payload) => payload.includes('"usage"'))).toBe(false);
  });

  it('answers non-streamed requests with a chat.completion object', async () => {
    const body = (await (await postChat({ model: 'fake-critic', messages })).json()) as { object: string; choices: { message: { role: string; content: string }; finish_reason: string }[]; usage: object };
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]).toMatchObject({ message: { role: 'assistant' }, finish_reason: 'stop' });
    expect(body.choices[0]?.message.content).toMatch(/^## The "No-BS" Summary/);
    expect(body.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
  });

  it('records method, path, headers and parsed body of every request', async () => {
    await postChat({ model: 'fake-critic', messages: [{ role: 'user', content: 'hi' }] }, { 'x-trace': 'yes' });
    expect(server.requests).toEqual([{ method: 'POST', path: '/v1/chat/completions', headers: expect.objectContaining({ authorization: 'Bearer sk-wire', 'x-trace': 'yes' }), body: { model: 'fake-critic', messages: [{ role: 'user', content: 'hi' }] } }]);
  });

  it('answers CORS preflights', async () => {
    const response = await fetch(`${server.url}/chat/completions`, { method: 'OPTIONS', headers: { origin: 'chrome-extension://abc', 'access-control-request-method': 'POST' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('errors in the real shapes', () => {
  it.each([
    ['fault-401', 401, 'invalid_api_key'],
    ['fault-403', 403, 'unsupported_country_region_territory'],
    ['fault-404', 404, 'model_not_found'],
    ['fault-429', 429, 'rate_limit_exceeded'],
    ['fault-429-quota', 429, 'insufficient_quota'],
    ['fault-500', 500, null],
    ['fault-503', 503, 'server_is_overloaded'],
    ['fault-context', 400, 'context_length_exceeded'],
  ] as const)('%s → %i %s', async (model, status, code) => {
    const response = await postChat({ model, messages, stream: true });
    expect(response.status).toBe(status);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBeTruthy();
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.error.code).toBe(code);
  });

  it('sends retry-after with the rate limit that has one', async () => {
    const response = await postChat({ model: 'fault-429-retry-after', messages });
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
  });

  it('sends an OpenRouter-style error chunk after partial content', async () => {
    const data = sseData(await (await postChat({ model: 'fault-stream-error', messages, stream: true })).text());
    const last = JSON.parse(data.at(-1) ?? '{}') as { error?: { code: number } };
    expect(last.error?.code).toBe(502);
    expect(data.filter((payload) => payload.includes('"content"')).length).toBeGreaterThan(2);
    expect(data).not.toContain('[DONE]');
  });

  it('can send malformed SSE', async () => {
    const data = sseData(await (await postChat({ model: 'fault-malformed', messages, stream: true })).text());
    expect(() => JSON.parse(data.at(-1) ?? '')).toThrow(SyntaxError);
  });

  it('cuts the connection mid-stream', async () => {
    const response = await postChat({ model: 'fault-cut', messages, stream: true });
    await expect(response.text()).rejects.toThrow();
  });

  it('chooses the behaviour from the queue, then the model name, then the scenario', async () => {
    server.setScenario('fault-500');
    server.queue('fault-404');
    expect((await postChat({ model: 'fault-401', messages })).status).toBe(404);
    expect((await postChat({ model: 'fault-401', messages })).status).toBe(401);
    expect((await postChat({ model: 'fake-critic', messages })).status).toBe(500);
  });

  it('checks the key when given one', async () => {
    const strict = await startFakeOpenAI({ apiKey: 'sk-right' });
    try {
      expect((await fetch(`${strict.url}/models`, { headers: { authorization: 'Bearer sk-wrong' } })).status).toBe(401);
      expect((await fetch(`${strict.url}/models`, { headers: { authorization: 'Bearer sk-right' } })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('timing', () => {
  it('waits before the first byte, and between chunks when asked', async () => {
    const slow = await startFakeOpenAI({ firstByteDelayMs: 300, chunkDelayMs: 5 });
    try {
      const started = Date.now();
      const response = await fetch(`${slow.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'slow-first-byte', messages, stream: true }) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      const afterHeaders = Date.now();
      const chunks = sseData(await response.text()).length;
      expect(Date.now() - afterHeaders).toBeGreaterThanOrEqual((chunks - 4) * 5);
    } finally {
      await slow.close();
    }
  });
});

describe('answers derived from the request', () => {
  async function answerTo(body: object): Promise<string> {
    const response = (await (await postChat(body)).json()) as { choices: { message: { content: string } }[] };
    return response.choices[0]?.message.content ?? '';
  }

  it('quotes real sentences of the paper it was sent with their pages, plus one invented quote', async () => {
    const take = await answerTo({ model: 'fake-critic', messages });
    const checks = checkQuotes(take, syntheticPages);
    expect(checks.filter((check) => check.status === 'verified').length).toBeGreaterThanOrEqual(2);
    expect(checks.filter((check) => check.status === 'verified').every((check) => check.foundOnPage === check.page)).toBe(true);
    expect(checks.filter((check) => check.status === 'not-found')).toHaveLength(1);
    expect(take).toContain(syntheticPaper.title);
  });

  it('changes with the paper', async () => {
    const otherPages = [{ number: 8, text: 'Every microservice call was traced with a sampling rate of one in a hundred requests.' }];
    const take = await answerTo({ model: 'fake-critic', messages: buildCritiquePrompt({ ...syntheticInput, text: pagedText(otherPages) }) });
    expect(take).toContain('"Every microservice call was traced with a sampling rate of one in a hundred requests." (p. 8)');
  });

  it.skipIf(!canReadRealPaper)(`quotes a real paper verifiably${skipNote(!canReadRealPaper, cannotReadRealPaper)}`, async () => {
    const pages = realPages().slice(0, 4);
    const take = await answerTo({ model: 'fake-critic', messages: buildCritiquePrompt({ ...syntheticInput, text: pagedText(pages) }) });
    const checks = checkQuotes(take, pages);
    expect(checks.filter((check) => check.status === 'verified').length).toBeGreaterThanOrEqual(2);
    expect(checks.filter((check) => check.status === 'not-found')).toHaveLength(1);
  });

  it('answers a follow-up about the question', async () => {
    const followUp = buildFollowUpMessages(messages, 'the take', 'Was the testbed really eight GPUs?');
    expect(await answerTo({ model: 'fake-critic', messages: followUp })).toContain('You asked: "Was the testbed really eight GPUs?"');
  });

  it('answers a quick take with a verdict line', async () => {
    const answer = await answerTo({ model: 'fake-critic', messages: buildQuickTakePrompt(syntheticPaper) });
    expect(answer.split('\n')).toHaveLength(2);
    expect(parseQuickTakeVerdict(answer)).toBe('full take');
    const simulated = await answerTo({ model: 'fake-critic', messages: buildQuickTakePrompt({ ...syntheticPaper, abstract: 'We simulate a cluster.' }) });
    expect(parseQuickTakeVerdict(simulated)).toBe('skip');
  });
});

describe('the CLI', () => {
  it('starts a server on the given port and prints its URL', async () => {
    const script = fileURLToPath(new URL('./fake-openai.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0', '--chunk-delay', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (data: Buffer) => {
          const match = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(data.toString());
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`CLI exited with ${code}`)));
      });
      const models = (await (await fetch(`${url}/models`)).json()) as { data: unknown[] };
      expect(models.data.length).toBeGreaterThan(1);
    } finally {
      child.kill('SIGINT');
    }
  });
});
