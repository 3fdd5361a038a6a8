import { describe, expect, it } from 'vitest';
import { findProvider, normalizeBaseURL, providerPresets } from '@/utils/llm/providers';

describe('provider presets', () => {
  it('carry the documented base URLs and key requirements', () => {
    expect(Object.fromEntries(providerPresets.map((preset) => [preset.id, [preset.baseURL || preset.baseURLHint, preset.requiresKey]]))).toEqual({
      openai: ['https://api.openai.com/v1', true],
      openrouter: ['https://openrouter.ai/api/v1', true],
      azure: ['https://<resource>.openai.azure.com/openai/v1/', true],
      ollama: ['http://localhost:11434/v1', false],
      lmstudio: ['http://localhost:1234/v1', false],
      vllm: ['http://localhost:8000/v1', false],
      llamacpp: ['http://localhost:8080/v1', false],
      custom: ['https://example.org/v1', false],
    });
    expect(findProvider('ollama').note).toContain('OLLAMA_ORIGINS=chrome-extension://*,moz-extension://*');
  });

  it('normalizes trailing slashes', () => {
    expect(normalizeBaseURL(' https://x.openai.azure.com/openai/v1/ ')).toBe('https://x.openai.azure.com/openai/v1');
  });
});
