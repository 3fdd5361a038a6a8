/**
 * The one file that imports pdf.js (eslint's no-restricted-imports holds it). It decides how pdf.js is loaded and
 * which options every document is opened with, and re-exports the few types and constants the rest of
 * utils/pdf needs.
 */
import {
  GlobalWorkerOptions,
  InvalidPDFException,
  OPS,
  PasswordException,
  getDocument,
  type PDFDocumentProxy,
  type PDFPageProxy,
} from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api';

export { OPS };

/** Operators that paint an image: a scan's pages, and what text drawn over an image may be an OCR layer of. */
export const imagePaintOps: ReadonlySet<number> = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageXObjectRepeat, OPS.paintImageMaskXObject]);
export type { PDFDocumentProxy as PdfDocument, PDFPageProxy as PdfPage, TextItem };

installNodeFallbacks();

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
  /** Extension: browser.runtime.getURL('/pdfjs/pdf.worker.min.mjs'). Unset in Node, where pdf.js uses its fake worker. */
  workerSrc?: string;
  /** Directory of the bcmap files, ending in '/'. Extension: a runtime URL; Node: a plain file path (pdf.js reads it with fs.readFile). */
  cMapUrl?: string;
  /** Directory of the standard font files, ending in '/'. Same forms as cMapUrl. */
  standardFontDataUrl?: string;
}

let assets: PdfjsAssets = {};

/** Call once per context before the first document (the sidebar frame passes runtime URLs of the files wxt.config.ts ships). */
export function configurePdfjs(next: PdfjsAssets): void {
  assets = { ...next };
  if (next.workerSrc) {
    GlobalWorkerOptions.workerSrc = next.workerSrc;
  }
}

export interface OpenedPdf {
  /** Settles once the document's structure is read; rejects with pdf.js's own exception (see classifyPdfjsError). */
  document: Promise<PDFDocumentProxy>;
  /** Ends the loading task and with it the worker, which pdf.js starts afresh for every document when workerSrc is set. */
  destroy(): Promise<void>;
}

/**
 * Opens PDF bytes the safe way: no XFA, no system fonts, no auto-fetching, the extension's own CMaps and fonts,
 * and no password prompt. Scripting stays off because it only runs through the viewer's sandbox, which we never load. pdf.js transfers (detaches) the buffer it is given,
 * so it gets a copy and the caller keeps its bytes.
 */
export function openPdf(bytes: Uint8Array, { skipImages = false }: { skipImages?: boolean } = {}): OpenedPdf {
  const task = getDocument({
    // Text extraction never needs pixels; decoding images is much of getOperatorList's cost (scanned figures).
    // pdf.js then leaves the image out of the operator list altogether.
    maxImageSize: skipImages ? 1 : -1,
    data: bytes.slice(),
    // pdf.js 6 has no `isEvalSupported` option any more (its font loader stopped using eval in PR #18015).
    enableXfa: false,
    useSystemFonts: false,
    disableAutoFetch: true,
    disableStream: true,
    disableFontFace: true,
    // We never render: no renderer worker beside the parsing one.
    disableWorkerRendering: true,
    verbosity: 0,
    ...(assets.cMapUrl ? { cMapUrl: assets.cMapUrl, cMapPacked: true } : {}),
    ...(assets.standardFontDataUrl ? { standardFontDataUrl: assets.standardFontDataUrl } : {}),
  });
  // We never ask for passwords: ending the task here rejects the load with pdf.js's PasswordException instead of waiting for a prompt.
  task.onPassword = () => {
    void task.destroy();
  };
  const document = task.promise;
  return { document, destroy: () => task.destroy() };
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
