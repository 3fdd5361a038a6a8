import { describe, expect, it } from 'vitest';
import {
  checkBaseURL,
  costOf,
  defaultSettings,
  hostPermissionFor,
  providerForBaseURL,
  settingsToDraft,
  validateSettings,
} from '@/utils/storage/settings';
import { defaultPriceTable } from '@/utils/llm/pricing';
import { findProvider } from '@/utils/llm/providers';

describe('checkBaseURL', () => {
  it.each([
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1'],
    ['  https://openrouter.ai/api/v1 ', 'https://openrouter.ai/api/v1'],
    ['http://localhost:11434/v1', 'http://localhost:11434/v1'],
    ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080/v1'],
    ['https://my-res.openai.azure.com/openai/v1', 'https://my-res.openai.azure.com/openai/v1'],
  ])('accepts %s', (input, normalised) => {
    expect(checkBaseURL(input)).toEqual({ ok: true, baseURL: normalised });
  });

  it.each([
    ['', /Enter the base URL/],
    ['api.openai.com/v1', /“api\.openai\.com\/v1” is not a URL/],
    ['localhost:11434', /not supported|not a URL/],
    ['ftp://models.example.org/v1', /ftp: addresses are not supported/],
    ['http://192.168.1.20:11434/v1', /Plain http:\/\/ is allowed only for localhost and 127\.0\.0\.1.*Use https:\/\/192\.168\.1\.20:11434\/v1/],
    ['http://llm.example.org/v1', /Plain http:\/\/ is allowed only/],
    ['https://user:sk-secret@api.example.org/v1', /not in the URL/],
    ['https://api.example.org/v1?api-version=2024', /no \?query/],
  ])('rejects %j with a specific message', (input, message) => {
    const result = checkBaseURL(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});

describe('validateSettings', () => {
  const draft = settingsToDraft(defaultSettings);

  it('returns typed settings for a valid draft', () => {
    const result = validateSettings({ ...draft, baseURL: 'https://openrouter.ai/api/v1/', model: ' openai/gpt-5 ', prices: [{ model: 'openai/gpt-5', inputPerMillion: '1.25', outputPerMillion: '10' }] });
    expect(result).toEqual({ ok: true, settings: { ...defaultSettings, baseURL: 'https://openrouter.ai/api/v1', model: 'openai/gpt-5', prices: [{ model: 'openai/gpt-5', inputPerMillion: 1.25, outputPerMillion: 10 }] } });
  });

  it('reports every invalid field at once', () => {
    const result = validateSettings({ ...draft, baseURL: 'not a url', model: '  ', prices: [{ model: 'gpt-5', inputPerMillion: '-1', outputPerMillion: '10' }] });
    expect(result.ok).toBe(false);
    expect(result.ok ? {} : result.errors).toEqual({
      baseURL: expect.stringMatching(/not a URL/),
      model: expect.stringMatching(/Enter the model name/),
      prices: 'Price row 1: prices are dollars per million tokens, a number of 0 or more (e.g. 0.25).',
    });
  });

  it.each([
    [[{ model: '', inputPerMillion: '1', outputPerMillion: '2' }], 'Price row 1: enter the model name.'],
    [[{ model: 'a', inputPerMillion: '1', outputPerMillion: '2' }, { model: 'a', inputPerMillion: '1', outputPerMillion: '2' }], 'Price row 2: a is already priced above.'],
    [[{ model: 'a', inputPerMillion: 'free', outputPerMillion: '2' }], expect.stringMatching(/^Price row 1: prices are dollars/)],
    [[{ model: 'a', inputPerMillion: '', outputPerMillion: '2' }], expect.stringMatching(/^Price row 1: prices are dollars/)],
  ])('rejects a bad price table %#', (prices, message) => {
    const result = validateSettings({ ...draft, prices });
    expect(result.ok ? undefined : result.errors.prices).toEqual(message);
  });
});

describe('providers and permissions', () => {
  it('recognises preset hosts and Azure resources', () => {
    expect(providerForBaseURL('https://openrouter.ai/api/v1')).toBe('openrouter');
    expect(providerForBaseURL('http://localhost:1234/v1')).toBe('lmstudio');
    expect(providerForBaseURL('https://contoso.openai.azure.com/openai/v1')).toBe('azure');
    expect(providerForBaseURL('https://llm.example.org/v1')).toBe('custom');
  });

  it('asks for a host permission only where the manifest grants none, without the port', () => {
    expect(hostPermissionFor(findProvider('openai').baseURL)).toBeUndefined();
    expect(hostPermissionFor('http://localhost:11434/v1')).toBe('http://localhost/*');
    expect(hostPermissionFor('http://127.0.0.1:8000/v1')).toBe('http://127.0.0.1/*');
    expect(hostPermissionFor('https://llm.example.org:8443/v1')).toBe('https://llm.example.org/*');
  });

  it('prices a request from the table, and leaves unpriced models unpriced', () => {
    expect(costOf(defaultSettings.prices, 'gpt-5-mini', 20_000, 1_500)).toBeCloseTo(0.008, 10);
    expect(costOf(defaultSettings.prices, 'qwen3:8b', 20_000, 1_500)).toBeUndefined();
  });

  it('looks up the user\'s rows as pricing.ts looks up its own: dated names, vendor prefixes, longest prefix', () => {
    const rows = [
      { model: 'gpt-5', inputPerMillion: 1, outputPerMillion: 10 },
      { model: 'gpt-5-mini', inputPerMillion: 0.2, outputPerMillion: 2 },
      { model: 'my-lab-model', inputPerMillion: 3, outputPerMillion: 3 },
    ];
    const miniCost = (20_000 * 0.2 + 1_500 * 2) / 1e6;
    expect(costOf(rows, 'gpt-5-mini-2025-08-07', 20_000, 1_500)).toBeCloseTo(miniCost, 12);
    expect(costOf(rows, 'openai/gpt-5-mini', 20_000, 1_500)).toBeCloseTo(miniCost, 12);
    expect(costOf(rows, 'gpt-5-2025-08-07', 20_000, 1_500)).toBeCloseTo((20_000 * 1 + 1_500 * 10) / 1e6, 12);
    expect(costOf(rows, 'my-lab-model', 1_000_000, 0)).toBe(3);
    expect(costOf(rows, 'gpt-5o', 20_000, 1_500)).toBeUndefined();
    expect(costOf([], 'gpt-5-mini', 20_000, 1_500)).toBeUndefined();
  });

  it('starts the user\'s price rows from pricing.ts\'s table, and prices a dated name from them', () => {
    expect(defaultSettings.prices).toEqual(
      Object.entries(defaultPriceTable).map(([model, { input, output }]) => ({ model, inputPerMillion: input, outputPerMillion: output })),
    );
    const mini = defaultPriceTable['gpt-5-mini'];
    expect(costOf(defaultSettings.prices, 'gpt-5-mini-2025-08-07', 20_000, 1_500)).toBeCloseTo(((mini?.input ?? NaN) * 20_000 + (mini?.output ?? NaN) * 1_500) / 1e6, 12);
  });
});
