/**
 * Small PDFs whose figures are known by construction, for the figure detector: a two-column page with a vector
 * plot captioned "Fig. 2." (IEEE/ACM style, which no shared paper uses), an image captioned "Figure 3:", a table,
 * and body text that mentions figures; a text-only paper; and a paper whose only caption has no drawing near it.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { makePng } from './pdf-builder';

const pageSize: [number, number] = [612, 792];
const body = 'the system keeps every request within its budget and we report the median of ten runs for each of the settings';
export const leftColumn = { left: 54, right: 296 };
export const rightColumn = { left: 316, right: 558 };

function bodyLines(page: PDFPage, font: PDFFont, column: { left: number }, fromY: number, toY: number, text = body): void {
  for (let y = fromY; y >= toY; y -= 12) {
    page.drawText(text.slice(0, 52), { x: column.left, y, size: 10, font });
  }
}

/** Where the generated page draws its two figures, in PDF space. */
export const plotBox = { left: 80, bottom: 520, right: 280, top: 660 };
export const imageBox = { left: 330, bottom: 560, right: 540, top: 700 };

export async function makeTwoColumnFigurePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const sans = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage(pageSize);
  page.drawText('A Paper About Latency', { x: 200, y: 740, size: 16, font });
  // Left column: body, a vector plot with numbered axes, its caption, more body.
  bodyLines(page, font, leftColumn, 700, 676);
  page.drawRectangle({ x: plotBox.left, y: plotBox.bottom, width: plotBox.right - plotBox.left, height: plotBox.top - plotBox.bottom, borderColor: rgb(0, 0, 0), borderWidth: 0.8 });
  page.drawLine({ start: { x: 90, y: 530 }, end: { x: 270, y: 640 }, thickness: 1, color: rgb(0.8, 0.1, 0.1) });
  for (const [index, tick] of ['0', '20', '40', '60', '80', '100'].entries()) {
    page.drawText(tick, { x: 62, y: 522 + index * 26, size: 6, font: sans });
    page.drawText(tick, { x: 82 + index * 36, y: 510, size: 6, font: sans });
  }
  page.drawText('Fig. 2. Latency CDF of the three systems under load.', { x: leftColumn.left, y: 490, size: 9, font });
  bodyLines(page, font, leftColumn, 460, 100, 'as Figure 3 shows the design keeps the tail within the budget for all of the runs');
  // Right column: an image figure and its caption, a table, body.
  const png = await doc.embedPng(makePng(60, 40, () => [128, 128, 128]));
  page.drawImage(png, { x: imageBox.left, y: imageBox.bottom, width: imageBox.right - imageBox.left, height: imageBox.top - imageBox.bottom });
  page.drawText('Figure 3: Overview of the architecture.', { x: rightColumn.left, y: 540, size: 9, font });
  bodyLines(page, font, rightColumn, 510, 400);
  page.drawText('Table 1: Settings of the experiments.', { x: rightColumn.left, y: 370, size: 9, font });
  page.drawText('Cores   16   32   64', { x: rightColumn.left + 20, y: 350, size: 9, font });
  page.drawText('Memory   64   128   256', { x: rightColumn.left + 20, y: 338, size: 9, font });
  bodyLines(page, font, rightColumn, 310, 100);
  return doc.save();
}

/** Text only; the body mentions a figure but nothing is captioned. */
export async function makeTextOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage(pageSize);
  bodyLines(page, font, { left: 72 }, 720, 100, 'as Figure 1 of the earlier paper shows, the system keeps every request in budget');
  return doc.save();
}

/** A caption in the middle of body text, with nothing drawn near it. */
export async function makeCaptionWithoutDrawingPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage(pageSize);
  bodyLines(page, font, { left: 72 }, 720, 420);
  page.drawText('Figure 1: Throughput of the system.', { x: 72, y: 400, size: 9, font });
  bodyLines(page, font, { left: 72 }, 380, 100);
  return doc.save();
}
