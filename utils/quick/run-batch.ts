import PQueue from 'p-queue';
import { askModel, missingKeyError, type ModelChoice } from '../llm/model-service';
import type { TakeError, TakeErrorKind } from '../llm/take-error';
import { estimatePromptTokens, estimateTokens } from '../llm/token-estimate';
import { buildQuickTakePrompt, parseQuickTakeVerdict, PROMPT_VERSION, type QuickTakeVerdict } from '../prompt/critique-prompt';
import { costOf } from '../storage/settings';
import { firstSentence, takeOrigin, type Take, type TakeUsage } from '../storage/take-schema';
import type { PaperRef } from '../sites/types';
import { paperKey } from '../sites/paper-key';
import { distinctPapers, fullTakeOffer, needsAbstractFetch, type FullTakeOffer } from './batch-papers';
import { defaultQuickConcurrency } from './concurrency';
import { createArxivAbstractFetcher, type AbstractFetcher } from './fetch-abstract';

/** 'not-sent': a batch-wide error (a refused key, no credit) stopped the batch before this entry's request went out. */
export type QuickEntryStatus = 'queued' | 'fetching-abstract' | 'running' | 'done' | 'failed' | 'cancelled' | 'not-sent';

/** listing: the page showed it; fetched: read from the abstract page; none: the take rests on the title alone. */
export type AbstractSource = 'listing' | 'fetched' | 'none';

/** One entry of a batch as the UI shows it. Every update is a new object, so it can go straight into UI state. */
export interface QuickEntryState {
  /** `paperKey(paper)`: stable across retries. */
  key: string;
  /** The paper as sent to the model: with the fetched abstract (and PDF address) once they arrived. */
  paper: PaperRef;
  status: QuickEntryStatus;
  abstractSource?: AbstractSource;
  /** Why there is no abstract, in the reader's words; also written into the saved take. */
  abstractNote?: string;
  /** The answer so far; kept on failure and cancel. */
  text: string;
  verdict?: QuickTakeVerdict;
  /** Set once saved (status done), or when the model finished but saving failed. */
  take?: Take;
  /** Why the model request failed; also set on entries a batch-wide error kept from starting. */
  error?: TakeError;
  /** The answer arrived but could not be saved (storage quota, …). */
  saveError?: string;
  usage?: TakeUsage;
  /** Queued again after a rate limit: the batch starts nothing before this time (epoch ms). */
  retryAt?: number;
  fullTake: FullTakeOffer;
}

export interface QuickBatchOptions extends ModelChoice {
  papers: readonly PaperRef[];
  /** Most model requests (and abstract fetches, which run in the same slots) in flight at once. */
  concurrency?: number;
  /** Cancel: nothing new starts, requests in flight are aborted and marked cancelled, finished takes stay saved. */
  signal?: AbortSignal;
  /** For the model and the default abstract fetcher. */
  fetch?: typeof globalThis.fetch;
  /** Defaults to fetching arXiv abstract pages with `fetch` and DOMParser. */
  fetchAbstract?: AbstractFetcher;
  onUpdate?: (entry: QuickEntryState) => void;
  /** Called as each take finishes, before its entry is done, so closing the tab loses only what is in flight. */
  save: (take: Take) => Promise<void>;
  /**
   * On a rate limit whose retry-after is at most this long, the batch starts nothing new until it has passed and
   * then sends that entry once more; a longer wait (a daily cap) fails the entry instead.
   */
  maxRateLimitWaitSeconds?: number;
  now?: () => Date;
}

export interface BatchResult {
  /** In the order of the distinct papers. */
  entries: QuickEntryState[];
  counts: Record<QuickEntryStatus, number>;
  /** What the requests used, as reported by the provider (else estimated at four characters a token). */
  usage: TakeUsage;
  /** An error that every further request would have hit too (bad key, no credit, unknown model): the batch stopped on it. */
  stoppedBy?: TakeError;
}

export const defaultMaxRateLimitWaitSeconds = 30;

/**
 * Errors about the account or model, not the entry: sending the remaining requests would only repeat them.
 * Not 'forbidden': OpenRouter answers 403 for moderation, which is about one paper.
 */
const batchWideErrorKinds: ReadonlySet<TakeErrorKind> = new Set(['no-key', 'key-unreadable', 'bad-key', 'unknown-model', 'out-of-quota']);

const titleOnlyNote = 'Quick take from the title alone: no abstract was available.';

/** The verdict line as the model wrote it ("Verdict: skim"), for badges; the first sentence when it ignored the format. */
export function verdictLine(answer: string): string {
  const line = answer.split('\n').find((candidate) => /verdict\s*:/i.test(candidate));
  return line ? line.replace(/[*_`#>]+/g, '').replace(/\s+/g, ' ').trim() : firstSentence(answer);
}

function quickTakeMarkdown(answer: string, abstractNote: string | undefined): string {
  return abstractNote ? `${answer.trim()}\n\n> ${abstractNote}` : answer.trim();
}

function initialState(paper: PaperRef): QuickEntryState {
  return { key: paperKey(paper), paper, status: 'queued', text: '', fullTake: fullTakeOffer(paper) };
}

/** Progress for the UI ("12 of 50 done, 2 failed"), from the entries as onUpdate last reported them. */
export function countByStatus(entries: readonly QuickEntryState[]): Record<QuickEntryStatus, number> {
  const counts: Record<QuickEntryStatus, number> = { queued: 0, 'fetching-abstract': 0, running: 0, done: 0, failed: 0, cancelled: 0, 'not-sent': 0 };
  for (const entry of entries) counts[entry.status] += 1;
  return counts;
}

function totalUsage(entries: readonly QuickEntryState[]): TakeUsage {
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd: number | undefined = 0;
  for (const { usage } of entries) {
    if (!usage) continue;
    inputTokens += usage.inputTokens;
    outputTokens += usage.outputTokens;
    costUsd = costUsd === undefined || usage.costUsd === undefined ? undefined : costUsd + usage.costUsd;
  }
  return { inputTokens, outputTokens, ...(costUsd === undefined ? {} : { costUsd }) };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the entries in `states` that are queued, at most `concurrency` at a time, in order. Shared by a first run and
 * a retry, which hands back failed entries with the abstracts they already fetched.
 */
async function runEntries(states: QuickEntryState[], options: Omit<QuickBatchOptions, 'papers'>): Promise<TakeError | undefined> {
  const { settings, save, onUpdate } = options;
  const signal = options.signal ?? new AbortController().signal;
  const now = options.now ?? (() => new Date());
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? defaultQuickConcurrency));
  const fetchAbstract = options.fetchAbstract ?? createArxivAbstractFetcher({ fetch: options.fetch });
  const maxRateLimitWaitSeconds = options.maxRateLimitWaitSeconds ?? defaultMaxRateLimitWaitSeconds;
  // At most `concurrency` entries in flight, in page order; a rate-limited entry goes back to the front, and the
  // queue starts nothing until its retry-after has passed.
  const queue = new PQueue({ concurrency });
  const notStarted = new Set<number>();
  /** What an entry's run threw: a bug, not a failed request (those are data in the entry). The batch stops and rethrows it. */
  let crash: { error: unknown } | undefined;
  const resentAfterRateLimit = new Set<number>();
  let pausedUntil = 0;
  let resumeTimer: ReturnType<typeof setTimeout> | undefined;
  let stoppedBy: TakeError | undefined;

  const schedule = (index: number, priority = 0) => {
    notStarted.add(index);
    // Not awaited: the queue drops what was cleared without settling it; onIdle below waits for the rest.
    void queue.add(
      async () => {
        // Left as not started, and reported so below, should the batch have stopped since this was queued.
        if (signal.aborted || stoppedBy || crash) return;
        notStarted.delete(index);
        try {
          await runEntry(index);
        } catch (error) {
          crash ??= { error };
          stopStarting();
        }
      },
      { priority },
    );
  };
  /**
   * Cancel, or an error every request would hit: nothing new starts; requests in flight end on their own or on the
   * signal. Deferred a microtask: the signal can fire while the queue is starting an entry, which must finish first.
   */
  const stopStarting = () =>
    queueMicrotask(() => {
      clearTimeout(resumeTimer);
      queue.clear();
      queue.start();
    });
  const pauseUntil = (until: number) => {
    pausedUntil = Math.max(pausedUntil, until);
    queue.pause();
    clearTimeout(resumeTimer);
    resumeTimer = setTimeout(() => queue.start(), pausedUntil - Date.now());
  };

  const update = (index: number, patch: Partial<QuickEntryState>): QuickEntryState => {
    const next = { ...(states[index] as QuickEntryState), ...patch };
    states[index] = next;
    onUpdate?.(next);
    return next;
  };

  // Without a key nothing can be sent: every entry is left unsent, and the batch says why once.
  const noKey = missingKeyError(options);
  if (noKey) {
    states.forEach((state, index) => state.status === 'queued' && update(index, { status: 'not-sent' }));
    return noKey;
  }

  async function withAbstract(index: number): Promise<QuickEntryState> {
    const entry = states[index] as QuickEntryState;
    if (!needsAbstractFetch(entry.paper)) {
      return entry.paper.abstract?.trim() ? update(index, { abstractSource: entry.abstractSource ?? 'listing' }) : update(index, { abstractSource: 'none', abstractNote: titleOnlyNote });
    }
    update(index, { status: 'fetching-abstract' });
    try {
      const found = await fetchAbstract(entry.paper, signal);
      if (!found.abstract) {
        return update(index, { abstractSource: 'none', abstractNote: `${titleOnlyNote} The abstract page showed none.` });
      }
      const paper: PaperRef = { ...entry.paper, abstract: found.abstract };
      if (!paper.pdfUrl && found.pdfUrl) {
        paper.pdfUrl = found.pdfUrl;
        delete paper.noPdfReason;
      }
      return update(index, { paper, abstractSource: 'fetched', abstractNote: undefined, fullTake: fullTakeOffer(paper) });
    } catch (error) {
      if (signal.aborted) return update(index, { status: 'cancelled' });
      return update(index, { abstractSource: 'none', abstractNote: `${titleOnlyNote} The abstract page could not be read (${errorMessage(error)}).` });
    }
  }

  async function runEntry(index: number): Promise<void> {
    const entry = await withAbstract(index);
    if (entry.status === 'cancelled') return;
    if (signal.aborted) {
      update(index, { status: 'cancelled' });
      return;
    }
    const { paper, abstractNote } = entry;
    const messages = buildQuickTakePrompt(paper);
    const createdAt = now().toISOString();
    let text = '';
    update(index, { status: 'running', text, error: undefined, saveError: undefined, retryAt: undefined });
    const answer = await askModel({
      model: options,
      messages,
      signal,
      fetch: options.fetch,
      purpose: 'quick-take',
      onDelta: (delta) => {
        text += delta;
        update(index, { text });
      },
    });
    if (answer.finishReason === 'aborted' || (signal.aborted && answer.error?.kind === 'aborted')) {
      update(index, { status: 'cancelled', text });
      return;
    }
    const failure: TakeError | undefined = answer.error;
    let usage: TakeUsage | undefined;
    if (answer.finishReason !== 'error') {
      const inputTokens = answer.usage?.promptTokens ?? estimatePromptTokens(messages);
      const outputTokens = answer.usage?.completionTokens ?? estimateTokens(text);
      const costUsd = costOf(settings.prices, settings.model, inputTokens, outputTokens);
      usage = { inputTokens, outputTokens, ...(costUsd === undefined ? {} : { costUsd }) };
    }
    const retryAfterSeconds = failure?.kind === 'rate-limited' ? (failure.retryAfterSeconds ?? 0) : undefined;
    if (retryAfterSeconds !== undefined && retryAfterSeconds <= maxRateLimitWaitSeconds && !resentAfterRateLimit.has(index) && !signal.aborted) {
      resentAfterRateLimit.add(index);
      pauseUntil(Date.now() + retryAfterSeconds * 1000);
      update(index, { status: 'queued', error: failure, text: '', retryAt: pausedUntil });
      schedule(index, 1);
      return;
    }
    if (failure || !usage) {
      if (failure && batchWideErrorKinds.has(failure.kind) && !stoppedBy) {
        stoppedBy = failure;
        stopStarting();
      }
      update(index, { status: 'failed', error: failure, text, ...(usage ? { usage } : {}) });
      return;
    }
    const take: Take = {
      ...takeOrigin(paper, { ...settings, promptVersion: PROMPT_VERSION }, createdAt),
      kind: 'quick',
      status: 'complete',
      verdict: verdictLine(text),
      markdown: quickTakeMarkdown(text, abstractNote),
      quoteChecks: [],
      usage,
      followUps: [],
      figures: [],
    };
    const verdict = parseQuickTakeVerdict(text);
    try {
      await save(take);
    } catch (error) {
      update(index, { status: 'failed', take, usage, ...(verdict ? { verdict } : {}), saveError: errorMessage(error) });
      return;
    }
    update(index, { status: 'done', take, usage, ...(verdict ? { verdict } : {}) });
  }

  signal.addEventListener('abort', stopStarting, { once: true });
  states.forEach((state, index) => state.status === 'queued' && schedule(index));
  await queue.onIdle();
  signal.removeEventListener('abort', stopStarting);
  clearTimeout(resumeTimer);
  if (crash) throw crash.error;

  // What never started: cancelled by the user, or held back by a batch-wide error it would have hit as well.
  for (const index of notStarted) {
    update(index, { status: stoppedBy && !signal.aborted ? 'not-sent' : 'cancelled' });
  }
  return stoppedBy;
}

function resultOf(entries: QuickEntryState[], stoppedBy: TakeError | undefined): BatchResult {
  return { entries, counts: countByStatus(entries), usage: totalUsage(entries), ...(stoppedBy ? { stoppedBy } : {}) };
}

/**
 * Quick takes for one entry, a selection or a whole page: each distinct paper once, abstracts fetched where the
 * listing shows none, at most `concurrency` at a time, each take saved through `save` as soon as it is finished.
 * Never rejects for a failed entry: failures are in the entries, with the TakeError that says why.
 */
export async function runQuickBatch(options: QuickBatchOptions): Promise<BatchResult> {
  const entries = distinctPapers(options.papers).map(initialState);
  entries.forEach((entry) => options.onUpdate?.(entry));
  const stoppedBy = await runEntries(entries, options);
  return resultOf(entries, stoppedBy);
}

export interface RetryOptions extends Omit<QuickBatchOptions, 'papers'> {
  /** Also run the entries a cancel stopped (resume), not only the failed ones. */
  includeCancelled?: boolean;
}

/**
 * Runs the failed and unsent entries of an earlier batch again, keeping the abstracts already fetched; the other entries stay
 * as they were. An answer that arrived but could not be saved is saved again without asking the model twice.
 */
export async function retryFailed(previous: BatchResult, options: RetryOptions): Promise<BatchResult> {
  const isUnsaved = (entry: QuickEntryState) => entry.status === 'failed' && entry.take !== undefined && entry.saveError !== undefined;
  const entries = previous.entries.map((entry): QuickEntryState => {
    const rerun = (entry.status === 'failed' && !isUnsaved(entry)) || entry.status === 'not-sent' || (options.includeCancelled && entry.status === 'cancelled');
    if (!rerun) return entry;
    return { key: entry.key, paper: entry.paper, status: 'queued', text: '', fullTake: entry.fullTake, ...(entry.abstractSource === 'fetched' ? { abstractSource: 'fetched' } : {}) };
  });
  for (const [index, entry] of previous.entries.entries()) {
    if (!isUnsaved(entry) || !entry.take) continue;
    try {
      await options.save(entry.take);
      entries[index] = { ...entry, status: 'done', saveError: undefined };
    } catch (error) {
      entries[index] = { ...entry, saveError: errorMessage(error) };
    }
    options.onUpdate?.(entries[index] as QuickEntryState);
  }
  entries.forEach((entry) => entry.status === 'queued' && options.onUpdate?.(entry));
  const stoppedBy = await runEntries(entries, options);
  return resultOf(entries, stoppedBy);
}
