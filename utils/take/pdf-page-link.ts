/**
 * The paper's PDF opened at a page: the #page= fragment of the PDF open-parameters, which Chrome's and Firefox's
 * viewers follow. Every "p. N" link in a take, its quote list and its figure strip is built here. The address comes
 * from a page the reader was on, so only an http(s) PDF gets a link; anything else (javascript:, data:, a broken
 * address) gets none, and the caller shows the page number as plain text.
 */
export function pdfPageLink(pdfUrl: string | undefined, page: number): string | undefined {
  if (!pdfUrl || !Number.isInteger(page) || page < 1) return undefined;
  try {
    const url = new URL(pdfUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    url.hash = `page=${page}`;
    return url.href;
  } catch {
    return undefined;
  }
}
