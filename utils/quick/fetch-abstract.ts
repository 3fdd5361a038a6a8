import { normalizeSpace } from '../sites/page-reading';
import { paperPageUrl } from '../sites/registry';
import type { PaperRef } from '../sites/types';

/** What an abstract page adds to a listing entry. */
export interface AbstractLookup {
  abstract?: string;
  pdfUrl?: string;
}

/** Fills in an entry's missing abstract. Rejects when the page cannot be fetched; resolves `{}` when it has none. */
export type AbstractFetcher = (paper: PaperRef, signal: AbortSignal) => Promise<AbstractLookup>;

export class AbstractFetchError extends Error {
  override readonly name = 'AbstractFetchError';
  constructor(
    readonly url: string,
    detail: string,
    readonly status?: number,
  ) {
    super(`${url} ${detail}`);
  }
}

/** A listing entry waits for its abstract page at most this long before the quick take runs on the title alone. */
export const defaultAbstractTimeoutMs = 15_000;

/** The paper's abstract page; tests serve it from a loopback `origin` instead of arxiv.org. */
export function arxivAbstractPageUrl(paperId: string, origin?: string): string {
  const page = paperPageUrl('arxiv', paperId);
  return origin ? new URL(new URL(page).pathname, origin).href : page;
}

/**
 * The abstract and PDF address of an arXiv abstract page. Reads `blockquote.abstract` (layouts 2011-2026) without
 * its "Abstract:" label, else `citation_abstract`; a page that is not an abstract page (a 404) gives `{}`.
 */
export function readArxivAbstractPage(document: Document): AbstractLookup {
  const blockquote = document.querySelector('blockquote.abstract');
  let abstract: string | undefined;
  if (blockquote) {
    const copy = blockquote.cloneNode(true) as Element;
    copy.querySelectorAll('.descriptor').forEach((label) => label.remove());
    abstract = normalizeSpace(copy.textContent) || undefined;
  }
  abstract ??= normalizeSpace(document.querySelector('meta[name="citation_abstract"]')?.getAttribute('content')) || undefined;
  // citation_pdf_url is absolute on arXiv's abstract pages, even on versioned ones.
  const pdfUrl = normalizeSpace(document.querySelector('meta[name="citation_pdf_url"]')?.getAttribute('content')) || undefined;
  return { ...(abstract ? { abstract } : {}), ...(pdfUrl ? { pdfUrl } : {}) };
}

export interface ArxivAbstractFetcherOptions {
  fetch?: typeof globalThis.fetch;
  /** DOMParser in extension pages; happy-dom's in Node. The background service worker has none. */
  parseHtml?: (html: string) => Document;
  /** Tests point this at a loopback server. */
  origin?: string;
  timeoutMs?: number;
}

/** Fetches `https://arxiv.org/abs/<id>` for entries of listings that show no abstract. Other sites resolve `{}`. */
export function createArxivAbstractFetcher(options: ArxivAbstractFetcherOptions = {}): AbstractFetcher {
  const parseHtml = options.parseHtml ?? ((html: string) => new DOMParser().parseFromString(html, 'text/html'));
  const timeoutMs = options.timeoutMs ?? defaultAbstractTimeoutMs;
  return async (paper, signal) => {
    if (paper.site !== 'arxiv') return {};
    const url = arxivAbstractPageUrl(paper.paperId, options.origin);
    // Our own controller, so a page that never answers frees the batch slot as well as a cancel does.
    const controller = new AbortController();
    const abortFromCaller = () => controller.abort(signal.reason);
    signal.addEventListener('abort', abortFromCaller, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await (options.fetch ?? globalThis.fetch)(url, { signal: controller.signal });
      if (!response.ok) throw new AbstractFetchError(url, `answered HTTP ${response.status}`, response.status);
      return readArxivAbstractPage(parseHtml(await response.text()));
    } catch (error) {
      throw timedOut ? new AbstractFetchError(url, `did not answer within ${timeoutMs / 1000} s`) : error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abortFromCaller);
    }
  };
}
