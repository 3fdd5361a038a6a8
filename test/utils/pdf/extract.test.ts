import { beforeAll, describe, expect, it } from 'vitest';
import { PdfReadError, extractPaper, type PdfReadErrorKind } from '@/utils/pdf/extract';
import { makeHiddenTextPdfs, makeScanWithoutTextPdf, visibleParagraph } from '../../support/make-hidden-text-pdfs';
import { configurePdfjsForNode } from '../../support/node-pdfjs';

async function readErrorKind(promise: Promise<unknown>): Promise<PdfReadErrorKind> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PdfReadError);
  expect((error as PdfReadError).message).not.toBe('');
  return (error as PdfReadError).kind;
}

describe('extractPaper on generated PDFs', () => {
  let textPdf: Uint8Array;

  beforeAll(async () => {
    configurePdfjsForNode();
    textPdf = (await makeHiddenTextPdfs())[0]!.bytes;
  });

  it('says a scan without a text layer is one', async () => {
    expect(await readErrorKind(extractPaper(await makeScanWithoutTextPdf()))).toBe('no-text-layer');
  });

  it('calls bytes that are not a PDF damaged', async () => {
    expect(await readErrorKind(extractPaper(new TextEncoder().encode('<html><title>Just a moment...</title></html>')))).toBe('damaged');
  });

  it('stops at once when already cancelled', async () => {
    expect(await readErrorKind(extractPaper(textPdf, { signal: AbortSignal.abort() }))).toBe('aborted');
  });

  it('stops with a timeout when the total budget runs out', async () => {
    expect(await readErrorKind(extractPaper(textPdf, { totalTimeoutMs: 0 }))).toBe('timeout');
  });

  it('leaves the caller its bytes (pdf.js detaches the buffer it is given)', async () => {
    const bytes = textPdf.slice();
    await extractPaper(bytes);
    expect(bytes.byteLength).toBe(textPdf.byteLength);
  });

  it('reports progress page by page', async () => {
    const progress: [number, number][] = [];
    const paper = await extractPaper(textPdf, { onProgress: (read, count) => progress.push([read, count]) });
    expect(progress).toEqual([[1, 1]]);
    expect(paper.pages[0]?.text).toContain(visibleParagraph);
  });
});
