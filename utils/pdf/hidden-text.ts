/**
 * Text a reader cannot see but a model would read (prompt injection in papers): white or background-coloured
 * fill, fonts under 2 pt, invisible render modes, text outside the crop box, zero fill opacity.
 *
 * getTextContent() carries no colour (mozilla/pdf.js#7895), so the page's operator list is walked for the
 * graphics state of every shown glyph, and glyphs are then matched to text items in content order.
 * Render-mode-3 text over a large image is a scanned page's OCR layer: ordinary text, not an alarm
 * (docling-project/docling PR #4054).
 */
import { OPS, imagePaintOps } from './pdfjs';
import type { PageBox, PositionedText } from './layout';

export type HiddenTechnique =
  | 'white-text'
  | 'background-colour'
  | 'tiny-font'
  | 'invisible-render-mode'
  | 'outside-crop-box'
  | 'zero-opacity';

export interface HiddenText {
  page: number;
  text: string;
  technique: HiddenTechnique;
}

export interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

type Matrix = [number, number, number, number, number, number];

interface GraphicsState {
  ctm: Matrix;
  fill: string;
  renderMode: number;
  fillAlpha: number;
}

interface FilledRect {
  left: number;
  bottom: number;
  right: number;
  top: number;
  fill: string;
}

interface ShownGlyph {
  char: string;
  fill: string;
  renderMode: number;
  fillAlpha: number;
  /** How many filled rectangles had been painted when this glyph was shown: only those can lie under it. */
  rectsBefore: number;
}

/** Below this size (in points) text is unreadable in print and on screen at 100 %. */
export const tinyFontSize = 2;

const fillPathOps = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function transformBox(m: Matrix, x0: number, y0: number, x1: number, y1: number): Omit<FilledRect, 'fill'> {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[x0, y0], [x0, y1], [x1, y0], [x1, y1]] as const) {
    xs.push(m[0] * x + m[2] * y + m[4]);
    ys.push(m[1] * x + m[3] * y + m[5]);
  }
  return { left: Math.min(...xs), bottom: Math.min(...ys), right: Math.max(...xs), top: Math.max(...ys) };
}

function asMatrix(value: unknown): Matrix | undefined {
  if (value && typeof value === 'object' && 'length' in value) {
    const numbers = Array.from(value as ArrayLike<number>).slice(0, 6);
    if (numbers.length === 6 && numbers.every((n) => typeof n === 'number')) {
      return numbers as Matrix;
    }
  }
  return undefined;
}

/** pdf.js 6 passes fill colours as "#rrggbb" (pinned by test/utils/pdf/hidden-text.test.ts). */
function isWhitish(fill: string): boolean {
  return /^#(f[8-9a-f]){3}$/i.test(fill);
}

function glyphChars(glyphs: unknown): string {
  if (!Array.isArray(glyphs)) {
    return '';
  }
  let chars = '';
  for (const glyph of glyphs) {
    if (glyph && typeof glyph === 'object' && 'unicode' in glyph && typeof glyph.unicode === 'string') {
      chars += glyph.unicode;
    }
  }
  return chars;
}

interface PageScan {
  glyphs: ShownGlyph[];
  rects: FilledRect[];
  /** Share of the page covered by the largest image: a scan fills most of it. */
  largestImageShare: number;
  /** Text shown entirely outside the crop box; pdf.js leaves it out of getTextContent, so only the operators tell. */
  offPageTexts: string[];
}

function scanOperators(operators: OperatorList, box: PageBox): PageScan {
  let state: GraphicsState = { ctm: [1, 0, 0, 1, 0, 0], fill: '#000000', renderMode: 0, fillAlpha: 1 };
  const stack: GraphicsState[] = [];
  const glyphs: ShownGlyph[] = [];
  const rects: FilledRect[] = [];
  const pageArea = Math.max((box.right - box.left) * (box.top - box.bottom), 1);
  let largestImageShare = 0;
  /** Render mode 7 makes text a clipping path; whatever is painted next shows through it (figure labels filled with a gradient). */
  let clippingGlyphs: ShownGlyph[] = [];
  const revealClippingText = () => {
    for (const glyph of clippingGlyphs) {
      glyph.renderMode = 0;
    }
    clippingGlyphs = [];
  };
  const offPageTexts: string[] = [];
  // Text space: the text and line matrices of PDF 32000 §9.4.2, enough to place the start of each string.
  let textMatrix: Matrix = [1, 0, 0, 1, 0, 0];
  let lineMatrix: Matrix = [1, 0, 0, 1, 0, 0];
  let leading = 0;
  const moveLine = (tx: number, ty: number) => {
    lineMatrix = multiply([1, 0, 0, 1, tx, ty], lineMatrix);
    textMatrix = lineMatrix;
  };
  const { fnArray, argsArray } = operators;
  for (let index = 0; index < fnArray.length; index++) {
    const fn = fnArray[index];
    const args = argsArray[index] as unknown[] | null;
    switch (fn) {
      case OPS.save:
        stack.push(state);
        state = { ...state };
        break;
      case OPS.restore:
        state = stack.pop() ?? state;
        clippingGlyphs = [];
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push(state);
        const matrix = asMatrix(args?.[0]);
        state = matrix ? { ...state, ctm: multiply(matrix, state.ctm) } : { ...state };
        break;
      }
      case OPS.paintFormXObjectEnd:
        state = stack.pop() ?? state;
        break;
      case OPS.transform: {
        const matrix = asMatrix(args);
        if (matrix) {
          state.ctm = multiply(matrix, state.ctm);
        }
        break;
      }
      case OPS.setFillRGBColor:
        if (typeof args?.[0] === 'string') {
          state.fill = args[0];
        }
        break;
      case OPS.setFillColorN:
      case OPS.setFillColor:
        // Patterns and gradients (slide backgrounds, badges): a colour we do not resolve, but not the paper's white.
        state.fill = typeof args?.[0] === 'string' ? args[0] : 'pattern';
        break;
      case OPS.beginText:
        textMatrix = lineMatrix = [1, 0, 0, 1, 0, 0];
        break;
      case OPS.setTextMatrix: {
        const matrix = asMatrix(args?.[0]) ?? asMatrix(args);
        if (matrix) {
          textMatrix = lineMatrix = matrix;
        }
        break;
      }
      case OPS.setLeading:
        leading = typeof args?.[0] === 'number' ? args[0] : leading;
        break;
      case OPS.moveText:
      case OPS.setLeadingMoveText:
        if (typeof args?.[0] === 'number' && typeof args[1] === 'number') {
          if (fn === OPS.setLeadingMoveText) {
            leading = -args[1];
          }
          moveLine(args[0], args[1]);
        }
        break;
      case OPS.nextLine:
        moveLine(0, -leading);
        break;
      case OPS.setTextRenderingMode:
        if (typeof args?.[0] === 'number') {
          state.renderMode = args[0];
        }
        break;
      case OPS.setGState:
        for (const entry of (args?.[0] as unknown[] | undefined) ?? []) {
          if (Array.isArray(entry) && entry[0] === 'ca' && typeof entry[1] === 'number') {
            state.fillAlpha = entry[1];
          }
        }
        break;
      case OPS.constructPath: {
        const paintOp = args?.[0];
        const minMax = args?.[2] as ArrayLike<number> | undefined;
        if (typeof paintOp === 'number' && fillPathOps.has(paintOp) && minMax && minMax.length === 4) {
          const rect = transformBox(state.ctm, minMax[0]!, minMax[1]!, minMax[2]!, minMax[3]!);
          // Hairlines cannot sit under text; anything larger can (heat-map cells are a few points wide).
          if (rect.right - rect.left > 2 && rect.top - rect.bottom > 2) {
            rects.push({ ...rect, fill: state.fill });
          }
          revealClippingText();
        }
        break;
      }
      case OPS.showText:
      case OPS.showSpacedText: {
        const chars = glyphChars(args?.[0]);
        const origin = multiply(textMatrix, state.ctm);
        const [x, y] = [origin[4], origin[5]];
        if (chars.trim() && (x < box.left - 1 || x > box.right + 1 || y < box.bottom - 1 || y > box.top + 1)) {
          offPageTexts.push(chars);
        }
        for (const char of chars.normalize('NFKC').replace(/\s+/g, '')) {
          const glyph = { char, fill: state.fill, renderMode: state.renderMode, fillAlpha: state.fillAlpha, rectsBefore: rects.length };
          glyphs.push(glyph);
          if (glyph.renderMode === 7) {
            clippingGlyphs.push(glyph);
          }
        }
        break;
      }
      case OPS.shadingFill:
        revealClippingText();
        break;
      default:
        if (fn !== undefined && imagePaintOps.has(fn)) {
          const image = transformBox(state.ctm, 0, 0, 1, 1);
          largestImageShare = Math.max(largestImageShare, ((image.right - image.left) * (image.top - image.bottom)) / pageArea);
          // Text drawn on an image is read against the image, whatever its colour.
          rects.push({ ...image, fill: 'image' });
          revealClippingText();
        }
    }
  }
  return { glyphs, rects, largestImageShare, offPageTexts };
}

function rectUnder(rects: FilledRect[], count: number, x: number, y: number): FilledRect | undefined {
  for (let index = Math.min(count, rects.length) - 1; index >= 0; index--) {
    const rect = rects[index]!;
    if (x >= rect.left && x <= rect.right && y >= rect.bottom && y <= rect.top) {
      return rect;
    }
  }
  return undefined;
}

function glyphTechnique(glyph: ShownGlyph, run: PositionedText, scan: PageScan): HiddenTechnique | undefined {
  if (glyph.renderMode === 3 || glyph.renderMode === 7) {
    // A scanned page: the invisible text is the OCR of the image under it.
    return scan.largestImageShare >= 0.5 ? undefined : 'invisible-render-mode';
  }
  if (glyph.fillAlpha === 0) {
    return 'zero-opacity';
  }
  // Upright text is probed inside its first glyph; rotated text (axis labels) around its origin, since its direction is unknown here.
  const probes: [number, number][] = run.isUpright
    ? [[run.x + Math.min(run.width, run.fontSize) / 2, run.y + run.fontSize / 3]]
    : [-1, 1].flatMap((dx) => [-1, 1].map((dy): [number, number] => [run.x + (dx * run.fontSize) / 3, run.y + (dy * run.fontSize) / 3]));
  const unders = probes.map(([x, y]) => rectUnder(scan.rects, glyph.rectsBefore, x, y));
  if (unders.some((under) => under && under.fill.toLowerCase() !== glyph.fill.toLowerCase())) {
    return undefined;
  }
  const under = unders.find((candidate) => candidate !== undefined);
  if (under) {
    return isWhitish(under.fill) ? 'white-text' : 'background-colour';
  }
  return isWhitish(glyph.fill) ? 'white-text' : undefined;
}

/** Whether any glyph's state could hide it: most pages have none, and then no matching is needed. */
function hasSuspiciousGlyph(scan: PageScan): boolean {
  const rectFills = new Set(scan.rects.map((rect) => rect.fill.toLowerCase()));
  return scan.glyphs.some(
    (glyph) =>
      glyph.renderMode === 3 ||
      glyph.renderMode === 7 ||
      glyph.fillAlpha === 0 ||
      isWhitish(glyph.fill) ||
      rectFills.has(glyph.fill.toLowerCase()),
  );
}

function isOutside(run: PositionedText, box: PageBox): boolean {
  return run.x + run.width < box.left || run.x > box.right || run.y + run.fontSize < box.bottom || run.y > box.top;
}

export interface RunClassification {
  /** Per run, the technique hiding it; undefined for visible runs. */
  techniques: (HiddenTechnique | undefined)[];
  /** Strings drawn outside the crop box that pdf.js did not return as text runs at all. */
  offPageTexts: string[];
}

/**
 * The technique hiding each run. `runs` are the page's text items in pdf.js order, in PDF space;
 * `operators` is the page's operator list, or undefined when it was not read (only geometry is checked then).
 */
export function classifyRuns(runs: PositionedText[], box: PageBox, operators: OperatorList | undefined): RunClassification {
  const techniques: (HiddenTechnique | undefined)[] = runs.map((run) => {
    if (!run.str.trim()) {
      return undefined;
    }
    if (isOutside(run, box)) {
      return 'outside-crop-box';
    }
    return run.fontSize < tinyFontSize ? 'tiny-font' : undefined;
  });
  if (!operators) {
    return { techniques, offPageTexts: [] };
  }
  const scan = scanOperators(operators, box);
  const listed = squash(runs.filter((_run, index) => techniques[index] === 'outside-crop-box').map((run) => run.str).join(''));
  const offPageTexts = scan.offPageTexts.filter((text) => !listed.includes(squash(text)));
  if (!hasSuspiciousGlyph(scan)) {
    return { techniques, offPageTexts };
  }
  // Both lists follow the content stream, so each run's characters are found in order among the glyphs.
  let cursor = 0;
  runs.forEach((run, runIndex) => {
    if (techniques[runIndex]) {
      return;
    }
    const counts = new Map<HiddenTechnique | undefined, number>();
    let matched = 0;
    for (const char of run.str.normalize('NFKC').replace(/\s+/g, '')) {
      const limit = Math.min(scan.glyphs.length, cursor + 400);
      for (let index = cursor; index < limit; index++) {
        const glyph = scan.glyphs[index]!;
        if (glyph.char === char) {
          const technique = glyphTechnique(glyph, run, scan);
          counts.set(technique, (counts.get(technique) ?? 0) + 1);
          matched++;
          cursor = index + 1;
          break;
        }
      }
    }
    let best: HiddenTechnique | undefined;
    let bestCount = 0;
    for (const [technique, count] of counts) {
      if (technique && count > bestCount) {
        best = technique;
        bestCount = count;
      }
    }
    if (best && bestCount * 2 >= matched) {
      techniques[runIndex] = best;
    }
  });
  return { techniques, offPageTexts };
}

function squash(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * Consecutive hidden runs of one technique become one report entry. A hidden copy of text that is also
 * visible on the page (a title drawn twice, once under a box) tells the model nothing new and is not reported;
 * it stays out of the clean text all the same.
 */
export function collectHiddenText(page: number, runs: PositionedText[], { techniques, offPageTexts }: RunClassification): HiddenText[] {
  const visibleText = squash(runs.filter((_run, index) => !techniques[index]).map((run) => run.str).join(''));
  const offPage = offPageTexts.length > 0 ? [{ page, text: offPageTexts.join(' ').replace(/\s+/g, ' ').trim(), technique: 'outside-crop-box' as const }] : [];
  return [...groupHiddenRuns(page, runs, techniques), ...offPage].filter((entry) => !visibleText.includes(squash(entry.text)));
}

function groupHiddenRuns(page: number, runs: PositionedText[], techniques: (HiddenTechnique | undefined)[]): HiddenText[] {
  const found: HiddenText[] = [];
  let current: HiddenText | undefined;
  runs.forEach((run, index) => {
    const technique = techniques[index];
    if (!technique) {
      if (run.str.trim()) {
        current = undefined;
      }
      return;
    }
    if (current && current.technique === technique) {
      current.text = `${current.text} ${run.str}`.replace(/\s+/g, ' ').trim();
    } else {
      current = { page, text: run.str.trim(), technique };
      found.push(current);
    }
  });
  return found;
}
