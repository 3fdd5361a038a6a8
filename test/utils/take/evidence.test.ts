import { describe, expect, it } from 'vitest';
import { evidenceItems } from '@/utils/take/evidence';

const verified = { quote: 'a', status: 'verified' as const, page: 1, foundOnPage: 1 };
const missing = { quote: 'b', status: 'not-found' as const, page: 2 };

describe('evidenceItems', () => {
  it('says quotes verified k/n, what was read, hidden text and cost, in that order', () => {
    const items = evidenceItems({
      quoteChecks: [verified, verified, verified, missing],
      writing: false,
      reading: { summary: 'read pages 1–14 of 17; skipped the references', hiddenText: 0 },
      usage: { inputTokens: 12_345, outputTokens: 1_234, costUsd: 0.0123 },
    });
    expect(items.map(({ label, value, tone }) => [label, value, tone])).toEqual([
      ['Quotes', '3/4 verified', 'warn'],
      ['Paper', 'read pages 1–14 of 17; skipped the references', 'neutral'],
      ['Hidden text', 'none found', 'ok'],
      ['Cost', '$0.0123', 'neutral'],
    ]);
    expect(items.at(-1)?.full).toBe('$0.0123 (12,345 in · 1,234 out tokens)');
  });

  it('marks all verified as good, none verified as bad, no quotes as a warning, and waits while the take is written', () => {
    const tone = (quoteChecks: (typeof verified | typeof missing)[], writing = false) => evidenceItems({ quoteChecks, writing })[0];
    expect(tone([verified])).toMatchObject({ value: '1/1 verified', tone: 'ok' });
    expect(tone([missing, missing])).toMatchObject({ value: '0/2 verified', tone: 'bad' });
    expect(tone([])).toMatchObject({ value: 'none to check', tone: 'warn' });
    expect(tone([], true)).toMatchObject({ value: 'checked when the take is done', tone: 'neutral' });
  });

  it('flags hidden text, shows tokens for unpriced models, and leaves out what an older take never recorded', () => {
    const items = evidenceItems({ quoteChecks: [], writing: false, reading: { summary: 'read page 1 of 3 (pages 2–3 are blank)', hiddenText: 2 }, usage: { inputTokens: 900, outputTokens: 80 } });
    expect(items.find((item) => item.key === 'hidden')).toMatchObject({ value: '2 passages, kept out', tone: 'bad' });
    expect(items.find((item) => item.key === 'cost')).toMatchObject({ label: 'Tokens', value: '900 in · 80 out' });
    expect(evidenceItems({ quoteChecks: [], writing: false, usage: { inputTokens: 0, outputTokens: 0 } }).map((item) => item.key)).toEqual(['quotes']);
    // A run that failed before any text: what was read, and no word about quotes.
    expect(evidenceItems({ writing: false, reading: { summary: 'read pages 1–7 of 17', hiddenText: 0 } }).map((item) => item.key)).toEqual(['read', 'hidden']);
  });
});
