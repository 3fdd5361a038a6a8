/**
 * A page-reading worker in the extension: pdf.js parses and renders here, off the sidebar's thread, and the
 * sidebar's pool (browser-page-readers.ts) talks to it.
 */
import { servePageReader } from './page-reader-service';
import type { PageReaderRequest } from './page-readers';
import { configurePdfjs } from './pdfjs';

const handle = servePageReader((reply) => self.postMessage(reply), configurePdfjs);
self.addEventListener('message', (event: MessageEvent<PageReaderRequest>) => handle(event.data));
