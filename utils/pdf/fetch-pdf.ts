/**
 * Downloads a paper's PDF with a size cap, progress and cancel, and says in plain words what the site sent
 * instead when it is not a PDF (sign-in page, bot check, 404, withdrawn paper).
 */

import { dedicatedSiteOfHost, sites } from '../sites/registry';

export type PdfFetchErrorKind = 'not-found' | 'login-required' | 'bot-check' | 'withdrawn' | 'not-pdf' | 'too-large' | 'http' | 'network' | 'aborted';

export class PdfFetchError extends Error {
  override readonly name = 'PdfFetchError';
  constructor(
    readonly kind: PdfFetchErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface FetchPdfOptions {
  signal?: AbortSignal;
  /** Bytes; larger answers stop downloading at the cap. */
  maxBytes?: number;
  onProgress?: (loaded: number, total?: number) => void;
  fetchImpl?: typeof fetch;
  /** Cookies carry the reader's library sign-in and bot-check clearance. */
  credentials?: RequestCredentials;
}

export const defaultMaxPdfBytes = 50 * 1024 * 1024;

/** How the site is named to the reader: by name for our sites, by host for any other. */
function siteName(url: URL): string {
  const site = dedicatedSiteOfHost(url.hostname);
  return site ? sites[site].name : url.hostname.replace(/^www\./, '');
}

function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Classifies an HTML (or other non-PDF) answer from its status and the first part of its body. */
export function classifyNonPdf(url: URL, status: number, body: string): PdfFetchError {
  const site = siteName(url);
  const head = body.slice(0, 20_000);
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(head)?.[1]?.trim() ?? '';
  if (/just a moment|attention required|checking your browser/i.test(title) || /cf[-_]chl|challenge-platform|cf-browser-verification|captcha/i.test(head)) {
    return new PdfFetchError(
      'bot-check',
      `${site} answered with a "are you a robot?" check instead of the PDF. Open the paper's page on ${url.hostname} in this tab, complete the check, then try again.`,
      status,
    );
  }
  if (/withdrawn/i.test(title) || (site === 'arXiv' && /this paper has been withdrawn|article has been withdrawn/i.test(head))) {
    return new PdfFetchError('withdrawn', `This paper has been withdrawn on ${site}, so there is no PDF to read. An earlier version may still be available.`, status);
  }
  if (status === 404 || status === 410 || /\b(404|not found)\b/i.test(title)) {
    return new PdfFetchError('not-found', `${site} has no PDF at this address (${status === 200 ? 'page not found' : `HTTP ${status}`}). The link may be out of date: open the paper's page and use its PDF link.`, status);
  }
  const hasLoginForm = /<input[^>]+type=["']?password/i.test(head) || /\b(sign in|log in|login|institutional access|purchase this|access through your institution)\b/i.test(title + head);
  if (status === 401 || status === 403 || hasLoginForm) {
    return new PdfFetchError(
      'login-required',
      `${site} answered with a sign-in page instead of the PDF. Sign in to ${url.hostname} in this tab (or through your library), then try again.`,
      status,
    );
  }
  if (status >= 400) {
    return new PdfFetchError('http', `${site} answered with an error (HTTP ${status}) instead of the PDF. Try again later.`, status);
  }
  return new PdfFetchError('not-pdf', `${site} sent something that is not a PDF. Open the PDF in this tab to check that it loads, then try again.`, status);
}

async function readPrefix(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function hasPdfMagic(bytes: Uint8Array): boolean {
  // The header may follow a little junk; readers accept it within the first 1 KB.
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return text.includes('%PDF-');
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

const abortedMessage = 'The download was cancelled.';

export async function fetchPdf(url: string, options: FetchPdfOptions = {}): Promise<Uint8Array> {
  const { signal, maxBytes = defaultMaxPdfBytes, onProgress, fetchImpl = fetch, credentials = 'include' } = options;
  const target = new URL(url);
  const site = siteName(target);
  const tooLarge = () =>
    new PdfFetchError('too-large', `This PDF is larger than ${sizeInWords(maxBytes)}, the most we read. Open it in your PDF reader instead.`);
  let response: Response;
  try {
    response = await fetchImpl(url, { signal, credentials, redirect: 'follow', headers: { Accept: 'application/pdf,*/*;q=0.5' } });
  } catch (error) {
    if (isAbort(error, signal)) throw new PdfFetchError('aborted', abortedMessage);
    throw new PdfFetchError('network', `Could not reach ${site} to download the PDF. Check your connection and try again.`);
  }
  const contentType = response.headers.get('content-type')?.toLowerCase() ?? '';
  const looksLikePdf = contentType.includes('application/pdf') || contentType.includes('application/octet-stream') || contentType === '';
  if (!response.ok || !looksLikePdf) {
    const body = await readPrefix(response, 64 * 1024).catch(() => '');
    throw classifyNonPdf(new URL(response.url || url), response.status, body);
  }
  const declared = Number.parseInt(response.headers.get('content-length') ?? '', 10);
  const total = Number.isFinite(declared) && declared > 0 ? declared : undefined;
  if (total !== undefined && total > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) throw new PdfFetchError('not-pdf', `${site} sent an empty answer instead of the PDF. Try again.`);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.byteLength;
      // Stop at the cap instead of trusting content-length, which may be missing or false.
      if (loaded > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
      onProgress?.(loaded, total);
    }
  } catch (error) {
    if (error instanceof PdfFetchError) throw error;
    if (isAbort(error, signal)) throw new PdfFetchError('aborted', abortedMessage);
    throw new PdfFetchError('network', `The download from ${site} broke off. Try again.`);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  if (!hasPdfMagic(bytes)) {
    throw classifyNonPdf(new URL(response.url || url), response.status, new TextDecoder().decode(bytes.subarray(0, 64 * 1024)));
  }
  return bytes;
}
