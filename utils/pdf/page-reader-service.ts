/**
 * Where pages are actually read, with pdf.js in this thread: as the service inside a page-reading worker, or
 * directly for callers without workers (Node's tests and tools).
 */
import { openDocument, readPdfPage, type OpenDocument } from './page-reader';
import { PageTimeoutError, type PageReaderReply, type PageReaderRequest, type PageReaders } from './page-readers';
import type { PdfjsAssets } from './pdfjs';
import { PdfReadError } from './read-error';

/** Reads in the calling thread, one page at a time. A hung page cannot be interrupted there, so it ends the reading. */
export function inThreadPageReaders(): PageReaders {
  return {
    parallelism: 1,
    async open(bytes) {
      const document = await openDocument(bytes);
      let queue: Promise<unknown> = Promise.resolve();
      let hungAt: number | undefined;
      return {
        pageCount: document.pdf.numPages,
        readPage(number, { scanBudgetMs, timeoutMs }) {
          const run = async () => {
            if (hungAt !== undefined) throw new PageTimeoutError(number, false);
            let timer: ReturnType<typeof setTimeout> | undefined;
            const timeout = new Promise<never>((_resolve, reject) => {
              timer = setTimeout(() => {
                hungAt = number;
                reject(new PageTimeoutError(number, false));
              }, timeoutMs);
            });
            try {
              return await Promise.race([readPdfPage(document, number, { scanBudgetMs }), timeout]);
            } finally {
              clearTimeout(timer);
            }
          };
          const result = queue.then(run, run);
          queue = result.catch(() => undefined);
          return result;
        },
        close: () => document.close(),
      };
    },
    warmUp() {},
    dispose() {},
  };
}

/**
 * The worker side: answers the pool's requests with pdf.js in this thread. Requests run one after another, in
 * the order they came, so a page read is never started before its document is open.
 */
export function servePageReader(post: (reply: PageReaderReply) => void, configure: (assets: PdfjsAssets) => void): (request: PageReaderRequest) => void {
  const documents = new Map<number, Promise<OpenDocument>>();
  let queue: Promise<unknown> = Promise.resolve();
  const handle = async (request: PageReaderRequest) => {
    switch (request.type) {
      case 'configure':
        configure(request.assets);
        return;
      case 'open': {
        const opening = openDocument(request.bytes);
        documents.set(request.documentId, opening);
        try {
          post({ type: 'opened', documentId: request.documentId, pageCount: (await opening).pdf.numPages });
        } catch (error) {
          documents.delete(request.documentId);
          post({ type: 'open-failed', documentId: request.documentId, kind: error instanceof PdfReadError ? error.kind : 'damaged' });
        }
        return;
      }
      case 'read': {
        try {
          const document = await documents.get(request.documentId);
          if (!document) throw new Error('The document is not open.');
          post({ type: 'page', requestId: request.requestId, result: await readPdfPage(document, request.page, { scanBudgetMs: request.scanBudgetMs }) });
        } catch (error) {
          post({ type: 'page-failed', requestId: request.requestId, message: error instanceof Error ? error.message : String(error) });
        }
        return;
      }
      case 'close': {
        const document = documents.get(request.documentId);
        documents.delete(request.documentId);
        await (await document?.catch(() => undefined))?.close();
      }
    }
  };
  return (request) => {
    queue = queue.then(() => handle(request)).catch(() => undefined);
  };
}
