import { findByModelName } from './model-names';
import type { TokenUsage } from './openai-client';

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Cached prompt tokens, where the provider discounts them. */
  cachedInput?: number;
}

/** Keys are model names or name prefixes; the longest matching prefix wins, so "gpt-4.1-mini" beats "gpt-4.1". */
export type PriceTable = Record<string, ModelPrice>;

/**
 * OpenAI's list prices (standard tier) as published on openai.com/api/pricing, checked 2025-08.
 * Prices change: the settings page lets the user edit this table, and an unknown model shows no cost rather than a wrong one.
 */
export const defaultPriceTable: PriceTable = {
  'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  o3: { input: 2, output: 8, cachedInput: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
  'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
};

/**
 * One row of the user's editable price table, as `Settings.prices` stores it. This is a stored shape: changing it
 * needs a settings migration. Cached-input prices are not stored, so the user's rows bill cached tokens as input.
 */
export interface PriceRow {
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
}

export function priceRowsOf(priceTable: PriceTable): PriceRow[] {
  return Object.entries(priceTable).map(([model, price]) => ({ model, inputPerMillion: price.input, outputPerMillion: price.output }));
}

/** The user's rows as a table, so they are looked up exactly as the defaults are (longest prefix, dated suffixes ignored). */
export function priceTableOf(rows: readonly PriceRow[]): PriceTable {
  // No prototype: a row named "__proto__" or "constructor" is a model name like any other.
  const table = Object.create(null) as PriceTable;
  for (const row of rows) {
    // validateSettings refuses duplicate names; should old data hold one anyway, the first row wins, as it reads.
    table[row.model] ??= { input: row.inputPerMillion, output: row.outputPerMillion };
  }
  return table;
}

export interface CostEstimate {
  inputUSD: number;
  outputUSD: number;
  totalUSD: number;
  /** The table entry that priced it. */
  pricedAs: string;
}

/** Finds the price of a model: exact name, else the longest table key it starts with ("gpt-4o-2024-08-06" → "gpt-4o"); vendor prefixes ("openai/") are ignored. */
export function findPrice(model: string, priceTable: PriceTable): { key: string; price: ModelPrice } | undefined {
  const found = findByModelName(model, priceTable);
  return found && { key: found.key, price: found.value };
}

/** The cost of one request; undefined for a model the table does not price. Reasoning tokens are billed as output, and are already in completionTokens. */
export function estimateCost(usage: Pick<TokenUsage, 'promptTokens' | 'completionTokens' | 'cachedPromptTokens'>, model: string, priceTable: PriceTable = defaultPriceTable): CostEstimate | undefined {
  const found = findPrice(model, priceTable);
  if (!found) {
    return undefined;
  }
  const { price } = found;
  const cached = Math.min(usage.cachedPromptTokens ?? 0, usage.promptTokens);
  const inputUSD = ((usage.promptTokens - cached) * price.input + cached * (price.cachedInput ?? price.input)) / 1_000_000;
  const outputUSD = (usage.completionTokens * price.output) / 1_000_000;
  return { inputUSD, outputUSD, totalUSD: inputUSD + outputUSD, pricedAs: found.key };
}
