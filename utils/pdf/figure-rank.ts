/**
 * Which figures matter most for a critique: the evaluation's. A figure ranks higher when it sits in an evaluation
 * section, when that section discusses it, when it has numeric axes (a plot, not a diagram), and when its caption
 * speaks of measurements (latency, throughput, CDF, speedup, p99…). Words of design (architecture, workflow,
 * example) pull it down. Pure: the score is a sum of these signals, recorded so the order can be explained.
 */
import type { SectionKind } from './structure';

/** What ranking needs of the paper's sections (ExtractedPaper.sections has all of it). */
export interface RankSection {
  heading: string;
  level: number;
  page: number;
  kind: SectionKind;
  text: string;
}

export interface RankSignals {
  /** The section the figure sits in, or its top-level section, is an evaluation. */
  inEvaluation: boolean;
  /** An evaluation section's text names the figure. */
  discussedInEvaluation: boolean;
  /** Numeric labels inside the figure's region: tick labels of a plot's axes. */
  numericLabels: number;
  resultWords: string[];
  designWords: string[];
  inAppendix: boolean;
}

const evaluationHeading = /evaluat|experiment|\bresults?\b|measurement|performance|benchmark|case stud|characteri[sz]|\banalysis\b/i;

const resultWordPatterns: [string, RegExp][] = [
  ['latency', /latenc/i],
  ['throughput', /throughput|goodput/i],
  ['CDF', /\bcdfs?\b|cumulative distribution/i],
  ['speedup', /speed-?ups?|slowdown/i],
  ['percentile', /\bp(50|90|95|99|999)\b|percentile|tail/i],
  ['rate', /\b(qps|rps|tps|iops|ops\/s)\b|requests? per second|hit rates?|miss rates?/i],
  ['utilization', /utili[sz]ation/i],
  ['overhead', /overhead/i],
  ['bandwidth', /bandwidth/i],
  ['scalability', /scal(ability|ing)/i],
  ['comparison', /\bvs\.?\b|versus|compar/i],
  ['breakdown', /breakdown/i],
  ['experiment', /experiment|measured|benchmark/i],
  ['time', /\b(running|execution|completion|response|wall[- ]clock) times?\b/i],
  ['distribution', /distribution|histogram/i],
];

const designWordPatterns: [string, RegExp][] = [
  ['architecture', /architecture/i],
  ['overview', /overview/i],
  ['workflow', /workflow|life ?cycle|data ?flow|control ?flow/i],
  ['example', /\bexamples?\b|\bsample\b|illustrat/i],
  ['diagram', /diagram|state machine/i],
  ['design', /\bdesign\b|interface/i],
];

const maxResultWords = 3;
const maxDesignWords = 2;
/** A plot has numbered ticks on at least one axis; a diagram has a number here and there. */
const plotNumericLabels = 6;

export function wordsIn(caption: string, patterns: [string, RegExp][]): string[] {
  return patterns.filter(([, pattern]) => pattern.test(caption)).map(([word]) => word);
}

export function captionResultWords(caption: string): string[] {
  return wordsIn(caption, resultWordPatterns);
}

export function captionDesignWords(caption: string): string[] {
  return wordsIn(caption, designWordPatterns);
}

export function isEvaluationHeading(heading: string): boolean {
  return evaluationHeading.test(heading);
}

/** Section text without the caption markers the extraction appends, so a figure's own caption is not a mention. */
function withoutCaptionMarks(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\[(Figure|Fig\.|Table|Listing|Algorithm)\s*\S+ caption: /i.test(line))
    .join('\n');
}

/** "Figure 3", "Fig. 3b", "Figures 7 and 8", "Figures 9–11": the figure numbers a text names. */
const figureMention = /\b(?:figures?|figs?\.)\s*(\d{1,3}[a-z]?(?:\s*(?:,|and|&|–|-|to)\s*\d{1,3}[a-z]?)*)/gi;

export function mentionedFigures(text: string): Set<number> {
  const numbers = new Set<number>();
  for (const match of withoutCaptionMarks(text).matchAll(figureMention)) {
    const list = match[1] ?? '';
    for (const part of list.split(/\s*(?:,|and|&)\s*/)) {
      const [from, to] = part.split(/\s*(?:–|-|to)\s*/).map((value) => Number.parseInt(value, 10));
      if (from === undefined || Number.isNaN(from)) continue;
      const last = to !== undefined && !Number.isNaN(to) && to >= from && to - from < 20 ? to : from;
      for (let number = from; number <= last; number++) numbers.add(number);
    }
  }
  return numbers;
}

export function rankScore(signals: RankSignals): number {
  return (
    (signals.inEvaluation ? 4 : 0) +
    (signals.discussedInEvaluation ? 2 : 0) +
    (signals.numericLabels >= plotNumericLabels ? 2 : 0) +
    Math.min(signals.resultWords.length, maxResultWords) -
    Math.min(signals.designWords.length, maxDesignWords) -
    (signals.inAppendix ? 1 : 0)
  );
}
