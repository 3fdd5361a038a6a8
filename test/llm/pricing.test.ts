import { describe, expect, it } from 'vitest';
import { defaultPriceTable, estimateCost, findPrice, type PriceTable } from '../../utils/llm/pricing';

const usage = { promptTokens: 40_000, completionTokens: 2_000, totalTokens: 42_000 };

describe('estimateCost', () => {
  it('prices input and output per million tokens', () => {
    const table: PriceTable = { 'model-a': { input: 2, output: 8 } };
    expect(estimateCost(usage, 'model-a', table)).toEqual({ inputUSD: 0.08, outputUSD: 0.016, totalUSD: 0.096, pricedAs: 'model-a' });
  });

  it('bills cached prompt tokens at the cached price', () => {
    const table: PriceTable = { 'model-a': { input: 2, output: 8, cachedInput: 0.5 } };
    expect(estimateCost({ ...usage, cachedPromptTokens: 20_000 }, 'model-a', table)?.inputUSD).toBeCloseTo(0.05, 10);
  });

  it('picks the longest matching entry, ignoring dated suffixes and vendor prefixes', () => {
    expect(findPrice('gpt-4o-mini-2024-07-18', defaultPriceTable)?.key).toBe('gpt-4o-mini');
    expect(findPrice('gpt-4o-2024-08-06', defaultPriceTable)?.key).toBe('gpt-4o');
    expect(findPrice('openai/gpt-4.1-mini', defaultPriceTable)?.key).toBe('gpt-4.1-mini');
    expect(findPrice('o3', defaultPriceTable)?.key).toBe('o3');
    expect(findPrice('o3-mini', defaultPriceTable)?.key).toBe('o3-mini');
    expect(findPrice('gpt-4o-mini', { 'GPT-4O-MINI': { input: 1, output: 1 } })?.key).toBe('GPT-4O-MINI');
  });

  it('gives no estimate for a model it does not know, rather than a wrong one', () => {
    expect(estimateCost(usage, 'llama3.1:8b')).toBeUndefined();
    expect(findPrice('gpt-4oo', defaultPriceTable)).toBeUndefined();
  });

  it('uses the default table when none is given', () => {
    const cost = estimateCost(usage, 'gpt-4.1-mini');
    const price = defaultPriceTable['gpt-4.1-mini'];
    expect(cost?.totalUSD).toBeCloseTo(((price?.input ?? NaN) * 40_000 + (price?.output ?? NaN) * 2_000) / 1e6, 12);
  });
});
