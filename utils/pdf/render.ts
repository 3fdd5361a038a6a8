/**
 * The one place that renders PDF pages: a page, or a region of it, at a given scale, into RGBA pixels, with
 * pdf.js's canvas renderer. It runs wherever pdf.js does: in our page-reading workers on an OffscreenCanvas, in
 * Node on @napi-rs/canvas. Every render of a page draws from one display operator list, fetched once
 * (`displayOperators`) and kept by pdf.js until the page is cleaned up, so a second render of the same page
 * costs only the drawing.
 */
import type { Box } from './page-drawing';
import { OPS, createPageCanvas, type PdfDocument, type PdfPage } from './pdfjs';

/** Pixels per PDF point at a browser's 100 % zoom (96 CSS pixels per inch, 72 points per inch). */
export const normalZoom = 96 / 72;

export interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

export interface RenderOptions {
  /** Pixels per PDF point: 1 is 72 dpi, `normalZoom` what a reader sees at 100 %. */
  scale: number;
  /** The part of the page to draw, in PDF user space; the page's crop box when left out. */
  region?: Box;
  /**
   * Operators to leave out, by index in the display operator list. Only painting operators may be left out:
   * leaving out a save, transform or clip changes everything drawn after it.
   */
  skip?: (operatorIndex: number) => boolean;
  signal?: AbortSignal;
}

export interface RenderedRegion {
  width: number;
  height: number;
  /** RGBA, row by row from the top. */
  pixels: Uint8ClampedArray;
  scale: number;
  region: Box;
  /** The pixels covering a box in PDF user space, as [x0, y0, x1, y1) clamped to the image; empty when outside. */
  pixelRect(box: Box): [number, number, number, number];
}

export class RenderCancelledError extends Error {
  override readonly name = 'RenderCancelledError';
}

function pageBox(page: PdfPage): Box {
  const [left = 0, bottom = 0, right = 612, top = 792] = page.view;
  return [left, bottom, right, top];
}

/** Runs a render task, cancelling it when the signal aborts. */
async function runRender(task: { promise: Promise<void>; cancel(): void }, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) {
    task.cancel();
    throw new RenderCancelledError('Rendering was cancelled.');
  }
  const onAbort = () => task.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await task.promise;
  } catch (error) {
    if (signal?.aborted) {
      throw new RenderCancelledError('Rendering was cancelled.');
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The operator list pdf.js draws the page from. Getting it through a render that draws nothing (rather than
 * `getOperatorList`, which pdf.js builds and caches separately) means later renders of the page reuse it.
 */
export async function displayOperators(pdf: PdfDocument, page: PdfPage, { signal }: { signal?: AbortSignal } = {}): Promise<OperatorList> {
  const canvas = createPageCanvas(pdf, 1, 1);
  let operators: OperatorList = { fnArray: [], argsArray: [] };
  try {
    const task = page.render({
      canvas: canvas.canvas as HTMLCanvasElement,
      viewport: page.getViewport({ scale: 1, rotation: 0 }),
      operationsFilter: (_index, list) => {
        operators = list;
        return false;
      },
    });
    await runRender(task, signal);
  } finally {
    canvas.release();
  }
  return operators;
}

/** Operators that only change the drawing state (or wait for a resource) and paint nothing themselves. */
const stateOnlyOps: ReadonlySet<number> = new Set([
  OPS.dependency, OPS.setLineWidth, OPS.setLineCap, OPS.setLineJoin, OPS.setMiterLimit, OPS.setDash, OPS.setRenderingIntent, OPS.setFlatness,
  OPS.transform, OPS.clip, OPS.eoClip, OPS.endPath, OPS.beginText, OPS.endText, OPS.setCharSpacing, OPS.setWordSpacing, OPS.setHScale,
  OPS.setLeading, OPS.setFont, OPS.setTextRenderingMode, OPS.setTextRise, OPS.moveText, OPS.setLeadingMoveText, OPS.setTextMatrix,
  OPS.nextLine, OPS.setStrokeColorSpace, OPS.setFillColorSpace, OPS.setStrokeColor, OPS.setStrokeColorN, OPS.setFillColor,
  OPS.setFillColorN, OPS.setStrokeGray, OPS.setFillGray, OPS.setStrokeRGBColor, OPS.setFillRGBColor, OPS.setStrokeCMYKColor,
  OPS.setFillCMYKColor, OPS.setStrokeTransparent, OPS.setFillTransparent, OPS.markPoint, OPS.markPointProps, OPS.beginCompat, OPS.endCompat,
]);
/** Operators that open a saved state, and those that close it: everything between them is undone at the close. */
const openOps: ReadonlySet<number> = new Set([OPS.save, OPS.paintFormXObjectBegin, OPS.beginGroup]);
const closeOps: ReadonlySet<number> = new Set([OPS.restore, OPS.paintFormXObjectEnd, OPS.endGroup]);

function changesSoftMask(args: unknown): boolean {
  const entries = Array.isArray(args) ? (args[0] as unknown) : undefined;
  return Array.isArray(entries) && entries.some((entry) => Array.isArray(entry) && entry[0] === 'SMask');
}

/**
 * Which operators a render can leave out: the painting operators `skip` names, and also every saved-state block
 * (save…restore, a form, a group) in which nothing is left to paint. Such a block changes nothing outside itself,
 * since its close restores the state it opened with, so leaving it out whole draws the same pixels while sparing
 * the renderer its transforms, clips and waits for images. A block whose marked content does not balance, or that
 * switches a soft mask (whose compositing pdf.js does at state changes), is kept.
 */
export function leaveOutMask(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, skip: (operatorIndex: number) => boolean): Uint8Array {
  const mask = new Uint8Array(fnArray.length);
  // Open blocks: where each starts, the marked-content depth there, and whether it paints.
  const open: { start: number; depth: number; paints: boolean }[] = [];
  let depth = 0;
  const paints = () => {
    for (let index = open.length - 1; index >= 0 && !open[index]!.paints; index--) open[index]!.paints = true;
  };
  for (let op = 0; op < fnArray.length; op++) {
    const fn = fnArray[op]!;
    if (skip(op)) {
      mask[op] = 1;
    } else if (openOps.has(fn)) {
      open.push({ start: op, depth, paints: false });
    } else if (closeOps.has(fn)) {
      const block = open.pop();
      if (!block) paints();
      else if (!block.paints && block.depth === depth) mask.fill(1, block.start, op + 1);
      else paints();
    } else if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) {
      depth++;
    } else if (fn === OPS.endMarkedContent) {
      depth--;
      // Closing marked content opened before a block: that block does not balance.
      for (const block of open) if (block.depth > depth) block.paints = true;
    } else if (fn === OPS.constructPath) {
      const args = argsArray[op] as unknown[] | null | undefined;
      if (args?.[0] !== OPS.endPath) paints();
    } else if (fn === OPS.setGState) {
      if (changesSoftMask(argsArray[op])) paints();
    } else if (!stateOnlyOps.has(fn)) {
      paints();
    }
  }
  return mask;
}

/** pdf.js's operations filter for a render that leaves out `skip`'s painting operators and the blocks they empty. */
function leaveOutFilter(skip: (operatorIndex: number) => boolean): (index: number, list: OperatorList & { lastChunk?: boolean }) => boolean {
  let mask: Uint8Array | undefined;
  return (index, list) => {
    // The blocks are known only once the whole list is there; a render of a list still arriving leaves out paint alone.
    if (!mask && list.lastChunk !== false) mask = leaveOutMask(list.fnArray, list.argsArray, skip);
    return mask ? mask[index] !== 1 : !skip(index);
  };
}

/** Renders a region of a page (rotation ignored: boxes are in PDF user space) on a white background. */
export async function renderPage(pdf: PdfDocument, page: PdfPage, options: RenderOptions): Promise<RenderedRegion> {
  const { scale } = options;
  const region = options.region ?? pageBox(page);
  const [viewLeft, , , viewTop] = pageBox(page);
  const userUnit = page.userUnit || 1;
  const width = Math.max(1, Math.ceil((region[2] - region[0]) * scale * userUnit));
  const height = Math.max(1, Math.ceil((region[3] - region[1]) * scale * userUnit));
  // pdf.js maps (x, y) to (scale·(x − left) + offsetX, scale·(top − y) + offsetY); the offsets put the region's top-left at (0, 0).
  const viewport = page.getViewport({
    scale,
    rotation: 0,
    offsetX: -(region[0] - viewLeft) * scale * userUnit,
    offsetY: -(viewTop - region[3]) * scale * userUnit,
  });
  const canvas = createPageCanvas(pdf, width, height);
  try {
    const skip = options.skip;
    const task = page.render({
      canvas: canvas.canvas as HTMLCanvasElement,
      viewport,
      ...(skip ? { operationsFilter: leaveOutFilter(skip) } : {}),
    });
    await runRender(task, options.signal);
    const pixels = canvas.context.getImageData(0, 0, width, height).data;
    const transform = viewport.transform as number[];
    const [a = 1, b = 0, c = 0, d = -1, e = 0, f = 0] = transform;
    return {
      width,
      height,
      pixels,
      scale,
      region,
      pixelRect(box) {
        const xs = [a * box[0] + c * box[1] + e, a * box[2] + c * box[3] + e, a * box[0] + c * box[3] + e, a * box[2] + c * box[1] + e];
        const ys = [b * box[0] + d * box[1] + f, b * box[2] + d * box[3] + f, b * box[0] + d * box[3] + f, b * box[2] + d * box[1] + f];
        const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
        return [
          clamp(Math.floor(Math.min(...xs)), width),
          clamp(Math.floor(Math.min(...ys)), height),
          clamp(Math.ceil(Math.max(...xs)), width),
          clamp(Math.ceil(Math.max(...ys)), height),
        ];
      },
    };
  } finally {
    canvas.release();
  }
}
