/**
 * Who reads a document's pages: a pool of page-reading workers that each open their own copy of the document
 * (pdf.js keeps one parser per document, so copies are what let pages be read in parallel), or the calling
 * thread (page-reader-service.ts). A worker whose page hangs is ended and replaced; the page is reported, the
 * others go on. Nothing here loads pdf.js: the sidebar's thread only hands out pages and collects results.
 */
import type { PageReadResult } from './page-reader';
import type { PdfjsAssets } from './pdfjs';
import { PdfReadError, isPdfReadErrorKind, readError } from './read-error';

export interface ReadOptions {
  scanBudgetMs: number;
  /** A page (text and scan) taking longer than this is given up. */
  timeoutMs: number;
}

export class PageTimeoutError extends Error {
  override readonly name = 'PageTimeoutError';
  constructor(
    readonly page: number,
    /** Whether the document can still be read (a worker was replaced) or reading must stop. */
    readonly canContinue: boolean,
  ) {
    super(`Page ${page} took too long to read.`);
  }
}

export interface DocumentReader {
  pageCount: number;
  readPage(number: number, options: ReadOptions): Promise<PageReadResult>;
  close(): Promise<void>;
}

export interface PageReaders {
  /** How many pages are read at once. */
  readonly parallelism: number;
  /** Opens a document; rejects with a PdfReadError when it cannot be opened. */
  open(bytes: Uint8Array): Promise<DocumentReader>;
  /** Starts the readers ahead of a document (workers load pdf.js while the PDF downloads). */
  warmUp(): void;
  /** Ends the readers (and their workers); open documents can no longer be read. */
  dispose(): void;
}

/** Messages from the pool to a page-reading worker. */
export type PageReaderRequest =
  | { type: 'configure'; assets: PdfjsAssets }
  | { type: 'open'; documentId: number; bytes: Uint8Array }
  | { type: 'read'; documentId: number; requestId: number; page: number; scanBudgetMs: number }
  | { type: 'close'; documentId: number };

/** Messages from a page-reading worker back to the pool. */
export type PageReaderReply =
  | { type: 'opened'; documentId: number; pageCount: number }
  | { type: 'open-failed'; documentId: number; kind: string }
  | { type: 'page'; requestId: number; result: PageReadResult }
  | { type: 'page-failed'; requestId: number; message: string };

/** Both ends of a worker, whatever kind (a Web Worker, a Node worker thread). */
export interface WorkerHandle {
  post(message: PageReaderRequest): void;
  onReply(listener: (reply: PageReaderReply) => void): void;
  /** The worker itself failed (could not load, crashed). */
  onFailure(listener: (message: string) => void): void;
  terminate(): void;
}

interface PooledWorker {
  handle: WorkerHandle;
  busy: boolean;
  /** Documents this worker has been asked to open, by id. */
  opened: Set<number>;
  pending: Map<number, { resolve(result: PageReadResult): void; reject(error: Error): void }>;
  openWaiters: Map<number, { resolve(pageCount: number): void; reject(error: Error): void }>;
}

interface ReadJob {
  documentId: number;
  run(worker: PooledWorker): void;
  fail(error: Error): void;
}

/** Workers that fail this many times in a row (a worker script the browser refuses) are not started again. */
const maxFailuresInARow = 3;

/**
 * A pool of `size` page-reading workers, started on first use and kept for later documents. `spawn` makes one
 * worker; the pool configures it with `assets`. A worker that hangs on a page or fails is replaced by a fresh one,
 * which opens the documents still being read.
 */
export function workerPageReaders({ spawn, size, assets }: { spawn: () => WorkerHandle; size: number; assets: PdfjsAssets }): PageReaders {
  const workers: PooledWorker[] = [];
  /** Documents being read, kept so that a replacement worker can open them too. */
  const documents = new Map<number, Uint8Array>();
  const jobs: ReadJob[] = [];
  let nextId = 1;
  let failuresInARow = 0;

  const dispatch = () => {
    for (let index = 0; index < jobs.length; index++) {
      const job = jobs[index]!;
      // A worker that has the document open first; else any idle one opens it now (its messages run in order).
      const worker =
        workers.find((candidate) => !candidate.busy && candidate.opened.has(job.documentId)) ?? workers.find((candidate) => !candidate.busy);
      const bytes = documents.get(job.documentId);
      if (worker && bytes) {
        if (!worker.opened.has(job.documentId)) openIn(worker, job.documentId, bytes).catch(() => undefined);
        jobs.splice(index--, 1);
        job.run(worker);
      }
    }
    if (workers.length === 0) {
      for (const job of jobs.splice(0)) job.fail(readError('reader-failed'));
    }
  };

  const openIn = (worker: PooledWorker, documentId: number, bytes: Uint8Array) => {
    worker.opened.add(documentId);
    const opened = new Promise<number>((resolve, reject) => worker.openWaiters.set(documentId, { resolve, reject }));
    worker.handle.post({ type: 'open', documentId, bytes: bytes.slice() });
    return opened;
  };

  /** Ends a worker and, unless workers keep failing, starts another in its place (it opens documents as it gets their pages). */
  const replace = (worker: PooledWorker) => {
    worker.handle.terminate();
    const index = workers.indexOf(worker);
    if (index < 0) return;
    if (failuresInARow >= maxFailuresInARow) {
      workers.splice(index, 1);
      return;
    }
    workers[index] = start();
  };

  const start = (): PooledWorker => {
    const worker: PooledWorker = { handle: spawn(), busy: false, opened: new Set(), pending: new Map(), openWaiters: new Map() };
    worker.handle.onReply((reply) => {
      if (reply.type === 'opened' || reply.type === 'open-failed') {
        failuresInARow = 0;
        const waiter = worker.openWaiters.get(reply.documentId);
        worker.openWaiters.delete(reply.documentId);
        if (reply.type === 'opened') waiter?.resolve(reply.pageCount);
        else waiter?.reject(isPdfReadErrorKind(reply.kind) ? readError(reply.kind) : readError('damaged'));
        return;
      }
      const request = worker.pending.get(reply.requestId);
      worker.pending.delete(reply.requestId);
      if (reply.type === 'page') request?.resolve(reply.result);
      else request?.reject(new Error(reply.message));
    });
    worker.handle.onFailure((message) => {
      failuresInARow++;
      const failure = new Error(`A page-reading worker failed: ${message}`);
      const waiting = [...worker.pending.values(), ...worker.openWaiters.values()];
      worker.pending.clear();
      worker.openWaiters.clear();
      replace(worker);
      for (const waiter of waiting) waiter.reject(failure);
      dispatch();
    });
    worker.handle.post({ type: 'configure', assets });
    return worker;
  };

  const warmUp = () => {
    while (workers.length < size && failuresInARow < maxFailuresInARow) workers.push(start());
  };

  const readOn = (worker: PooledWorker, documentId: number, number: number, options: ReadOptions) =>
    new Promise<PageReadResult>((resolve, reject) => {
      const requestId = nextId++;
      worker.busy = true;
      const settle = () => {
        clearTimeout(timer);
        worker.busy = false;
        dispatch();
      };
      const timer = setTimeout(() => {
        // pdf.js cannot stop one page: the worker goes, and a fresh one takes its place.
        worker.pending.delete(requestId);
        replace(worker);
        reject(new PageTimeoutError(number, true));
        dispatch();
      }, options.timeoutMs);
      worker.pending.set(requestId, {
        resolve(result) {
          settle();
          resolve(result);
        },
        reject(error) {
          settle();
          reject(error);
        },
      });
      worker.handle.post({ type: 'read', documentId, requestId, page: number, scanBudgetMs: options.scanBudgetMs });
    });

  return {
    parallelism: size,
    warmUp,
    async open(bytes) {
      warmUp();
      const documentId = nextId++;
      documents.set(documentId, bytes);
      // One worker opens the document to count its pages; the others open their copies when they get a page of it.
      let pageCount: number | undefined;
      let refusal: unknown;
      while (pageCount === undefined && refusal === undefined && workers.length > 0) {
        const worker = workers.find((candidate) => !candidate.busy) ?? workers[0]!;
        pageCount = await openIn(worker, documentId, bytes).catch((error: unknown) => {
          // A worker that failed was replaced: the next one tries. A PDF refused is refused by every copy.
          if (error instanceof PdfReadError) refusal = error;
          return undefined;
        });
      }
      if (pageCount === undefined) {
        documents.delete(documentId);
        // A PDF the workers refused says why; workers that could not run at all are the reader's fault, not the PDF's.
        throw refusal ?? readError('reader-failed');
      }
      return {
        pageCount,
        readPage(number, options) {
          return new Promise<PageReadResult>((resolve, reject) => {
            jobs.push({ documentId, run: (worker) => readOn(worker, documentId, number, options).then(resolve, reject), fail: reject });
            dispatch();
          });
        },
        async close() {
          documents.delete(documentId);
          for (let index = jobs.length - 1; index >= 0; index--) {
            if (jobs[index]!.documentId === documentId) jobs.splice(index, 1);
          }
          for (const worker of workers) {
            if (worker.opened.delete(documentId)) worker.handle.post({ type: 'close', documentId });
          }
        },
      };
    },
    dispose() {
      documents.clear();
      for (const worker of workers.splice(0)) worker.handle.terminate();
    },
  };
}
