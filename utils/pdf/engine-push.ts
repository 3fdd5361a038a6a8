/**
 * The JavaScript engine's own Array.prototype.push, taken before pdf.js loads. pdf.js's legacy build bundles
 * core-js, which replaces push with a much slower spec-compliant copy on V8 121 and older (Node 20, Chrome 120–121)
 * to fix an error case pdf.js never meets (pushing onto an array whose length is read-only). pdfjs.ts puts the
 * engine's push back once pdf.js is loaded. This module must be imported before pdf.js.
 */
export const enginePush = Array.prototype.push;

export function restoreEnginePush(): void {
  if (Array.prototype.push !== enginePush) {
    Object.defineProperty(Array.prototype, 'push', { value: enginePush, writable: true, configurable: true, enumerable: false });
  }
}
