import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { configurePdfjs } from '@/utils/pdf/pdfjs';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** In Node pdf.js reads CMaps and fonts with fs.readFile, so the "URLs" are plain paths ending in '/'. */
export function configurePdfjsForNode(): void {
  configurePdfjs({ cMapUrl: join(pdfjsRoot, 'cmaps') + '/', standardFontDataUrl: join(pdfjsRoot, 'standard_fonts') + '/' });
}
