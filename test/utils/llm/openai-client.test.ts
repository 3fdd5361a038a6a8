import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isReasoningModel, listModels, streamChat, type ModelSettings } from '@/utils/llm/openai-client';
import { MissingApiKeyError, StreamCutError, StreamInterruptedError, StreamStalledError } from '@/utils/llm/stream-errors';
import { buildCritiquePrompt } from '@/utils/prompt/critique-prompt';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { syntheticInput } from '../../support/synthetic-paper';

let server: FakeOpenAI;
const apiKey = 'sk-test-0123456789';

beforeAll(async () => {
  server = await startFakeOpenAI({ stallMs: 5_000 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.setScenario('normal');
});

const settingsFor = (model: string, overrides: Partial<ModelSettings> = {}): ModelSettings => ({ provider: 'custom', baseURL: server.url, apiKey, model, ...overrides });
const messages = buildCritiquePrompt(syntheticInput, { boundary: 'PAPER-00112233445566778899aabb' });

describe('isReasoningModel', () => {
  it.each([
    ['o1', true],
    ['o3-mini', true],
    ['o4-mini-2025-04-16', true],
    ['gpt-5', true],
    ['gpt-5-mini', true],
    ['openai/o3', true],
    ['gpt-4o', false],
    ['gpt-4.1-mini', false],
    ['llama3.1:8b', false],
    ['omni-moderation-latest', false],
  ])('%s → %s', (model, expected) => {
    expect(isReasoningModel(model)).toBe(expected);
  });
});

describe('streamChat against the fake server', () => {
  it('delivers the deltas in order, the finish reason and the usage', async () => {
    const deltas: string[] = [];
    const usages: unknown[] = [];
    const result = await streamChat({ settings: settingsFor('fake-critic', { temperature: 0.3 }), messages, onDelta: (text) => deltas.push(text), onUsage: (usage) => usages.push(usage), maxTokens: 2000 });
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.join('')).toBe(result.text);
    expect(result.text).toMatch(/^## The "No-BS" Summary/);
    expect(result.finishReason).toBe('stop');
    expect(result.usage?.promptTokens).toBeGreaterThan(100);
    expect(result.usage?.completionTokens).toBeGreaterThan(10);
    expect(usages).toEqual([result.usage]);

    const [request] = server.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.body).toMatchObject({ model: 'fake-critic', stream: true, stream_options: { include_usage: true }, max_tokens: 2000, temperature: 0.3, messages });
  });

  it('sends the key only in the Authorization header', async () => {
    await streamChat({ settings: settingsFor('fake-critic'), messages, onDelta: () => {} });
    const [request] = server.requests;
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    const elsewhere = Object.entries(request?.headers ?? {}).filter(([name, value]) => name !== 'authorization' && String(value).includes(apiKey));
    expect(elsewhere).toEqual([]);
    expect(JSON.stringify(request?.body)).not.toContain(apiKey);
    expect(request?.path).not.toContain(apiKey);
  });

  it('uses max_completion_tokens and reasoning_effort, and no temperature, for reasoning models', async () => {
    server.setScenario('normal');
    await streamChat({ settings: settingsFor('o4-mini', { temperature: 0.3, reasoningEffort: 'low' }), messages, onDelta: () => {}, maxTokens: 5000 });
    const body = server.requests[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'o4-mini', max_completion_tokens: 5000, reasoning_effort: 'low' });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('reports Stop as the aborted outcome and keeps the partial text', async () => {
    const slow = await startFakeOpenAI({ chunkDelayMs: 15 });
    try {
      const controller = new AbortController();
      let received = '';
      const result = await streamChat({
        settings: { ...settingsFor('fake-critic'), baseURL: slow.url },
        messages,
        signal: controller.signal,
        onDelta: (text) => {
          received += text;
          if (received.length > 40) {
            controller.abort();
          }
        },
      });
      expect(result.finishReason).toBe('aborted');
      expect(result.text).toBe(received);
      expect(result.text.length).toBeGreaterThan(40);
      expect(result.usage).toBeUndefined();
    } finally {
      await slow.close();
    }
  });

  it('returns aborted without a request when the signal already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await streamChat({ settings: settingsFor('fake-critic'), messages, signal: controller.signal, onDelta: () => {} });
    expect(result).toEqual({ text: '', finishReason: 'aborted' });
    expect(server.requests).toEqual([]);
  });

  it('turns an OpenRouter-style error chunk into an error that keeps the partial text', async () => {
    const error = await streamChat({ settings: settingsFor('fault-stream-error'), messages, onDelta: () => {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText.length).toBeGreaterThan(0);
    expect((error as Error).message).toContain('Provider returned error');
  });

  it('rejects a dropped connection as interrupted, with the partial text', async () => {
    const error = await streamChat({ settings: settingsFor('fault-cut'), messages, onDelta: () => {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toMatch(/^## The "No-BS"/);
  });

  it('rejects a stream that ends without a finish reason as cut', async () => {
    // A proxy that closes the response cleanly but early: the real stream, minus its finish chunk, usage and [DONE].
    const truncatingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const events = (await response.text()).split('\n\n');
      const finishAt = events.findIndex((event) => /"finish_reason":"stop"/.test(event));
      expect(finishAt).toBeGreaterThan(1);
      return new Response(`${events.slice(0, finishAt).join('\n\n')}\n\n`, { status: response.status, headers: response.headers });
    };
    const error = await streamChat({ settings: settingsFor('fake-critic'), messages, onDelta: () => {}, fetch: truncatingFetch }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamCutError);
  });

  it('gives up on a stream that goes silent', async () => {
    const error = await streamChat({ settings: settingsFor('fault-stall'), messages, onDelta: () => {}, idleTimeoutMs: 300 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamStalledError);
    expect((error as StreamStalledError).partialText.length).toBeGreaterThan(0);
  });

  it('refuses to send without a key when the provider needs one', async () => {
    await expect(streamChat({ settings: settingsFor('fake-critic', { provider: 'openai', apiKey: ' ' }), messages, onDelta: () => {} })).rejects.toBeInstanceOf(MissingApiKeyError);
    expect(server.requests).toEqual([]);
  });
});

describe('listModels', () => {
  it('lists the endpoint models, sorted', async () => {
    const models = await listModels(settingsFor(''));
    expect(models).toContain('fake-critic');
    expect(models).toContain('fault-401');
    expect(models).toEqual([...models].sort());
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
  });
});
