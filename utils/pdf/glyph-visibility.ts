/**
 * Could a person reading this page at normal zoom see this glyph? Answered in two passes.
 *
 * The first looks at how each glyph was drawn (page-drawing.ts) and settles the cases it can settle exactly:
 * plainly visible text (dark ink, opaque, nothing painted over it or under it but contrasting solid fills), and
 * text that is certainly hidden (outside the page, clipped away entirely, too small, squeezed flat, drawn in an
 * invisible mode, almost fully transparent, in a hidden layer, white on nothing but the white page).
 *
 * Everything else goes to the renderer: the part of the page around those glyphs is drawn at normal zoom twice,
 * with and without them, and a glyph is visible when leaving it out changes enough pixels by a visible amount.
 * That one comparison settles colours against any background, covering paint drawn later, clip paths, soft
 * masks, blend modes and transfer functions alike, however the PDF expresses them.
 */
import { intersect, overlaps, type Box, type DrawnGlyph, type PageDrawing, type Rgb, type TextDraw } from './page-drawing';
import type { HiddenTechnique } from './hidden-techniques';
import { normalZoom, renderPage, type RenderedRegion } from './render';
import type { PdfDocument, PdfPage } from './pdfjs';

/** Per glyph: visible (undefined), hidden with a reason, or left unchecked when the page ran out of time. */
export type GlyphVerdict = HiddenTechnique | 'unchecked' | undefined;

type FirstLook = HiddenTechnique | 'plain' | 'uncertain';

/** Below this printed size (points) glyphs are unreadable on screen at 100 % and in print. */
export const smallestReadableSize = 2;
/** Ink this transparent changes the page by at most a few percent: not something a reader notices. */
const invisibleAlpha = 0.09;
/** A pixel counts as ink when some channel changes by at least this much (about 9 %) when the glyph is drawn. */
export const inkThreshold = 24;
/** A word is visible when its ink covers at least this share of its glyphs' rectangles (normal text: 8–30 %). */
const visibleInkShare = 0.025;
/** Luminance difference that makes text plainly readable against its background without rendering. */
const plainContrast = 0.3;
/** The most pixels one render may have. */
const maxRenderPixels = 8_000_000;

const white: Rgb = [255, 255, 255];

function luminance([r, g, b]: Rgb): number {
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

function channelDistance(a: Rgb, b: Rgb): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));
}

function contrasts(a: Rgb, b: Rgb): boolean {
  return Math.abs(luminance(a) - luminance(b)) >= plainContrast;
}

function contains(outer: Box, inner: Box): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
}

/** A coarse grid over the page for "what overlaps this box" queries; entries spanning many cells are kept apart. */
class BoxIndex<T extends { box: Box }> {
  private readonly cells = new Map<number, number[]>();
  private readonly large: number[] = [];
  private readonly items: T[];
  /** Query number that last returned each item, so an item spanning several cells is returned once. */
  private readonly seen: Uint32Array;
  private query = 0;
  private static readonly cellSize = 24;

  constructor(items: T[]) {
    this.items = items;
    this.seen = new Uint32Array(items.length);
    items.forEach((item, index) => {
      const [x0, y0, x1, y1] = BoxIndex.cellRange(item.box);
      if ((x1 - x0 + 1) * (y1 - y0 + 1) > 64) {
        this.large.push(index);
        return;
      }
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          const key = x * 100_003 + y;
          const cell = this.cells.get(key);
          if (cell) cell.push(index);
          else this.cells.set(key, [index]);
        }
      }
    });
  }

  private static cell(value: number): number {
    return Math.max(-200, Math.min(200, Math.floor(value / BoxIndex.cellSize)));
  }

  private static cellRange(box: Box): [number, number, number, number] {
    return [BoxIndex.cell(box[0]), BoxIndex.cell(box[1]), BoxIndex.cell(box[2]), BoxIndex.cell(box[3])];
  }

  private visit(index: number, box: Box, query: number, found: number[]): void {
    if (this.seen[index] !== query && overlaps(this.items[index]!.box, box)) {
      this.seen[index] = query;
      found.push(index);
    }
  }

  /** Every entry whose box overlaps `box`, each once, in the order they were given. */
  overlapping(box: Box): T[] {
    const query = ++this.query;
    const found: number[] = [];
    for (const index of this.large) this.visit(index, box, query, found);
    const [x0, y0, x1, y1] = BoxIndex.cellRange(box);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const cell = this.cells.get(x * 100_003 + y);
        if (cell) for (const index of cell) this.visit(index, box, query, found);
      }
    }
    found.sort((a, b) => a - b);
    const items: T[] = new Array(found.length);
    for (let index = 0; index < found.length; index++) items[index] = this.items[found[index]!]!;
    return items;
  }
}

/** The colour a glyph's ink has in its rendering mode, and how opaque it is (undefined colour: a pattern). */
function inkOf(text: TextDraw): { colour?: Rgb; alpha: number } {
  const { state } = text;
  switch (state.renderMode & 3) {
    case 0:
      return { colour: state.fill, alpha: state.fillAlpha };
    case 1:
      return { colour: state.stroke, alpha: state.strokeAlpha };
    case 2:
      return state.fillAlpha >= state.strokeAlpha ? { colour: state.fill, alpha: state.fillAlpha } : { colour: state.stroke, alpha: state.strokeAlpha };
    default:
      return { alpha: 0 };
  }
}

/** Text that could be plainly visible from its own state alone, before looking at what surrounds it. */
function isPlainInk(text: TextDraw): boolean {
  const { state } = text;
  const mode = state.renderMode & 3;
  if (mode !== 0 && mode !== 2) return false;
  const ink = inkOf(text);
  return Boolean(ink.colour) && ink.alpha >= 0.6 && !state.isComposited && !state.isType3 && contrasts(ink.colour!, white);
}

type PageMark = PageDrawing['marks'][number];

/** A line too thin to hide a glyph of this size (rules, underlines, axis lines). */
function isThinLine(mark: PageMark, glyph: DrawnGlyph): boolean {
  return mark.kind === 'stroke' && (mark.lineWidth ?? 0) < 0.2 * glyph.emHeight;
}

/**
 * Dark ink stays readable over anything lighter than itself: whatever mix of those colours shows under the glyph
 * (paint at any opacity is a mix), it is lighter still. So every mark under the glyph needs a known colour at
 * least `plainContrast` lighter than the ink.
 */
function isReadableOver(ink: Rgb, marks: PageMark[]): boolean {
  const inkLuminance = luminance(ink);
  for (const mark of marks) {
    if (mark.colour === undefined || luminance(mark.colour) - inkLuminance < plainContrast) return false;
  }
  return true;
}

/** Letters and figures: what words are made of. Other glyphs (spaces, symbols, private-use emoji) carry no instruction. */
function isWordCharacter(unicode: string): boolean {
  const code = unicode.charCodeAt(0);
  if (unicode.length === 1 && code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return /[\p{L}\p{N}]/u.test(unicode);
}

function firstLook(glyph: DrawnGlyph, text: TextDraw, view: Box, nearMarks: PageMark[], nearTexts: { box: Box }[]): FirstLook {
  const { state } = text;
  // Whether a reader can see a space, a symbol or an emoji overlay changes nothing the model could be told.
  if (!isWordCharacter(glyph.unicode)) return 'plain';
  if (state.isInHiddenLayer) return 'hidden-layer';
  if (!overlaps(glyph.box, view)) return 'outside-crop-box';
  if (state.clip && !overlaps(glyph.core, state.clip)) return 'clipped';
  if (glyph.emHeight < smallestReadableSize) return 'tiny-font';
  if (glyph.emWidth < smallestReadableSize) return 'squashed';
  // Written as plain loops: this runs for every glyph of every page.
  const earlier: PageMark[] = [];
  let laterCount = 0;
  for (const mark of nearMarks) {
    if (!overlaps(mark.box, glyph.core) || isThinLine(mark, glyph)) continue;
    if (mark.op > glyph.op) laterCount++;
    else earlier.push(mark);
  }
  if ((state.renderMode & 3) === 3) {
    // Invisible text shows only as a clip that later paint fills, or as the OCR of a scan drawn under it.
    let isOverImage = false;
    for (const mark of earlier) isOverImage ||= mark.kind === 'image';
    return (state.renderMode >= 4 && laterCount > 0) || isOverImage ? 'uncertain' : 'invisible-render-mode';
  }
  const ink = inkOf(text);
  if (ink.alpha <= invisibleAlpha) return 'near-zero-opacity';
  if (!glyph.hasShape || state.isComposited || state.isType3 || !ink.colour || ink.alpha < 0.6 || (state.renderMode & 3) === 1) return 'uncertain';
  if (state.clip && !(state.isClipExact && contains(state.clip, glyph.core))) return 'uncertain';
  if (laterCount > 0) return 'uncertain';
  for (const other of nearTexts) if (overlaps(other.box, glyph.core)) return 'uncertain';
  if (contrasts(ink.colour, white)) return isReadableOver(ink.colour, earlier) ? 'plain' : 'uncertain';
  // Light ink on nothing but the white page.
  return earlier.length === 0 && channelDistance(ink.colour, white) < inkThreshold ? 'white-text' : 'uncertain';
}

/** How much work judging took, in counts that do not depend on how busy the machine is (for the bench). */
export interface ScanWork {
  glyphs: number;
  /** Glyphs the first look could not settle, sent to the renderer. */
  uncertain: number;
  renders: number;
  renderedPixels: number;
}

export interface VisibilityOptions {
  signal?: AbortSignal;
  /** Whether the page's time is up: no rendering is started after that. */
  isTimeUp?: () => boolean;
  /** Added to as the page is judged. */
  work?: ScanWork;
}

function coreOf(text: TextDraw, glyphs: DrawnGlyph[]): Box | undefined {
  if (text.glyphCount === 0) return undefined;
  let left = Infinity, bottom = Infinity, right = -Infinity, top = -Infinity;
  for (let index = text.firstGlyph; index < text.firstGlyph + text.glyphCount; index++) {
    const box = glyphs[index]!.core;
    left = Math.min(left, box[0]);
    bottom = Math.min(bottom, box[1]);
    right = Math.max(right, box[2]);
    top = Math.max(top, box[3]);
  }
  return [left, bottom, right, top];
}

/** Where the renderer is needed, and where it is not: the first pass over every glyph of the page. */
export function firstLookAtGlyphs(drawing: PageDrawing, view: Box): FirstLook[] {
  const { glyphs, texts } = drawing;
  const marks = new BoxIndex(drawing.marks);
  // Text on top of or under text that is not plain ink may not read as it seems.
  const unusualTexts = new BoxIndex(texts.filter((text) => text.box && !isPlainInk(text)).map((text) => ({ box: text.box!, op: text.op })));
  const looks: FirstLook[] = new Array(glyphs.length);
  for (const text of texts) {
    const core = coreOf(text, glyphs);
    // One look around the whole text op; each glyph then only checks what was found there.
    const nearMarks = core ? marks.overlapping(core) : [];
    const nearTexts = core ? unusualTexts.overlapping(core).filter((other) => other.op !== text.op) : [];
    for (let index = text.firstGlyph; index < text.firstGlyph + text.glyphCount; index++) {
      looks[index] = firstLook(glyphs[index]!, text, view, nearMarks, nearTexts);
    }
  }
  return looks;
}

function pad(box: Box, by: number): Box {
  return [box[0] - by, box[1] - by, box[2] + by, box[3] + by];
}

/**
 * Splits the ops to test into groups whose glyphs do not overlap one another, so that leaving a whole group out
 * of one render still tells each glyph's own contribution apart. A few groups at most; the rest share the last.
 */
function nonOverlappingGroups(ops: TextDraw[]): TextDraw[][] {
  const boxed = ops.filter((text) => text.box).map((text, index) => ({ text, box: text.box!, index }));
  const neighbours = new BoxIndex(boxed);
  const groupOf = new Map<number, number>();
  const groups: TextDraw[][] = [];
  for (const entry of boxed) {
    const taken = new Set(neighbours.overlapping(entry.box).map((other) => groupOf.get(other.index)));
    let group = 0;
    while (taken.has(group) && group < 2) group++;
    groupOf.set(entry.index, group);
    (groups[group] ??= []).push(entry.text);
  }
  return groups.filter(Boolean);
}

interface InkMeasure {
  ink: number;
  /** Pixels the glyph's own rectangle covers at the render scale. */
  area: number;
  /** Mean colour of the page under the glyph when it is left out. */
  background: Rgb;
}

function measureInk(glyph: DrawnGlyph, withGlyph: RenderedRegion, without: RenderedRegion): InkMeasure {
  const [x0, y0, x1, y1] = withGlyph.pixelRect(glyph.box);
  const a = withGlyph.pixels;
  const b = without.pixels;
  let ink = 0;
  let r = 0;
  let g = 0;
  let bl = 0;
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * withGlyph.width + x) * 4;
      const distance = Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!));
      if (distance >= inkThreshold) ink++;
      r += b[i]!;
      g += b[i + 1]!;
      bl += b[i + 2]!;
      count++;
    }
  }
  const scale = withGlyph.scale;
  const background: Rgb = count > 0 ? [r / count, g / count, bl / count] : white;
  return { ink, area: Math.max(1, glyph.area * scale * scale), background };
}

/** Whether a region of an image-only render shows marks (a scan's letters), not a flat fill. */
function hasImageInk(region: RenderedRegion, box: Box): boolean {
  const [x0, y0, x1, y1] = region.pixelRect(box);
  let low = 255;
  let high = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * region.width + x) * 4;
      const level = 0.2126 * region.pixels[i]! + 0.7152 * region.pixels[i + 1]! + 0.0722 * region.pixels[i + 2]!;
      low = Math.min(low, level);
      high = Math.max(high, level);
    }
  }
  return high - low >= 64;
}

/** Why a glyph the renderer found invisible is invisible, in the terms a reader knows. */
function explain(glyph: DrawnGlyph, text: TextDraw, background: Rgb, marks: BoxIndex<PageDrawing['marks'][number]>): HiddenTechnique {
  const { state } = text;
  if ((state.renderMode & 3) === 3) return 'invisible-render-mode';
  const ink = inkOf(text);
  if (ink.alpha < 0.2) return 'near-zero-opacity';
  if (state.clip && !contains(state.clip, glyph.core)) return 'clipped';
  const isCoveredLater = marks.overlapping(glyph.core).some((mark) => mark.op > glyph.op);
  // Ink unlike what is there now was painted over; ink like it may simply never have shown.
  if (isCoveredLater && (!ink.colour || channelDistance(ink.colour, background) >= 2 * inkThreshold)) return 'covered';
  if (ink.colour) {
    if (channelDistance(ink.colour, white) < inkThreshold && channelDistance(background, white) < inkThreshold) return 'white-text';
    if (channelDistance(ink.colour, background) < 3 * inkThreshold) return 'background-colour';
  }
  return state.isComposited ? 'masked' : 'not-visible';
}

/** Share of the page covered by images drawn before `op`: a scanned page is one big image. */
function imageShareBefore(drawing: PageDrawing, op: number, view: Box): number {
  const pageArea = Math.max(1, (view[2] - view[0]) * (view[3] - view[1]));
  let area = 0;
  for (const mark of drawing.marks) {
    if (mark.kind !== 'image' || mark.op > op) continue;
    const visible = intersect(mark.box, view);
    if (visible) area += (visible[2] - visible[0]) * (visible[3] - visible[1]);
  }
  return area / pageArea;
}

/**
 * A verdict for every glyph of the page. Renders only when the first pass left glyphs uncertain; if rendering
 * is cancelled (the page's time is up) those glyphs come back 'unchecked'.
 */
export async function judgeGlyphs(pdf: PdfDocument, page: PdfPage, drawing: PageDrawing, view: Box, options: VisibilityOptions = {}): Promise<GlyphVerdict[]> {
  const looks = firstLookAtGlyphs(drawing, view);
  const verdicts: GlyphVerdict[] = new Array<GlyphVerdict>(looks.length).fill(undefined);
  const uncertain: number[] = [];
  for (let index = 0; index < looks.length; index++) {
    const look = looks[index]!;
    if (look === 'uncertain') uncertain.push(index);
    else if (look !== 'plain') verdicts[index] = look;
  }
  if (options.work) {
    options.work.glyphs += looks.length;
    options.work.uncertain += uncertain.length;
  }
  if (uncertain.length === 0) return verdicts;
  if (options.isTimeUp?.()) {
    for (const index of uncertain) verdicts[index] = 'unchecked';
    return verdicts;
  }
  try {
    await judgeByRendering(pdf, page, drawing, view, uncertain, verdicts, options);
  } catch (error) {
    for (const index of uncertain) verdicts[index] = 'unchecked';
    if (!options.signal?.aborted) throw error;
  }
  return verdicts;
}

async function judgeByRendering(pdf: PdfDocument, page: PdfPage, drawing: PageDrawing, view: Box, uncertain: number[], verdicts: GlyphVerdict[], options: VisibilityOptions): Promise<void> {
  const { glyphs, texts } = drawing;
  const testedTexts = [...new Set(uncertain.map((index) => glyphs[index]!.text))].map((index) => texts[index]!);
  const testedBoxes = new BoxIndex(uncertain.map((index) => ({ box: pad(glyphs[index]!.box, 1) })));
  let region: Box | undefined;
  for (const index of uncertain) {
    const box = pad(glyphs[index]!.box, 2);
    region = region ? [Math.min(region[0], box[0]), Math.min(region[1], box[1]), Math.max(region[2], box[2]), Math.max(region[3], box[3])] : box;
  }
  region = intersect(region!, view) ?? view;
  // Normal zoom, unless the region is huge (a poster): then coarser, so that a render stays within a few megapixels.
  const scale = Math.max(0.5, Math.min(normalZoom, Math.sqrt(maxRenderPixels / ((region[2] - region[0]) * (region[3] - region[1])))));

  // Paint far from every tested glyph cannot change their pixels: it is left out of every render.
  const paintBoxes = new Map<number, { box: Box; kind: string }>();
  for (const mark of drawing.marks) paintBoxes.set(mark.op, mark);
  for (const text of texts) if (text.box) paintBoxes.set(text.op, { box: text.box, kind: 'text' });
  const farAway = new Set<number>();
  for (const [op, paint] of paintBoxes) {
    if (!drawing.stateChangingPaints.has(op) && testedBoxes.overlapping(paint.box).length === 0) farAway.add(op);
  }
  const counted = async (rendering: Promise<RenderedRegion>) => {
    const rendered = await rendering;
    if (options.work) {
      options.work.renders++;
      options.work.renderedPixels += rendered.width * rendered.height;
    }
    return rendered;
  };
  const render = (leaveOut: (op: number) => boolean) =>
    counted(renderPage(pdf, page, { scale, region, skip: (op) => farAway.has(op) || leaveOut(op), ...(options.signal ? { signal: options.signal } : {}) }));

  const withAll = await render(() => false);
  const measures = new Map<number, InkMeasure>();
  for (const group of nonOverlappingGroups(testedTexts)) {
    const ops = new Set(group.map((text) => text.op));
    const without = await render((op) => ops.has(op));
    for (const index of uncertain) {
      if (ops.has(glyphs[index]!.op)) measures.set(index, measureInk(glyphs[index]!, withAll, without));
    }
  }

  // A word is judged as a whole: a glyph's box also catches its neighbours' overhangs and serifs.
  const marks = new BoxIndex(drawing.marks);
  const imageShares = new Map<number, number>();
  const imageShare = (op: number) => imageShares.get(op) ?? imageShares.set(op, imageShareBefore(drawing, op, view)).get(op)!;
  let imagesOnly: RenderedRegion | undefined;
  let word: number[] = [];
  const settleWord = async () => {
    if (word.length === 0) return;
    const ink = word.reduce((sum, index) => sum + measures.get(index)!.ink, 0);
    const area = word.reduce((sum, index) => sum + measures.get(index)!.area, 0);
    const isVisible = ink >= 2 && ink / Math.max(area, 1) >= visibleInkShare;
    if (!isVisible) {
      const first = glyphs[word[0]!]!;
      const text = texts[first.text]!;
      let isScanText = false;
      if ((text.state.renderMode & 3) === 3 && imageShare(first.op) >= 0.4) {
        imagesOnly ??= await counted(renderPage(pdf, page, {
          scale,
          region: region!,
          skip: (op) => paintBoxes.has(op) && !drawing.stateChangingPaints.has(op) && paintBoxes.get(op)?.kind !== 'image',
          ...(options.signal ? { signal: options.signal } : {}),
        }));
        isScanText = word.some((index) => hasImageInk(imagesOnly!, glyphs[index]!.box));
      }
      for (const index of word) {
        verdicts[index] = isScanText ? undefined : explain(glyphs[index]!, texts[glyphs[index]!.text]!, measures.get(index)!.background, marks);
      }
    }
    word = [];
  };
  // Uncertain glyphs are never whitespace; a gap in their indexes or a new op ends a word.
  for (const index of uncertain) {
    const last = word[word.length - 1];
    if (last !== undefined && (last !== index - 1 || glyphs[last]!.op !== glyphs[index]!.op)) await settleWord();
    word.push(index);
  }
  await settleWord();
}
