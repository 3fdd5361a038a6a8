import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { installDom } from './bench-dom';
import './wxt-imports-hook';
import { runWhenStartedAlone } from './run-alone';

/**
 * Rendering a streamed answer in the sidebar's take view, in Node under happy-dom with React's production build, the
 * deltas through the real throttle (utils/take/throttled-text.ts) on a simulated clock, every render timed:
 *
 * - whole text: each render splits the answer so far into sections by parsing all of it and renders each section's
 *   text at once (finished sections memoised), as the sidebar did before;
 * - blocks: the sidebar's take view now (TakeSections), which follows the answer block by block and parses only the
 *   block being written;
 * - reference: one render of the finished answer, parsed whole, in a fresh view, in the same process.
 *
 * Three answers: 50 KB and 200 KB in a single section (the worst case for the whole-text view: its one section grows
 * to the end; work that grows in proportion to the answer keeps the same ratio to the reference at both lengths), and a
 * normal four-part take of 8 KB. The stream: 4-character deltas (about a token each), one per
 * millisecond, a fast model's pace.
 * Run: npx tsx test/bench/stream-render-bench.ts (or all benchmarks: npm run bench)
 */

const longAnswerBytes = 200 * 1024;
const normalTakeBytes = 8 * 1024;
const deltaChars = 4;
const deltaEveryMs = 1;

const sentences = [
  'The evaluation reports medians of ten runs and never the tail, which is where the claim lives.',
  'Requests come in clumps, and occasionally someone asks the model to write a novel.',
  'The baseline is last year’s system with its batching switched off, which is a choice, not a comparison.',
  'Figure 7 shows p99 latency on a log scale that starts at 80 ms, so every bar looks the same height.',
  'The trace is from one week at one company; whether it generalises is left to the reader’s optimism.',
];

/** A plausible take of paragraphs and lists, `bytes` long, its parts `sentencesPerPart` sentences each. */
function take(bytes: number, sentencesPerPart: number): string {
  const parts = ['## The "No-BS" Summary', '## The Core Mechanism', '## The Critique', '## Discussion Questions'];
  let text = '';
  for (let index = 0; text.length < bytes; index++) {
    const part = parts[Math.floor((index / sentencesPerPart) % parts.length)];
    if (index % sentencesPerPart === 0) text += `\n${part}\n\n`;
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
  const [{ createElement, Fragment }, { createRoot }, { flushSync }, { TakeSections }, { WholeTakeMarkdown }, { headingsOf, sectionsOfBlocks }, { parseMarkdownTree, prepareMarkdown }, { throttledText, streamRenderIntervalMs }] =
    await Promise.all([
      import('react'),
      import('react-dom/client'),
      import('react-dom'),
      import('@/components/sidebar/TakeSections'),
      import('@/components/common/TakeMarkdown'),
      import('@/utils/take/sections'),
      import('@/utils/take/markdown-blocks'),
      import('@/utils/take/throttled-text'),
    ]);

  /** The take view as it was: the whole answer parsed for its sections on every render, each section's text rendered at once. */
  const WholeTextTakeView = ({ markdown }: { markdown: string }) => {
    const text = prepareMarkdown(markdown);
    const { sections } = sectionsOfBlocks([{ text, summary: headingsOf(parseMarkdownTree(text).children, 0) }]);
    return createElement(
      Fragment,
      null,
      sections.map((section, index) => createElement(WholeTakeMarkdown, { key: `${section.key}-${index}`, markdown: section.body, className: 'reading' })),
    );
  };
  const views = {
    'whole text': (markdown: string) => createElement(WholeTextTakeView, { markdown }),
    blocks: (markdown: string) => createElement(TakeSections, { markdown, streaming: true, quoteChecks: noQuoteChecks }),
  };

  /** One sidebar's take view; each render is synchronous and timed. */
  const view = (element: (markdown: string) => ReturnType<typeof createElement>) => {
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    return {
      render(markdown: string): number {
        const start = performance.now();
        flushSync(() => root.render(element(markdown)));
        return performance.now() - start;
      },
      close() {
        root.unmount();
        container.remove();
      },
    };
  };

  /** The answer streamed through the real throttle on a simulated clock (a delta per millisecond). */
  const streamed = (answer: string, element: (markdown: string) => ReturnType<typeof createElement>) => {
    const deltas = Array.from({ length: Math.ceil(answer.length / deltaChars) }, (_, index) => answer.slice(index * deltaChars, (index + 1) * deltaChars));
    let clock = 0;
    const timers: { at: number; run: () => void }[] = [];
    const shown = view(element);
    let ms = 0;
    let renders = 0;
    const stream = throttledText(
      (markdown) => {
        ms += shown.render(markdown);
        renders += 1;
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
    shown.close();
    return { ms, renders, deltas: deltas.length };
  };

  const figures: Record<string, number | string> = {};
  for (const [label, answer] of [
    ['50 KB, one section', take(longAnswerBytes / 4, Number.POSITIVE_INFINITY)],
    ['200 KB, one section', take(longAnswerBytes, Number.POSITIVE_INFINITY)],
    ['8 KB, four parts', take(normalTakeBytes, 20)],
  ] as const) {
    // Reference: the finished answer parsed whole and rendered once (best of three, each in a fresh view).
    const singles: number[] = [];
    for (let round = 0; round < 3; round++) {
      const fresh = view(views['whole text']);
      singles.push(fresh.render(answer));
      fresh.close();
    }
    const referenceMs = Math.min(...singles);
    const before = streamed(answer, views['whole text']);
    const after = streamed(answer, views.blocks);
    Object.assign(figures, {
      [`${label}: deltas`]: before.deltas,
      [`${label}: renders`]: after.renders,
      [`${label}: reference, one render of the whole answer (ms)`]: round(referenceMs),
      [`${label}: whole text, streamed (s)`]: round(before.ms / 1000),
      [`${label}: whole text ÷ reference`]: round(before.ms / referenceMs),
      [`${label}: blocks, streamed (s)`]: round(after.ms / 1000),
      [`${label}: blocks ÷ reference`]: round(after.ms / referenceMs),
      [`${label}: whole text ÷ blocks`]: round(before.ms / after.ms),
    });
  }
  return { ...figures, cpus: cpus().length, 'load average (1 min)': round(loadavg()[0] ?? 0) };
}

runWhenStartedAlone(import.meta.url, benchStreamRender);
