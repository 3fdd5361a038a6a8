import { describe, expect, it } from 'vitest';
import { findFigureCaptions, floatCaptionLines } from '@/utils/pdf/figure-captions';
import { captionDesignWords, captionResultWords, mentionedFigures, rankScore, type RankSignals } from '@/utils/pdf/figure-rank';
import type { LayoutLine } from '@/utils/pdf/layout';
import { walkPageDrawing } from '@/utils/pdf/page-drawing';
import { paintedBoxesOf } from '@/utils/pdf/painted-boxes';
import { OPS } from '@/utils/pdf/pdfjs';

const page = { left: 0, bottom: 0, right: 612, top: 792 };

function line(text: string, y: number, x0 = 316, x1 = 558, fontSize = 9): LayoutLine {
  return { text, x0, x1, y, fontSize, fontName: 'body', column: 'right' };
}

/** An operator list as pdf.js 6 emits it: constructPath carries [paint op, path data, [minX, minY, maxX, maxY]]. */
function operators(...entries: [number, unknown][]) {
  return { fnArray: entries.map(([fn]) => fn), argsArray: entries.map(([, args]) => args) };
}

/** The painted boxes of the page walk the page readers make (no fonts, every layer shown). */
function collectPaintedBoxes(list: ReturnType<typeof operators>, box: typeof page) {
  const drawing = walkPageDrawing(list.fnArray, list.argsArray, [box.left, box.bottom, box.right, box.top], { font: () => undefined, isLayerVisible: () => true });
  return paintedBoxesOf(drawing.marks, box);
}

describe('paintedBoxesOf a page walk', () => {
  it('places stroked and filled paths through the transform in force (a stroke with its line width), and images as the unit square', () => {
    const boxes = collectPaintedBoxes(
      operators(
        [OPS.save, null],
        [OPS.transform, [2, 0, 0, 2, 100, 200]],
        [OPS.constructPath, [OPS.stroke, [], [0, 0, 10, 5]]],
        [OPS.restore, null],
        [OPS.constructPath, [OPS.fill, [], [50, 50, 60, 70]]],
        [OPS.save, null],
        [OPS.transform, [200, 0, 0, 100, 300, 400]],
        [OPS.paintImageXObject, ['img1', 200, 100]],
        [OPS.restore, null],
      ),
      page,
    );
    expect(boxes).toEqual([
      // The default line width, 1, doubled by the transform: half of it on each side of the path.
      { left: 99, bottom: 199, right: 121, top: 211, kind: 'path' },
      { left: 50, bottom: 50, right: 60, top: 70, kind: 'path' },
      { left: 300, bottom: 400, right: 500, top: 500, kind: 'image' },
    ]);
  });

  it('leaves out paths that only set a clip, and cuts what follows to the clip and the page', () => {
    const boxes = collectPaintedBoxes(
      operators(
        [OPS.save, null],
        [OPS.clip, null],
        [OPS.constructPath, [OPS.endPath, [], [0, 0, 100, 100]]],
        [OPS.constructPath, [OPS.fill, [], [50, 50, 300, 300]]],
        [OPS.restore, null],
        [OPS.constructPath, [OPS.fill, [], [600, 700, 900, 900]]],
      ),
      page,
    );
    expect(boxes).toEqual([
      { left: 50, bottom: 50, right: 100, top: 100, kind: 'path' },
      { left: 600, bottom: 700, right: 612, top: 792, kind: 'path' },
    ]);
  });

  it("cuts a form's drawing to its bounding box, and paints nothing through an empty clip", () => {
    const boxes = collectPaintedBoxes(
      operators(
        [OPS.paintFormXObjectBegin, [[1, 0, 0, 1, 10, 10], [0, 0, 50, 50]]],
        [OPS.constructPath, [OPS.stroke, [], [0, 0, 500, 20]]],
        [OPS.paintFormXObjectEnd, null],
        [OPS.save, null],
        [OPS.clip, null],
        [OPS.constructPath, [OPS.endPath, [], [0, 0, 10, 10]]],
        [OPS.clip, null],
        [OPS.constructPath, [OPS.endPath, [], [20, 20, 30, 30]]],
        [OPS.constructPath, [OPS.fill, [], [0, 0, 100, 100]]],
        [OPS.shadingFill, ['shading']],
        [OPS.restore, null],
      ),
      page,
    );
    expect(boxes).toEqual([{ left: 10, bottom: 10, right: 60, top: 30.5, kind: 'path' }]);
  });
});

describe('findFigureCaptions', () => {
  it('reads "Figure N:", "Fig. N." and "FIGURE N |" captions with their continuation lines', () => {
    const lines = [
      line('Figure 3: Workflow of inference instances, from the', 600),
      line('prefill pool to the decoding pool.', 589),
      line('we then describe the decoding stage in detail', 560, 316, 558, 10),
      line('Fig. 4. Latency CDF.', 300),
      line('FIGURE 5 | Throughput over time.', 200),
    ];
    expect(findFigureCaptions(lines).map(({ number, text, lines: own }) => ({ number, text, lineCount: own.length }))).toEqual([
      { number: 3, text: 'Figure 3: Workflow of inference instances, from the prefill pool to the decoding pool.', lineCount: 2 },
      { number: 4, text: 'Fig. 4. Latency CDF.', lineCount: 1 },
      { number: 5, text: 'FIGURE 5 | Throughput over time.', lineCount: 1 },
    ]);
  });

  it('does not take a mention in the body for a caption', () => {
    expect(findFigureCaptions([line('Figure 3 shows the workflow of an instance.', 600), line('as in Fig. 3. The pool then', 580)])).toEqual([]);
  });

  it('finds "Figure N:" after text from the other column on the same line, where it starts', () => {
    const [caption] = findFigureCaptions([line('the cache is warm. Figure 6: Framework shares on Mesos.', 400, 72, 540)]);
    expect(caption).toMatchObject({ number: 6, text: 'Figure 6: Framework shares on Mesos.' });
    expect(caption!.x0).toBeGreaterThan(200);
  });

  it('joins a hyphenated line end as a word, keeping a hyphen before a capital', () => {
    const [caption] = findFigureCaptions([line('Figure 2: The activities of Trace-', 600), line('Monkey and the distri-', 589), line('buted pools.', 578)]);
    expect(caption?.text).toBe('Figure 2: The activities of Trace-Monkey and the distributed pools.');
  });

  it('counts table and listing captions, with their continuations, among the lines no figure crosses', () => {
    const lines = [line('Table 1: Notations and', 600), line('parameters of the model.', 589), line('Listing 2: Request samples.', 400), line('a body line', 380, 316, 558, 10)];
    expect([...floatCaptionLines(lines)].map((entry) => entry.text)).toEqual(['Table 1: Notations and', 'parameters of the model.', 'Listing 2: Request samples.']);
  });
});

describe('figure ranking', () => {
  it('reads figure numbers from mentions, lists and ranges, but not from caption markers', () => {
    const text = 'Figure 15a shows it, and Figures 7 and 8 too; see Figs. 9–11 and Fig. 3.\n[Figure 20 caption: Figure 20: Ignored.]';
    expect([...mentionedFigures(text)].sort((a, b) => a - b)).toEqual([3, 7, 8, 9, 10, 11, 15]);
  });

  it('names the measurement and design words of a caption', () => {
    expect(captionResultWords('CDF of p99 latency and throughput vs. load')).toEqual(['latency', 'throughput', 'CDF', 'percentile', 'comparison']);
    expect(captionDesignWords('Mooncake architecture: an overview of the workflow')).toEqual(['architecture', 'overview', 'workflow']);
  });

  it('weighs the evaluation section above a mention, and a plot above a diagram', () => {
    const none: RankSignals = { inEvaluation: false, discussedInEvaluation: false, numericLabels: 0, resultWords: [], designWords: [], inAppendix: false };
    const inEvaluationPlot = rankScore({ ...none, inEvaluation: true, numericLabels: 8 });
    const discussedPlot = rankScore({ ...none, discussedInEvaluation: true, numericLabels: 8, resultWords: ['experiment'] });
    const diagram = rankScore({ ...none, designWords: ['architecture', 'diagram', 'overview'] });
    expect(inEvaluationPlot).toBeGreaterThan(discussedPlot);
    expect(discussedPlot).toBeGreaterThan(diagram);
    expect(diagram).toBe(-2);
  });
});
