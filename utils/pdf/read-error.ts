/** Every way reading a PDF can fail, with the message the sidebar shows as is. */
export type PdfReadErrorKind = 'password' | 'damaged' | 'no-text-layer' | 'timeout' | 'aborted' | 'empty' | 'reader-failed';

export class PdfReadError extends Error {
  override readonly name = 'PdfReadError';
  constructor(
    readonly kind: PdfReadErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const messages: Record<PdfReadErrorKind, string> = {
  password: 'This PDF is password-protected, so it cannot be read. Open it in your PDF reader, or find an unprotected copy (arXiv usually has one).',
  damaged: 'This PDF is damaged and could not be read. Download it again, or try another copy of the paper.',
  'no-text-layer': 'This PDF is a scan with no text layer: there is no text to read. A version with real text (or an OCR pass) is needed.',
  timeout: 'Reading this PDF took too long and was stopped. It may be malformed or very large.',
  aborted: 'Reading the PDF was cancelled.',
  empty: 'This PDF contains no text to read.',
  'reader-failed': 'The PDF reader could not start in this browser, so the paper was not read. Reload the page and try again.',
};

export function readError(kind: PdfReadErrorKind): PdfReadError {
  return new PdfReadError(kind, messages[kind]);
}

export function isPdfReadErrorKind(value: unknown): value is PdfReadErrorKind {
  return typeof value === 'string' && value in messages;
}
