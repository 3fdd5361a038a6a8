import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { installDom } from './bench-dom';
import './wxt-imports-hook';
import { runWhenStartedAlone } from './run-alone';

/**
 * Rendering a streamed 200 KB answer in the sidebar's take view (TakeSections: the sections, then react-markdown), in
 * Node under happy-dom with React's production build. Every render parses the whole answer so far, so what a stream
 * costs depends on how often it is rendered:
 *
 * - before: one render per delta, as the sidebar did (estimated: every 128th render is timed, times 128, because
 *   rendering all of them takes hours; the cost of a render depends only on the length of the text);
 * - after: the same deltas through the real throttle (utils/take/throttled-text.ts) on a simulated clock, every render
 *   timed;
 * - reference: one render of the finished answer, in the same process.
 *
 * The stream: 4-character deltas (about a token each), one per millisecond, a fast model's pace.
 * Run: npx tsx test/bench/stream-render-bench.ts (or all benchmarks: npm run bench)
 */

const answerBytes = 200 * 1024;
const deltaChars = 4;
const deltaEveryMs = 1;
const sampleEvery = 128;

const sentences = [
  'The evaluation reports medians of ten runs and never the tail, which is where the claim lives.',
  'Requests come in clumps, and occasionally someone asks the model to write a novel.',
  'The baseline is last year’s system with its batching switched off, which is a choice, not a comparison.',
  'Figure 7 shows p99 latency on a log scale that starts at 80 ms, so every bar looks the same height.',
  'The trace is from one week at one company; whether it generalises is left to the reader’s optimism.',
];

/** A plausible take, four parts with paragraphs and lists, repeated to `bytes`. */
function longTake(bytes: number): string {
  const parts = ['## The "No-BS" Summary', '## The Core Mechanism', '## The Critique', '## Discussion Questions'];
  let text = '';
  for (let index = 0; text.length < bytes; index++) {
    const part = parts[Math.floor((index / 400) % parts.length)];
    if (index % 400 === 0) text += `\n${part}\n\n`;
    const sentence = sentences[index % sentences.length]!;
    text += index % 7 === 0 ? `- **Point ${index}.** ${sentence}\n` : `${sentence} (p. ${(index % 14) + 1}) `;
    if (index % 5 === 4) text += '\n\n';
  }
  return text.slice(0, bytes);
}

const round = (value: number) => Math.round(value * 10) / 10;

/** While a take streams its quotes are not checked yet: one empty list, as the sidebar passes, so finished sections stay memoised. */
const noQuoteChecks: never[] = [];

export async function benchStreamRender(): Promise<Record<string, number | string>> {
  process.env.NODE_ENV = 'production';
  installDom('chrome-extension://shedders-take-bench/sidebar-frame.html');
  const [{ createElement }, { createRoot }, { flushSync }, { TakeSections }, { throttledText, streamRenderIntervalMs }] = await Promise.all([
    import('react'),
    import('react-dom/client'),
    import('react-dom'),
    import('@/components/sidebar/TakeSections'),
    import('@/utils/take/throttled-text'),
  ]);

  const answer = longTake(answerBytes);
  const deltas = Array.from({ length: Math.ceil(answer.length / deltaChars) }, (_, index) => answer.slice(index * deltaChars, (index + 1) * deltaChars));

  /** One sidebar's take view; each render is synchronous and timed. */
  const view = () => {
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    return {
      render(markdown: string): number {
        const start = performance.now();
        flushSync(() => root.render(createElement(TakeSections, { markdown, streaming: true, quoteChecks: noQuoteChecks })));
        return performance.now() - start;
      },
      close() {
        root.unmount();
        container.remove();
      },
    };
  };

  // Reference: the finished answer rendered once (best of three, each in a fresh view).
  const singles: number[] = [];
  for (let round = 0; round < 3; round++) {
    const fresh = view();
    singles.push(fresh.render(answer));
    fresh.close();
  }
  const singleMs = Math.min(...singles);

  // Before: a render per delta, every 128th one timed.
  const perDelta = view();
  let sampledMs = 0;
  let text = '';
  deltas.forEach((delta, index) => {
    text += delta;
    if (index % sampleEvery === sampleEvery - 1 || index === deltas.length - 1) sampledMs += perDelta.render(text);
  });
  perDelta.close();
  const beforeMs = sampledMs * sampleEvery;

  // After: the real throttle, the stream's time simulated (a delta per millisecond), every render timed.
  let clock = 0;
  const timers: { at: number; run: () => void }[] = [];
  const throttled = view();
  let afterMs = 0;
  let afterRenders = 0;
  const stream = throttledText(
    (markdown) => {
      afterMs += throttled.render(markdown);
      afterRenders += 1;
    },
    streamRenderIntervalMs,
    {
      now: () => clock,
      setTimeout: (run, ms) => timers.push({ at: clock + ms, run }),
      clearTimeout: (timer) => void timers.splice(timers.indexOf(timer as (typeof timers)[number]), 1),
    },
  );
  for (const delta of deltas) {
    stream.append(delta);
    clock += deltaEveryMs;
    for (const due of timers.filter((timer) => timer.at <= clock)) {
      timers.splice(timers.indexOf(due), 1);
      due.run();
    }
  }
  stream.flush();
  throttled.close();

  return {
    'answer (KB)': answerBytes / 1024,
    deltas: deltas.length,
    'simulated stream (s)': (deltas.length * deltaEveryMs) / 1000,
    'reference: one render of the whole answer (ms)': round(singleMs),
    'before: renders': deltas.length,
    'before: render time, estimated from 1 in 128 (s)': round(beforeMs / 1000),
    'before ÷ reference': Math.round(beforeMs / singleMs),
    'after: renders': afterRenders,
    'after: render time (s)': round(afterMs / 1000),
    'after ÷ reference': round(afterMs / singleMs),
    'before ÷ after': round(beforeMs / afterMs),
    cpus: cpus().length,
    'load average (1 min)': round(loadavg()[0] ?? 0),
  };
}

runWhenStartedAlone(import.meta.url, benchStreamRender);
