import { fetchPdf } from '@/utils/pdf/fetch-pdf';
import { extractPaper, warmUpPageReaders, type ExtractedPaper } from '@/utils/pdf/extract';
import { cacheFigures, cachePaper, getCachedPaper, textCacheKey } from '@/utils/pdf/text-cache';
import { searchFigurePages } from '@/utils/pipeline/paper-figures';
import { bindPdfToPaper } from '@/utils/sites/pdf-binding';
import { isAllowedPdfUrl, parsePlainHttpsUrl, sites } from '@/utils/sites/registry';
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
  /** Origins of the citation-tagged sites the reader enabled: where a generic page's PDF may also live. */
  enabledOrigins: readonly string[];
  /** The PDF's bytes, when they were downloaded for this reading (not when the text came from the cache). */
  onPdfBytes?(bytes: Uint8Array): void;
  /** The text cache's key for this paper and PDF, where its figures are kept beside its text (cacheFigures). */
  onCacheKey?(key: string): void;
}

/**
 * The paper has no PDF we may fetch; `message` says why in the reader's words. `not-this-paper`: the PDF named is not
 * the paper's own (another paper, another site), so nothing was fetched and trying again cannot help.
 */
export class PaperUnavailableError extends Error {
  override readonly name = 'PaperUnavailableError';
  constructor(
    message: string,
    readonly kind: 'no-pdf' | 'not-this-paper' = 'no-pdf',
  ) {
    super(message);
  }
}

/**
 * The PDF's address, once it is known to be the paper's own (`bindPdfToPaper`): the one the page named, or for USENIX
 * the one the presentation page links, fetched from the site and read with the same adapter as a page in a tab.
 * A page that names one paper with another's PDF, or a generic page pointing elsewhere, is refused before anything
 * is fetched.
 */
export async function resolvePdfUrl(paper: PaperRef, options: ReadPaperOptions): Promise<string> {
  const binding = bindPdfToPaper(paper, options.enabledOrigins);
  if (binding.kind === 'refused') throw new PaperUnavailableError(binding.reason, 'not-this-paper');
  if (binding.kind === 'bound') {
    if (paper.pdfUrl) return paper.pdfUrl;
    throw new PaperUnavailableError(paper.noPdfReason ? `No PDF for this paper: ${paper.noPdfReason}.` : 'This page links no PDF for the paper, so there is no text to read.');
  }
  const linked = await pdfLinkedFrom(binding.pageUrl, options);
  if (paper.pdfUrl !== undefined && paper.pdfUrl !== linked) {
    throw new PaperUnavailableError(`The PDF link (${paper.pdfUrl}) is not the one the paper's page on ${sites.usenix.name} links, so Shedder's Take will not read it.`, 'not-this-paper');
  }
  return linked;
}

/** The PDF a USENIX presentation page links, as the site serves the page (not as a page script may have changed it). */
async function pdfLinkedFrom(pageAddress: string, options: ReadPaperOptions): Promise<string> {
  const pageUrl = parsePlainHttpsUrl(pageAddress);
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
  throw new PaperUnavailableError('The paper\'s page links no PDF, so there is no text to read.');
}

/**
 * The paper's text: from the cache when this paper and version were read before (no second download), else
 * downloaded and read from its PDF. Every refusal along the way is a typed error with a plain message.
 */
export async function readPaperText(paper: PaperRef, options: ReadPaperOptions): Promise<ExtractedPaper> {
  const known = await cachedPaperText(paper, options.enabledOrigins);
  if (known) {
    options.onCacheKey?.(known.key);
    options.onPages?.(known.text.pagesRead, known.text.pageCount);
    return known.text;
  }
  const pdfUrl = await allowedPdfUrl(paper, options);
  // arXiv ids carry their version, so a new version is a new key; the PDF address is part of the key too.
  const cacheKey = textCacheKey(paper, pdfUrl);
  options.onCacheKey?.(cacheKey);
  // A PDF address found only now (on a USENIX presentation page) may still have been read before.
  const cached = pdfUrl === paper.pdfUrl ? undefined : await getCachedPaper(cacheKey).catch(() => undefined);
  if (cached) {
    options.onPages?.(cached.pagesRead, cached.pageCount);
    return cached;
  }
  warmUpPageReaders();
  const bytes = await fetchPdf(pdfUrl, { signal: options.signal, fetchImpl: options.fetch, onProgress: options.onDownload });
  options.onPdfBytes?.(bytes);
  const extracted = await extractPaper(bytes, { signal: options.signal, onProgress: options.onPages, ...(options.scanBudgetMs !== undefined ? { scanBudgetMs: options.scanBudgetMs } : {}) });
  // A paper with pages not checked for hidden text in time is read (and checked) again next time, not kept as it is.
  // A full cache or storage is no reason to fail the take either: the text is simply read again.
  if (extracted.uncheckedPages.length === 0 && (await cachePaper(cacheKey, extracted).catch(() => false))) {
    keepFigureSearch(cacheKey, extracted);
  }
  return extracted;
}

/**
 * Keeps the figure search's small result beside the cached text, so that a later take with figures on this paper
 * does not read the whole PDF again to find them. The search costs up to a few hundred milliseconds on a long paper,
 * so a take that does not send figures does not wait for it: it runs once the page is idle (a take with figures has
 * run it by then, and its result is reused).
 */
function keepFigureSearch(cacheKey: string, extracted: ExtractedPaper): void {
  const pages = extracted.figurePages;
  if (!pages) return;
  whenIdle(() => void cacheFigures(cacheKey, { search: searchFigurePages(pages, extracted.sections) }).catch(() => false));
}

function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 5_000 });
  else setTimeout(work, 0);
}

/**
 * The paper's text from the cache alone, or nothing: nothing is fetched, not even the USENIX page that would confirm
 * the PDF's address. A paper and PDF address are cached together only after that check passed, so finding the pair
 * needs no second check; a pair refused today (a site the reader has since disabled) is not looked up.
 */
export async function cachedPaperText(paper: PaperRef, enabledOrigins: readonly string[]): Promise<CachedPaperText | undefined> {
  const key = cachedTextKey(paper, enabledOrigins);
  const text = key === undefined ? undefined : await getCachedPaper(key).catch(() => undefined);
  return key !== undefined && text ? { key, text } : undefined;
}

/** A paper's text found in the cache, and its key there (where the paper's figures are kept beside it). */
export interface CachedPaperText {
  key: string;
  text: ExtractedPaper;
}

/** The text cache's key for the paper and the PDF address it names, when that pair may be looked up without a fetch. */
function cachedTextKey(paper: PaperRef, enabledOrigins: readonly string[]): string | undefined {
  const { pdfUrl } = paper;
  if (pdfUrl === undefined || bindPdfToPaper(paper, enabledOrigins).kind === 'refused' || !isAllowedPdfUrl(paper.site, pdfUrl)) return undefined;
  return textCacheKey(paper, pdfUrl);
}

async function allowedPdfUrl(paper: PaperRef, options: ReadPaperOptions): Promise<string> {
  const pdfUrl = await resolvePdfUrl(paper, options);
  if (!isAllowedPdfUrl(paper.site, pdfUrl)) {
    throw new PaperUnavailableError(`The PDF address ${pdfUrl} is not one ${sites[paper.site].name} serves papers from, so Shedder's Take will not fetch it.`);
  }
  return pdfUrl;
}

/** The paper's PDF again, from the same checked address: for its figures, when its text came from the cache. */
export async function downloadPaperPdf(paper: PaperRef, options: ReadPaperOptions): Promise<Uint8Array> {
  return fetchPdf(await allowedPdfUrl(paper, options), { signal: options.signal, fetchImpl: options.fetch, onProgress: options.onDownload });
}
