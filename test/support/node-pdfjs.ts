import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { setDefaultPageReaders } from '@/utils/pdf/extract';
import { inThreadPageReaders } from '@/utils/pdf/page-reader-service';
import { workerPageReaders, type PageReaderReply, type PageReaders } from '@/utils/pdf/page-readers';
import { configurePdfjs, type PdfjsAssets } from '@/utils/pdf/pdfjs';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** In Node pdf.js reads CMaps and fonts with fs.readFile, so the "URLs" are plain paths ending in '/'. */
export const nodePdfjsAssets: PdfjsAssets = { cMapUrl: join(pdfjsRoot, 'cmaps') + '/', standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/' };

/** pdf.js's files from the installed package, and pages read in the calling thread unless a test says otherwise. */
export function configurePdfjsForNode(): void {
  configurePdfjs(nodePdfjsAssets);
  setDefaultPageReaders(inThreadPageReaders());
}

/** The extension's worker pool, with Node worker threads standing in for Web Workers. Callers dispose() it when done. */
export function nodePageReaders(size = Math.min(4, availableParallelism())): PageReaders {
  return workerPageReaders({
    size,
    assets: nodePdfjsAssets,
    spawn() {
      const worker = new Worker(new URL('./node-page-reader-bootstrap.mjs', import.meta.url), {
        workerData: { entry: new URL('./node-page-reader-worker.ts', import.meta.url).href },
        // Not the parent's --import flags (the bench's loaders for TypeScript and WXT): in a worker thread on Node 20
        // they load before any TypeScript loader; the bootstrap brings its own, and pdf.js needs nothing of WXT's.
        execArgv: [],
      });
      return {
        post: (message) => worker.postMessage(message),
        onReply: (listener) => worker.on('message', (reply: PageReaderReply) => listener(reply)),
        onFailure: (listener) => worker.on('error', (error) => listener(error.message)),
        terminate: () => void worker.terminate(),
      };
    },
  });
}
