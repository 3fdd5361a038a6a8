import { fetchPdf } from '@/utils/pdf/fetch-pdf';
import { extractPaper, warmUpPageReaders, type ExtractedPaper } from '@/utils/pdf/extract';
import { cachePaper, getCachedPaper, textCacheKey } from '@/utils/pdf/text-cache';
import { isAllowedPdfUrl, parsePlainHttpsUrl } from '@/utils/sites/registry';
import { usenix } from '@/utils/sites/usenix';
import type { PaperRef } from '@/utils/sites/types';

export interface PaperTextProgress {
  onDownload?(loaded: number, total?: number): void;
  onPages?(read: number, total: number): void;
}

export interface ReadPaperOptions extends PaperTextProgress {
  signal: AbortSignal;
  fetch?: typeof globalThis.fetch;
  /** The hidden-text scan's time per page; extractPaper's default when left out. */
  scanBudgetMs?: number;
}

/** The paper has no PDF we may fetch; `message` says why in the reader's words. */
export class PaperUnavailableError extends Error {
  override readonly name = 'PaperUnavailableError';
  readonly kind = 'no-pdf';
}

/**
 * The PDF's address: on the paper itself, or for a USENIX program entry on its presentation page, which is
 * fetched and read with the same adapter as a presentation page in a tab.
 */
export async function resolvePdfUrl(paper: PaperRef, options: ReadPaperOptions): Promise<string> {
  if (paper.pdfUrl) return paper.pdfUrl;
  // Only a single paper's own page on its own site: a listing entry names nothing else for us to fetch.
  const pageUrl = paper.site === 'usenix' && paper.presentationUrl ? parsePlainHttpsUrl(paper.presentationUrl) : undefined;
  const match = pageUrl && usenix.matchUrl(pageUrl);
  if (pageUrl && match?.kind === 'abstract') {
    const response = await (options.fetch ?? fetch)(pageUrl.href, { signal: options.signal, credentials: 'include' });
    if (response.ok) {
      const document = new DOMParser().parseFromString(await response.text(), 'text/html');
      const found = usenix.readPage(document, pageUrl, match)[0]?.paper;
      if (found?.pdfUrl) return found.pdfUrl;
      if (found?.noPdfReason) throw new PaperUnavailableError(`No PDF for this entry: ${found.noPdfReason}.`);
    }
  }
  throw new PaperUnavailableError(
    paper.noPdfReason ? `No PDF for this paper: ${paper.noPdfReason}.` : 'This page links no PDF for the paper, so there is no text to read.',
  );
}

/**
 * The paper's text: from the cache when this paper and version were read before (no second download), else
 * downloaded and read from its PDF. Every refusal along the way is a typed error with a plain message.
 */
export async function readPaperText(paper: PaperRef, options: ReadPaperOptions): Promise<ExtractedPaper> {
  // arXiv ids carry their version, so a new version is a new key.
  const cacheKey = textCacheKey(`${paper.site}:${paper.paperId}`);
  const cached = await getCachedPaper(cacheKey).catch(() => undefined);
  if (cached) {
    options.onPages?.(cached.pagesRead, cached.pageCount);
    return cached;
  }
  const extracted = await downloadAndRead(paper, options);
  // A paper with pages not checked for hidden text in time is read (and checked) again next time, not kept as it is.
  // A full cache or storage is no reason to fail the take either: the text is simply read again.
  if (extracted.uncheckedPages.length === 0) await cachePaper(cacheKey, extracted).catch(() => false);
  return extracted;
}

async function downloadAndRead(paper: PaperRef, options: ReadPaperOptions): Promise<ExtractedPaper> {
  const pdfUrl = await resolvePdfUrl(paper, options);
  if (!isAllowedPdfUrl(paper.site, pdfUrl)) {
    throw new PaperUnavailableError(`The PDF address ${pdfUrl} is not one ${paper.site} serves papers from, so Shedder's Take will not fetch it.`);
  }
  warmUpPageReaders();
  const bytes = await fetchPdf(pdfUrl, { signal: options.signal, fetchImpl: options.fetch, onProgress: options.onDownload });
  return extractPaper(bytes, { signal: options.signal, onProgress: options.onPages, ...(options.scanBudgetMs !== undefined ? { scanBudgetMs: options.scanBudgetMs } : {}) });
}
