/**
 * Draws the chosen figures of a paper: each figure's region of its page, at the scale planFigureRender decides,
 * into RGBA pixels, with the renderer the hidden-text check draws pages with (render.ts). Each figure has its own time budget; one that misses it (or fails to draw) is skipped and
 * named, and the others go on. Encoding the pixels is the caller's (the sidebar has canvases that encode).
 */
import { planFigureRender, type FigureRenderRequest } from './figure-render';
import type { PageBox } from './layout';
import { openPdf } from './pdfjs';
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
  try {
    const document = await opened.document;
    for (const figure of figures) {
      signal?.throwIfAborted();
      const request = planFigureRender(figure);
      const figureAbort = new AbortController();
      const stop = () => figureAbort.abort();
      signal?.addEventListener('abort', stop, { once: true });
      const timer = setTimeout(() => figureAbort.abort(new FigureTimeout()), perFigureTimeoutMs);
      try {
        const page = await document.getPage(figure.page);
        try {
          const { region } = request;
          const rendered = await renderPage(document, page, { scale: request.scale, region: [region.left, region.bottom, region.right, region.top], signal: figureAbort.signal });
          drawn.push({ figure, request, pixels: { width: rendered.width, height: rendered.height, pixels: rendered.pixels } });
        } finally {
          page.cleanup();
        }
      } catch {
        signal?.throwIfAborted();
        skipped.push({ figure, reason: figureAbort.signal.reason instanceof FigureTimeout ? 'too-slow' : 'failed' });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
      }
      options.onProgress?.(drawn.length + skipped.length, figures.length);
    }
  } finally {
    await opened.destroy();
  }
  return { drawn, skipped };
}
