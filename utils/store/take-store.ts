import { create } from 'zustand';
import { throttledText } from '@/utils/take/throttled-text';
import type { TokenUsage } from '@/utils/llm/openai-client';
import type { RequestEstimate } from '@/utils/llm/request-estimate';
import type { TakeError } from '@/utils/llm/take-error';
import type { HiddenText } from '@/utils/pdf/hidden-techniques';
import type { QuoteCheck, SavedFigure } from '@/utils/storage/take-schema';

/**
 * UI state of one sidebar: where the current take is and what has streamed so far. Saved takes live in
 * storage; this store never becomes a second copy of them.
 */
export type TakePhase = 'idle' | 'fetching' | 'reading' | 'figures' | 'prompting' | 'waiting' | 'writing' | 'checking' | 'done' | 'stopped' | 'failed';

export interface ContextFitRow {
  work: string;
  named: 'persona' | 'take';
  inReferences: boolean;
}

/** What went wrong, in the reader's words: a model error (utils/llm/take-error) or a PDF one (utils/pdf), whose kinds are its own. */
export type ShownError = Omit<TakeError, 'kind'> & { kind: string };

export type SaveState = { state: 'unsaved' } | { state: 'saving' } | { state: 'saved'; takeId: string } | { state: 'failed'; message: string };

/** A figure sent to the model, as the sidebar's strip shows it and the take keeps it. */
export type ShownFigure = SavedFigure;

export interface TakeState {
  phase: TakePhase;
  download?: { loaded: number; total?: number };
  pages?: { read: number; total: number };
  figureProgress?: { done: number; total: number };
  readingSummary?: string;
  figures: ShownFigure[];
  estimate?: RequestEstimate;
  /** Something the reader should know about how the take was asked for (the endpoint refused the figures). */
  notice?: string;
  /** Estimated tokens of paper text in the last prompt, so a trimmed retry can send less than that. */
  paperTokens?: number;
  hiddenText: HiddenText[];
  /** Pages whose hidden-text check ran out of time; their text was sent. */
  uncheckedPages: number[];
  markdown: string;
  usage?: TokenUsage;
  costUsd?: number;
  error?: ShownError;
  quoteChecks: QuoteCheck[];
  contextFit: ContextFitRow[];
  save: SaveState;
  /** A saved take of the paper is on screen (for the collapsed strip's word). */
  savedShown: boolean;
  update(patch: Partial<TakeState>): void;
  /** A streamed delta: `markdown` shows it within the render interval, not on every delta. */
  appendMarkdown(delta: string): void;
  reset(): void;
}

const initial = {
  phase: 'idle' as TakePhase,
  download: undefined,
  pages: undefined,
  figureProgress: undefined,
  readingSummary: undefined,
  figures: [],
  estimate: undefined,
  notice: undefined,
  paperTokens: undefined,
  hiddenText: [],
  uncheckedPages: [],
  markdown: '',
  usage: undefined,
  costUsd: undefined,
  error: undefined,
  quoteChecks: [],
  contextFit: [],
  save: { state: 'unsaved' } as SaveState,
  savedShown: false,
};

export const useTakeStore = create<TakeState>()((set) => {
  // Each render of the take parses all of it: the stream is shown at most every 100 ms, not on every delta.
  const streamed = throttledText((markdown) => set({ markdown }));
  return {
    ...initial,
    update: (patch) => {
      if (patch.markdown !== undefined) streamed.set(patch.markdown);
      set(patch);
    },
    appendMarkdown: (delta) => streamed.append(delta),
    // A new run does not change which saved takes exist.
    reset: () => {
      streamed.set('');
      set((state) => ({ ...initial, savedShown: state.savedShown }));
    },
  };
});

export type StripTone = 'neutral' | 'working' | 'ok' | 'warn' | 'bad';

/** The take's state in a word or two, for the collapsed sidebar's strip and the sidebar's bar. */
export function stripStatus(phase: TakePhase, savedShown: boolean): { word: string; tone: StripTone } {
  switch (phase) {
    case 'fetching':
    case 'reading':
    case 'figures':
    case 'prompting':
      return { word: 'Reading…', tone: 'working' };
    case 'waiting':
    case 'writing':
    case 'checking':
      return { word: 'Writing…', tone: 'working' };
    case 'done':
      return { word: 'Take ready', tone: 'ok' };
    case 'stopped':
      return { word: 'Stopped', tone: 'warn' };
    case 'failed':
      return { word: 'Problem', tone: 'bad' };
    case 'idle':
      return savedShown ? { word: 'Take saved', tone: 'ok' } : { word: 'No take yet', tone: 'neutral' };
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

/** The one-line answer to "what is it doing now?", announced politely to screen readers. */
export function describePhase(state: Pick<TakeState, 'phase' | 'download' | 'pages' | 'figureProgress' | 'readingSummary'>): string {
  switch (state.phase) {
    case 'idle':
      return '';
    case 'fetching': {
      const { download } = state;
      if (!download) return 'Fetching the PDF…';
      return download.total
        ? `Fetching the PDF… ${megabytes(download.loaded)} of ${megabytes(download.total)} MB`
        : `Fetching the PDF… ${megabytes(download.loaded)} MB`;
    }
    case 'reading':
      return state.pages ? `Reading the paper… page ${state.pages.read} of ${state.pages.total}` : 'Reading the paper…';
    case 'figures':
      return state.figureProgress ? `Drawing the figures… ${state.figureProgress.done} of ${state.figureProgress.total}` : 'Finding the figures…';
    case 'prompting':
      return 'Preparing the prompt…';
    case 'waiting':
      return 'Waiting for the model…';
    case 'writing':
      return 'Writing…';
    case 'checking':
      return 'Checking the quotes against the paper…';
    case 'done':
      return 'Done.';
    case 'stopped':
      return 'Stopped. What arrived so far is kept.';
    case 'failed':
      return 'Stopped by an error.';
  }
}

function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** "About 23,400 input tokens (text 19,100 + 5 figures 4,300), about $0.06 before the answer." */
export function describeEstimate(estimate: RequestEstimate): string {
  const { textTokens, figureCount, imageTokens } = estimate;
  const figures = figureCount === 0 ? '' : ` + ${figureCount} ${figureCount === 1 ? 'figure' : 'figures'} ${imageTokens === undefined ? '(tokens not known for this model)' : formatCount(imageTokens)}`;
  const total = textTokens + (imageTokens ?? 0);
  const cost = estimate.costUsd === undefined ? '' : `, about $${estimate.costUsd < 0.01 ? estimate.costUsd.toFixed(4) : estimate.costUsd.toFixed(2)} before the answer`;
  return `About ${formatCount(total)} input tokens (text ${formatCount(textTokens)}${figures})${cost}.`;
}
