/**
 * Figure detection's cost, per shared paper, as a share of the pipeline it joins: the text extraction a take already
 * runs (extractPaper, hidden-text scan included) is the reference, measured in the same process, best of `rounds`.
 * The search runs the pure detector over the pages the extraction's walk returned (ExtractedPaper.figurePages), so
 * it costs the detection alone (a take whose text came from the cache runs the extraction again first). Drawing the top six (150 dpi, ≤ 1,024 px) is measured too, with the bytes of the images a take
 * sends (the smaller of PNG and JPEG) and their input tokens on two vision models.
 * Run standalone with `npx tsx test/bench/figure-bench.ts`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { imageInputTokens } from '@/utils/llm/model-capabilities';
import { extractPaper, type ExtractedPaper } from '@/utils/pdf/extract';
import { planFigureRender } from '@/utils/pdf/figure-render';
import { detectFigures, type FigureDetection } from '@/utils/pdf/figures';
import { drawFigures } from '@/utils/pdf/render-figures';
import { nodeFigureEncoder } from '../support/node-figure-encoder';
import { configurePdfjsForNode } from '../support/node-pdfjs';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath } from '../support/shared-fixtures';

async function bestOf<T>(rounds: number, task: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let best = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    result = await task();
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, result: result as T };
}

const limits = { pageTimeoutMs: 120_000, totalTimeoutMs: 600_000 };

export async function benchFigureDetection(rounds = 2): Promise<Record<string, number | string>> {
  if (!hasSharedFixtures) {
    return { 'figures.skipped': missingSharedFixtures };
  }
  configurePdfjsForNode();
  const names = readdirSync(sharedFixturePath('pdfs', 'papers')).filter((name) => name.endsWith('.pdf'));
  const files = names.map((name) => ({ name: name.replace(/\.pdf$/, ''), bytes: new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'papers', name))) }));
  // Warm-up: module loading, JIT and the first font and CMap reads are not what we measure.
  const warm = files[0]!;
  const warmPaper = await extractPaper(warm.bytes, limits);
  detectFigures(warmPaper.figurePages ?? [], { sections: warmPaper.sections });

  const figures: Record<string, number | string> = {};
  let totalPipeline = 0;
  let totalDetection = 0;
  let totalDrawing = 0;
  for (const file of files) {
    const pipeline = await bestOf<ExtractedPaper>(rounds, () => extractPaper(file.bytes, limits));
    const detection = await bestOf<FigureDetection>(rounds, async () => detectFigures(pipeline.result.figurePages ?? [], { sections: pipeline.result.sections }));
    totalPipeline += pipeline.ms;
    totalDetection += detection.ms;
    const found = detection.result.found ? detection.result.figures : [];
    const planned = found.slice(0, 6).map((figure) => planFigureRender(figure));
    const drawing = await bestOf(rounds, () => drawFigures(file.bytes, found.slice(0, 6), { perFigureTimeoutMs: 60_000 }));
    totalDrawing += drawing.ms;
    const images = await Promise.all(drawing.result.drawn.map(({ pixels }) => nodeFigureEncoder.encode(pixels)));
    const round = (value: number) => Number(value.toFixed(2));
    figures[`figures.${file.name}.found`] = found.length;
    figures[`figures.${file.name}.detect_ms`] = round(detection.ms);
    figures[`figures.${file.name}.extract_ms`] = Math.round(pipeline.ms);
    figures[`figures.${file.name}.draw_top6_ms`] = Math.round(drawing.ms);
    figures[`figures.${file.name}.share_of_pipeline`] = round((detection.ms + drawing.ms) / (pipeline.ms + detection.ms + drawing.ms));
    figures[`figures.${file.name}.image_bytes`] = images.reduce((sum, image) => sum + image.bytes.byteLength, 0);
    figures[`figures.${file.name}.images_png_jpeg`] = `${images.filter((image) => image.type === 'image/png').length}/${images.filter((image) => image.type === 'image/jpeg').length}`;
    figures[`figures.${file.name}.top6_tokens_gpt-4o`] = imageInputTokens('gpt-4o', planned) ?? 0;
    figures[`figures.${file.name}.top6_tokens_gpt-4.1-mini`] = imageInputTokens('gpt-4.1-mini', planned) ?? 0;
  }
  return {
    'figures.papers': files.length,
    'figures.rounds': rounds,
    'figures.detect_ms_total': Math.round(totalDetection),
    'figures.draw_top6_ms_total': Math.round(totalDrawing),
    'figures.extract_ms_total': Math.round(totalPipeline),
    // Search (detection over the extraction's pages) and drawing as a share of extraction + both: what a take spends on figures.
    'figures.share_of_pipeline_total': Number(((totalDetection + totalDrawing) / (totalPipeline + totalDetection + totalDrawing)).toFixed(2)),
    // The search alone: the pure detection, the reading being shared with the extraction.
    'figures.detect_only_share_total': Number((totalDetection / (totalPipeline + totalDetection)).toFixed(3)),
    ...figures,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchFigureDetection(), null, 2));
}
