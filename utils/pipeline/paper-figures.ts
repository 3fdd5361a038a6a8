/**
 * The figures a take sends: found in the PDF, the evaluation's first, at most the reader's maximum, each drawn
 * within its time budget and encoded; and, in words for the reading summary, what was sent, what was skipped
 * and why ("5 figures (Fig. 8–12)", "no figures found").
 */
import type { FigureDecision } from '@/utils/llm/figure-sending';
import type { AttachedFigure } from '@/utils/prompt/critique-prompt';
import type { RenderedFigure } from '@/utils/pdf/figure-render';
import { toDataUrl } from '@/utils/pdf/figure-encoding';
import type { ExtractedPaper } from '@/utils/pdf/extract';
import { findFigures } from '@/utils/pdf/read-figures';
import { cacheFigures, getCachedFigures } from '@/utils/pdf/text-cache';
import { drawFigures, type DrawFiguresOptions, type FigureToDraw, type RenderedPixels } from '@/utils/pdf/render-figures';
import { detectFigures, type FigureDetection, type FigurePageInput, type RankSection } from '@/utils/pdf/figures';

export interface SentFigure {
  number: number;
  page: number;
  caption: string;
  image: RenderedFigure;
  /** Small JPEG data URL for the sidebar's strip and the saved take; absent when it could not be made small enough. */
  thumbnail?: string;
}

export interface NamedFigure {
  number: number;
  page: number;
}

export interface FiguresOutcome {
  sent: SentFigure[];
  /** Found and chosen, but not drawn in time (or not drawn at all). */
  skipped: (NamedFigure & { reason: 'too-slow' | 'failed' })[];
  /** Why nothing was found, when nothing was ("No figures found: …"). */
  noneFound?: string;
  /** The figure search failed (the PDF could not be fetched again, or read): the take goes on without figures. */
  unreadable?: string;
}

export interface FigureEncoder {
  encode(pixels: RenderedPixels): Promise<RenderedFigure>;
  thumbnail(pixels: RenderedPixels): Promise<string | undefined>;
}

export interface PrepareFiguresOptions extends Pick<DrawFiguresOptions, 'perFigureTimeoutMs' | 'onProgress'> {
  maxFigures: number;
  sections?: readonly RankSection[];
  /** The figure search's result, when it is known already (kept with the paper's cached text): nothing is searched. */
  search?: FigureDetection;
  /**
   * The pages the text extraction just read (ExtractedPaper.figurePages): searched as they are, with no second reading
   * of the PDF. Without them or a search (text from a cache that has no search) the PDF is read again, hidden-text
   * check included.
   */
  pages?: FigurePageInput[];
  signal?: AbortSignal;
  encoder: FigureEncoder;
}

const searchesOfPages = new WeakMap<readonly FigurePageInput[], FigureDetection>();

/**
 * The figure search over the pages one reading of the PDF gave: run once for them, whoever asks first (the take with
 * figures, or the text cache keeping the result for later takes).
 */
export function searchFigurePages(pages: readonly FigurePageInput[], sections?: readonly RankSection[]): FigureDetection {
  const known = searchesOfPages.get(pages);
  if (known) return known;
  const search = detectFigures(pages, { sections });
  searchesOfPages.set(pages, search);
  return search;
}

/**
 * The figure search for one reading of a paper: over the pages just read, else kept beside the cached text, else
 * (text cached before searches were kept) from the PDF read again, and then kept for next time.
 */
export async function figureSearchOf(
  paperText: Pick<ExtractedPaper, 'figurePages' | 'sections'>,
  bytes: Uint8Array,
  cacheKey: string | undefined,
  signal: AbortSignal,
): Promise<FigureDetection> {
  if (paperText.figurePages) return searchFigurePages(paperText.figurePages, paperText.sections);
  const kept = cacheKey === undefined ? undefined : (await getCachedFigures(cacheKey).catch(() => undefined))?.search;
  if (kept) return kept;
  const search = await findFigures(bytes, { signal, sections: paperText.sections });
  if (cacheKey !== undefined) await cacheFigures(cacheKey, { search }).catch(() => false);
  return search;
}

export async function prepareFigures(bytes: Uint8Array, options: PrepareFiguresOptions): Promise<FiguresOutcome> {
  options.signal?.throwIfAborted();
  const search =
    options.search ??
    (options.pages ? searchFigurePages(options.pages, options.sections) : await findFigures(bytes, { signal: options.signal, sections: options.sections }));
  if (!search.found) return { sent: [], skipped: [], noneFound: search.message };
  return drawAndEncodeFigures(bytes, search.figures.slice(0, options.maxFigures), options);
}

/** Draws figures the search found and encodes them as the model receives them, in the paper's order. */
export async function drawAndEncodeFigures(
  bytes: Uint8Array,
  figures: readonly (FigureToDraw & { caption: string })[],
  options: Pick<PrepareFiguresOptions, 'perFigureTimeoutMs' | 'onProgress' | 'signal' | 'encoder'>,
): Promise<Pick<FiguresOutcome, 'sent' | 'skipped'>> {
  const { drawn, skipped } = await drawFigures(bytes, figures, options);
  const sent: SentFigure[] = [];
  for (const { figure, pixels } of drawn) {
    options.signal?.throwIfAborted();
    const [image, thumbnail] = await Promise.all([options.encoder.encode(pixels), options.encoder.thumbnail(pixels)]);
    sent.push({ number: figure.number, page: figure.page, caption: figure.caption, image, ...(thumbnail ? { thumbnail } : {}) });
  }
  // The model reads them in the paper's order, whatever their rank.
  sent.sort((a, b) => a.number - b.number);
  return {
    sent,
    skipped: skipped.map(({ figure, reason }) => ({ number: figure.number, page: figure.page, reason })),
  };
}

/** A sent figure as the request carries it (and as the text cache keeps it for the take's follow-ups). */
export function attachedFigure({ number, page, caption, image }: SentFigure): AttachedFigure {
  return { number, page, caption, dataUrl: toDataUrl(image.type, image.bytes), widthPx: image.widthPx, heightPx: image.heightPx };
}

/** "Fig. 8–12", "Fig. 2, 5, 8–10": figure numbers in order, runs joined. */
export function figureRange(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let index = 0; index < sorted.length; ) {
    let end = index;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++;
    runs.push(end > index ? `${sorted[index]}–${sorted[end]}` : `${sorted[index]}`);
    index = end + 1;
  }
  return `Fig. ${runs.join(', ')}`;
}

const notSentWords: Record<Extract<FigureDecision, { send: false }>['reason'], (model: string) => string> = {
  'reader-chose-never': () => 'no figures sent (Settings: never)',
  'text-only-model': (model) => `no figures sent (${model} reads text only)`,
  'unknown-model': (model) => `no figures sent (${model} is not known to read images; Settings: Send figures "always" sends them)`,
};

/**
 * The figures' part of the reading summary: what was sent, what was skipped and why, or why none were sent.
 * `refused` when the endpoint refused the images and the take was written without them.
 */
export function describeFigures(decision: FigureDecision, model: string, outcome: FiguresOutcome | undefined, refused = false): string {
  if (!decision.send) return notSentWords[decision.reason](model);
  if (!outcome) return '';
  if (outcome.unreadable) return 'no figures sent (the figure search failed)';
  if (outcome.noneFound) return 'no figures found';
  const parts: string[] = [];
  const count = outcome.sent.length;
  if (count > 0) {
    const what = `${count} ${count === 1 ? 'figure' : 'figures'} (${figureRange(outcome.sent.map((figure) => figure.number))})`;
    parts.push(refused ? `${what} refused by the endpoint, so none were sent` : what);
  }
  for (const reason of ['too-slow', 'failed'] as const) {
    const missed = outcome.skipped.filter((figure) => figure.reason === reason);
    if (missed.length === 0) continue;
    const named = missed.map((figure) => `Fig. ${figure.number} (p. ${figure.page})`).join(', ');
    parts.push(`${named} skipped: ${reason === 'too-slow' ? 'not drawn in time' : 'could not be drawn'}`);
  }
  return parts.join('; ') || 'no figures sent';
}
