/**
 * Text a reader cannot see but a model would read (prompt injection in papers). The page's glyphs are judged
 * one by one (glyph-visibility.ts); here those verdicts are carried over to the page's text runs, whose characters
 * are what the model would get: hidden characters are cut out of the runs, and what was cut is reported with
 * its page and the way it was hidden. Text without letters (a private-use emoji glyph, a lone symbol) is cut
 * silently: it cannot carry an instruction, and reporting it would cry wolf.
 */
import { judgeGlyphs, smallestReadableSize, type GlyphVerdict, type ScanWork } from './glyph-visibility';
import type { HiddenTechnique, HiddenText } from './hidden-techniques';
import type { PositionedText } from './layout';
import { walkPageDrawing, type Box, type PageDrawing } from './page-drawing';
import type { PdfDocument, PdfPage } from './pdfjs';
import { displayOperators } from './render';
import { assembleTextRuns, type AssembledRun, type ReadRun } from './text-runs';

export type { GlyphVerdict, HiddenTechnique, HiddenText, ScanWork };

export interface PageScan {
  /** 'unchecked' when the page's time ran out before every glyph could be judged; its undecided text is kept. */
  status: 'checked' | 'unchecked';
  drawing?: PageDrawing;
  verdicts: GlyphVerdict[];
  /**
   * The page's text runs, assembled from the operators the scan walked, each character tied to its glyph; absent
   * when the operators could not be read in time or do not say enough (the page's text is then read apart).
   */
  runs?: AssembledRun[];
}

/** pdf.js's optional content configuration: which layers the document shows by default. */
export interface LayerVisibility {
  isVisible(group: unknown): boolean;
}

export interface ScanOptions {
  /** The longest the scan of this page may take; the rest is reported as not checked, never as clean. */
  budgetMs: number;
  layers?: LayerVisibility;
  signal?: AbortSignal;
  /** Added to with the glyphs judged, the uncertain ones and the renders made. */
  work?: ScanWork;
}

/** Reads the page's drawing and judges every glyph, within the page's time budget. */
export async function scanPage(pdf: PdfDocument, page: PdfPage, view: Box, { budgetMs, layers, signal, work }: ScanOptions): Promise<PageScan> {
  // The timer stops a long render; the deadline is checked between steps, so even a zero budget is honoured.
  const deadline = performance.now() + budgetMs;
  const timeUp = new AbortController();
  const timer = setTimeout(() => timeUp.abort(), budgetMs);
  const onAbort = () => timeUp.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const operators = await displayOperators(pdf, page, { signal: timeUp.signal });
    const font = (name: string) => (page.commonObjs.has(name) ? (page.commonObjs.get(name) as Record<string, unknown>) : undefined);
    const drawing = walkPageDrawing(operators.fnArray, operators.argsArray, view, {
      font,
      // pdf.js's own optional content rules decide what its renderer shows; without a configuration it shows everything.
      isLayerVisible: (properties) => layers?.isVisible(properties) !== false,
    });
    const firstGlyphs = new Map(drawing.texts.map((text) => [text.op, text.firstGlyph]));
    const runs = assembleTextRuns(operators.fnArray, operators.argsArray, view, { font, firstGlyph: (op) => firstGlyphs.get(op) });
    const verdicts = await judgeGlyphs(pdf, page, drawing, view, { signal: timeUp.signal, isTimeUp: () => timeUp.signal.aborted || performance.now() > deadline, ...(work ? { work } : {}) });
    return { status: verdicts.includes('unchecked') ? 'unchecked' : 'checked', drawing, verdicts, ...(runs ? { runs } : {}) };
  } catch (error) {
    if (timeUp.signal.aborted && !signal?.aborted) {
      return { status: 'unchecked', verdicts: [] };
    }
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Normalised characters, whitespace removed: how runs and glyphs are compared. */
function comparable(text: string): string[] {
  // Printable ASCII is its own normal form; this runs for every character of every page.
  if (text.length === 1) {
    const code = text.charCodeAt(0);
    if (code > 32 && code < 127) return [text];
    if (code <= 32) return [];
  }
  return [...text.normalize('NFKC').replace(/\s+/g, '')];
}

/** Where a run lies, with a margin of two font sizes, in PDF space: a glyph matched to it must lie there too. */
function runArea(run: ReadRun): Box {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = run.transform;
  const fontSize = Math.max(Math.hypot(c, d), 1);
  const along = Math.hypot(a, b) || 1;
  const ends = [
    [e, f],
    [e + (a / along) * run.width, f + (b / along) * run.width],
    [e + c, f + d],
    [e + (a / along) * run.width + c, f + (b / along) * run.width + d],
  ];
  const xs = ends.map(([x]) => x!);
  const ys = ends.map(([, y]) => y!);
  return [Math.min(...xs) - 2 * fontSize, Math.min(...ys) - 2 * fontSize, Math.max(...xs) + 2 * fontSize, Math.max(...ys) + 2 * fontSize];
}

function centreIn(box: Box, area: Box): boolean {
  const x = (box[0] + box[2]) / 2;
  const y = (box[1] + box[3]) / 2;
  return x >= area[0] && x <= area[2] && y >= area[1] && y <= area[3];
}

export interface RunVerdicts {
  /** Per run, per character of `str`: the verdict of the glyph it came from. */
  chars: GlyphVerdict[][];
  /** Hidden glyphs no run contains (pdf.js leaves text outside the crop box out of its runs). */
  orphans: { text: string; technique: HiddenTechnique }[];
}

const matchWindow = 400;

/** Verdicts for runs assembled from the scan's own operators: each character takes the verdict of the glyph that drew it. */
export function verdictsFromGlyphs(runs: AssembledRun[], scan: PageScan): RunVerdicts {
  const matched = new Uint8Array(scan.drawing?.glyphs.length ?? 0);
  // Plain loops rather than callbacks made anew for every page, which V8 optimised again for page after page.
  const chars: GlyphVerdict[][] = [];
  for (const run of runs) {
    const verdicts: (GlyphVerdict | null)[] = [];
    for (const glyph of run.glyphs) {
      if (glyph < 0) {
        verdicts.push(null);
      } else {
        matched[glyph] = 1;
        verdicts.push(scan.verdicts[glyph]);
      }
    }
    chars.push(spreadOverPunctuation(run.str, fillUnmatched(run, verdicts, scan)));
  }
  return { chars, orphans: orphanGlyphs(scan, matched) };
}

/**
 * Carries glyph verdicts over to the runs' characters. Runs and glyphs both follow the content stream, so each
 * character is looked for a little ahead of the last match, and accepted only where the glyph sits on its run:
 * a desynchronised match cannot move a verdict across the page. Characters left unmatched take their run
 * neighbours' verdict.
 */
export function verdictsForRuns(runs: ReadRun[], scan: PageScan): RunVerdicts {
  const glyphs = scan.drawing?.glyphs ?? [];
  const sequence: string[] = [];
  const sequenceGlyph: number[] = [];
  for (let index = 0; index < glyphs.length; index++) {
    for (const char of comparable(glyphs[index]!.unicode)) {
      sequence.push(char);
      sequenceGlyph.push(index);
    }
  }
  const matched = new Uint8Array(glyphs.length);
  let cursor = 0;
  const chars = runs.map((run) => {
    const area = runArea(run);
    const runChars = [...run.str];
    const verdicts: (GlyphVerdict | null)[] = new Array(runChars.length).fill(null);
    for (let position = 0; position < runChars.length; position++) {
      for (const part of comparable(runChars[position]!)) {
        const limit = Math.min(sequence.length, cursor + matchWindow);
        for (let index = cursor; index < limit; index++) {
          if (sequence[index] !== part) continue;
          const glyph = sequenceGlyph[index]!;
          if (!centreIn(glyphs[glyph]!.box, area)) continue;
          verdicts[position] ??= scan.verdicts[glyph];
          matched[glyph] = 1;
          cursor = index + 1;
          break;
        }
      }
    }
    return spreadOverPunctuation(run.str, fillUnmatched(run, verdicts, scan));
  });
  return { chars, orphans: orphanGlyphs(scan, matched) };
}

/** Hidden glyphs that reached no run, gathered into stretches hidden the same way. */
function orphanGlyphs(scan: PageScan, matched: Uint8Array): RunVerdicts['orphans'] {
  // Only a hidden glyph starts an orphan, and most pages have none.
  if (!scan.verdicts.some(isHidden)) return [];
  const glyphs = scan.drawing?.glyphs ?? [];
  const orphans: RunVerdicts['orphans'] = [];
  let current: RunVerdicts['orphans'][number] | undefined;
  glyphs.forEach((glyph, index) => {
    const verdict = scan.verdicts[index];
    if (!wordCharacter.test(glyph.unicode) && !matched[index]) {
      if (current) current.text += glyph.unicode.trim() ? glyph.unicode : ' ';
    } else if (matched[index] || !isHidden(verdict)) {
      current = undefined;
    } else if (current?.technique === verdict) {
      current.text += glyph.unicode;
    } else {
      current = { text: glyph.unicode, technique: verdict };
      orphans.push(current);
    }
  });
  return orphans;
}

/** Unmatched characters take the nearest matched neighbour's verdict; a run with no match at all is judged by its size alone. */
function fillUnmatched(run: ReadRun, verdicts: (GlyphVerdict | null)[], scan: PageScan): GlyphVerdict[] {
  // Runs assembled from the operators usually have every character matched.
  if (!verdicts.includes(null)) return verdicts as GlyphVerdict[];
  const known = verdicts.map((verdict, index) => (verdict === null ? -1 : index)).filter((index) => index >= 0);
  if (known.length === 0) {
    const fontSize = Math.hypot(run.transform[2] ?? 0, run.transform[3] ?? 0);
    const sizeVerdict: GlyphVerdict = fontSize < smallestReadableSize ? 'tiny-font' : scan.status === 'unchecked' ? 'unchecked' : undefined;
    return verdicts.map(() => sizeVerdict);
  }
  // One pass with a cursor on the last match at or before each character (a long run is thousands of characters);
  // at equal distance the earlier match wins.
  let before = 0;
  return verdicts.map((verdict, index) => {
    if (verdict !== null) return verdict;
    while (before + 1 < known.length && known[before + 1]! < index) before++;
    const previous = known[before]!;
    const next = known[before + 1];
    const nearest = previous < index && next !== undefined && next - index < index - previous ? next : previous;
    return verdicts[nearest] ?? undefined;
  });
}

const letter = /\p{L}/gu;
const wordCharacter = /[\p{L}\p{N}]/u;

/**
 * Spaces, punctuation and symbols are not judged (a reader's view of a full stop changes nothing); between or
 * beside hidden characters they are taken as hidden the same way, so that a hidden sentence stays one finding
 * and leaves no stray punctuation behind in the text.
 */
function spreadOverPunctuation(str: string, verdicts: GlyphVerdict[]): GlyphVerdict[] {
  // Only a hidden neighbour spreads, and most runs have none.
  if (!verdicts.some(isHidden)) return verdicts;
  const chars = [...str];
  const result = [...verdicts];
  let index = 0;
  while (index < chars.length) {
    if (wordCharacter.test(chars[index]!)) {
      index++;
      continue;
    }
    let end = index;
    while (end < chars.length && !wordCharacter.test(chars[end]!)) end++;
    const before = index > 0 ? result[index - 1] : undefined;
    const after = end < chars.length ? result[end] : undefined;
    const spread = isHidden(before) && (isHidden(after) || end === chars.length) ? before : isHidden(after) && index === 0 ? after : undefined;
    if (spread) for (let k = index; k < end; k++) result[k] = spread;
    index = end;
  }
  return result;
}

function isHidden(verdict: GlyphVerdict): verdict is HiddenTechnique {
  return verdict !== undefined && verdict !== 'unchecked';
}

/**
 * A hidden stretch inside a word (visible characters right before and after it) is a measuring artefact at a
 * glyph's edge, not hidden text: an instruction needs words of its own. Such stretches count as visible.
 */
function smoothWithinWords(str: string, verdicts: GlyphVerdict[]): GlyphVerdict[] {
  const chars = [...str];
  const result = [...verdicts];
  let index = 0;
  while (index < chars.length) {
    if (!isHidden(result[index]) || !chars[index]!.trim()) {
      index++;
      continue;
    }
    let end = index;
    while (end < chars.length && isHidden(result[end]) && chars[end]!.trim()) end++;
    const before = index > 0 && chars[index - 1]!.trim() && !isHidden(result[index - 1]);
    const after = end < chars.length && chars[end]!.trim() && !isHidden(result[end]);
    if (before && after) {
      for (let k = index; k < end; k++) result[k] = undefined;
    }
    index = end;
  }
  return result;
}

/** The visible parts of a run, each placed where its characters sit in the run (by character count). */
export function visibleParts(run: PositionedText, verdicts: GlyphVerdict[]): PositionedText[] {
  if (!verdicts.some(isHidden)) return [run];
  const chars = [...run.str];
  const smoothed = smoothWithinWords(run.str, verdicts);
  if (!smoothed.some(isHidden)) return [run];
  const parts: PositionedText[] = [];
  let start = -1;
  const flush = (end: number) => {
    const str = chars.slice(start, end).join('');
    if (start >= 0 && str.trim()) {
      const share = run.width / Math.max(chars.length, 1);
      parts.push({ ...run, str, x: run.x + start * share, width: (end - start) * share });
    }
    start = -1;
  };
  chars.forEach((char, index) => {
    const hidden = isHidden(smoothed[index]) || (!char.trim() && start < 0);
    if (hidden) flush(index);
    else if (start < 0) start = index;
  });
  flush(chars.length);
  return parts;
}

function squash(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * What a page hides, as the reader will be told: consecutive hidden stretches hidden the same way become one
 * finding. Findings without two letters are left out (see the file comment), and so is a hidden copy of text
 * that is also visible on the page (a title drawn twice, once under a box): it tells the model nothing new.
 */
export function collectHiddenText(page: number, runs: { str: string }[], { chars, orphans }: RunVerdicts): HiddenText[] {
  const found: HiddenText[] = [];
  let current: HiddenText | undefined;
  let visible = '';
  runs.forEach((run, runIndex) => {
    const runVerdicts = chars[runIndex] ?? [];
    if (!runVerdicts.some(isHidden)) {
      visible += run.str;
      if (wordCharacter.test(run.str)) current = undefined;
      else if (current) current.text += run.str;
      return;
    }
    const verdicts = smoothWithinWords(run.str, runVerdicts);
    [...run.str].forEach((char, index) => {
      const verdict = verdicts[index];
      if (!char.trim()) {
        if (current) current.text += ' ';
        return;
      }
      if (!isHidden(verdict)) {
        visible += char;
        // Punctuation between two hidden stretches does not split a finding.
        if (wordCharacter.test(char)) current = undefined;
        else if (current) current.text += char;
        return;
      }
      if (current && current.technique === verdict) {
        current.text += char;
      } else {
        current = { page, text: char, technique: verdict };
        found.push(current);
      }
    });
    if (current) current.text += ' ';
  });
  const entries = [...found, ...orphans.map((orphan) => ({ page, ...orphan }))];
  // Most pages hide nothing: their visible text need not be normalised to compare with.
  if (entries.length === 0) return [];
  const visibleText = squash(visible);
  return entries
    .map((entry) => ({ ...entry, text: entry.text.replace(/\s+/g, ' ').trim() }))
    .filter((entry) => (entry.text.match(letter)?.length ?? 0) >= 2 && !visibleText.includes(squash(entry.text)));
}
