/**
 * The paper's figures: each "Figure N" caption, the region of drawing next to it (its bounding box in page
 * space, ready to be rendered), and a rank that puts the evaluation's figures first. Pure: works on the text
 * runs and painted boxes of a page walk (the page readers give them, or read-figures.ts reads them), so it runs
 * and tests without pdf.js.
 */
import { findFigureCaptions, floatCaptionLines, type FigureCaption } from './figure-captions';
import { captionDesignWords, captionResultWords, isEvaluationHeading, mentionedFigures, rankScore, type RankSection, type RankSignals } from './figure-rank';
import { findFigureRegion, type BodyStyle } from './figure-regions';
import { readingOrder, type LayoutLine, type PageBox, type PositionedText } from './layout';
import type { PaintedBox } from './painted-boxes';
import { findRunningLines } from './structure';

export type { RankSection, RankSignals } from './figure-rank';

/** One page of the paper. Every page is needed (body style and running headers are measured over all of them). */
export interface FigurePageInput {
  number: number;
  /** The page's crop box in PDF space. */
  box: PageBox;
  runs: PositionedText[];
  /** Where the page paints graphics. Only pages with a caption need them; without them no region can be found on the page. */
  painted?: PaintedBox[];
}

export interface DetectedFigure {
  number: number;
  /** "Figure 3", as the take should cite it with its page. */
  label: string;
  page: number;
  caption: string;
  /** The drawing's bounding box in PDF space (points, y upwards), caption excluded. */
  region: PageBox;
  /** Higher first; see figure-rank.ts for what adds up to it. */
  score: number;
  signals: RankSignals;
  /** The heading of the section the figure sits in, when the paper's sections were given. */
  section?: string;
}

/** A caption whose drawing could not be found (it was left out rather than sent as a guess). */
export interface UnplacedCaption {
  number: number;
  page: number;
  caption: string;
}

export type NoFiguresReason = 'no-captions' | 'no-drawings';

export type FigureDetection =
  | { found: true; figures: DetectedFigure[]; unplaced: UnplacedCaption[] }
  | { found: false; reason: NoFiguresReason; message: string; unplaced: UnplacedCaption[] };

const noFiguresMessages: Record<NoFiguresReason, string> = {
  'no-captions': 'No figures found: the paper has no "Figure N" captions.',
  'no-drawings': 'No figures found: the paper names figures in captions, but no drawing could be located next to them.',
};

interface PageLines {
  page: FigurePageInput;
  lines: LayoutLine[];
}

/** The size and font most text is set in, weighted by characters. */
export function bodyStyleOf(pages: readonly { lines: readonly LayoutLine[] }[]): BodyStyle {
  const weight = new Map<string, { style: BodyStyle; chars: number }>();
  for (const { lines } of pages) {
    for (const line of lines) {
      const fontSize = Math.round(line.fontSize * 2) / 2;
      const key = `${fontSize}|${line.fontName}`;
      const entry = weight.get(key) ?? { style: { fontSize, fontName: line.fontName }, chars: 0 };
      entry.chars += line.text.length;
      weight.set(key, entry);
    }
  }
  let best: { style: BodyStyle; chars: number } = { style: { fontSize: 10, fontName: '' }, chars: -1 };
  for (const entry of weight.values()) {
    if (entry.chars > best.chars) best = entry;
  }
  return best.style;
}

/** Lines of one page, in reading order; whether a page has captions is all a caller needs before its operators. */
export function figurePageLines(page: Pick<FigurePageInput, 'runs' | 'box'>): LayoutLine[] {
  return readingOrder(page.runs, page.box);
}

export function hasFigureCaption(lines: readonly LayoutLine[]): boolean {
  return findFigureCaptions(lines).length > 0;
}

const numericLabel = /^[-−–]?\d+([.,]\d+)?(%|[kKMGx×]|e[-+]?\d+)?$/;

function countNumericLabels(runs: readonly PositionedText[], region: PageBox): number {
  return runs.filter((run) => run.x >= region.left && run.x <= region.right && run.y >= region.bottom && run.y <= region.top && numericLabel.test(run.str.trim()))
    .length;
}

/**
 * The section a caption sits in: the last heading before it in reading order. Headings on the caption's own page
 * are placed by finding their line; one not found there counts as before it.
 */
function sectionOf(sections: readonly RankSection[], page: number, lines: readonly LayoutLine[], captionIndex: number): number | undefined {
  let found: number | undefined;
  sections.forEach((section, index) => {
    if (section.page < page) {
      found = index;
    } else if (section.page === page && section.heading) {
      const headingIndex = lines.findIndex((line) => line.text.trim() === section.heading.trim());
      if (headingIndex === -1 || headingIndex < captionIndex) found = index;
    }
  });
  return found;
}

function topLevelOf(sections: readonly RankSection[], index: number): RankSection | undefined {
  for (let candidate = index; candidate >= 0; candidate--) {
    const section = sections[candidate];
    if (section && section.level <= 1) return section;
  }
  return undefined;
}

function signalsFor(caption: FigureCaption, page: PageLines, region: PageBox, sections: readonly RankSection[]): { signals: RankSignals; section?: string } {
  const index = sectionOf(sections, page.page.number, page.lines, caption.lineIndex);
  const section = index === undefined ? undefined : sections[index];
  const topLevel = index === undefined ? undefined : topLevelOf(sections, index);
  const isEvaluation = (candidate: RankSection | undefined) => candidate !== undefined && candidate.kind === 'body' && isEvaluationHeading(candidate.heading);
  const evaluationSections = sections.filter((candidate, position) => isEvaluation(candidate) || isEvaluation(topLevelOf(sections, position)));
  return {
    signals: {
      inEvaluation: isEvaluation(section) || isEvaluation(topLevel),
      discussedInEvaluation: evaluationSections.some((candidate) => mentionedFigures(candidate.text).has(caption.number)),
      numericLabels: countNumericLabels(page.page.runs, region),
      resultWords: captionResultWords(caption.text),
      designWords: captionDesignWords(caption.text),
      inAppendix: section?.kind === 'appendix',
    },
    ...(section?.heading ? { section: section.heading } : {}),
  };
}

export interface DetectFiguresOptions {
  /** The paper's sections (ExtractedPaper.sections): without them figures are ranked on their captions and axes alone. */
  sections?: readonly RankSection[];
}

export function detectFigures(pages: readonly FigurePageInput[], options: DetectFiguresOptions = {}): FigureDetection {
  const sections = options.sections ?? [];
  const withLines: PageLines[] = pages.map((page) => ({ page, lines: figurePageLines(page) }));
  const body = bodyStyleOf(withLines);
  const running = findRunningLines(withLines.map(({ page, lines }) => ({ number: page.number, box: page.box, lines })));
  const figures: DetectedFigure[] = [];
  const unplaced: UnplacedCaption[] = [];
  let captionCount = 0;
  for (const pageLines of withLines) {
    const captions = findFigureCaptions(pageLines.lines);
    captionCount += captions.length;
    if (captions.length === 0) continue;
    const stops = new Set([...floatCaptionLines(pageLines.lines), ...pageLines.lines.filter((line) => running.has(line))]);
    const painted = pageLines.page.painted ?? [];
    for (const caption of captions) {
      // A number seen before is a continued figure or a mention that looks like a caption: the first one stands.
      if (figures.some((figure) => figure.number === caption.number)) continue;
      const region = findFigureRegion(caption, pageLines.lines, painted, pageLines.page.box, body, stops);
      if (!region) {
        unplaced.push({ number: caption.number, page: pageLines.page.number, caption: caption.text });
        continue;
      }
      const { signals, section } = signalsFor(caption, pageLines, region.box, sections);
      figures.push({
        number: caption.number,
        label: `Figure ${caption.number}`,
        page: pageLines.page.number,
        caption: caption.text,
        region: region.box,
        score: rankScore(signals),
        signals,
        ...(section ? { section } : {}),
      });
    }
  }
  const placedNumbers = new Set(figures.map((figure) => figure.number));
  const stillUnplaced = unplaced.filter((entry, index) => !placedNumbers.has(entry.number) && unplaced.findIndex((other) => other.number === entry.number) === index);
  if (figures.length === 0) {
    const reason: NoFiguresReason = captionCount === 0 ? 'no-captions' : 'no-drawings';
    return { found: false, reason, message: noFiguresMessages[reason], unplaced: stillUnplaced };
  }
  figures.sort((a, b) => b.score - a.score || a.number - b.number);
  return { found: true, figures, unplaced: stillUnplaced };
}
