/**
 * Small PDFs written operator by operator (pdf-lib's drawing helpers cannot express render modes, clips, text
 * matrices, layers or soft masks), for the hidden-text corpora. Every page is US Letter, 612 × 792 pt.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFOperator, StandardFonts, type PDFFont, type PDFPage, type PDFRef } from 'pdf-lib';

export const pageSize: [number, number] = [612, 792];

type Operand = number | string | PDFName | ReturnType<PDFFont['encodeText']>;

function operand(value: Operand) {
  if (typeof value === 'number') return PDFNumber.of(value);
  if (typeof value === 'string') return PDFName.of(value);
  return value;
}

export interface TextStyle {
  x: number;
  y: number;
  size?: number;
  /** Text rendering mode (0 fill, 1 stroke, 2 fill and stroke, 3 invisible, 7 clip). */
  mode?: number;
  fill?: [number, number, number];
  stroke?: [number, number, number];
  lineWidth?: number;
  /** Horizontal scaling in percent (Tz). */
  hScale?: number;
  /** A full text matrix instead of a plain position (x and y are then ignored). */
  matrix?: [number, number, number, number, number, number];
  /** An ExtGState (from `graphicsState`) in force while the text is shown. */
  state?: PDFName;
  font?: 'regular' | 'bold';
}

export class PageWriter {
  constructor(
    readonly doc: PDFDocument,
    readonly page: PDFPage,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
  ) {}

  /** Raw operators: ['q'], ['re', 0, 0, 1, 1], ['W'], ['n'], … */
  ops(...list: [string, ...Operand[]][]): this {
    this.page.pushOperators(...list.map(([name, ...args]) => PDFOperator.of(name as never, args.map(operand))));
    return this;
  }

  font(kind: 'regular' | 'bold' = 'regular'): PDFFont {
    return this.fonts[kind];
  }

  text(str: string, style: TextStyle): this {
    const font = this.fonts[style.font ?? 'regular'];
    const name = this.page.node.newFontDictionary(font.name, font.ref);
    const [fr, fg, fb] = style.fill ?? [0, 0, 0];
    const [sr, sg, sb] = style.stroke ?? [0, 0, 0];
    this.ops(['q']);
    if (style.state) this.ops(['gs', style.state]);
    this.ops(['BT'], ['Tf', name, style.size ?? 10], ['rg', fr, fg, fb], ['RG', sr, sg, sb], ['w', style.lineWidth ?? 0.6], ['Tr', style.mode ?? 0]);
    if (style.hScale !== undefined) this.ops(['Tz', style.hScale]);
    if (style.matrix) this.ops(['Tm', ...style.matrix]);
    else this.ops(['Td', style.x, style.y]);
    this.ops(['Tj', font.encodeText(str)], ['ET'], ['Q']);
    return this;
  }

  /**
   * A Helvetica font whose ToUnicode map sends byte codes to the given characters (private-use code points, as
   * TeX's emoji packages map their overlay glyphs). Returns its resource name, for ['Tf', name, size].
   */
  mappedFont(map: Record<number, string>): PDFName {
    const hex = (code: number) => code.toString(16).padStart(2, '0').toUpperCase();
    const utf16 = (char: string) => [...char].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()).join('');
    const entries = Object.entries(map).map(([code, char]) => `<${hex(Number(code))}> <${utf16(char)}>`);
    const cmap = [
      '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
      '1 begincodespacerange <00> <FF> endcodespacerange',
      `${entries.length} beginbfchar ${entries.join(' ')} endbfchar`,
      'endcmap CMapName currentdict /CMap defineresource pop end end',
    ].join('\n');
    const { context } = this.doc;
    const toUnicode = context.register(context.flateStream(cmap));
    const font = context.register(context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'Helvetica', Encoding: 'WinAnsiEncoding', ToUnicode: toUnicode }));
    return this.page.node.newFontDictionary('Mapped', font);
  }

  /**
   * A Type 3 font whose glyphs draw nothing, while its ToUnicode map gives them letters: the text extracts, the
   * page shows nothing. Codes are the ASCII codes of `letters`. Returns its resource name, for ['Tf', name, size].
   */
  blankType3Font(letters: string): PDFName {
    const { context } = this.doc;
    const codes = [...new Set(letters)].map((char) => char.charCodeAt(0)).sort((a, b) => a - b);
    const [first, last] = [codes[0]!, codes[codes.length - 1]!];
    const charProcs: Record<string, PDFRef> = {};
    for (const code of codes) charProcs[`g${code}`] = context.register(context.flateStream('500 0 0 0 500 700 d1'));
    const differences = codes.flatMap((code) => [code, `g${code}`]);
    const widths = Array.from({ length: last - first + 1 }, () => 500);
    const hex = (code: number) => code.toString(16).padStart(2, '0').toUpperCase();
    const cmap = [
      '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
      '1 begincodespacerange <00> <FF> endcodespacerange',
      `${codes.length} beginbfchar ${codes.map((code) => `<${hex(code)}> <00${hex(code)}>`).join(' ')} endbfchar`,
      'endcmap CMapName currentdict /CMap defineresource pop end end',
    ].join('\n');
    const font = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'Type3',
        FontBBox: [0, 0, 500, 700],
        FontMatrix: [0.001, 0, 0, 0.001, 0, 0],
        CharProcs: charProcs,
        Encoding: { Type: 'Encoding', Differences: differences },
        FirstChar: first,
        LastChar: last,
        Widths: widths,
        ToUnicode: context.register(context.flateStream(cmap)),
      }),
    );
    return this.page.node.newFontDictionary('Blank', font);
  }

  /**
   * An embedded TrueType font whose every glyph outline was removed (Liberation Sans, pdf.js's own copy, with empty
   * glyph data): the text extracts with its true widths, and nothing is drawn. WinAnsi codes, so plain ASCII works.
   */
  blankOutlineFont(): PDFName {
    const { context } = this.doc;
    const ttf = blankOutlineTrueType();
    const file = context.register(context.flateStream(ttf, { Length1: ttf.length }));
    const descriptor = context.register(
      context.obj({ Type: 'FontDescriptor', FontName: 'BlankSans', Flags: 32, FontBBox: [-200, -210, 1000, 900], ItalicAngle: 0, Ascent: 900, Descent: -210, CapHeight: 700, StemV: 80, FontFile2: file }),
    );
    const font = context.register(
      context.obj({ Type: 'Font', Subtype: 'TrueType', BaseFont: 'BlankSans', FirstChar: 32, LastChar: 126, Widths: Array.from({ length: 95 }, () => 556), Encoding: 'WinAnsiEncoding', FontDescriptor: descriptor }),
    );
    return this.page.node.newFontDictionary('BlankSans', font);
  }

  /** Wraps a paragraph into lines of at most `width` points. */
  paragraph(str: string, style: TextStyle & { width?: number; leading?: number }): this {
    const font = this.fonts[style.font ?? 'regular'];
    const size = style.size ?? 10;
    const width = style.width ?? 460;
    let line = '';
    let y = style.y;
    for (const word of str.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > width && line) {
        this.text(line, { ...style, y });
        y -= style.leading ?? size * 1.3;
        line = word;
      } else {
        line = next;
      }
    }
    if (line) this.text(line, { ...style, y });
    return this;
  }

  rect(x: number, y: number, width: number, height: number, fill: [number, number, number], state?: PDFName): this {
    this.ops(['q']);
    if (state) this.ops(['gs', state]);
    return this.ops(['rg', ...fill], ['re', x, y, width, height], ['f'], ['Q']);
  }

  /** An ExtGState resource, e.g. { ca: 0.03 } or { CA: 0.02 }. */
  graphicsState(entries: Record<string, number | string | boolean | PDFRef | Record<string, unknown>>): PDFName {
    const dict = this.doc.context.obj(entries as never);
    if (!(dict instanceof PDFDict)) throw new Error('A graphics state is a dictionary.');
    return this.page.node.newExtGState('GS', dict);
  }

  /** Draws an RGB image stretched over a rectangle. */
  async image(png: Uint8Array, x: number, y: number, width: number, height: number): Promise<this> {
    const image = await this.doc.embedPng(png);
    const name = this.page.node.newXObject('Im', image.ref);
    return this.ops(['q'], ['cm', width, 0, 0, height, x, y], ['Do', name], ['Q']);
  }

  /** A form XObject holding these operators, usable as a soft mask's group. */
  formRef(content: string, group = true): PDFRef {
    const stream = this.doc.context.flateStream(content, {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, pageSize[0], pageSize[1]],
      ...(group ? { Group: { S: 'Transparency', CS: 'DeviceGray' } } : {}),
    });
    return this.doc.context.register(stream);
  }

  /** An optional content group (layer), on or off by default; returns its resource name for /OC … BDC. */
  layer(name: string, visible: boolean): PDFName {
    const { context, catalog } = this.doc;
    const ocg = context.register(context.obj({ Type: 'OCG', Name: name }));
    catalog.set(PDFName.of('OCProperties'), context.obj({ OCGs: [ocg], D: { Order: [ocg], ...(visible ? { ON: [ocg] } : { OFF: [ocg] }) } }));
    const resources = this.page.node.Resources()!;
    const properties = context.obj({ OC1: ocg });
    resources.set(PDFName.of('Properties'), properties);
    return PDFName.of('OC1');
  }
}

/** One page, drawn by `draw`; fixed dates keep the bytes identical from run to run. */
export async function makePdf(draw: (page: PageWriter) => Promise<unknown> | unknown, { cropBox }: { cropBox?: [number, number, number, number] } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const page = doc.addPage(pageSize);
  if (cropBox) page.setCropBox(...cropBox);
  await draw(new PageWriter(doc, page, fonts));
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));
  return doc.save();
}

/** An RGB PNG built by hand, so the corpora need no image files: `pixel(x, y)` gives each pixel's colour. */
export function makePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set(pixel(x, y), 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A page-sized scan of one line of `text` set at (x, y): pale paper with dark letter strokes where each word sits
 * (blank paper when not `inked`), half a pixel per point, as a scanner's image under its OCR layer.
 */
export function scannedPage(page: PageWriter, text: string, x: number, y: number, size: number, inked = true): Uint8Array {
  const scale = 0.5;
  const font = page.font();
  const words: [number, number][] = [];
  let cursor = x;
  for (const word of text.split(' ')) {
    const width = font.widthOfTextAtSize(word, size);
    words.push([cursor, cursor + width]);
    cursor += width + font.widthOfTextAtSize(' ', size);
  }
  return makePng(pageSize[0] * scale, pageSize[1] * scale, (px, py) => {
    const [ptX, ptY] = [px / scale, pageSize[1] - py / scale];
    const onWord = words.some(([from, to]) => ptX >= from && ptX <= to) && ptY >= y && ptY <= y + 0.7 * size;
    // Letters: dark vertical strokes two pixels wide, one pixel apart.
    return inked && onWord && px % 3 !== 2 ? [40, 40, 40] : [236, 236, 230];
  });
}

/** Writes named PDFs into a directory, for looking at a corpus in a viewer (the generators' command line). */
export async function writePdfs(outDir: string, pdfs: [name: string, bytes: Uint8Array][]): Promise<void> {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of pdfs) writeFileSync(join(outDir, `${name}.pdf`), bytes);
}

/** Liberation Sans (from pdf.js's standard fonts) with empty glyph data for every glyph: long loca offsets, all zero. */
function blankOutlineTrueType(): Uint8Array {
  const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const font = readFileSync(join(pdfjsRoot, 'standard_fonts', 'LiberationSans-Regular.ttf'));
  const numTables = font.readUInt16BE(4);
  const tags: string[] = [];
  const tables = new Map<string, Buffer>();
  for (let index = 0; index < numTables; index++) {
    const record = 12 + index * 16;
    const tag = font.toString('latin1', record, record + 4);
    const offset = font.readUInt32BE(record + 8);
    tags.push(tag);
    tables.set(tag, Buffer.from(font.subarray(offset, offset + font.readUInt32BE(record + 12))));
  }
  const glyphCount = tables.get('maxp')!.readUInt16BE(4);
  tables.get('head')!.writeInt16BE(1, 50); // indexToLocFormat: long offsets
  tables.set('loca', Buffer.alloc((glyphCount + 1) * 4));
  tables.set('glyf', Buffer.alloc(4));
  const header = Buffer.alloc(12 + tags.length * 16);
  font.copy(header, 0, 0, 12);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tags.forEach((tag, index) => {
    const body = tables.get(tag)!;
    const record = 12 + index * 16;
    header.write(tag, record, 'latin1');
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(body.length, record + 12);
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}
