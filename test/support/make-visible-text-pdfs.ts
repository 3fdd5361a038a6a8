/**
 * The precision corpus: pages with the shapes real papers have that a naive check mistakes for hidden text, and
 * none of which may alarm: emoji drawn as images under an invisible private-use text overlay, lone symbols in
 * invisible text, labels on coloured boxes, white text on dark boxes and dark images, watermarks, text under
 * translucent overlays, a scanned page with its OCR layer, outlined headings, small but readable print, text
 * over a light gradient image, a plot with its legend, text in a transparency group, and a partly clipped label.
 *
 * Each case also has a twin drawn by the same code with one change that does hide text (`twin: true`): the
 * tests check that the twin alarms, so a silent case is silent because its text is visible, not because the
 * setup cannot alarm.
 *
 * Run standalone: `npx tsx test/support/make-visible-text-pdfs.ts <out-dir>`; tests call makeVisibleTextPdfs().
 */
import { PDFHexString } from 'pdf-lib';
import { makePdf, makePng, pageSize, scannedPage, writePdfs, type PageWriter } from './pdf-builder';

export interface VisibleTextCase {
  name: string;
  /** Upright text that must reach the model from the case (turned text, like a watermark, is left out of the layout whatever its visibility). */
  visible: string[];
  /** The twin's text that must be reported as hidden. */
  twinHides: string;
  bytes: Uint8Array;
  twin: Uint8Array;
}

const black: [number, number, number] = [0, 0, 0];
const white: [number, number, number] = [1, 1, 1];
const body = 'The scheduler keeps queues short by moving work between pools when load shifts.';

interface Spec {
  name: string;
  visible: string[];
  twinHides: string;
  draw(page: PageWriter, twin: boolean): Promise<unknown> | unknown;
}

/** A small round "emoji" bitmap: a yellow face on transparent-looking white. */
const emoji = makePng(16, 16, (x, y) => ((x - 7.5) ** 2 + (y - 7.5) ** 2 < 49 ? (y > 9 && y < 12 && x > 4 && x < 11 ? [80, 40, 0] : [250, 200, 40]) : [255, 255, 255]));

const specs: Spec[] = [
  {
    name: 'emoji-overlays',
    visible: [body],
    twinHides: 'Hidden note',
    async draw(page, twin) {
      // TeX emoji packages: the emoji is an image, and an invisible private-use glyph over it carries the character.
      const mapped = page.mappedFont({ 0x41: '\u{E001}', 0x42: '\u{E002}' });
      for (const [index, x] of [320, 340, 360].entries()) {
        await page.image(emoji, x, 596, 12, 12);
        const overlay = page.graphicsState({ ca: 0 });
        page.ops(['q'], ['gs', overlay], ['BT'], ['Tf', mapped, 10], ['Td', x, 598], ['Tj', PDFHexString.of(index % 2 ? '42' : '41')], ['ET'], ['Q']);
      }
      // Lone symbols and figures in invisible text: nothing an instruction could be written with.
      page.text('\u2022 \u2014 2024 \u00a9', { x: 400, y: 598, mode: 3 });
      page.text(twin ? 'Hidden note' : '\u2022', { x: 440, y: 598, state: page.graphicsState({ ca: 0 }) });
    },
  },
  {
    name: 'labels-on-coloured-boxes',
    visible: ['Prefill pool', 'Decode pool', 'KV cache store', 'Router'],
    twinHides: 'Router',
    draw(page, twin) {
      const boxes: [string, [number, number, number], [number, number, number]][] = [
        ['Prefill pool', [1, 1, 0.6], black],
        ['Decode pool', [0.8, 0.9, 1], black],
        ['KV cache store', [0.6, 0.6, 0.6], black],
        ['Router', [1, 0.85, 0.85], twin ? [1, 0.85, 0.85] : [0.5, 0, 0]],
      ];
      boxes.forEach(([label, fill, colour], index) => {
        const x = 72 + index * 120;
        page.ops(['q'], ['RG', 0, 0, 0], ['w', 0.5]).rect(x, 580, 100, 40, fill).ops(['re', x, 580, 100, 40], ['S'], ['Q']);
        page.text(label, { x: x + 8, y: 596, size: 9, fill: colour });
      });
    },
  },
  {
    name: 'white-on-dark',
    visible: ['Baseline', 'Ours', 'Peak hour'],
    twinHides: 'Peak hour',
    async draw(page, twin) {
      page.rect(72, 580, 120, 30, [0.1, 0.15, 0.4]).text('Baseline', { x: 80, y: 592, fill: white, font: 'bold' });
      page.rect(210, 580, 120, 30, black).text('Ours', { x: 218, y: 592, fill: white, font: 'bold' });
      // A dark photograph-like image under white text; in the twin the image is white.
      await page.image(makePng(24, 8, (x, y) => (twin ? [255, 255, 255] : [20 + ((x * 7 + y * 13) % 40), 30, 50])), 350, 575, 190, 40);
      page.text('Peak hour', { x: 360, y: 592, fill: white, font: 'bold' });
    },
  },
  {
    name: 'watermarks',
    visible: [body],
    twinHides: 'CONFIDENTIAL',
    draw(page, twin) {
      const turn = (angle: number, x: number, y: number): [number, number, number, number, number, number] => {
        const [cos, sin] = [Math.cos((angle * Math.PI) / 180), Math.sin((angle * Math.PI) / 180)];
        return [cos, sin, -sin, cos, x, y];
      };
      page.text('DRAFT', { x: 0, y: 0, size: 96, fill: [0.85, 0.85, 0.85], matrix: turn(45, 150, 250), font: 'bold' });
      page.text('CONFIDENTIAL', { x: 0, y: 0, size: 40, fill: black, matrix: turn(30, 120, 420), state: page.graphicsState({ ca: twin ? 0.02 : 0.15 }) });
      // arXiv's grey identifier down the left margin.
      page.text('arXiv:2611.01234v1 [cs.DC] 1 Nov 2026', { x: 0, y: 0, size: 20, fill: [0.5, 0.5, 0.5], matrix: turn(90, 30, 250) });
    },
  },
  {
    name: 'translucent-overlays',
    visible: ['highlighted finding', 'faded footnote text'],
    twinHides: 'faded footnote text',
    draw(page, twin) {
      page.text('This is the highlighted finding of the study.', { x: 72, y: 600 });
      page.rect(150, 596, 110, 14, [1, 0.9, 0], page.graphicsState({ ca: 0.4 }));
      page.text('Some faded footnote text under a white veil.', { x: 72, y: 570 });
      page.rect(60, 565, 300, 16, white, page.graphicsState({ ca: twin ? 0.97 : 0.5 }));
    },
  },
  {
    name: 'ocr-scan',
    visible: ['The cluster ran at half load for most of the day'],
    twinHides: 'The cluster ran at half load',
    async draw(page, twin) {
      const line = 'The cluster ran at half load for most of the day';
      await page.image(scannedPage(page, line, 72, 600, 10, !twin), 0, 0, pageSize[0], pageSize[1]);
      page.text(line, { x: 72, y: 600, mode: 3 });
    },
  },
  {
    name: 'outlined-headings',
    visible: ['Evaluation', 'Related work'],
    twinHides: 'Related work',
    draw(page, twin) {
      page.text('Evaluation', { x: 72, y: 600, size: 24, mode: 1, stroke: black, lineWidth: 0.5, font: 'bold' });
      page.text('Related work', { x: 72, y: 560, size: 24, mode: 2, fill: twin ? white : [0.2, 0.2, 0.6], stroke: twin ? white : black, lineWidth: 0.3, font: 'bold' });
    },
  },
  {
    name: 'small-and-condensed',
    visible: ['Supported by grant 12345 from the foundation', 'condensed table header row'],
    // At 3 % width pdf.js no longer sees the spaces between the words.
    twinHides: 'Acondensedtableheaderrow',
    draw(page, twin) {
      page.text('Supported by grant 12345 from the foundation.', { x: 72, y: 600, size: 4 });
      page.text('A condensed table header row', { x: 72, y: 580, size: 8, hScale: twin ? 3 : 70 });
    },
  },
  {
    name: 'gradient-background',
    visible: ['Throughput rises with batch size'],
    twinHides: 'Throughput rises with batch size',
    async draw(page, twin) {
      await page.image(makePng(64, 4, (x) => [200 + x / 2, 220 + x / 3, 255]), 60, 585, 480, 35);
      page.text('Throughput rises with batch size', { x: 72, y: 598, fill: twin ? [0.86, 0.9, 1] : [0.1, 0.1, 0.1] });
    },
  },
  {
    name: 'plot-with-legend',
    visible: ['Load (req/s)', 'median', 'tail', '100', '200'],
    twinHides: 'tail',
    draw(page, twin) {
      // Axes, grid lines drawn over the tick labels' area, a curve, then a legend box at 80 % opacity over the curve.
      page.ops(['q'], ['RG', 0, 0, 0], ['w', 0.8], ['m', 100, 450], ['l', 100, 650], ['m', 100, 450], ['l', 500, 450], ['S'], ['Q']);
      page.text('Latency (ms)', { x: 0, y: 0, size: 9, matrix: [0, 1, -1, 0, 85, 510] });
      page.text('Load (req/s)', { x: 270, y: 432, size: 9 });
      page.text('100', { x: 196, y: 440, size: 8 }).text('200', { x: 296, y: 440, size: 8 });
      page.ops(['q'], ['RG', 0.8, 0.8, 0.8], ['w', 0.3], ['m', 200, 450], ['l', 200, 650], ['m', 300, 450], ['l', 300, 650], ['S'], ['Q']);
      page.ops(['q'], ['RG', 0.1, 0.3, 0.8], ['w', 1.5], ['m', 100, 460], ['c', 250, 470, 350, 560, 490, 640], ['S'], ['Q']);
      page.rect(380, 590, 100, 50, white, page.graphicsState({ ca: 0.8 }));
      page.text('median', { x: 390, y: 620, size: 8 }).text('tail', { x: 390, y: 600, size: 8 });
      if (twin) page.rect(385, 596, 30, 12, white);
    },
  },
  {
    name: 'transparency-group',
    visible: ['Figure 2: the request path'],
    twinHides: 'Figure 2: the request path',
    draw(page, twin) {
      // pdfTeX includes figures as form XObjects with a transparency group; the label lives inside it.
      const font = page.font();
      const name = page.page.node.newFontDictionary(font.name, font.ref);
      const group = page.doc.context.flateStream(`BT /${name.asString().slice(1)} 10 Tf 72 600 Td ${font.encodeText('Figure 2: the request path').toString()} Tj ET`, {
        Type: 'XObject',
        Subtype: 'Form',
        BBox: [0, 0, pageSize[0], pageSize[1]],
        Group: { S: 'Transparency', I: true },
        Resources: { Font: { [name.asString().slice(1)]: font.ref } },
      });
      const ref = page.doc.context.register(group);
      const xobject = page.page.node.newXObject('Fig', ref);
      if (twin) {
        const mask = page.formRef('0 g 0 0 612 792 re f');
        page.ops(['q'], ['gs', page.graphicsState({ SMask: { Type: 'Mask', S: 'Luminosity', G: mask } })], ['Do', xobject], ['Q']);
      } else {
        page.ops(['q'], ['Do', xobject], ['Q']);
      }
    },
  },
  {
    name: 'partly-clipped-label',
    visible: ['Throughput per node'],
    twinHides: 'Throughput per node',
    draw(page, twin) {
      // The figure's clip cuts the label's descenders, as plots often do at their frame.
      page.ops(['q'], ['re', 60, twin ? 640 : 602, 400, 100], ['W'], ['n']).text('Throughput per node', { x: 72, y: 600, size: 12 }).ops(['Q']);
    },
  },
];

export async function makeVisibleTextPdfs(): Promise<VisibleTextCase[]> {
  const cases: VisibleTextCase[] = [];
  for (const spec of specs) {
    const draw = (twin: boolean) =>
      makePdf(async (page) => {
        await spec.draw(page, twin);
        // Drawn last, so that nothing a case paints (a scan's page image) lies over it.
        page.text(body, { x: 72, y: 700 });
      });
    cases.push({ name: spec.name, visible: spec.visible, twinHides: spec.twinHides, bytes: await draw(false), twin: await draw(true) });
  }
  return cases;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cases = await makeVisibleTextPdfs();
  await writePdfs(process.argv[2] ?? 'visible-text-pdfs', cases.flatMap((pdf): [string, Uint8Array][] => [[`visible-${pdf.name}`, pdf.bytes], [`visible-${pdf.name}-twin`, pdf.twin]]));
}
