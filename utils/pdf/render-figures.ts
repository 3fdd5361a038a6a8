/**
 * Draws the chosen figures of a paper: each figure's region of its page, at the scale planFigureRender decides,
 * into RGBA pixels, with the renderer the hidden-text check draws pages with (render.ts). Each figure has its own time budget; one that misses it (or fails to draw) is skipped and
 * named, and the others go on. Encoding the pixels is the caller's (the sidebar has canvases that encode).
 */
import { planFigureRender, type FigureRenderRequest } from './figure-render';
import type { PageBox } from './layout';
import { openPdf, type PdfPage } from './pdfjs';
import { renderPage, type RenderedRegion } from './render';

/** RGBA pixels, row by row from the top. */
export type RenderedPixels = Pick<RenderedRegion, 'width' | 'height' | 'pixels'>;

export interface FigureToDraw {
  number: number;
  page: number;
  region: PageBox;
}

export interface DrawnFigure<F extends FigureToDraw> {
  figure: F;
  request: FigureRenderRequest;
  pixels: RenderedPixels;
}

export interface SkippedFigure<F extends FigureToDraw> {
  figure: F;
  reason: 'too-slow' | 'failed';
}

export interface DrawFiguresOptions {
  signal?: AbortSignal;
  /** Longest one figure may take to draw. */
  perFigureTimeoutMs?: number;
  /** Called after each figure, drawn or skipped. */
  onProgress?(done: number, total: number): void;
}

export const defaultPerFigureTimeoutMs = 5_000;

class FigureTimeout extends Error {
  override readonly name = 'FigureTimeout';
}

export async function drawFigures<F extends FigureToDraw>(
  bytes: Uint8Array,
  figures: readonly F[],
  options: DrawFiguresOptions = {},
): Promise<{ drawn: DrawnFigure<F>[]; skipped: SkippedFigure<F>[] }> {
  const { signal, perFigureTimeoutMs = defaultPerFigureTimeoutMs } = options;
  const drawn: DrawnFigure<F>[] = [];
  const skipped: SkippedFigure<F>[] = [];
  if (figures.length === 0) return { drawn, skipped };
  const opened = openPdf(bytes);
  // Figures are drawn page by page: a page's operator list (its fonts and images decoded) is built once for all of its figures.
  const order = figures.map((figure, index) => ({ figure, index })).sort((a, b) => a.figure.page - b.figure.page || a.index - b.index);
  const outcomes: ({ drawn: DrawnFigure<F> } | { skipped: SkippedFigure<F> })[] = [];
  let open: { number: number; page: PdfPage } | undefined;
  try {
    const document = await opened.document;
    for (const { figure, index } of order) {
      signal?.throwIfAborted();
      const request = planFigureRender(figure);
      const figureAbort = new AbortController();
      const stop = () => figureAbort.abort();
      signal?.addEventListener('abort', stop, { once: true });
      const timer = setTimeout(() => figureAbort.abort(new FigureTimeout()), perFigureTimeoutMs);
      try {
        if (open?.number !== figure.page) {
          open?.page.cleanup();
          open = undefined;
          open = { number: figure.page, page: await document.getPage(figure.page) };
        }
        const { region } = request;
        const rendered = await renderPage(document, open.page, { scale: request.scale, region: [region.left, region.bottom, region.right, region.top], signal: figureAbort.signal });
        outcomes[index] = { drawn: { figure, request, pixels: { width: rendered.width, height: rendered.height, pixels: rendered.pixels } } };
      } catch {
        signal?.throwIfAborted();
        outcomes[index] = { skipped: { figure, reason: figureAbort.signal.reason instanceof FigureTimeout ? 'too-slow' : 'failed' } };
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
      }
      options.onProgress?.(outcomes.filter(Boolean).length, figures.length);
    }
  } finally {
    open?.page.cleanup();
    await opened.destroy();
  }
  for (const outcome of outcomes) {
    if ('drawn' in outcome) drawn.push(outcome.drawn);
    else skipped.push(outcome.skipped);
  }
  return { drawn, skipped };
}
