/**
 * The contract for turning a detected figure into an image the model can read. Sizing is decided here (pure);
 * the pixels come from a renderer with this signature, built on the extension's pdf.js page renderer.
 */
import type { PageBox } from './layout';

/** About 150 dpi keeps axis labels legible; 1,024 px on the long side keeps an image's tokens and bytes bounded. */
export const figureRenderLimits = { dpi: 150, maxLongSidePx: 1024 } as const;

/** pdf.js's own unit: a scale of 1 draws one PDF point as one CSS pixel, 72 to the inch. */
const pointsPerInch = 72;

export interface FigureRenderRequest {
  page: number;
  /** PDF space, points, y upwards: DetectedFigure.region. */
  region: PageBox;
  /** Pixels per point. */
  scale: number;
  widthPx: number;
  heightPx: number;
}

export type FigureImageType = 'image/png' | 'image/jpeg';

export interface RenderedFigure {
  type: FigureImageType;
  bytes: Uint8Array;
  widthPx: number;
  heightPx: number;
}

/**
 * Renders one region of one page of the open document at the request's scale, encodes it both as PNG and as JPEG,
 * and returns the smaller (smallerImage). Rejects when the signal aborts or the time budget runs out, so a
 * figure that cannot be rendered in time is skipped and named rather than waited for.
 */
export type RenderFigureRegion = (request: FigureRenderRequest, options: { signal?: AbortSignal; timeoutMs: number }) => Promise<RenderedFigure>;

/** The scale and pixel size for a region: the dpi asked for, reduced so the long side fits. */
export function planFigureRender(figure: { page: number; region: PageBox }, limits: { dpi: number; maxLongSidePx: number } = figureRenderLimits): FigureRenderRequest {
  const widthPt = Math.max(figure.region.right - figure.region.left, 1);
  const heightPt = Math.max(figure.region.top - figure.region.bottom, 1);
  const scale = Math.min(limits.dpi / pointsPerInch, limits.maxLongSidePx / Math.max(widthPt, heightPt));
  return {
    page: figure.page,
    region: figure.region,
    scale,
    widthPx: Math.max(1, Math.min(limits.maxLongSidePx, Math.round(widthPt * scale))),
    heightPx: Math.max(1, Math.min(limits.maxLongSidePx, Math.round(heightPt * scale))),
  };
}

/** Plots with flat colours are smaller as PNG, photos and heat maps as JPEG: whichever encoding came out smaller. */
export function smallerImage(encodings: readonly RenderedFigure[]): RenderedFigure {
  const [first, ...rest] = encodings;
  if (!first) throw new Error('no encoding to choose from');
  return rest.reduce((best, candidate) => (candidate.bytes.byteLength < best.bytes.byteLength ? candidate : best), first);
}
