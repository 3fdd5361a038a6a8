/** A page-reading worker thread in Node (tests, bench): the extension's worker code, with Node's messaging. */
import { parentPort } from 'node:worker_threads';
import { servePageReader } from '../../utils/pdf/page-reader-service';
import type { PageReaderRequest } from '../../utils/pdf/page-readers';
import { configurePdfjs } from '../../utils/pdf/pdfjs';

const port = parentPort!;
const handle = servePageReader((reply) => port.postMessage(reply), configurePdfjs);
port.on('message', (request: PageReaderRequest) => handle(request));
