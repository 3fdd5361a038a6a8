/**
 * The sidebar's page readers: one worker per core the reader's machine offers, up to four (each holds its own
 * copy of the document and of pdf.js, so more would cost memory for little gain on a paper's few dozen pages).
 */
import { workerPageReaders, type PageReaderReply, type PageReaders } from './page-readers';
import type { PdfjsAssets } from './pdfjs';

export function browserPageReaders(assets: PdfjsAssets): PageReaders {
  const size = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  return workerPageReaders({
    size,
    assets,
    spawn() {
      const worker = new Worker(new URL('./page-reader.worker.ts', import.meta.url), { type: 'module', name: 'pdf-page-reader' });
      return {
        post: (message) => worker.postMessage(message),
        onReply: (listener) => worker.addEventListener('message', (event: MessageEvent<PageReaderReply>) => listener(event.data)),
        onFailure: (listener) => worker.addEventListener('error', (event) => listener(event.message || 'the worker could not start')),
        terminate: () => worker.terminate(),
      };
    },
  });
}
