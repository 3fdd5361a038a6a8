import { describe, expect, it } from 'vitest';
import { throttledText, type ThrottleClock } from '@/utils/take/throttled-text';

/** A clock the test moves by hand, with the timers it holds. */
function manualClock(): ThrottleClock & { advance(ms: number): void } {
  let time = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  return {
    now: () => time,
    setTimeout: (run, ms) => {
      timers.set(next, { at: time + ms, run });
      return next++;
    },
    clearTimeout: (id) => void timers.delete(id as number),
    advance(ms) {
      time += ms;
      for (const [id, timer] of [...timers].sort(([, a], [, b]) => a.at - b.at)) {
        if (timer.at <= time) {
          timers.delete(id);
          timer.run();
        }
      }
    },
  };
}

describe('throttledText: a stream reaches the screen at most every interval', () => {
  it('shows the first delta at once, gathers the rest, and never shows more often than the interval', () => {
    const clock = manualClock();
    const shown: { at: number; text: string }[] = [];
    const stream = throttledText((text) => shown.push({ at: clock.now(), text }), 100, clock);
    // 1,000 deltas, one every millisecond: one second of streaming.
    for (let index = 0; index < 1_000; index++) {
      stream.append(`${index} `);
      clock.advance(1);
    }
    stream.flush();
    expect(shown[0]).toEqual({ at: 0, text: '0 ' });
    expect(shown.length).toBeGreaterThanOrEqual(10);
    expect(shown.length).toBeLessThanOrEqual(12);
    for (let index = 1; index < shown.length - 1; index++) expect(shown[index]!.at - shown[index - 1]!.at).toBeGreaterThanOrEqual(100);
    // Nothing is lost: the last thing shown is the whole text.
    expect(shown.at(-1)!.text).toBe(Array.from({ length: 1_000 }, (_, index) => `${index} `).join(''));
    expect(stream.text).toBe(shown.at(-1)!.text);
  });

  it('shows a late delta after the interval even if nothing else arrives, and a set text at once', () => {
    const clock = manualClock();
    const shown: string[] = [];
    const stream = throttledText((text) => shown.push(text), 100, clock);
    stream.append('a');
    clock.advance(10);
    stream.append('b');
    expect(shown).toEqual(['a']);
    clock.advance(90);
    expect(shown).toEqual(['a', 'ab']);
    stream.set('');
    expect(shown).toEqual(['a', 'ab', '']);
    clock.advance(500);
    expect(shown).toEqual(['a', 'ab', '']);
  });
});
