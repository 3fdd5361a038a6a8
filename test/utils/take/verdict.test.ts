import { describe, expect, it } from 'vitest';
import { glanceByPaper, quickTakeReason, takeThatSpeaks, verdictAtGlance } from '@/utils/take/verdict';

const quick = (verdict: string, markdown: string) => ({ kind: 'quick' as const, status: 'complete' as const, verdict, markdown });

describe('verdictAtGlance', () => {
  it.each([
    ['Verdict: full take', 'full take', 'full'],
    ['Verdict: skim', 'skim', 'skim'],
    ['**Verdict:** skip', 'skip', 'skip'],
  ])('a quick take "%s" reads as the word "%s" in the %s tone, with the reason line after the verdict', (line, word, tone) => {
    const glance = verdictAtGlance(quick(line, `${line}\nEvidence: simulation only; be suspicious of the baselines.`));
    expect(glance).toMatchObject({ word, tone, reason: 'Evidence: simulation only; be suspicious of the baselines.' });
    // The accessible name starts with the visible word.
    expect(glance.spoken.startsWith(`${word}: quick take, `)).toBe(true);
    expect(glance.spoken).toContain('be suspicious of the baselines');
  });

  it('a quick take that ignored the format is a neutral "quick take", never a guessed verdict', () => {
    expect(verdictAtGlance(quick('Simulation only.', 'Simulation only. I would not bother.'))).toMatchObject({ word: 'quick take', tone: 'neutral' });
  });

  it('a full take is "✓ take" with its first sentence; a partial one says so', () => {
    const full = { kind: 'full' as const, status: 'complete' as const, verdict: 'They measured a real trace.', markdown: '## Summary\n\nThey measured a real trace.' };
    expect(verdictAtGlance(full)).toMatchObject({ word: '✓ take', tone: 'take', reason: 'They measured a real trace.' });
    expect(verdictAtGlance({ ...full, status: 'partial' })).toMatchObject({ word: '✓ take (partial)', tone: 'partial' });
  });
});

describe('quickTakeReason', () => {
  it('skips the verdict line, blockquote marks and emphasis', () => {
    expect(quickTakeReason('**Verdict:** skim\n\n> _Testbed replay_ only; watch the tail.')).toBe('Testbed replay only; watch the tail.');
    expect(quickTakeReason('Verdict: skip')).toBe('');
  });
});

describe('takeThatSpeaks and glanceByPaper', () => {
  const summary = (paperId: string, kind: 'full' | 'quick', createdAt: string, verdict = 'Verdict: skim') => ({
    site: 'arxiv' as const,
    paperId,
    kind,
    createdAt,
    glance: verdictAtGlance(kind === 'quick' ? quick(verdict, verdict) : { kind, status: 'complete', verdict: 'A full take.', markdown: 'A full take.' }),
  });

  it('prefers the newest full take over a newer quick take, else the newest take', () => {
    const olderFull = summary('2401.00001', 'full', '2026-01-01T00:00:00.000Z');
    const newerQuick = summary('2401.00001', 'quick', '2026-02-01T00:00:00.000Z');
    expect(takeThatSpeaks([newerQuick, olderFull])).toBe(olderFull);
    const quicks = [summary('2401.00002', 'quick', '2026-01-01T00:00:00.000Z', 'Verdict: skip'), summary('2401.00002', 'quick', '2026-03-01T00:00:00.000Z', 'Verdict: full take')];
    expect(takeThatSpeaks(quicks)).toBe(quicks[1]);
  });

  it('gives one glance per paper, keyed like the badges', () => {
    const glances = glanceByPaper([
      summary('2401.00001', 'quick', '2026-02-01T00:00:00.000Z'),
      summary('2401.00001', 'full', '2026-01-01T00:00:00.000Z'),
      summary('2401.00002', 'quick', '2026-01-01T00:00:00.000Z', 'Verdict: skip'),
    ]);
    expect([...glances.values()].map((glance) => glance.word)).toEqual(['✓ take', 'skip']);
    expect(glances.get('arxiv|2401.00001')?.createdAt).toBe('2026-01-01T00:00:00.000Z');
  });
});
