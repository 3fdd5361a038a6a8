/**
 * A page's text runs, put together from the display operator list that the hidden-text scan walks anyway, so
 * pdf.js parses each page's content once instead of twice (once for drawing, once more for getTextContent).
 *
 * The runs are meant to be the ones getTextContent would return: layout and structure were tuned on those, so
 * the same splits, the same inserted spaces and the same normalised characters keep what reaches the prompt
 * unchanged. Every character also remembers the glyph it came from, so each glyph's visibility verdict lands on
 * exactly the characters it drew, with no guessing.
 *
 * Where the operator list does not say enough to match getTextContent (right-to-left scripts, whose order pdf.js
 * rearranges; Type 3 fonts whose line height depends on a box pdf.js does not hand out), the assembly gives up
 * and the caller reads the page with getTextContent instead.
 */
import { asMatrix, defaultFontMatrix, multiply, type FontFacts, type Matrix } from './page-drawing';
import { OPS, imagePaintOps } from './pdfjs';

/** A text run in the shape the page reader uses: what getTextContent's items carry, plus each character's glyph. */
export interface ReadRun {
  str: string;
  /** Text space to user space at the run's first glyph, font size included. */
  transform: number[];
  /** Extent along the baseline in user space (across it, for vertical text). */
  width: number;
  fontName: string;
}

export interface AssembledRun extends ReadRun {
  /** Per code point of `str`: the index of the glyph it came from in the scan's drawing, or -1 for an inserted space. */
  glyphs: number[];
}

/** What a showText op's glyph objects carry that text assembly needs. */
interface GlyphObject {
  unicode?: unknown;
  width?: unknown;
  vmetric?: unknown;
  isSpace?: unknown;
}

export interface TextFont extends FontFacts {
  bbox?: number[];
}

export interface AssemblyContext {
  font(loadedName: string): TextFont | undefined;
  /** Index in the drawing's glyph list of the first glyph of the showText op at this index, if the drawing placed it. */
  firstGlyph(op: number): number | undefined;
}

/** Gaps and overlaps are measured in font sizes; these are the thresholds at which getTextContent reacts. */
const trackingSpaceFactor = 0.102;
const notASpaceFactor = 0.03;
const negativeSpaceFactor = -0.2;
const spaceInFlowMinFactor = 0.102;
const spaceInFlowMaxFactor = 0.6;
/** A sideways step this large (in line heights) starts a new run even when no line break is inferred. */
const verticalShiftRatio = 0.25;

/** pdf.js rewrites these compatibility characters (ligatures, spacing variants, presentation forms) to their NFKC forms. */
const normalisedRanges: readonly [number, number][] = [
  [0xa0, 0xa0], [0xb5, 0xb5], [0x37e, 0x37e], [0xeb3, 0xeb3], [0x2000, 0x200a], [0x202f, 0x202f], [0x2126, 0x2126],
  [0xfb00, 0xfb04], [0xfb06, 0xfb06], [0xfb20, 0xfb36], [0xfb38, 0xfb3c], [0xfb3e, 0xfb3e], [0xfb40, 0xfb41],
  [0xfb43, 0xfb44], [0xfb46, 0xfba1], [0xfba4, 0xfba9], [0xfbae, 0xfbb1], [0xfbd3, 0xfbdc], [0xfbde, 0xfbe7],
  [0xfbea, 0xfbf8], [0xfbfc, 0xfbfd], [0xfc00, 0xfc5d], [0xfc64, 0xfcf1], [0xfcf5, 0xfd3d], [0xfd88, 0xfd88],
  [0xfdf4, 0xfdf4], [0xfdfa, 0xfdfb], [0xfe71, 0xfe71], [0xfe77, 0xfe77], [0xfe79, 0xfe79], [0xfe7b, 0xfe7b], [0xfe7d, 0xfe7d],
];
/** The long-s-t ligature, which NFKC would turn into "st"; pdf.js keeps its long s. */
const longSTLigature = 0xfb05;

function isNormalised(code: number): boolean {
  return normalisedRanges.some(([from, to]) => code >= from && code <= to);
}

/** A glyph's text as getTextContent reports it. */
function normaliseText(text: string): string {
  let plain = true;
  for (let index = 0; index < text.length && plain; index++) plain = text.charCodeAt(index) < 0xa0;
  if (plain) return text;
  let result = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0xa0) result += char;
    else if (code === longSTLigature) result += '\u017ft';
    else result += isNormalised(code) ? char.normalize('NFKC') : char;
  }
  return result;
}

/** Characters pdf.js reorders as right-to-left (Hebrew, Arabic and its presentation forms): their runs are read by getTextContent. */
const rightToLeft = /[\u0590-\u05f4\u0600-\u08ac\ufb50-\ufdff\ufe70-\ufefe]/;

const whitespace = /^\s+$/u;
const combiningMark = /^\p{Mn}+$/u;
const formatMark = /^\p{Cf}+$/u;

function translate(matrix: Matrix, x: number, y: number): void {
  matrix[4] += matrix[0] * x + matrix[2] * y;
  matrix[5] += matrix[1] * x + matrix[3] * y;
}

/**
 * The number a content stream most likely wrote, from its single-precision copy: the shortest decimal that rounds
 * to the same float. pdf.js hands text and form matrices over in Float32Arrays while getTextContent computes with
 * the written numbers, and layout compares positions closely enough for the last digits to matter.
 */
function writtenNumber(value: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** A matrix as the content stream wrote it: pdf.js's single-precision copies are turned back into written numbers. */
function writtenMatrix(value: unknown): Matrix | undefined {
  const matrix = asMatrix(value);
  if (matrix && value instanceof Float32Array) {
    for (let index = 0; index < 6; index++) matrix[index] = writtenNumber(matrix[index]!);
  }
  return matrix;
}

/** The text side of the graphics state, which pdf.js saves and restores as a whole (text matrices included). */
interface TextState {
  ctm: Matrix;
  textMatrix: Matrix;
  lineMatrix: Matrix;
  /** The font's name in the operator list, which runs carry. */
  fontName?: string;
  /**
   * What getTextContent compares to decide that the font changed: the font's resource name, which it forgets
   * when a graphics state sets the font. The loaded name stands for it, since one resource names one font.
   */
  fontKey?: string;
  font?: TextFont;
  fontSize: number;
  hScale: number;
  charSpacing: number;
  wordSpacing: number;
  leading: number;
  rise: number;
}

function copyState(state: TextState): TextState {
  return { ...state, ctm: [...state.ctm], textMatrix: [...state.textMatrix], lineMatrix: [...state.lineMatrix] };
}

class AssemblyGaveUp extends Error {}

function isGlyph(item: unknown): item is GlyphObject {
  return item !== null && typeof item === 'object';
}

/**
 * The run being built, and the memory of the previous glyph that decides spaces and breaks. A form's content is
 * assembled with a fresh one (getTextContent reads a form as a text stream of its own), the page's resumes after it.
 */
class RunBuilder {
  initialized = false;
  /** The run's text so far, glyph by glyph, and the glyph each piece came from (-1 for an inserted space). */
  texts: string[] = [];
  sources: number[] = [];
  totalWidth = 0;
  totalHeight = 0;
  width = 0;
  height = 0;
  vertical = false;
  prevTransform: Matrix | null = null;
  prevRise = 0;
  advanceScale = 0;
  spaceInFlowMin = 0;
  spaceInFlowMax = 0;
  trackingSpaceMin = Infinity;
  negativeSpaceMax = -Infinity;
  notASpace = -Infinity;
  transform: Matrix | null = null;
  fontName = '';
  /** The last two characters seen, as a ring (`lastAt` is the older one); a space stands for skipped whitespace. */
  last: [string, string] = [' ', ' '];
  lastAt = 0;
  /** The font in force when the last font-change check started a run: size and identity. */
  fontMark: { size: number; key: string | undefined; font: TextFont | undefined } = { size: 0, key: undefined, font: undefined };
}

/**
 * Assembles the page's text runs from its display operator list, in the order getTextContent returns them.
 * Returns undefined when the page's text cannot be assembled faithfully from the operators.
 */
export function assembleTextRuns(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, view: readonly number[], context: AssemblyContext): AssembledRun[] | undefined {
  try {
    return assemble(fnArray, argsArray, view, context);
  } catch (error) {
    if (error instanceof AssemblyGaveUp) return undefined;
    throw error;
  }
}

/** A font's glyph space to text space: a thousand glyph units to the unit, unless the font says otherwise. */
function fontMatrixOf(font: TextFont | undefined): number[] {
  return font?.fontMatrix && font.fontMatrix.length >= 6 ? font.fontMatrix : defaultFontMatrix;
}

function assemble(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, view: readonly number[], context: AssemblyContext): AssembledRun[] {
  const assembly = new TextAssembly(view, context);
  const count = fnArray.length;
  for (let op = 0; op < count; op++) {
    assembly.apply(op, fnArray[op]!, argsArray[op] as unknown[] | null | undefined);
  }
  return assembly.finish();
}

/**
 * One page's text assembly in progress. The page's state lives in an instance rather than in closures over a
 * per-page function: V8 keeps the methods' optimised code from one page to the next, where closures made anew
 * for each page were optimised again for page after page.
 */
class TextAssembly {
  private readonly runs: AssembledRun[] = [];
  private state: TextState = {
    ctm: [1, 0, 0, 1, 0, 0],
    textMatrix: [1, 0, 0, 1, 0, 0],
    lineMatrix: [1, 0, 0, 1, 0, 0],
    fontSize: 0,
    hScale: 1,
    charSpacing: 0,
    wordSpacing: 0,
    leading: 0,
    rise: 0,
  };
  private readonly states: TextState[] = [];
  private run = new RunBuilder();
  private readonly outerRuns: RunBuilder[] = [];
  /** Annotation appearances and soft-mask contents are drawn but are not the page's text. */
  private annotationDepth = 0;
  private readonly groupIsMask: boolean[] = [];
  private maskDepth = 0;
  /** Where placeGlyph computes each glyph's transform, so that no matrix is allocated per glyph. */
  private readonly glyphTransform: Matrix = [0, 0, 0, 0, 0, 0];
  private readonly viewLeft: number;
  private readonly viewBottom: number;
  private readonly viewRight: number;
  private readonly viewTop: number;

  constructor(
    view: readonly number[],
    private readonly context: AssemblyContext,
  ) {
    const [viewLeft = 0, viewBottom = 0, viewRight = 0, viewTop = 0] = view;
    this.viewLeft = viewLeft;
    this.viewBottom = viewBottom;
    this.viewRight = viewRight;
    this.viewTop = viewTop;
  }

  /** Follows one operator of the list. */
  apply(op: number, fn: number, args: unknown[] | null | undefined): void {
    if (this.annotationDepth > 0 || this.maskDepth > 0) {
      if (fn === OPS.beginAnnotation) this.annotationDepth++;
      else if (fn === OPS.endAnnotation) this.annotationDepth--;
      else if (fn === OPS.beginGroup) {
        this.groupIsMask.push(false);
      } else if (fn === OPS.endGroup && this.groupIsMask.pop()) this.maskDepth--;
      return;
    }
    switch (fn) {
      case OPS.beginAnnotation:
        this.annotationDepth++;
        break;
      case OPS.beginGroup: {
        const isMask = Boolean((args?.[0] as { smask?: unknown } | undefined)?.smask);
        this.groupIsMask.push(isMask);
        if (isMask) this.maskDepth++;
        break;
      }
      case OPS.endGroup:
        this.groupIsMask.pop();
        break;
      case OPS.save:
        this.states.push(this.state);
        this.state = copyState(this.state);
        break;
      case OPS.restore:
        this.state = this.states.pop() ?? this.state;
        break;
      case OPS.transform: {
        const matrix = writtenMatrix(args);
        if (matrix) this.state.ctm = multiply(matrix, this.state.ctm);
        break;
      }
      case OPS.paintFormXObjectBegin: {
        this.flush();
        this.states.push(this.state);
        this.state = copyState(this.state);
        const matrix = writtenMatrix(args?.[0]);
        if (matrix) this.state.ctm = multiply(matrix, this.state.ctm);
        this.outerRuns.push(this.run);
        this.run = new RunBuilder();
        this.run.fontMark = { size: this.state.fontSize, key: this.state.fontKey, font: this.state.font };
        break;
      }
      case OPS.paintFormXObjectEnd:
        this.flush();
        this.run = this.outerRuns.pop() ?? this.run;
        this.state = this.states.pop() ?? this.state;
        break;
      case OPS.setGState:
        for (const entry of (args?.[0] as unknown[] | undefined) ?? []) {
          if (Array.isArray(entry) && entry[0] === 'Font' && Array.isArray(entry[1])) {
            this.flush();
            this.setFont(entry[1][0], entry[1][1]);
            this.state.fontKey = undefined;
          }
        }
        break;
      case OPS.setFont:
        this.setFont(args?.[0], args?.[1]);
        break;
      case OPS.setTextRise:
        if (typeof args?.[0] === 'number') this.state.rise = args[0];
        break;
      case OPS.setHScale:
        if (typeof args?.[0] === 'number') this.state.hScale = args[0] / 100;
        break;
      case OPS.setLeading:
        if (typeof args?.[0] === 'number') this.state.leading = args[0];
        break;
      case OPS.moveText:
      case OPS.setLeadingMoveText:
        if (typeof args?.[0] === 'number' && typeof args[1] === 'number') {
          if (fn === OPS.setLeadingMoveText) this.state.leading = -args[1];
          translate(this.state.lineMatrix, args[0], args[1]);
          this.state.textMatrix = [...this.state.lineMatrix];
        }
        break;
      case OPS.nextLine:
        translate(this.state.lineMatrix, 0, -this.state.leading);
        this.state.textMatrix = [...this.state.lineMatrix];
        break;
      case OPS.setTextMatrix: {
        const matrix = writtenMatrix(args?.[0]) ?? writtenMatrix(args);
        if (matrix) {
          this.state.textMatrix = [...matrix];
          this.state.lineMatrix = [...matrix];
          this.rescaleAdvance();
        }
        break;
      }
      case OPS.setCharSpacing:
        if (typeof args?.[0] === 'number') this.state.charSpacing = args[0];
        break;
      case OPS.setWordSpacing:
        if (typeof args?.[0] === 'number') this.state.wordSpacing = args[0];
        break;
      case OPS.beginText:
        this.state.textMatrix = [1, 0, 0, 1, 0, 0];
        this.state.lineMatrix = [1, 0, 0, 1, 0, 0];
        break;
      case OPS.showText:
      case OPS.showSpacedText:
        this.showText(op, args?.[0]);
        break;
      case OPS.beginMarkedContent:
      case OPS.beginMarkedContentProps:
      case OPS.endMarkedContent:
        this.flush();
        break;
      default:
        // An image drawn from an XObject ends the run, as getTextContent's XObject handling does; inline images do not.
        if (imagePaintOps.has(fn) && fn !== OPS.paintInlineImageXObject && fn !== OPS.paintInlineImageXObjectGroup) this.flush();
    }
  }

  /** The page's runs, once every operator has been followed. */
  finish(): AssembledRun[] {
    this.flush();
    return this.runs;
  }

  /** Text space at the current glyph to user space, written into `out` (a fresh matrix when none is given). */
  private currentTransform(out: Matrix = [0, 0, 0, 0, 0, 0]): Matrix {
    const font = this.state.font;
    const scaleY = this.state.fontSize;
    let height = scaleY;
    const fontMatrix = fontMatrixOf(font);
    if (font?.isType3Font && !defaultFontMatrix.every((value, index) => fontMatrix[index] === value)) {
      // pdf.js stretches small Type 3 text to its glyphs' box; above size 1 it does so only for boxes it measured
      // itself, which the operator list does not tell apart, so such text is left to getTextContent.
      if (this.state.fontSize > 1) throw new AssemblyGaveUp();
      const glyphHeight = font.bbox && font.bbox.length >= 4 ? font.bbox[3]! - font.bbox[1]! : 0;
      if (glyphHeight > 0) height *= glyphHeight * fontMatrix[3]!;
    }
    // ctm ∘ textMatrix ∘ [size × hScale, 0, 0, height, 0, rise], written out: this runs for every glyph, and
    // indexed reads with no intermediate matrices keep it cheap.
    const tm = this.state.textMatrix;
    const ctm = this.state.ctm;
    const a = tm[0], b = tm[1], c = tm[2], d = tm[3], e = tm[4], f = tm[5];
    const p = ctm[0], q = ctm[1], r = ctm[2], t = ctm[3], u = ctm[4], v = ctm[5];
    const sx = this.state.fontSize * this.state.hScale;
    const m0 = a * sx, m1 = b * sx, m2 = c * height, m3 = d * height, m4 = c * this.state.rise + e, m5 = d * this.state.rise + f;
    out[0] = p * m0 + r * m1;
    out[1] = q * m0 + t * m1;
    out[2] = p * m2 + r * m3;
    out[3] = q * m2 + t * m3;
    out[4] = p * m4 + r * m5 + u;
    out[5] = q * m4 + t * m5 + v;
    return out;
  }

  private pushRun(texts: string[], sources: number[], transform: Matrix, width: number, fontName: string) {
    let str = '';
    const glyphs: number[] = [];
    for (let index = 0; index < texts.length; index++) {
      const text = normaliseText(texts[index]!);
      str += text;
      const source = sources[index]!;
      if (text.length === 1) glyphs.push(source);
      else for (let count = [...text].length; count > 0; count--) glyphs.push(source);
    }
    // A run of glyphs without text (unmapped characters) carries nothing for the reader.
    if (str) this.runs.push({ str, transform, width, fontName, glyphs });
  }

  private resetLast() {
    this.run.last = [' ', ' '];
    this.run.lastAt = 0;
  }

  /** Remembers a character; true when it follows a non-space and a space, where getTextContent writes one space. */
  private remember(char: string) {
    const next = (this.run.lastAt + 1) % 2;
    const followsSpace = this.run.last[this.run.lastAt] !== ' ' && this.run.last[next] === ' ';
    this.run.last[this.run.lastAt] = char;
    this.run.lastAt = next;
    return followsSpace;
  }

  private followsSpace(): boolean {
    return this.run.last[this.run.lastAt] !== ' ' && this.run.last[(this.run.lastAt + 1) % 2] === ' ';
  }

  private flush() {
    if (!this.run.initialized) return;
    if (this.run.vertical) this.run.totalHeight += this.run.height * this.run.advanceScale;
    else this.run.totalWidth += this.run.width * this.run.advanceScale;
    this.pushRun(this.run.texts, this.run.sources, this.run.transform!, Math.abs(this.run.totalWidth), this.run.fontName);
    this.run.initialized = false;
    this.run.texts = [];
    this.run.sources = [];
  }

  private pushSpace(width: number, transform: Matrix | null = this.run.prevTransform, fontName = this.run.fontName) {
    this.runs.push({ str: ' ', transform: transform ? (transform.slice() as Matrix) : this.currentTransform(), width, fontName, glyphs: [-1] });
  }

  private startRun() {
    if (this.run.initialized) return;
    const font = this.state.font!;
    this.run.fontName = this.state.fontName ?? '';
    const transform = (this.run.transform = this.currentTransform());
    if (font.vertical) {
      this.run.width = this.run.totalWidth = Math.hypot(transform[0], transform[1]);
      this.run.height = this.run.totalHeight = 0;
      this.run.vertical = true;
    } else {
      this.run.width = this.run.totalWidth = 0;
      this.run.height = this.run.totalHeight = Math.hypot(transform[2], transform[3]);
      this.run.vertical = false;
    }
    this.run.advanceScale = Math.hypot(this.state.lineMatrix[0], this.state.lineMatrix[1]) * Math.hypot(this.state.ctm[0], this.state.ctm[1]);
    const size = this.state.fontSize;
    this.run.trackingSpaceMin = size * trackingSpaceFactor;
    this.run.notASpace = size * notASpaceFactor;
    this.run.negativeSpaceMax = size * negativeSpaceFactor;
    this.run.spaceInFlowMin = size * spaceInFlowMinFactor;
    this.run.spaceInFlowMax = size * spaceInFlowMaxFactor;
    this.run.initialized = true;
  }

  /** A new text matrix changes how far a unit of advance goes: what was measured so far is banked at the old rate. */
  private rescaleAdvance() {
    if (!this.run.initialized) return;
    const scale = Math.hypot(this.state.lineMatrix[0], this.state.lineMatrix[1]) * Math.hypot(this.state.ctm[0], this.state.ctm[1]);
    if (scale === this.run.advanceScale) return;
    if (this.run.vertical) {
      this.run.totalHeight += this.run.height * this.run.advanceScale;
      this.run.height = 0;
    } else {
      this.run.totalWidth += this.run.width * this.run.advanceScale;
      this.run.width = 0;
    }
    this.run.advanceScale = scale;
  }

  private endLine() {
    this.resetLast();
    this.flush();
  }

  /** A gap of a plausible word space inside the run becomes a space; any other gap ends the run with a space run. */
  private spaceForGap(gap: number, orientation: number): boolean {
    if (orientation * this.run.spaceInFlowMin <= gap && gap <= orientation * this.run.spaceInFlowMax) {
      if (this.run.initialized) {
        this.resetLast();
        this.run.texts.push(' ');
        this.run.sources.push(-1);
      }
      return false;
    }
    const fontName = this.run.fontName;
    const isVertical = this.run.vertical;
    const transform = this.run.prevTransform ? (this.run.prevTransform.slice() as Matrix) : this.currentTransform();
    this.flush();
    this.resetLast();
    this.pushSpace(isVertical ? 0 : Math.abs(gap), transform, fontName);
    return true;
  }

  /** Compares where this glyph starts with where the last one ended; false when the glyph lies off the page. */
  private placeGlyph(glyphWidth: number): boolean {
    const transform = this.currentTransform(this.glyphTransform);
    let x = transform[4];
    let y = transform[5];
    const vertical = Boolean(this.state.font?.vertical);
    if (vertical ? x < this.viewLeft || x > this.viewRight || y + glyphWidth < this.viewBottom || y > this.viewTop : x + glyphWidth < this.viewLeft || x > this.viewRight || y < this.viewBottom || y > this.viewTop) {
      return false;
    }
    const previous = this.run.prevTransform;
    if (!previous) return true;
    let lastX = previous[4];
    let lastY = previous[5];
    if (lastX === x && lastY === y) return true;
    // Bring both points into the text's own direction, so "along" and "across" mean the same for turned text.
    if (transform[0] && transform[1] === 0 && transform[2] === 0) {
      if (transform[0] < 0) {
        x = -x;
        y = -y;
        lastX = -lastX;
        lastY = -lastY;
      }
    } else if (transform[1] && transform[0] === 0 && transform[3] === 0) {
      const sign = transform[1] > 0 ? 1 : -1;
      const turnedX = sign * y;
      const turnedLastX = sign * lastY;
      y = sign * x;
      lastY = sign * lastX;
      x = turnedX;
      lastX = turnedLastX;
    } else {
      const scale = Math.hypot(transform[0], transform[1]);
      const lastScale = Math.hypot(previous[0], previous[1]);
      const turnedX = (transform[0] * x + transform[1] * y) / scale;
      y = (transform[2] * x + transform[3] * y) / scale;
      x = turnedX;
      const turnedLastX = (previous[0] * lastX + previous[1] * lastY) / lastScale;
      lastY = (previous[2] * lastX + previous[3] * lastY) / lastScale;
      lastX = turnedLastX;
    }
    // Along the line and across it; for vertical text the line runs downwards and its thickness is the run's width.
    const along = vertical ? (lastY - y) / this.run.advanceScale : (x - lastX) / this.run.advanceScale;
    const across = vertical ? x - lastX : y - lastY;
    const thickness = vertical ? this.run.width : this.run.height;
    const orientation = Math.sign(vertical ? this.run.height || this.run.totalHeight : this.run.width || this.run.totalWidth);
    const spaceWidth = vertical ? 0 : Math.abs(along);
    if (along < orientation * this.run.negativeSpaceMax) {
      if (Math.abs(across) > 0.5 * thickness) {
        this.endLine();
        return true;
      }
      this.resetLast();
      this.flush();
      return true;
    }
    // A change of rise (a superscript) moves the baseline without starting a new line.
    const riseChange = this.state.rise - this.run.prevRise;
    const lineShift = vertical || riseChange === 0 ? across : across - (transform[3] / this.state.fontSize) * riseChange;
    if (Math.abs(lineShift) > thickness) {
      this.endLine();
      return true;
    }
    if (along <= orientation * this.run.notASpace) this.resetLast();
    if (along <= orientation * this.run.trackingSpaceMin) {
      if (this.followsSpace()) {
        this.resetLast();
        this.flush();
        this.pushSpace(spaceWidth);
      } else {
        this.grow(vertical, along);
      }
    } else if (!this.spaceForGap(along, orientation)) {
      if (this.run.texts.length === 0) {
        this.resetLast();
        this.pushSpace(spaceWidth);
      } else {
        this.grow(vertical, along);
      }
    }
    if (Math.abs(across) > thickness * verticalShiftRatio) this.flush();
    return true;
  }

  /** Lengthens the run along its line. */
  private grow(vertical: boolean, distance: number): void {
    if (vertical) this.run.height += distance;
    else this.run.width += distance;
  }

  private advance(distance: number) {
    if (this.state.font?.vertical) translate(this.state.textMatrix, 0, distance);
    else translate(this.state.textMatrix, distance, 0);
  }

  private advanceBySpacing(spacing: number) {
    if (this.state.font?.vertical) translate(this.state.textMatrix, 0, -spacing);
    else translate(this.state.textMatrix, spacing * this.state.hScale, 0);
  }

  /**
   * One stretch of a showText op's glyphs, items[start, end), up to a TJ adjustment (`extraSpacing`, applied after
   * its last glyph). `firstIndex` is the drawing's index of its first glyph, -1 when the drawing did not place it.
   */
  private showGlyphs(items: unknown[], start: number, end: number, extraSpacing: number, firstIndex: number) {
    const font = this.state.font!;
    const mark = this.run.fontMark;
    if (mark.size !== this.state.fontSize || (mark.key !== this.state.fontKey && (mark.font !== font || Boolean(mark.font?.vertical) !== Boolean(font.vertical)))) {
      this.flush();
      this.run.fontMark = { size: this.state.fontSize, key: this.state.fontKey, font };
    }
    const baseSpacing = font.vertical ? -this.state.charSpacing : this.state.charSpacing;
    let last = end - 1;
    while (last >= start && !isGlyph(items[last])) last--;
    if (last < start) {
      this.advanceBySpacing(baseSpacing + extraSpacing);
      return;
    }
    const scale = (fontMatrixOf(font)[0] ?? 0.001) * this.state.fontSize;
    let index = firstIndex;
    for (let position = start; position < end; position++) {
      const item = items[position];
      if (!isGlyph(item)) continue;
      const glyph = item;
      const source = index;
      if (index >= 0) index++;
      const unicode = typeof glyph.unicode === 'string' ? glyph.unicode : '';
      // Printable ASCII is none of the special cases below; most glyphs are.
      const code = unicode.length === 1 ? unicode.charCodeAt(0) : 0;
      const isPlain = code > 32 && code < 127;
      if (!isPlain && rightToLeft.test(unicode)) throw new AssemblyGaveUp();
      if (!isPlain && formatMark.test(unicode)) continue;
      let spacing = baseSpacing + (position === last ? extraSpacing : 0);
      let glyphWidth: number;
      if (font.vertical) {
        const vmetric = glyph.vmetric as unknown[] | undefined;
        if (!Array.isArray(vmetric) || typeof vmetric[0] !== 'number') throw new AssemblyGaveUp();
        glyphWidth = vmetric[0];
      } else {
        glyphWidth = typeof glyph.width === 'number' ? glyph.width : 0;
      }
      let dimension = glyphWidth * scale;
      if (glyph.isSpace) spacing += this.state.wordSpacing;
      if (!isPlain && whitespace.test(unicode)) {
        this.advanceBySpacing(spacing + (font.vertical ? -dimension : dimension));
        this.remember(' ');
        continue;
      }
      const isMark = !isPlain && combiningMark.test(unicode);
      if (!isMark && !this.placeGlyph(dimension)) {
        this.advance(font.vertical ? dimension : dimension * this.state.hScale);
        continue;
      }
      this.startRun();
      if (isMark) dimension = 0;
      if (font.vertical) {
        this.advance(dimension);
        dimension = Math.abs(dimension);
        this.run.height += dimension;
      } else {
        dimension *= this.state.hScale;
        this.advance(dimension);
        this.run.width += dimension;
      }
      if (dimension) {
        this.run.prevTransform = this.currentTransform(this.run.prevTransform ?? undefined);
        this.run.prevRise = this.state.rise;
      }
      if (this.remember(unicode)) {
        this.run.texts.push(' ');
        this.run.sources.push(-1);
      }
      this.run.texts.push(unicode);
      this.run.sources.push(source);
      if (spacing) this.advanceBySpacing(spacing);
    }
  }

  private showText(op: number, items: unknown) {
    if (!this.state.font || !Array.isArray(items)) return;
    const spaceFactor = ((this.state.font.vertical ? 1 : -1) * this.state.fontSize) / 1000;
    const firstGlyph = this.context.firstGlyph(op) ?? -1;
    if (items.length === 0) {
      this.showGlyphs(items, 0, 0, 0, -1);
      return;
    }
    let start = 0;
    let glyphsBefore = 0;
    let glyphsInStretch = 0;
    for (let position = 0; position < items.length; position++) {
      const item: unknown = items[position];
      if (isGlyph(item)) {
        glyphsInStretch++;
      } else if (typeof item === 'number' && item !== 0) {
        this.showGlyphs(items, start, position, item * spaceFactor, firstGlyph >= 0 ? firstGlyph + glyphsBefore : -1);
        glyphsBefore += glyphsInStretch;
        glyphsInStretch = 0;
        start = position + 1;
      }
    }
    if (glyphsInStretch > 0) this.showGlyphs(items, start, items.length, 0, firstGlyph >= 0 ? firstGlyph + glyphsBefore : -1);
  }

  private setFont(name: unknown, size: unknown) {
    if (typeof name !== 'string' || typeof size !== 'number') return;
    const font = this.context.font(name);
    if (!font) throw new AssemblyGaveUp();
    this.state.fontName = name;
    this.state.fontKey = name;
    this.state.font = font;
    this.state.fontSize = size;
  }
}
