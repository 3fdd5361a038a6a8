/**
 * The PDF pipeline's budget: the whole extraction pipeline (hidden-text scan included) within 3× poppler's pdftotext
 * on the shared papers. Measures, in one process after a warm-up, the best of `rounds` runs per file:
 * our pipeline, pdf.js alone (same calls, no processing of ours), pdf.js text alone, and pdftotext;
 * plus the peak resident memory. Run standalone with `npx tsx test/bench/pdf-bench.ts`.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { extractPaper } from '@/utils/pdf/extract';
import { openPdf } from '@/utils/pdf/pdfjs';
import { configurePdfjsForNode } from '../support/node-pdfjs';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath } from '../support/shared-fixtures';

const run = promisify(execFile);

/** pdf.js's share of the pipeline: open (images skipped, as extract.ts does), then per page the text and the operator list. */
async function pdfjsOnly(bytes: Uint8Array, withOperatorList: boolean): Promise<void> {
  const opened = openPdf(bytes, { skipImages: true });
  try {
    const document = await opened.document;
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      await page.getTextContent();
      if (withOperatorList) {
        await page.getOperatorList();
      }
      page.cleanup();
    }
  } finally {
    await opened.destroy();
  }
}

async function pdftotext(path: string): Promise<void> {
  await run('pdftotext', [path, '-'], { maxBuffer: 64 * 1024 * 1024 });
}

async function bestOf(rounds: number, task: () => Promise<unknown>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    await task();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

export async function benchPdfPipeline(rounds = 2): Promise<Record<string, number | string>> {
  if (!hasSharedFixtures) {
    return { 'pdf.skipped': missingSharedFixtures };
  }
  configurePdfjsForNode();
  const names = readdirSync(sharedFixturePath('pdfs', 'papers')).filter((name) => name.endsWith('.pdf'));
  const files = names.map((name) => ({ path: sharedFixturePath('pdfs', 'papers', name), bytes: new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'papers', name))) }));

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  try {
    // Warm-up: module loading, JIT and the first font and CMap reads are not what we measure.
    const warm = files[0]!;
    await extractPaper(warm.bytes);
    await pdftotext(warm.path);

    let pipeline = 0;
    let pdfjs = 0;
    let pdfjsText = 0;
    let poppler = 0;
    for (const file of files) {
      pipeline += await bestOf(rounds, () => extractPaper(file.bytes, { pageTimeoutMs: 120_000, totalTimeoutMs: 600_000 }));
      pdfjs += await bestOf(rounds, () => pdfjsOnly(file.bytes, true));
      pdfjsText += await bestOf(rounds, () => pdfjsOnly(file.bytes, false));
      poppler += await bestOf(rounds, () => pdftotext(file.path));
    }
    const round = (value: number, digits = 2) => Number(value.toFixed(digits));
    return {
      'pdf.papers': files.length,
      'pdf.rounds': rounds,
      'pdf.pipeline_ms': Math.round(pipeline),
      'pdf.pdftotext_ms': Math.round(poppler),
      'pdf.ratio_vs_pdftotext': round(pipeline / poppler),
      'pdf.pdfjs_text_and_operators_ms': Math.round(pdfjs),
      'pdf.pdfjs_text_only_ms': Math.round(pdfjsText),
      'pdf.pdfjs_text_only_ratio_vs_pdftotext': round(pdfjsText / poppler),
      'pdf.own_processing_share': round(Math.max(0, pipeline - pdfjs) / pipeline),
      'pdf.peak_rss_mb': Math.round(peakRss / (1024 * 1024)),
    };
  } finally {
    clearInterval(sampler);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchPdfPipeline(), null, 2));
}
