/**
 * What a page's operator list draws, op by op, in PDF user space: every glyph with its box and the graphics
 * state it was painted in, and every other mark (paths, images, shadings) with its bounding box.
 *
 * The walk follows pdf.js's canvas renderer (the same text advance formulas, the same clip, group, form and
 * annotation semantics), so a box computed here is where that renderer puts the ink. It is a cheap first look at
 * the page: the hidden-text check uses it to settle plainly visible and certainly hidden glyphs, and to decide
 * which parts of the page are worth rendering.
 */
import { OPS, imagePaintOps } from './pdfjs';

/** [left, bottom, right, top] in PDF user space (y grows upwards). */
export type Box = [number, number, number, number];
export type Matrix = [number, number, number, number, number, number];
/** Red, green, blue in 0–255; undefined for patterns, shadings and colours pdf.js did not resolve to RGB. */
export type Rgb = [number, number, number];

/** Everything about how a glyph was painted that decides whether ink reaches the page. */
export interface TextPaintState {
  renderMode: number;
  fill?: Rgb;
  stroke?: Rgb;
  /** Alpha including every enclosing transparency group's. */
  fillAlpha: number;
  strokeAlpha: number;
  /** Something other than plain painting: a soft mask, a blend mode, a transfer function or a transparency group. */
  isComposited: boolean;
  /** Inside optional content the document hides by default. */
  isInHiddenLayer: boolean;
  /** Intersection of every active clip's bounding box; undefined while nothing clips. */
  clip?: Box;
  /** Every active clip is an axis-aligned rectangle, so `clip` is the clip region itself, not just its bounds. */
  isClipExact: boolean;
  /** Type 3 glyphs are small content streams of their own and may paint anything, or nothing. */
  isType3: boolean;
}

export interface DrawnGlyph {
  /** Index of its showText op in the operator list. */
  op: number;
  /** Index of its showText op in `texts`. */
  text: number;
  unicode: string;
  box: Box;
  /** The middle of the glyph (x-height band, inner part of its advance): ink there is the letter itself. */
  core: Box;
  /** Area of the glyph's own rectangle (advance × em), in square points; `box` is larger for turned text. */
  area: number;
  /** Printed size of the font's em, across and along the baseline, in points. */
  emHeight: number;
  emWidth: number;
  /** pdf.js draws nothing for a glyph the embedded font does not contain. */
  hasShape: boolean;
}

export interface TextDraw {
  op: number;
  state: TextPaintState;
  /** Range of its glyphs in `glyphs`. */
  firstGlyph: number;
  glyphCount: number;
  /** Union of its glyph boxes. */
  box?: Box;
}

export type MarkKind = 'fill' | 'stroke' | 'image' | 'shading';

/** A non-text mark on the page. */
export interface Mark {
  op: number;
  kind: MarkKind;
  box: Box;
  /** Its colour, when it is one RGB colour painted normally (any opacity); images, patterns and masked paint have none. */
  colour?: Rgb;
  /** Printed line width of a stroke, in points. */
  lineWidth?: number;
}

export interface PageDrawing {
  glyphs: DrawnGlyph[];
  texts: TextDraw[];
  marks: Mark[];
  /** Painting ops that also change what is drawn after them (a clip path that is filled, text in a clip mode): never left out of a render. */
  stateChangingPaints: Set<number>;
  operatorCount: number;
}

/** The font facts a walk needs, as pdf.js's font objects expose them. */
export interface FontFacts {
  fontMatrix?: number[];
  isType3Font?: boolean;
  missingFile?: boolean;
  vertical?: boolean;
}

export interface DrawingContext {
  font(loadedName: string): FontFacts | undefined;
  /** Whether optional content (a layer) with these properties is shown; pdf.js's own configuration answers it. */
  isLayerVisible(properties: unknown): boolean;
}

interface GraphicsState {
  ctm: Matrix;
  clip?: Box;
  isClipExact: boolean;
  fill?: Rgb;
  stroke?: Rgb;
  fillAlpha: number;
  strokeAlpha: number;
  /** Product of enclosing transparency groups' alphas. */
  groupAlpha: number;
  /** A soft mask from the graphics state is active. */
  hasSoftMask: boolean;
  /** A blend mode other than normal. */
  isBlended: boolean;
  /** A transfer function remaps colours. */
  hasTransfer: boolean;
  /** Inside a group that is composited as a whole through a soft mask or at less than full alpha. */
  isInCompositedGroup: boolean;
  lineWidth: number;
  font?: FontFacts;
  fontSize: number;
  fontDirection: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  renderMode: number;
}

const identity: Matrix = [1, 0, 0, 1, 0, 0];
/** The glyph space of every font but Type 3: a thousand units to the text-space unit. */
export const defaultFontMatrix = [0.001, 0, 0, 0.001, 0, 0];

/** Applies `m` first, then `n` (row vectors, as PDF writes them). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function boxThrough(m: Matrix, x0: number, y0: number, x1: number, y1: number): Box {
  const ax = m[0] * x0, bx = m[0] * x1, cx = m[2] * y0, dx = m[2] * y1;
  const ay = m[1] * x0, by = m[1] * x1, cy = m[3] * y0, dy = m[3] * y1;
  return [
    Math.min(ax, bx) + Math.min(cx, dx) + m[4],
    Math.min(ay, by) + Math.min(cy, dy) + m[5],
    Math.max(ax, bx) + Math.max(cx, dx) + m[4],
    Math.max(ay, by) + Math.max(cy, dy) + m[5],
  ];
}

export function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

export function intersect(a: Box, b: Box): Box | undefined {
  const box: Box = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return box[0] < box[2] && box[1] < box[3] ? box : undefined;
}

function isNumberList(value: unknown, length: number): value is ArrayLike<number> {
  if (!value || typeof value !== 'object' || !('length' in value)) return false;
  const list = value as ArrayLike<unknown>;
  if (list.length < length) return false;
  for (let index = 0; index < length; index++) {
    const item = list[index];
    if (typeof item !== 'number' || !Number.isFinite(item)) return false;
  }
  return true;
}

/** A matrix of six finite numbers, copied out of whatever list pdf.js handed over; undefined for anything else. */
export function asMatrix(value: unknown): Matrix | undefined {
  return isNumberList(value, 6) ? [value[0]!, value[1]!, value[2]!, value[3]!, value[4]!, value[5]!] : undefined;
}

function asBox(value: unknown): Box | undefined {
  if (!isNumberList(value, 4)) return undefined;
  const [x0, y0, x1, y1] = [value[0]!, value[1]!, value[2]!, value[3]!];
  return [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
}

/** pdf.js hands device colours over as "#rrggbb" (gray and CMYK already converted). */
function parseRgb(value: unknown): Rgb | undefined {
  if (typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value)) {
    return [parseInt(value.slice(1, 3), 16), parseInt(value.slice(3, 5), 16), parseInt(value.slice(5, 7), 16)];
  }
  if (Array.isArray(value) && value.length === 3 && value.every((n) => typeof n === 'number')) {
    return value as Rgb;
  }
  return undefined;
}

const strokeOps = new Set<number>([OPS.stroke, OPS.closeStroke]);
const fillOps = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const fillAndStrokeOps = new Set<number>([OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
/** Image ops that paint several copies at positions of their own: their extent is taken as the whole clip. The others fill the unit square. */
const scatteredImageOps = new Set<number>([OPS.paintImageXObjectRepeat, OPS.paintImageMaskXObjectRepeat, OPS.paintImageMaskXObjectGroup, OPS.paintInlineImageXObjectGroup]);

/** Whether a path (pdf.js's drawing commands: 0 moveTo, 1 lineTo, 4 closePath) is one axis-aligned rectangle. */
function isRectanglePath(data: unknown): boolean {
  const path = Array.isArray(data) ? data[0] : undefined;
  if (!path || typeof path !== 'object' || !('length' in path)) {
    return false;
  }
  const commands = path as ArrayLike<number>;
  // moveTo x y, lineTo x y ×3, then an optional closePath
  if (commands.length !== 12 && commands.length !== 13) {
    return false;
  }
  if (commands[0] !== 0 || commands[3] !== 1 || commands[6] !== 1 || commands[9] !== 1 || (commands.length === 13 && commands[12] !== 4)) {
    return false;
  }
  const xs = [commands[1]!, commands[4]!, commands[7]!, commands[10]!];
  const ys = [commands[2]!, commands[5]!, commands[8]!, commands[11]!];
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4;
    if (xs[i] !== xs[j] && ys[i] !== ys[j]) {
      return false;
    }
  }
  return true;
}

function isAxisAligned(m: Matrix): boolean {
  return (Math.abs(m[1]) < 1e-9 && Math.abs(m[2]) < 1e-9) || (Math.abs(m[0]) < 1e-9 && Math.abs(m[3]) < 1e-9);
}

/** The em box of a glyph from its baseline: enough for the ascenders and descenders of Latin text, not more. */
const emDescent = -0.22;
const emAscent = 0.78;

function initialGraphicsState(): GraphicsState {
  return {
    ctm: identity,
    isClipExact: true,
    fill: [0, 0, 0],
    stroke: [0, 0, 0],
    fillAlpha: 1,
    strokeAlpha: 1,
    groupAlpha: 1,
    hasSoftMask: false,
    isBlended: false,
    hasTransfer: false,
    isInCompositedGroup: false,
    lineWidth: 1,
    fontSize: 0,
    fontDirection: 1,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    renderMode: 0,
  };
}

/**
 * Walks a page's display operator list. `view` is the page's crop box: what a page-wide shading covers when
 * nothing clips it.
 */
export function walkPageDrawing(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, view: Box, context: DrawingContext): PageDrawing {
  const walk = new PageWalk(view, context);
  const count = fnArray.length;
  for (let op = 0; op < count; op++) {
    walk.apply(op, fnArray[op]!, argsArray[op] as unknown[] | null | undefined);
  }
  return { glyphs: walk.glyphs, texts: walk.texts, marks: walk.marks, stateChangingPaints: walk.stateChangingPaints, operatorCount: count };
}

/**
 * One page's walk in progress. The page's state lives in an instance rather than in closures over a per-page
 * function: V8 keeps the methods' optimised code from one page to the next, where closures made anew for each
 * page were optimised again for page after page.
 */
class PageWalk {
  readonly glyphs: DrawnGlyph[] = [];
  readonly texts: TextDraw[] = [];
  readonly marks: Mark[] = [];
  readonly stateChangingPaints = new Set<number>();
  private state = initialGraphicsState();
  private readonly stack: GraphicsState[] = [];
  /** Optional content nesting: each entry says whether that level is shown. */
  private readonly layers: boolean[] = [];
  private hiddenLayers = 0;
  private pendingClip = false;
  private textMatrix: Matrix = identity;
  private lineX = 0;
  private lineY = 0;
  private textX = 0;
  private textY = 0;

  constructor(
    private readonly view: Box,
    private readonly context: DrawingContext,
  ) {}

  private save(): void {
    this.stack.push(this.state);
    this.state = { ...this.state };
  }

  private restore(): void {
    this.state = this.stack.pop() ?? this.state;
  }

  private applyClip(box: Box, isExact: boolean): void {
    const state = this.state;
    state.clip = state.clip ? (intersect(state.clip, box) ?? [box[0], box[1], box[0], box[1]]) : box;
    state.isClipExact &&= isExact;
  }

  private isComposited(): boolean {
    const state = this.state;
    return state.hasSoftMask || state.isBlended || state.hasTransfer || state.isInCompositedGroup;
  }

  /** Records a mark where it can show: inside the clip, outside hidden layers. */
  private addMark(op: number, kind: MarkKind, box: Box, colour?: Rgb, lineWidth?: number): void {
    if (this.hiddenLayers > 0) {
      return;
    }
    const extent = this.state.clip ? intersect(box, this.state.clip) : box;
    if (!extent) {
      return;
    }
    const mark: Mark = { op, kind, box: extent };
    if (colour) mark.colour = colour;
    if (lineWidth !== undefined) mark.lineWidth = lineWidth;
    this.marks.push(mark);
  }

  /** [font name, size] from Tf or a graphics state's Font; a negative size mirrors the glyphs. */
  private setFont(args: unknown): void {
    const [name, size] = (Array.isArray(args) ? args : []) as [unknown, unknown];
    if (typeof name === 'string' && typeof size === 'number') {
      this.state.font = this.context.font(name);
      this.state.fontSize = Math.abs(size);
      this.state.fontDirection = size < 0 ? -1 : 1;
    }
  }

  private showText(op: number, items: unknown): void {
    const state = this.state;
    const font = state.font;
    if (!Array.isArray(items) || !font || state.fontSize === 0) {
      return;
    }
    const fontMatrix = font.fontMatrix && font.fontMatrix.length >= 4 ? font.fontMatrix : defaultFontMatrix;
    const fontSize = state.fontSize;
    const direction = state.fontDirection;
    const textHScale = state.hScale * direction;
    const vertical = Boolean(font.vertical);
    const spacingDir = vertical ? 1 : -1;
    const widthAdvanceScale = fontSize * (fontMatrix[0] ?? 0.001);
    // Text space → user space: the renderer's translate(x, y + rise) and scale(textHScale, ±1) after the text matrix.
    const base = multiply(multiply([textHScale, 0, 0, 1, this.textX, this.textY + state.rise], this.textMatrix), state.ctm);
    const emSize = Math.abs(fontSize * (fontMatrix[3] ?? 0.001) * 1000) || fontSize;
    const emHeight = Math.hypot(base[2], base[3]) * emSize;
    const emWidth = Math.hypot(base[0], base[1]) * emSize;
    const textState: TextPaintState = {
      renderMode: state.renderMode,
      fillAlpha: state.fillAlpha * state.groupAlpha,
      strokeAlpha: state.strokeAlpha * state.groupAlpha,
      isComposited: this.isComposited(),
      isInHiddenLayer: this.hiddenLayers > 0,
      isClipExact: state.isClipExact,
      isType3: Boolean(font.isType3Font),
      ...(state.fill ? { fill: state.fill } : {}),
      ...(state.stroke ? { stroke: state.stroke } : {}),
      ...(state.clip ? { clip: state.clip } : {}),
    };
    const draw: TextDraw = { op, state: textState, firstGlyph: this.glyphs.length, glyphCount: 0 };
    // The union of the glyph boxes, kept in numbers: this loop runs for every glyph of the page.
    let left = Infinity, bottom = Infinity, right = -Infinity, top = -Infinity;
    let x = 0;
    for (const item of items) {
      if (typeof item === 'number') {
        x += (spacingDir * item * fontSize) / 1000;
        continue;
      }
      if (!item || typeof item !== 'object') {
        continue;
      }
      const glyph = item as { unicode?: unknown; width?: unknown; isSpace?: unknown; isInFont?: unknown; vmetric?: unknown };
      const width = typeof glyph.width === 'number' ? glyph.width : 0;
      const spacing = (glyph.isSpace ? state.wordSpacing : 0) + state.charSpacing;
      let advance: number;
      let box: Box;
      let core: Box;
      let area: number;
      if (vertical && Array.isArray(glyph.vmetric)) {
        const vmetric = glyph.vmetric as number[];
        const verticalAdvance = -(vmetric[0] ?? -1000) * widthAdvanceScale;
        box = boxThrough(base, -emSize / 2, -(x + verticalAdvance), emSize / 2, -x);
        core = boxThrough(base, -emSize / 4, -(x + 0.85 * verticalAdvance), emSize / 4, -(x + 0.15 * verticalAdvance));
        area = Math.abs(verticalAdvance * emSize * (base[0] * base[3] - base[1] * base[2]));
        advance = verticalAdvance - spacing * direction;
      } else {
        const glyphWidth = width * widthAdvanceScale;
        box = boxThrough(base, x, emDescent * emSize, x + glyphWidth, emAscent * emSize);
        core = boxThrough(base, x + 0.15 * glyphWidth, 0.05 * emSize, x + 0.85 * glyphWidth, 0.5 * emSize);
        area = Math.abs(glyphWidth * emSize * (base[0] * base[3] - base[1] * base[2]));
        advance = glyphWidth + spacing * direction;
      }
      this.glyphs.push({
        op,
        text: this.texts.length,
        unicode: typeof glyph.unicode === 'string' ? glyph.unicode : '',
        box,
        core,
        area,
        emHeight,
        emWidth,
        hasShape: glyph.isInFont !== false || Boolean(font.missingFile) || Boolean(font.isType3Font),
      });
      draw.glyphCount++;
      left = Math.min(left, box[0]);
      bottom = Math.min(bottom, box[1]);
      right = Math.max(right, box[2]);
      top = Math.max(top, box[3]);
      x += advance;
    }
    if (draw.glyphCount > 0) draw.box = [left, bottom, right, top];
    if (vertical) {
      this.textY -= x;
    } else {
      this.textX += x * textHScale;
    }
    this.texts.push(draw);
  }

  /** Follows one operator of the list. */
  apply(op: number, fn: number, args: unknown[] | null | undefined): void {
    switch (fn) {
      case OPS.save:
        this.save();
        break;
      case OPS.restore:
        this.restore();
        break;
      case OPS.transform: {
        const matrix = asMatrix(args);
        if (matrix) {
          this.state.ctm = multiply(matrix, this.state.ctm);
        }
        break;
      }
      case OPS.paintFormXObjectBegin: {
        this.save();
        const matrix = asMatrix(args?.[0]);
        if (matrix) {
          this.state.ctm = multiply(matrix, this.state.ctm);
        }
        const bbox = asBox(args?.[1]);
        if (bbox) {
          this.applyClip(boxThrough(this.state.ctm, ...bbox), isAxisAligned(this.state.ctm));
        }
        break;
      }
      case OPS.paintFormXObjectEnd:
        this.restore();
        break;
      case OPS.beginGroup: {
        this.save();
        const group = (args?.[0] ?? {}) as { matrix?: unknown; bbox?: unknown; smask?: unknown; knockout?: unknown };
        const matrix = asMatrix(group.matrix);
        const groupCtm = matrix ? multiply(matrix, this.state.ctm) : this.state.ctm;
        const bbox = asBox(group.bbox);
        if (bbox) {
          this.applyClip(boxThrough(groupCtm, ...bbox), isAxisAligned(groupCtm));
        }
        // The group is composited with the alpha in force when it began; inside, painting starts afresh at 1.
        this.state.groupAlpha *= this.state.fillAlpha;
        this.state.fillAlpha = 1;
        this.state.strokeAlpha = 1;
        this.state.isInCompositedGroup ||= Boolean(group.smask) || this.state.groupAlpha < 1;
        break;
      }
      case OPS.endGroup:
        this.restore();
        break;
      case OPS.beginAnnotation: {
        this.save();
        const rect = asBox(args?.[1]);
        const transform = asMatrix(args?.[2]) ?? identity;
        const matrix = asMatrix(args?.[3]) ?? identity;
        // An annotation's appearance starts from a fresh this.state in page space, clipped to its rectangle.
        this.state = initialGraphicsState();
        if (rect) {
          this.applyClip(rect, true);
        }
        this.state.ctm = multiply(matrix, transform);
        break;
      }
      case OPS.endAnnotation:
        this.restore();
        break;
      case OPS.setGState:
        for (const entry of (args?.[0] as unknown[] | undefined) ?? []) {
          if (!Array.isArray(entry)) continue;
          const [key, value] = entry as [unknown, unknown];
          if (key === 'ca' && typeof value === 'number') this.state.fillAlpha = value;
          else if (key === 'CA' && typeof value === 'number') this.state.strokeAlpha = value;
          else if (key === 'LW' && typeof value === 'number') this.state.lineWidth = value;
          else if (key === 'BM') this.state.isBlended = value !== 'source-over' && value !== 'normal';
          else if (key === 'SMask') this.state.hasSoftMask = Boolean(value);
          else if (key === 'TR') this.state.hasTransfer = Boolean(value);
          else if (key === 'Font' && Array.isArray(value)) this.setFont(value);
        }
        break;
      case OPS.setLineWidth:
        if (typeof args?.[0] === 'number') this.state.lineWidth = args[0];
        break;
      case OPS.setFillRGBColor:
        this.state.fill = parseRgb(args?.[0]) ?? parseRgb(args);
        break;
      case OPS.setStrokeRGBColor:
        this.state.stroke = parseRgb(args?.[0]) ?? parseRgb(args);
        break;
      case OPS.setFillColor:
      case OPS.setFillColorN:
        this.state.fill = parseRgb(args?.[0]);
        break;
      case OPS.setStrokeColor:
      case OPS.setStrokeColorN:
        this.state.stroke = parseRgb(args?.[0]);
        break;
      case OPS.setFillTransparent:
        this.state.fill = undefined;
        this.state.fillAlpha = 0;
        break;
      case OPS.setStrokeTransparent:
        this.state.stroke = undefined;
        this.state.strokeAlpha = 0;
        break;
      case OPS.clip:
      case OPS.eoClip:
        this.pendingClip = true;
        break;
      case OPS.constructPath: {
        const paintOp = args?.[0];
        const minMax = args?.[2] as ArrayLike<number> | null | undefined;
        const bounds = minMax && minMax.length === 4 && Number.isFinite(minMax[0]) ? boxThrough(this.state.ctm, minMax[0]!, minMax[1]!, minMax[2]!, minMax[3]!) : undefined;
        if (typeof paintOp === 'number' && bounds) {
          const isPlain = !this.isComposited();
          if (strokeOps.has(paintOp) || fillAndStrokeOps.has(paintOp)) {
            // A zero width means the thinnest line the device can draw.
            const lineWidth = Math.max(this.state.lineWidth * Math.sqrt(Math.abs(this.state.ctm[0] * this.state.ctm[3] - this.state.ctm[1] * this.state.ctm[2])), 0.1);
            const half = lineWidth / 2;
            const box: Box = [bounds[0] - half, bounds[1] - half, bounds[2] + half, bounds[3] + half];
            this.addMark(op, 'stroke', box, isPlain ? this.state.stroke : undefined, lineWidth);
          }
          if (fillOps.has(paintOp)) {
            this.addMark(op, 'fill', bounds, isPlain ? this.state.fill : undefined);
          }
        }
        if (this.pendingClip) {
          this.pendingClip = false;
          this.stateChangingPaints.add(op);
          if (bounds) {
            this.applyClip(bounds, isRectanglePath(args?.[1]) && isAxisAligned(this.state.ctm));
          }
        }
        break;
      }
      case OPS.shadingFill:
        this.addMark(op, 'shading', this.state.clip ?? this.view);
        break;
      case OPS.beginText:
        this.textMatrix = identity;
        this.lineX = this.lineY = this.textX = this.textY = 0;
        break;
      case OPS.endText:
        break;
      case OPS.setFont:
        this.setFont(args);
        break;
      case OPS.setTextMatrix: {
        const matrix = asMatrix(args?.[0]) ?? asMatrix(args);
        if (matrix) {
          this.textMatrix = matrix;
          this.lineX = this.lineY = this.textX = this.textY = 0;
        }
        break;
      }
      case OPS.moveText:
      case OPS.setLeadingMoveText:
        if (typeof args?.[0] === 'number' && typeof args[1] === 'number') {
          if (fn === OPS.setLeadingMoveText) this.state.leading = args[1];
          this.textX = this.lineX += args[0];
          this.textY = this.lineY += args[1];
        }
        break;
      case OPS.nextLine:
        this.textX = this.lineX;
        this.textY = this.lineY += this.state.leading;
        break;
      case OPS.setLeading:
        if (typeof args?.[0] === 'number') this.state.leading = -args[0];
        break;
      case OPS.setCharSpacing:
        if (typeof args?.[0] === 'number') this.state.charSpacing = args[0];
        break;
      case OPS.setWordSpacing:
        if (typeof args?.[0] === 'number') this.state.wordSpacing = args[0];
        break;
      case OPS.setHScale:
        if (typeof args?.[0] === 'number') this.state.hScale = args[0] / 100;
        break;
      case OPS.setTextRise:
        if (typeof args?.[0] === 'number') this.state.rise = args[0];
        break;
      case OPS.setTextRenderingMode:
        if (typeof args?.[0] === 'number') this.state.renderMode = args[0];
        break;
      case OPS.showText:
      case OPS.showSpacedText:
        if (this.state.renderMode >= 4) {
          this.stateChangingPaints.add(op);
        }
        this.showText(op, args?.[0]);
        break;
      case OPS.beginMarkedContent:
        this.layers.push(true);
        break;
      case OPS.beginMarkedContentProps: {
        const shown = args?.[0] !== 'OC' || this.context.isLayerVisible(args?.[1] ?? null);
        this.layers.push(shown);
        if (!shown) this.hiddenLayers++;
        break;
      }
      case OPS.endMarkedContent:
        if (this.layers.pop() === false) this.hiddenLayers--;
        break;
      default:
        if (imagePaintOps.has(fn)) {
          this.addMark(op, 'image', scatteredImageOps.has(fn) ? (this.state.clip ?? this.view) : boxThrough(this.state.ctm, 0, 0, 1, 1));
        }
    }
  }
}
