/**
 * A take with figures on a paper whose text is cached (a re-run with a vision model), from the click to the first
 * request reaching the model server, on every shared paper served over local HTTP, with the text cache in WXT's fake
 * browser storage. Before: the PDF is downloaded and read again in full (extractPaper, hidden-text scan included)
 * only to find its figures. After: the figure search kept beside the cached text is used, so the PDF is only
 * downloaded and its figures drawn. Both run in the same process, alternating per paper, with pdftotext on the same
 * file as the reference. Also reported: what keeping the figures adds to a paper's cache entry (the search, and the
 * images a take with up to six figures sends, which its follow-ups send again after a restart).
 *
 * Run: npx tsx test/bench/cached-figures-bench.ts (through `npm run bench`, which resolves `#imports`).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { storage } from '#imports';
import { fitToBudget } from '@/utils/pdf/budget';
import { extractPaper } from '@/utils/pdf/extract';
import { fetchPdf } from '@/utils/pdf/fetch-pdf';
import type { FigureDetection } from '@/utils/pdf/figures';
import { findFigures } from '@/utils/pdf/read-figures';
import { cacheFigures, cachePaper, getCachedPaper } from '@/utils/pdf/text-cache';
import { attachedFigure, drawAndEncodeFigures, figureSearchOf, searchFigurePages } from '@/utils/pipeline/paper-figures';
import { buildCritiquePrompt } from '@/utils/prompt/critique-prompt';
import { nodeFigureEncoder } from '../support/node-figure-encoder';
import { configurePdfjsForNode, nodePageReaders } from '../support/node-pdfjs';
import { startFakeOpenAI } from '../support/fake-openai';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath } from '../support/shared-fixtures';
import { firstRequestAt, median, servePapers } from './take-bench-support';

const maxFigures = 6;

interface IndexEntry {
  key: string;
  bytes: number;
  figureBytes?: number;
}

export async function benchCachedFigures(): Promise<Record<string, number | string>> {
  if (!hasSharedFixtures) return { 'cached figures.skipped': missingSharedFixtures };
  configurePdfjsForNode();
  const papersDir = sharedFixturePath('pdfs', 'papers');
  const files = readdirSync(papersDir).filter((name) => name.endsWith('.pdf'));
  const server = await servePapers(papersDir);
  const pdfBase = server.base;
  const model = await startFakeOpenAI();
  const readers = nodePageReaders();
  const before: number[] = [];
  const after: number[] = [];
  const poppler: number[] = [];
  const figures: Record<string, number | string> = {};
  const kb = (bytes: number) => Number((bytes / 1024).toFixed(1));
  try {
    for (const [round, file] of [files[0]!, ...files].entries()) {
      const key = `bench:${file}@${pdfBase}${file}`;
      // The first reading, as the sidebar's: the text cached, then the figure search kept beside it.
      const first = await extractPaper(await fetchPdf(pdfBase + encodeURIComponent(file)), { readers });
      await cachePaper(key, first);
      await cacheFigures(key, { search: searchFigurePages(first.figurePages ?? [], first.sections) });
      const searchBytes = ((await storage.getItem<IndexEntry[]>('local:pdfTextIndex')) ?? []).find((entry) => entry.key === key)?.figureBytes ?? 0;

      // Click to first request with figures on, the text from the cache; `keptSearch` is the only difference.
      const takeWithFigures = async (keptSearch: boolean) => {
        const clicked = performance.now();
        const text = (await getCachedPaper(key))!;
        const bytes = await fetchPdf(pdfBase + encodeURIComponent(file));
        const signal = new AbortController().signal;
        const search: FigureDetection = keptSearch ? await figureSearchOf(text, bytes, key, signal) : await findFigures(bytes, { readers, sections: text.sections });
        const { sent } = await drawAndEncodeFigures(bytes, search.found ? search.figures.slice(0, maxFigures) : [], { encoder: nodeFigureEncoder, perFigureTimeoutMs: 60_000 });
        const fitted = fitToBudget(text, 60_000);
        const attached = sent.map(attachedFigure);
        const messages = buildCritiquePrompt({
          paper: { site: 'arxiv', paperId: file, title: text.title ?? file, authors: [], pageUrl: 'https://arxiv.org/abs/0000.00000' },
          text: fitted.text,
          readingSummary: fitted.summary,
          figures: attached,
        });
        const requested = await firstRequestAt(model.url, 'gpt-4o', messages);
        return { ms: requested - clicked, attached };
      };
      // Alternated per paper, so that neither side always runs on a warmer process.
      const keptFirst = round % 2 === 1;
      const firstRun = await takeWithFigures(keptFirst);
      const secondRun = await takeWithFigures(!keptFirst);
      const [old, kept] = keptFirst ? [secondRun, firstRun] : [firstRun, secondRun];
      await cacheFigures(key, { images: kept.attached });
      const entry = ((await storage.getItem<IndexEntry[]>('local:pdfTextIndex')) ?? []).find((candidate) => candidate.key === key);
      const popplerStarted = performance.now();
      execFileSync('pdftotext', ['-layout', join(papersDir, file), '-'], { maxBuffer: 64 * 1024 * 1024 });
      const popplerMs = performance.now() - popplerStarted;
      if (round === 0) continue; // warm-up
      before.push(old.ms);
      after.push(kept.ms);
      poppler.push(popplerMs);
      const name = file.replace(/\.pdf$/, '');
      figures[`cached figures: ${name}: text / search / search and ${kept.attached.length} images, KB`] = `${kb(entry?.bytes ?? 0)} / ${kb(searchBytes)} / ${kb(entry?.figureBytes ?? 0)}`;
      figures[`cached figures: ${name}: after / before`] = Number((kept.ms / old.ms).toFixed(2));
    }
  } finally {
    readers.dispose();
    await model.close();
    server.close();
  }
  const ms = (value: number) => Number(value.toFixed(1));
  return {
    'cached figures: papers': before.length,
    'cached figures: click to first request, figures on, text cached, before (PDF read again), median ms': ms(median(before)),
    'cached figures: the same, after (search kept with the text), median ms': ms(median(after)),
    'cached figures: after / before, median of per-paper ratios': Number(median(after.map((value, index) => value / before[index]!)).toFixed(2)),
    'cached figures: before / pdftotext (medians)': Number((median(before) / median(poppler)).toFixed(2)),
    'cached figures: after / pdftotext (medians)': Number((median(after) / median(poppler)).toFixed(2)),
    'cached figures: reference pdftotext, median ms': ms(median(poppler)),
    ...figures,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchCachedFigures());
}
