/**
 * The one file that imports pdf.js (lint holds it). It decides how pdf.js is loaded, which options every
 * document is opened with and which canvases it draws on, and re-exports the few types and constants the rest
 * of utils/pdf needs.
 */
// Must stay the first import: it takes the engine's Array.prototype.push before pdf.js's core-js replaces it.
import { restoreEnginePush } from './engine-push';
import {
  InvalidPDFException,
  OPS,
  PasswordException,
  getDocument,
  type PDFDocumentProxy,
  type PDFPageProxy,
} from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api';

export { OPS };

/** Operators that paint an image, or an image mask in the fill colour: a scan's pages, figures, covering pictures. */
export const imagePaintOps: ReadonlySet<number> = new Set([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
  OPS.paintSolidColorImageMask,
  OPS.paintImageXObjectRepeat,
  OPS.paintImageMaskXObjectRepeat,
  OPS.paintImageMaskXObjectGroup,
  OPS.paintInlineImageXObjectGroup,
]);
export type { PDFDocumentProxy as PdfDocument, PDFPageProxy as PdfPage, TextItem };

installNodeFallbacks();
restoreEnginePush();

/**
 * In Node (vitest, bench) pdf.js runs its "fake worker" in our own realm, so the worker's needs are ours.
 * Node 20 lacks two of them; every browser we support (Chrome 120+, Firefox 122+) has both, so these
 * lines do nothing there. Without the second, getOperatorList() silently returns an empty list
 * ("buffer.transferToFixedLength is not a function" is swallowed as a recoverable error).
 */
function installNodeFallbacks(): void {
  if (typeof Promise.withResolvers !== 'function') {
    Promise.withResolvers = function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((onResolve, onReject) => {
        resolve = onResolve;
        reject = onReject;
      });
      return { promise, resolve, reject };
    };
  }
  const arrayBufferPrototype = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
  if (typeof arrayBufferPrototype.transferToFixedLength !== 'function') {
    Object.defineProperty(arrayBufferPrototype, 'transferToFixedLength', {
      configurable: true,
      writable: true,
      value(this: ArrayBuffer, length?: number) {
        return this.slice(0, length ?? this.byteLength);
      },
    });
  }
}

export interface PdfjsAssets {
  /** Directory of the bcmap files, ending in '/'. Extension: a runtime URL; Node: a plain file path (pdf.js reads it with fs.readFile). */
  cMapUrl?: string;
  /** Directory of the standard font files, ending in '/'. Same forms as cMapUrl. */
  standardFontDataUrl?: string;
}

let assets: PdfjsAssets = {};

/** Call once per context before the first document (page-reading workers get runtime URLs of the files wxt.config.ts ships). */
export function configurePdfjs(next: PdfjsAssets): void {
  assets = { ...next };
}

let parserInThisThread: Promise<void> | undefined;

/**
 * pdf.js parses in the calling thread, which is one of our page-reading workers (or Node): its parser module is
 * loaded here and handed over through the global pdf.js looks for first, so pdf.js starts no worker of its own.
 * Loading it ourselves also lets the engine's push be restored after the parser's own core-js ran.
 */
function ensureParser(): Promise<void> {
  parserInThisThread ??= import('pdfjs-dist/legacy/build/pdf.worker.mjs').then((parser) => {
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = parser;
    restoreEnginePush();
  });
  return parserInThisThread;
}

/** Canvases for a worker, which has no document: pdf.js's default factory creates <canvas> elements. */
class OffscreenCanvasFactory {
  create(width: number, height: number) {
    if (width <= 0 || height <= 0) {
      throw new Error('Invalid canvas size');
    }
    const canvas = new OffscreenCanvas(width, height);
    return { canvas, context: canvas.getContext('2d', { willReadFrequently: true }) };
  }
  reset(entry: { canvas: OffscreenCanvas | null }, width: number, height: number) {
    if (!entry.canvas) {
      throw new Error('Canvas is not specified');
    }
    entry.canvas.width = width;
    entry.canvas.height = height;
  }
  destroy(entry: { canvas: OffscreenCanvas | null; context: unknown }) {
    if (entry.canvas) {
      entry.canvas.width = entry.canvas.height = 0;
    }
    entry.canvas = null;
    entry.context = null;
  }
  getNoAlphaContext(canvas: OffscreenCanvas) {
    return canvas.getContext('2d', { alpha: false, willReadFrequently: true });
  }
}

/**
 * pdf.js's default filter factory builds SVG filters in the document. Without one it falls back to doing soft masks
 * and transfer functions pixel by pixel, which is what it does in Node as well.
 */
class PixelFilterFactory {
  addFilter() {
    return 'none';
  }
  addHCMFilter() {
    return 'none';
  }
  addAlphaFilter() {
    return 'none';
  }
  addLuminosityFilter() {
    return 'none';
  }
  addHighlightHCMFilter() {
    return 'none';
  }
  destroy() {}
}

const isWorkerScope = typeof document === 'undefined' && typeof OffscreenCanvas !== 'undefined' && typeof process === 'undefined';

export interface OpenedPdf {
  /** Settles once the document's structure is read; rejects with pdf.js's own exception (see classifyPdfjsError). */
  document: Promise<PDFDocumentProxy>;
  /** Ends the loading task: parsing stops and the document's memory is freed. */
  destroy(): Promise<void>;
}

/**
 * Opens PDF bytes without scripting, XFA or system fonts (scripting only runs through the viewer's sandbox,
 * which we never load). pdf.js transfers (detaches) the buffer it is given, so it gets a copy and the caller
 * keeps its bytes.
 */
export function openPdf(bytes: Uint8Array): OpenedPdf {
  let task: ReturnType<typeof getDocument> | undefined;
  let destroyed = false;
  const document = ensureParser().then(() => {
    if (destroyed) {
      throw new Error('The document was closed before it opened.');
    }
    task = getDocument({
      data: bytes.slice(),
      // pdf.js 6 has no `isEvalSupported` option any more (its font loader stopped using eval in PR #18015).
      enableXfa: false,
      useSystemFonts: false,
      disableAutoFetch: true,
      disableStream: true,
      // Glyphs are drawn from their outlines, so rendering needs no FontFace, which workers and Node lack.
      // pdf.js then compiles every shown glyph's outline while it builds a page's operator list, drawn or not.
      // Reading pages from a second document without outlines does save that, but the pages the hidden-text
      // check must draw then have their operator lists, fonts and images built a second time, which measured
      // as costly as the outlines saved in Node, and costlier in Chromium's workers.
      disableFontFace: true,
      // pdf.js's renderer worker serves a <canvas> on the page's thread; we render inside our own worker instead.
      disableWorkerRendering: true,
      verbosity: 0,
      ...(isWorkerScope ? { CanvasFactory: OffscreenCanvasFactory, FilterFactory: PixelFilterFactory } : {}),
      ...(assets.cMapUrl ? { cMapUrl: assets.cMapUrl, cMapPacked: true } : {}),
      ...(assets.standardFontDataUrl ? { standardFontDataUrl: assets.standardFontDataUrl } : {}),
    });
    const opening = task;
    // We never ask for passwords: ending the task here rejects the load with pdf.js's PasswordException instead of waiting for a prompt.
    opening.onPassword = () => {
      void opening.destroy();
    };
    return opening.promise;
  });
  return {
    document,
    destroy: async () => {
      destroyed = true;
      await task?.destroy();
    },
  };
}

/** A canvas and its 2D context, made by the document's canvas factory (OffscreenCanvas in a worker, @napi-rs/canvas in Node). */
export interface PageCanvas {
  canvas: unknown;
  context: CanvasRenderingContext2D;
  release(): void;
}

interface CanvasFactory {
  create(width: number, height: number): { canvas: unknown; context: CanvasRenderingContext2D };
  destroy(entry: { canvas: unknown; context: unknown }): void;
}

export function createPageCanvas(pdf: PDFDocumentProxy, width: number, height: number): PageCanvas {
  const factory = pdf.canvasFactory as CanvasFactory;
  const entry = factory.create(width, height);
  return { canvas: entry.canvas, context: entry.context, release: () => factory.destroy(entry) };
}

export type PdfjsFailure = 'password' | 'damaged' | 'other';

/** Maps pdf.js's exceptions by class (their names survive minification only as class identity, never constructor.name). */
export function classifyPdfjsError(error: unknown): PdfjsFailure {
  if (error instanceof PasswordException) {
    return 'password';
  }
  if (error instanceof InvalidPDFException) {
    return 'damaged';
  }
  return 'other';
}

export function isTextItem(item: TextItem | TextMarkedContent): item is TextItem {
  return 'str' in item;
}
