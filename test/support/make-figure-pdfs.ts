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

/** The same page; `hiddenInCaption` is drawn white on white as the line under Fig. 2's caption, where a caption goes on. */
export async function makeTwoColumnFigurePdf({ hiddenInCaption }: { hiddenInCaption?: string } = {}): Promise<Uint8Array> {
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
  if (hiddenInCaption) page.drawText(hiddenInCaption, { x: leftColumn.left, y: 480, size: 9, font, color: rgb(1, 1, 1) });
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

type Box = { left: number; bottom: number; right: number; top: number };
type Fonts = { serif: PDFFont; bold: PDFFont; sans: PDFFont };
const series = [
  { name: 'Ours', color: rgb(0.84, 0.19, 0.15) },
  { name: 'Baseline A', color: rgb(0.17, 0.4, 0.71) },
  { name: 'Baseline B', color: rgb(0.35, 0.35, 0.35) },
];

/** Axes with numbered ticks and titles, the frame every plot below draws in; returns the plotting area. */
function axes(page: PDFPage, fonts: Fonts, box: Box, xTicks: string[], yTicks: string[], xTitle: string, yTitle: string): Box {
  const area = { left: box.left + 26, bottom: box.bottom + 24, right: box.right - 4, top: box.top - 26 };
  page.drawLine({ start: { x: area.left, y: area.bottom }, end: { x: area.right, y: area.bottom }, thickness: 0.8 });
  page.drawLine({ start: { x: area.left, y: area.bottom }, end: { x: area.left, y: area.top }, thickness: 0.8 });
  for (const [index, tick] of yTicks.entries()) {
    const y = area.bottom + ((area.top - area.bottom) * index) / (yTicks.length - 1);
    page.drawLine({ start: { x: area.left - 2, y }, end: { x: area.left, y }, thickness: 0.6 });
    page.drawText(tick, { x: area.left - 4 - fonts.sans.widthOfTextAtSize(tick, 6), y: y - 2, size: 6, font: fonts.sans });
  }
  for (const [index, tick] of xTicks.entries()) {
    const x = area.left + ((area.right - area.left) * (index + 0.5)) / xTicks.length;
    page.drawText(tick, { x: x - fonts.sans.widthOfTextAtSize(tick, 6) / 2, y: area.bottom - 9, size: 6, font: fonts.sans });
  }
  page.drawText(xTitle, { x: (area.left + area.right) / 2 - fonts.sans.widthOfTextAtSize(xTitle, 7) / 2, y: box.bottom + 3, size: 7, font: fonts.sans });
  page.drawText(yTitle, { x: box.left + 2, y: area.top + 5, size: 7, font: fonts.sans });
  series.forEach((entry, index) => {
    const x = area.left + 6 + index * 58;
    page.drawRectangle({ x, y: box.top - 9, width: 7, height: 6, color: entry.color });
    page.drawText(entry.name, { x: x + 10, y: box.top - 8, size: 6, font: fonts.sans });
  });
  return area;
}

function barChart(page: PDFPage, fonts: Fonts, box: Box, values: number[][], xTicks: string[], xTitle: string, yTitle: string, max: number): void {
  const area = axes(page, fonts, box, xTicks, ['0', String(max / 2), String(max)], xTitle, yTitle);
  const groupWidth = (area.right - area.left) / xTicks.length;
  values.forEach((group, groupIndex) =>
    group.forEach((value, seriesIndex) => {
      const width = (groupWidth - 8) / group.length;
      page.drawRectangle({
        x: area.left + groupIndex * groupWidth + 4 + seriesIndex * width,
        y: area.bottom,
        width: width - 1,
        height: ((area.top - area.bottom) * value) / max,
        color: series[seriesIndex]!.color,
      });
    }),
  );
}

function linePlot(page: PDFPage, fonts: Fonts, box: Box, curves: number[][], xTicks: string[], yTicks: string[], xTitle: string, yTitle: string): void {
  const area = axes(page, fonts, box, xTicks, yTicks, xTitle, yTitle);
  curves.forEach((curve, seriesIndex) => {
    const point = (index: number) => ({
      x: area.left + ((area.right - area.left) * index) / (curve.length - 1),
      y: area.bottom + (area.top - area.bottom) * curve[index]!,
    });
    for (let index = 1; index < curve.length; index += 1) {
      page.drawLine({ start: point(index - 1), end: point(index), thickness: 1.4, color: series[seriesIndex]!.color });
    }
  });
}

function diagram(page: PDFPage, fonts: Fonts, box: Box): void {
  const names = ['Clients', 'Scheduler', 'Workers'];
  const width = (box.right - box.left - 40) / 3;
  names.forEach((name, index) => {
    const x = box.left + index * (width + 20);
    page.drawRectangle({ x, y: box.bottom + 20, width, height: box.top - box.bottom - 40, borderColor: rgb(0.17, 0.4, 0.71), borderWidth: 1.2, color: rgb(0.9, 0.94, 1) });
    page.drawText(name, { x: x + width / 2 - fonts.sans.widthOfTextAtSize(name, 8) / 2, y: (box.top + box.bottom) / 2 - 3, size: 8, font: fonts.sans });
    if (index > 0) page.drawLine({ start: { x: x - 18, y: (box.top + box.bottom) / 2 }, end: { x: x - 2, y: (box.top + box.bottom) / 2 }, thickness: 1.2 });
  });
}

const introduction = 'tail latency decides how a service feels to the people who use it and we show how the scheduler keeps it low';
const evaluation = 'we run each of the settings ten times on the cluster and report the median with the spread of the runs in the plots';

/**
 * A three-page paper in two columns with five figures: an architecture diagram in the introduction, then four
 * evaluation plots (throughput bars, a latency CDF, p99 latency against load, cost bars), each with numbered axes,
 * axis titles and a legend, as a real paper's would have. The browser tests send it to a vision model, and the
 * README's picture of the figure strip is taken from it: it is ours to publish, unlike the shared papers.
 */
export async function makeEvaluationPaperPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Keeping the Tail Short: A Scheduler for Latency-Critical Services');
  const fonts: Fonts = {
    serif: await doc.embedFont(StandardFonts.TimesRoman),
    bold: await doc.embedFont(StandardFonts.TimesRomanBold),
    sans: await doc.embedFont(StandardFonts.Helvetica),
  };
  const caption = (page: PDFPage, column: { left: number }, y: number, text: string) => page.drawText(text, { x: column.left, y, size: 9, font: fonts.serif });
  const heading = (page: PDFPage, column: { left: number }, y: number, text: string) => page.drawText(text, { x: column.left, y, size: 11, font: fonts.bold });

  const first = doc.addPage(pageSize);
  first.drawText('Keeping the Tail Short: A Scheduler for Latency-Critical Services', { x: 96, y: 740, size: 14, font: fonts.bold });
  heading(first, leftColumn, 700, '1 Introduction');
  bodyLines(first, fonts.serif, leftColumn, 684, 100, introduction);
  bodyLines(first, fonts.serif, rightColumn, 700, 676, introduction);
  diagram(first, fonts, { left: 322, bottom: 540, right: 552, top: 650 });
  caption(first, rightColumn, 520, 'Figure 1: Overview of the design.');
  bodyLines(first, fonts.serif, rightColumn, 490, 100, introduction);

  const second = doc.addPage(pageSize);
  heading(second, leftColumn, 720, '5 Evaluation');
  bodyLines(second, fonts.serif, leftColumn, 704, 668, evaluation);
  barChart(second, fonts, { left: 60, bottom: 500, right: 290, top: 650 }, [[9.1, 6.2, 4.0], [17.5, 11.8, 7.7], [24.8, 15.1, 9.9], [29.6, 16.4, 10.2]], ['1', '2', '4', '8'], 'Servers', 'Throughput (k req/s)', 30);
  caption(second, leftColumn, 480, 'Figure 2: Throughput as servers are added.');
  bodyLines(second, fonts.serif, leftColumn, 450, 100, evaluation);
  bodyLines(second, fonts.serif, rightColumn, 720, 668, evaluation);
  linePlot(
    second,
    fonts,
    { left: 320, bottom: 500, right: 552, top: 650 },
    [
      [0, 0.35, 0.7, 0.88, 0.95, 0.98, 1],
      [0, 0.15, 0.4, 0.62, 0.8, 0.92, 1],
      [0, 0.08, 0.25, 0.45, 0.66, 0.85, 1],
    ],
    ['0', '2', '4', '6', '8', '10'],
    ['0', '0.5', '1'],
    'Latency (ms)',
    'CDF',
  );
  caption(second, rightColumn, 480, 'Figure 3: Latency CDF at 80% load.');
  bodyLines(second, fonts.serif, rightColumn, 450, 100, evaluation);

  const third = doc.addPage(pageSize);
  bodyLines(third, fonts.serif, leftColumn, 720, 668, evaluation);
  linePlot(
    third,
    fonts,
    { left: 60, bottom: 500, right: 290, top: 650 },
    [
      [0.05, 0.06, 0.08, 0.1, 0.14, 0.22],
      [0.08, 0.12, 0.2, 0.34, 0.55, 0.9],
      [0.1, 0.16, 0.28, 0.46, 0.7, 0.97],
    ],
    ['20', '40', '60', '80', '90', '95'],
    ['0', '50', '100'],
    'Load (%)',
    'p99 latency (ms)',
  );
  caption(third, leftColumn, 480, 'Figure 4: p99 latency against load.');
  bodyLines(third, fonts.serif, leftColumn, 450, 100, evaluation);
  bodyLines(third, fonts.serif, rightColumn, 720, 668, evaluation);
  barChart(third, fonts, { left: 320, bottom: 500, right: 552, top: 650 }, [[1.2, 2.1, 2.6], [0.9, 1.7, 2.3], [1.4, 2.5, 2.9]], ['Web', 'Search', 'KV'], 'Workload', 'Cost ($ per hour)', 3);
  caption(third, rightColumn, 480, 'Figure 5: Cost per hour for each workload.');
  bodyLines(third, fonts.serif, rightColumn, 450, 260, evaluation);
  heading(third, rightColumn, 236, 'References');
  for (const [index, reference] of [
    '[1] J. Dean and L. A. Barroso. The tail at scale. CACM, 2013.',
    '[2] A. Belay et al. IX: A protected dataplane OS. OSDI, 2014.',
    '[3] H. Qin et al. Arachne: Core-aware thread management. OSDI, 2018.',
  ].entries()) {
    third.drawText(reference, { x: rightColumn.left, y: 220 - index * 12, size: 8, font: fonts.serif });
  }
  return doc.save();
}
