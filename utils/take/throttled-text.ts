/**
 * Text that grows by deltas (a streamed answer) and reaches the screen at most every `intervalMs`: every render parses
 * at least the block being written (utils/take/markdown-blocks.ts) and reconciles the view, so rendering each of a
 * long answer's thousands of deltas would still cost far more than the answer itself. The first delta shows at once;
 * later ones are gathered and shown together; `flush` shows the rest now.
 */
export interface ThrottledText {
  append(delta: string): void;
  /** Replaces the text (a new answer, or one loaded whole) and shows it at once. */
  set(text: string): void;
  /** Shows whatever is still gathered. */
  flush(): void;
  readonly text: string;
}

export interface ThrottleClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** At most ten renders a second: smooth enough to read as it arrives. */
export const streamRenderIntervalMs = 100;

export function throttledText(show: (text: string) => void, intervalMs = streamRenderIntervalMs, clock: ThrottleClock = realClock): ThrottledText {
  let text = '';
  let shown = '';
  let lastShownAt = Number.NEGATIVE_INFINITY;
  let timer: unknown;

  const showNow = () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    lastShownAt = clock.now();
    if (text === shown) return;
    shown = text;
    show(text);
  };

  return {
    append(delta) {
      if (!delta) return;
      text += delta;
      if (timer !== undefined) return;
      const wait = lastShownAt + intervalMs - clock.now();
      if (wait <= 0) showNow();
      else timer = clock.setTimeout(showNow, wait);
    },
    set(replacement) {
      text = replacement;
      showNow();
    },
    flush: showNow,
    get text() {
      return text;
    },
  };
}
