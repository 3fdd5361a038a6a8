import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelSettingsOf } from '@/utils/llm/model-settings';
import { streamChat } from '@/utils/llm/openai-client';
import { buildQuickTakePrompt } from '@/utils/prompt/critique-prompt';
import { defaultSettings, type Settings } from '@/utils/storage/settings';
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
    expect(modelSettingsOf(stored, 'sk-or-123')).toEqual({ provider: 'openrouter', baseURL: 'https://openrouter.ai/api/v1', apiKey: 'sk-or-123', model: 'openai/gpt-5', reasoningEffort: 'high' });
  });

  it('leaves the effort out when the settings say "none"', () => {
    expect(modelSettingsOf({ ...stored, reasoningEffort: 'none' }, '')).not.toHaveProperty('reasoningEffort');
  });

  it.each([
    ['high', { reasoning_effort: 'high' }],
    ['none', {}],
  ] as const)('drives the request a reasoning model gets (effort %s)', async (reasoningEffort, expected) => {
    server.requests.length = 0;
    const settings: Settings = { ...defaultSettings, provider: 'custom', baseURL: server.url, model: 'gpt-5-mini', reasoningEffort };
    const [paper] = makeListingPapers(1);
    await streamChat({ settings: modelSettingsOf(settings, ''), messages: buildQuickTakePrompt(paper!), onDelta: () => {} });
    const body = server.requests[0]?.body as Record<string, unknown>;
    expect(body.model).toBe('gpt-5-mini');
    expect({ reasoning_effort: body.reasoning_effort }).toEqual({ reasoning_effort: undefined, ...expected });
  });
});
