import { buildCritiquePrompt, PROMPT_VERSION, type ChatMessage } from '@/utils/prompt/critique-prompt';
import { askModel, missingKeyError, type ModelChoice } from '@/utils/llm/model-service';
import { estimateTokens } from '@/utils/llm/token-estimate';
import { estimateRequest } from '@/utils/llm/request-estimate';
import { fitToBudget } from '@/utils/pdf/budget';
import { checkContextualFit } from '@/utils/take/contextual-fit';
import { checkQuotes } from '@/utils/take/quotes';
import { decideFigureSending } from '@/utils/llm/figure-sending';
import { encodeFigure, thumbnailOf } from '@/utils/pdf/figure-encoding';
import { cacheFigures } from '@/utils/pdf/text-cache';
import { attachedFigure, describeFigures, figureSearchOf, prepareFigures, type FigureEncoder, type FiguresOutcome } from '@/utils/pipeline/paper-figures';
import { downloadPaperPdf, readPaperText, type PaperTextProgress } from '@/utils/pipeline/read-paper';
import { firstSentence, savedFigures, takeOrigin, type Take } from '@/utils/storage/take-schema';
import type { ExtractedPaper } from '@/utils/pdf/extract';
import type { ShownError, TakeState } from '@/utils/store/take-store';
import type { PaperRef } from '@/utils/sites/types';

/** How much of the model's context the paper may take, in tokens; the rest is the prompt and the answer. */
export const defaultPaperTokenBudget = 60_000;

export interface TakeSink {
  update(patch: Partial<TakeState>): void;
  appendMarkdown(delta: string): void;
  get(): TakeState;
}

export interface RunTakeOptions extends ModelChoice {
  paper: PaperRef;
  signal: AbortSignal;
  sink: TakeSink;
  fetch?: typeof globalThis.fetch;
  /** Origins of the citation-tagged sites the reader enabled (`readEnabledOrigins`): where a generic page's PDF may live. */
  enabledOrigins: readonly string[];
  now?: () => Date;
  /** Smaller after a "context too long" answer: the reader chose to send a trimmed paper. */
  paperTokenBudget?: number;
  /** How drawn figures become images; the sidebar's canvases by default. */
  figureEncoder?: FigureEncoder;
  perFigureTimeoutMs?: number;
  /**
   * Keeps the finished take (saves it to the library) before the take is announced as done, stopped or failed: a
   * reader who closes the sidebar or the browser at "Done." finds it in the library.
   */
  keep?(run: TakeRun): Promise<unknown>;
}

export const canvasFigureEncoder: FigureEncoder = { encode: encodeFigure, thumbnail: thumbnailOf };


/**
 * One take, start to end: fetch the PDF, read it, build the prompt, stream the answer, check its quotes.
 * Everything the reader should see goes through `sink`; a failure at any step becomes a ShownError and the
 * text that streamed so far stays. Returns the finished take (complete or partial) for saving, or undefined.
 */
export interface TakeRun {
  take: Take;
  paperText: ExtractedPaper;
  /** The conversation so far, for follow-up questions. */
  messages: ChatMessage[];
}

export async function runTake(options: RunTakeOptions): Promise<TakeRun | undefined> {
  const { paper, settings, signal, sink } = options;
  sink.update({ phase: 'fetching', error: undefined, markdown: '', quoteChecks: [], contextFit: [], usage: undefined, costUsd: undefined });
  // Said before the PDF is downloaded: without a key there will be nothing to send it to.
  const noKey = missingKeyError(options);
  if (noKey) {
    sink.update({ phase: 'failed', error: noKey });
    return undefined;
  }

  let paperText: ExtractedPaper;
  let pdfBytes: Uint8Array | undefined;
  let cacheKey: string | undefined;
  try {
    const progress: PaperTextProgress = {
      onDownload: (loaded, total) => sink.update({ phase: 'fetching', download: { loaded, total } }),
      onPages: (read, total) => sink.update({ phase: 'reading', pages: { read, total } }),
    };
    paperText = await readPaperText(paper, { signal, fetch: options.fetch, enabledOrigins: options.enabledOrigins, ...progress, onPdfBytes: (bytes) => (pdfBytes = bytes), onCacheKey: (key) => (cacheKey = key) });
  } catch (error) {
    sink.update({ phase: signal.aborted ? 'stopped' : 'failed', error: toShownPaperError(error) });
    return undefined;
  }

  const budget = fitToBudget(paperText, options.paperTokenBudget ?? defaultPaperTokenBudget);
  const decision = decideFigureSending(settings.model, settings);
  let figures: FiguresOutcome | undefined;
  if (decision.send) {
    sink.update({ phase: 'figures' });
    try {
      // A paper whose text came from the cache was not downloaded this time; its figures need the PDF itself.
      const bytes = pdfBytes ?? (await downloadPaperPdf(paper, { signal, fetch: options.fetch, enabledOrigins: options.enabledOrigins }));
      figures = await prepareFigures(bytes, {
        maxFigures: decision.maxFigures,
        sections: paperText.sections,
        search: await figureSearchOf(paperText, bytes, cacheKey, signal),
        signal,
        encoder: options.figureEncoder ?? canvasFigureEncoder,
        perFigureTimeoutMs: options.perFigureTimeoutMs,
        onProgress: (done, total) => sink.update({ figureProgress: { done, total } }),
      });
    } catch (error) {
      if (signal.aborted) {
        sink.update({ phase: 'stopped' });
        return undefined;
      }
      // The text is read; a figure search that fails costs the take its figures, not the take itself.
      figures = { sent: [], skipped: [], unreadable: error instanceof Error ? error.message : String(error) };
    }
  }
  sink.update({ phase: 'prompting' });
  const textOnly = { paper, text: budget.text };
  const summaryWith = (refused: boolean) => joinSummary(budget.summary, describeFigures(decision, settings.model, figures, refused));
  const sent = figures?.sent ?? [];
  const attached = sent.map(attachedFigure);
  let messages = buildCritiquePrompt({ ...textOnly, readingSummary: summaryWith(false), figures: attached });
  sink.update({
    readingSummary: summaryWith(false),
    hiddenText: paperText.hiddenText,
    uncheckedPages: paperText.uncheckedPages,
    paperTokens: estimateTokens(budget.text),
    figures: sent.map(({ number, page, caption, thumbnail }) => ({ number, page, caption, ...(thumbnail ? { thumbnail } : {}) })),
    estimate: estimateRequest(messages, settings),
  });

  const startedAt = (options.now ?? (() => new Date()))();
  // The images are kept beside the cached text, so that the take's follow-ups, asked after the sidebar or the browser
  // was closed, send the same images again. The write starts with the first words of an answer to the request that
  // carried them (the endpoint took them), so neither the first request nor the answer waits for it; the take is
  // announced done only once it has landed, so a reader who closes the browser at "Done." loses none of it.
  let imagesKept: Promise<unknown> | undefined;
  const keepImages = () => {
    if (imagesKept === undefined && cacheKey !== undefined && attached.length > 0 && messages.some((message) => message.images?.length)) {
      imagesKept = cacheFigures(cacheKey, { images: attached }).catch(() => false);
    }
  };
  const ask = () =>
    askModel({
      model: options,
      messages,
      purpose: 'take',
      signal,
      fetch: options.fetch,
      onDelta: (delta) => {
        if (sink.get().phase !== 'writing') {
          sink.update({ phase: 'writing' });
          keepImages();
        }
        sink.appendMarkdown(delta);
      },
      onUsage: (usage, costUsd) => sink.update({ usage, costUsd }),
    });
  sink.update({ phase: 'waiting' });
  let answer = await ask();
  if (answer.imagesRefused) {
    // Once, and said: the endpoint may serve a model that reads text only, whatever its name suggests.
    messages = buildCritiquePrompt({ ...textOnly, readingSummary: summaryWith(true) });
    sink.update({
      readingSummary: summaryWith(true),
      figures: [],
      notice: `${new URL(settings.baseURL).host} refused the figures as images, so Shedder's Take asked again without them.`,
      estimate: estimateRequest(messages, settings),
    });
    answer = await ask();
  }
  const failure: ShownError | undefined = answer.error?.kind === 'aborted' ? undefined : answer.error;

  // Everything that streamed, on screen now: the last deltas may still be waiting for the next render.
  const markdown = answer.text;
  sink.update({ phase: 'checking', markdown });
  const quoteChecks = checkQuotes(markdown, paperText.pages);
  // The persona's yardsticks are listed whether or not the take names them: the paper citing them is context too.
  const contextFit = checkContextualFit(markdown, paperText.references, { paperTitle: paperText.title ?? paper.title, paperText: paperText.pages.map((page) => page.text).join('\n') }).map(
    ({ work, named, inReferences }) => ({ work, named, inReferences }),
  );
  const stopped = signal.aborted || answer.finishReason === 'aborted';
  await imagesKept;
  const outcome: Partial<TakeState> = {
    quoteChecks,
    contextFit,
    phase: stopped ? 'stopped' : failure ? 'failed' : 'done',
    error: failure ? { ...failure, partialKept: markdown.length > 0 } : undefined,
  };
  if (!markdown.trim()) {
    sink.update(outcome);
    return undefined;
  }

  const usage = sink.get().usage;
  const createdAt = startedAt.toISOString();
  const take: Take = {
    ...takeOrigin(paper, { ...settings, promptVersion: PROMPT_VERSION }, createdAt),
    kind: 'full',
    status: failure || stopped ? 'partial' : 'complete',
    verdict: firstSentence(markdown),
    markdown,
    quoteChecks: quoteChecks.map(({ quote, page, status, foundOnPage }) => ({ quote, page, status, foundOnPage })),
    usage: { inputTokens: usage?.promptTokens ?? 0, outputTokens: usage?.completionTokens ?? 0, costUsd: sink.get().costUsd },
    followUps: [],
    // The summary as the sidebar last said it, with the figures' words (and their refusal, if the endpoint refused).
    reading: { summary: sink.get().readingSummary ?? budget.summary, hiddenText: paperText.hiddenText.length },
    figures: savedFigures(sink.get().figures),
  };
  const run: TakeRun = { take, paperText, messages: [...messages, { role: 'assistant', content: markdown }] };
  // In the library before the sidebar says "Done.", when a reader may close it.
  await options.keep?.(run);
  sink.update(outcome);
  return run;
}

/** The figures' words go after what was read, before what was skipped: "read pages 1–14 of 17, 5 figures (Fig. 8–12); skipped …". */
function joinSummary(textSummary: string, figureSummary: string): string {
  if (!figureSummary) return textSummary;
  // Split at the skipped list only: the read part may itself hold '; ' inside its note on blank or unread pages.
  const skippedAt = textSummary.indexOf('; skipped ');
  if (skippedAt < 0) return `${textSummary}, ${figureSummary}`;
  return `${textSummary.slice(0, skippedAt)}, ${figureSummary}${textSummary.slice(skippedAt)}`;
}

function toShownPaperError(error: unknown): ShownError {
  if (error && typeof error === 'object' && 'kind' in error && 'message' in error) {
    const { kind, message } = error as { kind: string; message: string };
    const retryable = !unreadableKinds.has(kind);
    return { kind, title: paperErrorTitles[kind] ?? 'The paper could not be read', message, retryable, ...(retryable ? { action: 'retry' as const } : {}) };
  }
  return { kind: 'unknown', title: 'The paper could not be read', message: String(error), retryable: true, action: 'retry' };
}

/** Papers no retry will make readable (the same paper, fetched again, fails the same way): one notice says why, and no Retry or Regenerate is offered. */
export const unreadableKinds: ReadonlySet<string> = new Set(['no-pdf', 'withdrawn', 'password', 'no-text-layer', 'not-this-paper']);

const paperErrorTitles: Record<string, string> = {
  'not-this-paper': 'This PDF is not the paper',
  'no-pdf': 'There is no PDF to read',
  'not-found': 'The PDF is not there',
  'login-required': 'The site wants you to sign in',
  'bot-check': 'The site is checking for robots',
  withdrawn: 'This paper was withdrawn',
  'not-pdf': 'That is not a PDF',
  'too-large': 'The PDF is too large',
  http: 'The site refused the PDF',
  network: 'The PDF could not be downloaded',
  aborted: 'Stopped',
  password: 'The PDF is password-protected',
  damaged: 'The PDF is damaged',
  'no-text-layer': 'The PDF has no text layer',
  timeout: 'Reading the PDF took too long',
  empty: 'The PDF has no pages',
  'reader-failed': 'The PDF reader did not start',
};
