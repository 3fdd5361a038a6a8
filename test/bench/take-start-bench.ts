/**
 * From the click to the first request reaching the model server, on every shared paper served over local HTTP:
 * download (fetchPdf), extraction (extractPaper in page-reading workers, one per core up to four, as the sidebar
 * runs it, hidden-text scan included: nothing is sent before every page is checked or out of time), prompt
 * building (fitToBudget and buildCritiquePrompt), then the streamed request to the fake OpenAI server. The
 * workers are warm, as in a sidebar that has read a paper before; a separate figure gives the first take in a
 * fresh sidebar, workers starting included. The reference, in the same process, is poppler's pdftotext reading
 * the same file from disk: the least a text extraction could cost. With figures on (gpt-4o, up to six), the same
 * take also finds, draws and encodes the figures before its request, which then carries them: click to first
 * request with figures on is reported against off, in the same run. Each paper is then read once more at once, by
 * the same workers: what a paper costs when V8 has already compiled the code for what this paper draws, against
 * the first read, which is what a reader waits for.
 *
 * Run: npx tsx test/bench/take-start-bench.ts
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fitToBudget } from '@/utils/pdf/budget';
import { extractPaper } from '@/utils/pdf/extract';
import { fetchPdf } from '@/utils/pdf/fetch-pdf';
import { buildCritiquePrompt } from '@/utils/prompt/critique-prompt';
import { attachedFigure, prepareFigures } from '@/utils/pipeline/paper-figures';
import { nodeFigureEncoder } from '../support/node-figure-encoder';
import { configurePdfjsForNode, nodePageReaders } from '../support/node-pdfjs';
import { startFakeOpenAI } from '../support/fake-openai';
import { hasSharedFixtures, sharedFixturePath } from '../support/shared-fixtures';
import { firstRequestAt, median, servePapers } from './take-bench-support';

const paperTokenBudget = 60_000;

export async function benchTakeStart(): Promise<Record<string, number | string>> {
  if (!hasSharedFixtures) return { 'take start': 'skipped: ../shared/fixtures is missing' };
  configurePdfjsForNode();
  const papersDir = sharedFixturePath('pdfs', 'papers');
  const files = readdirSync(papersDir).filter((name) => name.endsWith('.pdf'));
  const server = await servePapers(papersDir);
  const pdfBase = server.base;
  const model = await startFakeOpenAI();
  const stages = { download: [] as number[], extraction: [] as number[], extractionAgain: [] as number[], prompt: [] as number[], request: [] as number[], total: [] as number[], figures: [] as number[], totalWithFigures: [] as number[] };
  const figuresSent: number[] = [];
  const poppler: number[] = [];
  let uncheckedPages = 0;
  let slowestPaper = '';
  // The first take in a fresh sidebar: its workers start with the click and load pdf.js while the PDF downloads, as
  // the sidebar's do (readPaperText). Once with the local server's instant answer, once with a download as long as
  // an arXiv PDF's often is, which the workers' start can hide behind.
  const coldStart = async (downloadMs: number) => {
    const fresh = nodePageReaders();
    const started = performance.now();
    fresh.warmUp();
    await extractPaper(await fetchPdf(`${pdfBase}${encodeURIComponent(files[0]!)}?delay=${downloadMs}`), { readers: fresh });
    const elapsed = performance.now() - started;
    fresh.dispose();
    return elapsed;
  };
  const slowDownloadMs = 600;
  const coldStartInstant = await coldStart(0);
  const coldStartSlowDownload = await coldStart(slowDownloadMs);
  const readers = nodePageReaders();
  try {
    for (const [round, file] of [files[0]!, ...files].entries()) {
      const clicked = performance.now();
      const bytes = await fetchPdf(pdfBase + encodeURIComponent(file));
      const downloaded = performance.now();
      const paper = await extractPaper(bytes, { readers });
      const extracted = performance.now();
      const fitted = fitToBudget(paper, paperTokenBudget);
      const messages = buildCritiquePrompt({
        paper: { site: 'arxiv', paperId: file, title: paper.title ?? file, authors: [], pageUrl: 'https://arxiv.org/abs/0000.00000' },
        text: fitted.text,
        readingSummary: fitted.summary,
      });
      const prompted = performance.now();
      const requested = await firstRequestAt(model.url, 'fake-critic', messages);
      // Figures on: the same take, with the figure search, drawing and encoding before a request that carries them.
      const figuresStarted = performance.now();
      const figures = await prepareFigures(bytes, { maxFigures: 6, sections: paper.sections, ...(paper.figurePages ? { pages: paper.figurePages } : {}), encoder: nodeFigureEncoder, perFigureTimeoutMs: 60_000 });
      const withFigures = buildCritiquePrompt({
        paper: { site: 'arxiv', paperId: file, title: paper.title ?? file, authors: [], pageUrl: 'https://arxiv.org/abs/0000.00000' },
        text: fitted.text,
        readingSummary: fitted.summary,
        figures: figures.sent.map(attachedFigure),
      });
      const figuresReady = performance.now();
      const requestedWithFigures = await firstRequestAt(model.url, 'gpt-4o', withFigures);
      const againStarted = performance.now();
      await extractPaper(bytes, { readers });
      const extractedAgain = performance.now() - againStarted;
      const popplerStarted = performance.now();
      execFileSync('pdftotext', ['-layout', join(papersDir, file), '-'], { maxBuffer: 64 * 1024 * 1024 });
      const popplerTime = performance.now() - popplerStarted;
      if (round === 0) continue; // warm-up
      uncheckedPages += paper.uncheckedPages.length;
      if (requested - clicked > Math.max(0, ...stages.total)) slowestPaper = file;
      stages.download.push(downloaded - clicked);
      stages.extraction.push(extracted - downloaded);
      stages.extractionAgain.push(extractedAgain);
      stages.prompt.push(prompted - extracted);
      stages.request.push(requested - prompted);
      stages.total.push(requested - clicked);
      stages.figures.push(figuresReady - figuresStarted);
      stages.totalWithFigures.push(prompted - clicked + (figuresReady - figuresStarted) + (requestedWithFigures - figuresReady));
      figuresSent.push(figures.sent.length);
      poppler.push(popplerTime);
    }
  } finally {
    readers.dispose();
    await model.close();
    server.close();
  }
  const figure = (value: number) => Number(value.toFixed(1));
  return {
    'take start: papers': files.length,
    'take start: click to first request, median ms': figure(median(stages.total)),
    'take start: click to first request with figures on (gpt-4o, up to six), median ms': figure(median(stages.totalWithFigures)),
    'take start: figures on / off, median of per-paper ratios': Number(median(stages.totalWithFigures.map((on, index) => on / (stages.total[index] ?? on))).toFixed(2)),
    'take start: finding, drawing and encoding the figures, median ms': figure(median(stages.figures)),
    'take start: figures sent per paper, median': median(figuresSent),
    'take start: download, median ms': figure(median(stages.download)),
    'take start: extraction (hidden-text scan included), median ms': figure(median(stages.extraction)),
    'take start: extraction of the same paper read again at once, median ms': figure(median(stages.extractionAgain)),
    'take start: first read / read again, median of per-paper ratios': Number(median(stages.extraction.map((first, index) => first / (stages.extractionAgain[index] ?? first))).toFixed(2)),
    'take start: prompt building, median ms': figure(median(stages.prompt)),
    'take start: client until the request leaves, median ms': figure(median(stages.request)),
    'take start: slowest paper, click to first request, ms': figure(Math.max(...stages.total)),
    'take start: slowest paper': slowestPaper,
    'take start: pages not checked for hidden text in time (all papers)': uncheckedPages,
    'take start: first take in a fresh sidebar (workers starting), ms': figure(coldStartInstant),
    [`take start: the same with a ${slowDownloadMs} ms download, ms beyond the download`]: figure(coldStartSlowDownload - slowDownloadMs),
    'take start: page-reading workers': readers.parallelism,
    'take start: reference pdftotext, median ms': figure(median(poppler)),
    'take start: click to first request / pdftotext (medians)': Number((median(stages.total) / median(poppler)).toFixed(2)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchTakeStart());
}
