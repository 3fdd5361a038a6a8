/** pdf.js ships no types for its parser module; pdfjs.ts only hands the module object back to pdf.js. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
