import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listModels, streamChat, type ModelSettings } from '@/utils/llm/openai-client';
import { MissingApiKeyError } from '@/utils/llm/stream-errors';
import { defaultRateLimitBackoffSeconds, finishToTakeError, retryAfterSeconds, toTakeError, type TakeError } from '@/utils/llm/take-error';
import { buildCritiquePrompt } from '@/utils/prompt/critique-prompt';
import { startFakeOpenAI, type FakeOpenAI, type Scenario } from '../../support/fake-openai';
import { syntheticInput } from '../../support/synthetic-paper';

let server: FakeOpenAI;

beforeAll(async () => {
  server = await startFakeOpenAI({ firstByteDelayMs: 1_000, stallMs: 5_000 });
});
afterAll(async () => {
  await server.close();
});

const messages = buildCritiquePrompt(syntheticInput, { boundary: 'PAPER-00112233445566778899aabb' });

function settingsFor(model: string, baseURL = server.url): ModelSettings {
  return { provider: 'custom', baseURL, apiKey: 'sk-test', model };
}

/** Runs the real SDK against the fake server and maps whatever comes out, as the sidebar does. */
async function takeErrorFor(model: Scenario | string, options: { baseURL?: string; timeoutMs?: number; idleTimeoutMs?: number } = {}): Promise<TakeError | undefined> {
  const settings = settingsFor(model, options.baseURL);
  try {
    const result = await streamChat({ settings, messages, onDelta: () => {}, timeoutMs: options.timeoutMs, idleTimeoutMs: options.idleTimeoutMs });
    return finishToTakeError(result);
  } catch (error) {
    return toTakeError(error, { baseURL: settings.baseURL });
  }
}

describe('toTakeError with the real SDK against the fake server', () => {
  it('no-key: nothing is sent without a key for a provider that needs one', () => {
    expect(toTakeError(new MissingApiKeyError(), { baseURL: 'https://api.openai.com/v1' })).toMatchObject({ kind: 'no-key', retryable: false, action: 'open-settings', message: expect.stringMatching(/Settings/) });
  });

  it('bad-key: 401', async () => {
    expect(await takeErrorFor('fault-401')).toMatchObject({ kind: 'bad-key', retryable: false, action: 'open-settings', detail: expect.stringMatching(/Incorrect API key/) });
  });

  it('bad-key: a server that checks the key', async () => {
    const strict = await startFakeOpenAI({ apiKey: 'sk-right' });
    try {
      const error = await listModels(settingsFor('fake-critic', strict.url)).catch((caught: unknown) => caught);
      expect(toTakeError(error, { baseURL: strict.url }).kind).toBe('bad-key');
    } finally {
      await strict.close();
    }
  });

  it('forbidden: 403 from a remote provider has no local-server hint', async () => {
    const error = await streamChat({ settings: settingsFor('fault-403'), messages, onDelta: () => {} }).catch((caught: unknown) => caught);
    // The same response as if it came from a hosted provider: only the configured base URL differs.
    const mapped = toTakeError(error, { baseURL: 'https://api.openai.com/v1' });
    expect(mapped).toMatchObject({ kind: 'forbidden', retryable: false });
    expect(mapped.message).not.toContain('OLLAMA_ORIGINS');
  });

  it('forbidden: 403 from localhost carries the OLLAMA_ORIGINS hint', async () => {
    const error = await takeErrorFor('fault-403');
    expect(error?.message).toContain('OLLAMA_ORIGINS=chrome-extension://*,moz-extension://*');
  });

  it('unknown-model: 404', async () => {
    expect(await takeErrorFor('fault-404')).toMatchObject({ kind: 'unknown-model', retryable: false });
  });

  it('rate-limited: 429 with retry-after counts down from it', async () => {
    expect(await takeErrorFor('fault-429-retry-after')).toMatchObject({ kind: 'rate-limited', retryable: true, action: 'retry-after-countdown', retryAfterSeconds: 7 });
  });

  it('rate-limited: 429 without retry-after waits the default backoff', async () => {
    expect(await takeErrorFor('fault-429')).toMatchObject({ kind: 'rate-limited', retryable: true, retryAfterSeconds: defaultRateLimitBackoffSeconds });
  });

  it('out-of-quota: 429 insufficient_quota is not retried', async () => {
    expect(await takeErrorFor('fault-429-quota')).toMatchObject({ kind: 'out-of-quota', retryable: false, action: 'open-settings' });
  });

  it('server: 500 and overloaded 503 are retryable', async () => {
    expect(await takeErrorFor('fault-500')).toMatchObject({ kind: 'server', retryable: true, title: 'The provider had an error' });
    expect(await takeErrorFor('fault-503')).toMatchObject({ kind: 'server', retryable: true, title: 'The provider is overloaded' });
  });

  it('context-too-long: 400 context_length_exceeded offers the trimmed paper', async () => {
    expect(await takeErrorFor('fault-context')).toMatchObject({ kind: 'context-too-long', retryable: true, action: 'send-trimmed-paper', message: expect.stringMatching(/trimmed/) });
  });

  it('length and content-filter: finish reasons, with the partial take kept', async () => {
    expect(await takeErrorFor('fault-length')).toMatchObject({ kind: 'length', partialKept: true });
    expect(await takeErrorFor('fault-content-filter')).toMatchObject({ kind: 'content-filter', partialKept: true });
  });

  it('stream-cut: connection dropped mid-answer, or silence', async () => {
    expect(await takeErrorFor('fault-cut')).toMatchObject({ kind: 'stream-cut', retryable: true, action: 'retry', partialKept: true });
    expect(await takeErrorFor('fault-stall', { idleTimeoutMs: 300 })).toMatchObject({ kind: 'stream-cut', partialKept: true });
  });

  it('server: an OpenRouter error chunk mid-stream keeps the partial take', async () => {
    expect(await takeErrorFor('fault-stream-error')).toMatchObject({ kind: 'server', retryable: true, partialKept: true, detail: 'Provider returned error' });
  });

  it('bad-response: malformed SSE', async () => {
    expect(await takeErrorFor('fault-malformed')).toMatchObject({ kind: 'bad-response', partialKept: true });
  });

  it('unreachable: nothing listening, and a first byte slower than the timeout', async () => {
    const closed = await startFakeOpenAI();
    const deadURL = closed.url;
    await closed.close();
    expect(await takeErrorFor('fake-critic', { baseURL: deadURL })).toMatchObject({ kind: 'unreachable', retryable: true, message: expect.stringMatching(/local server running/) });
    expect(await takeErrorFor('slow-first-byte', { timeoutMs: 200 })).toMatchObject({ kind: 'unreachable' });
  });

  it('aborted: Stop pressed', async () => {
    const controller = new AbortController();
    const result = await streamChat({ settings: settingsFor('fake-critic'), messages, signal: controller.signal, onDelta: () => controller.abort() });
    expect(finishToTakeError(result)).toMatchObject({ kind: 'aborted', partialKept: true });
  });

  it('aborted: a stopped non-streamed request (model list) rejects with the SDK abort error', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await listModels(settingsFor('fake-critic'), { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(toTakeError(error, { baseURL: server.url }).kind).toBe('aborted');
  });

  it('length: a reasoning model that spent its whole budget thinking gets its own advice', () => {
    expect(finishToTakeError({ text: '', finishReason: 'length' })).toMatchObject({ kind: 'length', partialKept: false, message: expect.stringMatching(/reasoning effort/) });
  });

  it('no error for a normal take', async () => {
    expect(await takeErrorFor('fake-critic')).toBeUndefined();
  });
});

describe('toTakeError on shapes the fake server does not produce', () => {
  it('reads "maximum context length" from servers that use a generic code', async () => {
    const fetchWith400: typeof fetch = async () =>
      new Response(JSON.stringify({ error: { message: "This model's maximum context length is 4096 tokens", type: 'BadRequestError', param: null, code: 400 } }), { status: 400, headers: { 'content-type': 'application/json' } });
    const error = await streamChat({ settings: settingsFor('any'), messages, onDelta: () => {}, fetch: fetchWith400 }).catch((caught: unknown) => caught);
    expect(toTakeError(error, { baseURL: server.url }).kind).toBe('context-too-long');
  });

  it('treats OpenRouter 402 and credit_balance_exhausted as out of quota', async () => {
    for (const [status, code] of [
      [402, 'payment_required'],
      [429, 'credit_balance_exhausted'],
    ] as const) {
      const respond: typeof fetch = async () => new Response(JSON.stringify({ error: { message: 'no credit', type: 'billing', code } }), { status, headers: { 'content-type': 'application/json' } });
      const error = await streamChat({ settings: settingsFor('any'), messages, onDelta: () => {}, fetch: respond }).catch((caught: unknown) => caught);
      expect(toTakeError(error, { baseURL: server.url })).toMatchObject({ kind: 'out-of-quota', retryable: false, action: 'open-settings' });
    }
  });

  it('treats 529 as overloaded', async () => {
    const respond: typeof fetch = async () => new Response(JSON.stringify({ error: { message: 'Overloaded', type: 'overloaded_error' } }), { status: 529, headers: { 'content-type': 'application/json' } });
    const error = await streamChat({ settings: settingsFor('any'), messages, onDelta: () => {}, fetch: respond }).catch((caught: unknown) => caught);
    expect(toTakeError(error, { baseURL: server.url })).toMatchObject({ kind: 'server', title: 'The provider is overloaded' });
  });

  it('falls back to bad-response for anything unknown', () => {
    expect(toTakeError(new Error('weird'), { baseURL: server.url })).toMatchObject({ kind: 'bad-response', detail: 'weird' });
    expect(toTakeError('a string', { baseURL: server.url }).kind).toBe('bad-response');
  });
});

describe('retryAfterSeconds', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  it('reads seconds, milliseconds and HTTP dates, and caps them', () => {
    expect(retryAfterSeconds(headers({ 'retry-after': '12' }))).toBe(12);
    expect(retryAfterSeconds(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(2);
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(retryAfterSeconds(headers({ 'retry-after': 'Sat, 28 Nov 2026 12:00:30 GMT' }), now)).toBe(30);
    expect(retryAfterSeconds(headers({ 'retry-after': '999999' }))).toBe(3600);
    expect(retryAfterSeconds(headers({}))).toBeUndefined();
    expect(retryAfterSeconds(headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});
