import { buildCritiquePrompt, type AttachedFigure, type ChatMessage } from '@/utils/prompt/critique-prompt';
import { fitToBudget } from '@/utils/pdf/budget';
import type { ExtractedPaper } from '@/utils/pdf/extract';
import type { FigureDetection } from '@/utils/pdf/figures';
import { cacheFigures, getCachedFigures } from '@/utils/pdf/text-cache';
import type { SavedFigure, Take } from '@/utils/storage/take-schema';
import { attachedFigure, drawAndEncodeFigures, figureRange, figureSearchOf, type FigureEncoder } from './paper-figures';
import { canvasFigureEncoder, defaultPaperTokenBudget } from './run-take';
import { cachedPaperText, downloadPaperPdf, readPaperText, type ReadPaperOptions } from './read-paper';

export interface SavedTakeConversation {
  messages: ChatMessage[];
  /**
   * Set when some of the figures the take was answered with could not be had again, in one line for the reader: the
   * messages then carry only the others, and nothing should be sent before the reader has seen this.
   */
  missingFigures?: string;
}

export interface SavedTakeOptions extends ReadPaperOptions {
  /** How figures drawn again become images; the sidebar's canvases by default, as for the take itself. */
  figureEncoder?: FigureEncoder;
  perFigureTimeoutMs?: number;
}

/**
 * The conversation behind a saved take, rebuilt for a follow-up question after the sidebar (or the browser) was
 * closed: the paper's text from the text cache, or downloaded and read again when the cache no longer has it, the
 * same prompt with the same figures (kept beside the cached text, or drawn again from the PDF as they were the first
 * time), the take as the model's answer, then the follow-up thread so far. Nothing is sent to the model here.
 */
export async function conversationOfSavedTake(take: Take, options: SavedTakeOptions): Promise<SavedTakeConversation> {
  let cacheKey: string | undefined;
  let pdfBytes: Uint8Array | undefined;
  const paperText = await readPaperText(take.paper, { ...options, onCacheKey: (key) => (cacheKey = key), onPdfBytes: (bytes) => (pdfBytes = bytes) });
  if (take.figures.length === 0) return { messages: conversationWith(take, paperText, []) };
  const kept = cacheKey === undefined ? [] : ((await getCachedFigures(cacheKey).catch(() => undefined))?.images ?? []);
  const { found, missing } = matchFigures(take.figures, kept);
  let why = '';
  if (missing.length > 0) {
    try {
      const bytes = pdfBytes ?? (await downloadPaperPdf(take.paper, options));
      const search = await figureSearchOf(paperText, bytes, cacheKey, options.signal);
      const redrawn = await drawSameFigures(bytes, search, missing, options);
      found.push(...redrawn);
      if (cacheKey !== undefined && redrawn.length > 0) await cacheFigures(cacheKey, { images: redrawn }).catch(() => false);
      if (redrawn.length < missing.length) why = 'they are no longer found where they were in the PDF';
    } catch (error) {
      options.signal.throwIfAborted();
      why = error instanceof Error ? error.message.replace(/\.$/, '') : String(error);
    }
  }
  const attached = take.figures.flatMap((figure) => found.filter((image) => sameFigure(image, figure)));
  const messages = conversationWith(take, paperText, attached);
  if (attached.length === take.figures.length) return { messages };
  const lost = take.figures.filter((figure) => !attached.some((image) => sameFigure(image, figure))).map((figure) => figure.number);
  return {
    messages,
    missingFigures: `${figureRange(lost)} of the take could not be drawn again (${why}), so questions go without ${lost.length === 1 ? 'it' : 'them'}: Ask again to send yours anyway.`,
  };
}

/**
 * The same conversation when the text cache has the paper and the take's figures, without fetching anything: what a
 * reopened take's follow-up estimate is counted from before the reader asks. Undefined when the paper or a figure
 * would have to be read or drawn again.
 */
export async function cachedConversationOfSavedTake(take: Take, enabledOrigins: readonly string[]): Promise<ChatMessage[] | undefined> {
  const cached = await cachedPaperText(take.paper, enabledOrigins);
  if (!cached) return undefined;
  if (take.figures.length === 0) return conversationWith(take, cached.text, []);
  const kept = await getCachedFigures(cached.key).catch(() => undefined);
  const { found, missing } = matchFigures(take.figures, kept?.images ?? []);
  return missing.length > 0 ? undefined : conversationWith(take, cached.text, found);
}

function sameFigure(image: { number: number; page: number }, figure: { number: number; page: number }): boolean {
  return image.number === figure.number && image.page === figure.page;
}

/** The kept images of the take's figures, in the take's order, and the take's figures that have none. */
function matchFigures(figures: readonly SavedFigure[], kept: readonly AttachedFigure[]): { found: AttachedFigure[]; missing: SavedFigure[] } {
  const found: AttachedFigure[] = [];
  const missing: SavedFigure[] = [];
  for (const figure of figures) {
    const image = kept.find((candidate) => sameFigure(candidate, figure));
    if (image) found.push(image);
    else missing.push(figure);
  }
  return { found, missing };
}

/**
 * The take's figures drawn again: the same regions of the same pages (the search is the same reading's), hence the
 * same pixels, size and encoding. A figure the search no longer finds on its page is not replaced by another.
 */
async function drawSameFigures(bytes: Uint8Array, search: FigureDetection, wanted: readonly SavedFigure[], options: SavedTakeOptions): Promise<AttachedFigure[]> {
  if (!search.found) return [];
  const same = search.figures.filter((figure) => wanted.some((saved) => sameFigure(figure, saved)));
  const { sent } = await drawAndEncodeFigures(bytes, same, {
    signal: options.signal,
    encoder: options.figureEncoder ?? canvasFigureEncoder,
    ...(options.perFigureTimeoutMs !== undefined ? { perFigureTimeoutMs: options.perFigureTimeoutMs } : {}),
  });
  return sent.map(attachedFigure);
}

function conversationWith(take: Take, paperText: ExtractedPaper, figures: readonly AttachedFigure[]): ChatMessage[] {
  const budget = fitToBudget(paperText, defaultPaperTokenBudget);
  const prompt = buildCritiquePrompt({ paper: take.paper, text: budget.text, readingSummary: budget.summary, ...(figures.length > 0 ? { figures } : {}) });
  return [...prompt, { role: 'assistant', content: take.markdown }, ...take.followUps.map(({ role, content }) => ({ role, content }))];
}
