import { describe, expect, it } from 'vitest';
import { defaultPriceTable, estimateCost, findPrice, priceRowsOf, priceTableOf, type PriceTable } from '@/utils/llm/pricing';

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

describe('price rows (the shape Settings.prices stores)', () => {
  it('turn the table into rows and back, losing only the cached price, which rows do not store', () => {
    const rows = priceRowsOf(defaultPriceTable);
    expect(rows).toContainEqual({ model: 'gpt-4.1-mini', inputPerMillion: 0.4, outputPerMillion: 1.6 });
    expect(Object.keys(priceTableOf(rows))).toEqual(Object.keys(defaultPriceTable));
    expect(priceTableOf(rows)['gpt-4.1-mini']).toEqual({ input: 0.4, output: 1.6 });
  });

  it('bill cached tokens at the input price, so a row never under-estimates', () => {
    const table = priceTableOf([{ model: 'model-a', inputPerMillion: 2, outputPerMillion: 8 }]);
    expect(estimateCost({ ...usage, cachedPromptTokens: 20_000 }, 'model-a', table)?.inputUSD).toBeCloseTo(0.08, 10);
  });

  it('keep the first of two rows with one name, and treat any name as a model name', () => {
    const table = priceTableOf([
      { model: 'model-a', inputPerMillion: 1, outputPerMillion: 1 },
      { model: 'model-a', inputPerMillion: 9, outputPerMillion: 9 },
      { model: '__proto__', inputPerMillion: 5, outputPerMillion: 5 },
    ]);
    expect(findPrice('model-a', table)?.price).toEqual({ input: 1, output: 1 });
    expect(findPrice('__proto__', table)?.price).toEqual({ input: 5, output: 5 });
  });
});
