/**
 * How a model name finds its row in a table keyed by names or name prefixes (prices, capabilities): the exact
 * name, else the longest key it starts with before a "-" or ":" ("gpt-4o-2024-08-06" → "gpt-4o", "llava:13b" →
 * "llava"), case-blind, with a vendor prefix ("openai/", "anthropic/") ignored.
 */
export function findByModelName<T>(model: string, table: Readonly<Record<string, T>>): { key: string; value: T } | undefined {
  const candidates = [model, model.split('/').at(-1) ?? model].map((name) => name.trim().toLowerCase());
  let best: { key: string; value: T } | undefined;
  for (const [key, value] of Object.entries(table)) {
    const lowerKey = key.toLowerCase();
    const fits = candidates.some((name) => name === lowerKey || name.startsWith(`${lowerKey}-`) || name.startsWith(`${lowerKey}:`));
    if (fits && (!best || key.length > best.key.length)) {
      best = { key, value };
    }
  }
  return best;
}
