/**
 * The extraction pipeline, hidden-text scan included, against poppler's pdftotext on the shared papers, in one
 * process: for each configuration, the best of `rounds` runs per paper, summed.
 *
 * - The pipeline as the extension runs it: page-reading workers, one per core up to four.
 * - The worker curve: the same pipeline with 1, 2 and 4 workers (on a 2-core machine 4 cannot beat 2).
 * - The scan's share: in one worker, the pipeline against pdf.js reading the same pages' text alone.
 * - The floor under any scan of what a page draws: pdf.js building every page's operator list and nothing else
 *   (opened as the pipeline opens it, in this thread), against pdftotext and against the 1-worker pipeline, and the
 *   page whose operator list alone takes longest, with what it draws most.
 * - The worst paper: the largest ratio of one paper's pipeline time to its own pdftotext time.
 * - What a second worker buys: 1 worker's time over 2 workers', for the corpus and for the paper it helps least.
 * - Where the CPU goes (Linux, from /proc, so it does not depend on the machine's load): with one worker, the share
 *   of the process's CPU time spent outside the worker's own thread (V8's compiler and garbage-collector threads,
 *   the calling thread); and the process's CPU time with 2 workers over that with 1. A second worker can only
 *   help if there is a core left over for it once one worker and V8's threads are served.
 * - The scan's work in counts that do not depend on the machine's load: glyphs judged, glyphs the first look left
 *   uncertain, renders made and pixels rendered (one pass in this thread, untimed).
 *
 * Run standalone with `npx tsx test/bench/pdf-bench.ts`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { extractPaper } from '@/utils/pdf/extract';
import { scanPage, type ScanWork } from '@/utils/pdf/hidden-text';
import { openDocument } from '@/utils/pdf/page-reader';
import { OPS, openPdf } from '@/utils/pdf/pdfjs';
import type { PageReaders } from '@/utils/pdf/page-readers';
import { configurePdfjsForNode, nodePageReaders } from '../support/node-pdfjs';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath } from '../support/shared-fixtures';

const run = promisify(execFile);

/** pdf.js reading each page's text and nothing else: the floor under any pdf.js pipeline. */
async function pdfjsTextOnly(bytes: Uint8Array): Promise<void> {
  const opened = openPdf(bytes);
  try {
    const document = await opened.document;
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      await page.getTextContent();
      page.cleanup();
    }
  } finally {
    await opened.destroy();
  }
}

/** The time pdf.js takes to build one page's operator list, its length, and how many forms it paints. */
interface PageOperatorList {
  ms: number;
  operators: number;
  formsPainted: number;
}

/** pdf.js building each page's operator list and nothing else: what the hidden-text scan reads, before any of our work. */
async function pdfjsOperatorListsOnly(bytes: Uint8Array): Promise<PageOperatorList[]> {
  const opened = openPdf(bytes);
  const pages: PageOperatorList[] = [];
  try {
    const document = await opened.document;
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const started = performance.now();
      const operatorList = await page.getOperatorList();
      const ms = performance.now() - started;
      pages.push({ ms, operators: operatorList.fnArray.length, formsPainted: operatorList.fnArray.filter((op) => op === OPS.paintFormXObjectBegin).length });
      page.cleanup();
    }
  } finally {
    await opened.destroy();
  }
  return pages;
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

/** CPU time of each of this process's threads so far, in ms by thread id (Linux only: empty elsewhere). */
function threadCpuMs(): Map<string, number> {
  const times = new Map<string, number>();
  if (!existsSync('/proc/self/task')) return times;
  for (const id of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
      // After the command name come the state, then (11 fields on) user and system time, in clock ticks of 10 ms.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(id, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return times;
}

/** CPU spent by the given pools' own worker threads and by the whole process, summed over the runs measured. */
interface CpuSplit {
  processMs: number;
  workerThreadsMs: number;
}

interface Paper {
  name: string;
  path: string;
  bytes: Uint8Array;
}

/** The scan budget a reader gets; the bench counts the pages it could not check in time. */
async function pipeline(paper: Paper, readers: PageReaders): Promise<number> {
  const extracted = await extractPaper(paper.bytes, { readers });
  return extracted.uncheckedPages.length;
}

/** The scan's work on one paper, every page judged to the end (no time budget). */
async function scanWork(bytes: Uint8Array): Promise<ScanWork & { pagesRendered: number }> {
  const work: ScanWork = { glyphs: 0, uncertain: 0, renders: 0, renderedPixels: 0 };
  let pagesRendered = 0;
  const document = await openDocument(bytes);
  try {
    for (let number = 1; number <= document.pdf.numPages; number++) {
      const page = await document.pdf.getPage(number);
      const rendersBefore = work.renders;
      const [left = 0, bottom = 0, right = 612, top = 792] = page.view;
      await scanPage(document.pdf, page, [left, bottom, right, top], { budgetMs: 600_000, work, ...(document.layers ? { layers: document.layers } : {}) });
      if (work.renders > rendersBefore) pagesRendered++;
      page.cleanup();
    }
  } finally {
    await document.close();
  }
  return { ...work, pagesRendered };
}

export async function benchPdfPipeline(rounds = 2): Promise<Record<string, number | string>> {
  if (!hasSharedFixtures) {
    return { 'pdf.skipped': missingSharedFixtures };
  }
  configurePdfjsForNode();
  const names = readdirSync(sharedFixturePath('pdfs', 'papers')).filter((name) => name.endsWith('.pdf'));
  const papers: Paper[] = names.map((name) => ({ name, path: sharedFixturePath('pdfs', 'papers', name), bytes: new Uint8Array(readFileSync(sharedFixturePath('pdfs', 'papers', name))) }));
  const defaultWorkers = Math.min(4, availableParallelism());
  // Threads that exist before the pools: this thread, V8's compiler and GC threads. Later ones are the workers, plus
  // libuv's file-reading threads if they start late, which spend little: the share outside the workers errs low.
  const threadsBeforePools = new Set(threadCpuMs().keys());
  const pools = new Map<number, PageReaders>([1, 2, 4].map((size) => [size, nodePageReaders(size)]));

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  try {
    // Warm-up: workers start, modules load and the JIT warms, in every worker (hence the longest paper); fonts
    // and CMaps are read once.
    const longest = [...papers].sort((a, b) => b.bytes.length - a.bytes.length)[0]!;
    for (const readers of pools.values()) await pipeline(longest, readers);
    await pdfjsTextOnly(longest.bytes);
    await pdfjsOperatorListsOnly(longest.bytes);
    await pdftotext(longest.path);

    const poppler = new Map<string, number>();
    const byWorkers = new Map<number, Map<string, number>>();
    const textOnly = new Map<string, number>();
    const operatorListsOnly = new Map<string, number>();
    /** Each page's fastest operator list over the rounds. */
    const pageOperatorLists = new Map<string, PageOperatorList[]>();
    /** CPU time of every 1- and 2-worker run, not just the best ones. */
    const cpuByWorkers = new Map<number, CpuSplit>([1, 2].map((size) => [size, { processMs: 0, workerThreadsMs: 0 }]));
    let unchecked = 0;
    for (const paper of papers) {
      poppler.set(paper.name, await bestOf(rounds, () => pdftotext(paper.path)));
      for (const [size, readers] of pools) {
        const times = byWorkers.get(size) ?? new Map<string, number>();
        byWorkers.set(size, times);
        times.set(
          paper.name,
          await bestOf(rounds, async () => {
            const threadsBefore = threadCpuMs();
            const missed = await pipeline(paper, readers);
            const split = cpuByWorkers.get(size);
            if (split) {
              for (const [id, ms] of threadCpuMs()) {
                const spent = ms - (threadsBefore.get(id) ?? 0);
                split.processMs += spent;
                if (!threadsBeforePools.has(id)) split.workerThreadsMs += spent;
              }
            }
            if (size === defaultWorkers) unchecked = Math.max(unchecked, missed);
          }),
        );
      }
      textOnly.set(paper.name, await bestOf(rounds, () => pdfjsTextOnly(paper.bytes)));
      operatorListsOnly.set(
        paper.name,
        await bestOf(rounds, async () => {
          const pages = await pdfjsOperatorListsOnly(paper.bytes);
          const best = pageOperatorLists.get(paper.name);
          pageOperatorLists.set(paper.name, best ? pages.map((page, index) => (best[index]!.ms <= page.ms ? best[index]! : page)) : pages);
        }),
      );
    }
    const works = new Map<string, Awaited<ReturnType<typeof scanWork>>>();
    for (const paper of papers) works.set(paper.name, await scanWork(paper.bytes));
    const total = (key: keyof Awaited<ReturnType<typeof scanWork>>) => [...works.values()].reduce((sum, work) => sum + work[key], 0);
    const mostRendered = [...works].sort(([, a], [, b]) => b.renderedPixels - a.renderedPixels)[0];
    const sum = (times: Map<string, number>) => [...times.values()].reduce((total, time) => total + time, 0);
    const round = (value: number, digits = 2) => Number(value.toFixed(digits));
    const popplerTotal = sum(poppler);
    const main = byWorkers.get(defaultWorkers)!;
    const worst = papers
      .map((paper) => ({ name: paper.name, ratio: main.get(paper.name)! / poppler.get(paper.name)!, ms: main.get(paper.name)! }))
      .sort((a, b) => b.ratio - a.ratio)[0]!;
    const slowest = papers.map((paper) => ({ name: paper.name, ms: main.get(paper.name)! })).sort((a, b) => b.ms - a.ms)[0]!;
    const slowestPage = [...pageOperatorLists]
      .flatMap(([name, pages]) => pages.map((page, index) => ({ name, number: index + 1, ...page })))
      .sort((a, b) => b.ms - a.ms)[0]!;
    const oneWorker = sum(byWorkers.get(1)!);
    const twoWorkers = sum(byWorkers.get(2)!);
    const oneWorkerCpu = cpuByWorkers.get(1)!;
    const twoWorkerCpu = cpuByWorkers.get(2)!;
    const leastHelped = papers
      .map((paper) => ({ name: paper.name, speedup: byWorkers.get(1)!.get(paper.name)! / byWorkers.get(2)!.get(paper.name)! }))
      .sort((a, b) => a.speedup - b.speedup)[0]!;
    return {
      'pdf.papers': papers.length,
      'pdf.rounds (best of)': rounds,
      'pdf.workers (one per core, up to 4)': defaultWorkers,
      'pdf.pipeline_ms': Math.round(sum(main)),
      'pdf.pdftotext_ms': Math.round(popplerTotal),
      'pdf.ratio_vs_pdftotext': round(sum(main) / popplerTotal),
      'pdf.worst_paper': worst.name,
      'pdf.worst_paper_ratio_vs_its_pdftotext': round(worst.ratio),
      'pdf.slowest_paper': `${slowest.name} (${Math.round(slowest.ms)} ms)`,
      'pdf.pages_not_checked_in_time (max per paper)': unchecked,
      'pdf.scan_share (1 worker: 1 - pdf.js text alone / pipeline)': round(Math.max(0, 1 - sum(textOnly) / oneWorker)),
      'pdf.pdfjs_text_only_ratio_vs_pdftotext': round(sum(textOnly) / popplerTotal),
      'pdf.pdfjs_operator_lists_only_ratio_vs_pdftotext (this thread)': round(sum(operatorListsOnly) / popplerTotal),
      'pdf.pipeline_1_worker_over_pdfjs_operator_lists_only': round(oneWorker / sum(operatorListsOnly)),
      'pdf.slowest_page_operator_list_alone': `${slowestPage.name} p. ${slowestPage.number} (${Math.round(slowestPage.ms)} ms, ${slowestPage.operators} operators, ${slowestPage.formsPainted} forms painted)`,
      'pdf.workers_1_ms': Math.round(oneWorker),
      'pdf.workers_2_ms': Math.round(twoWorkers),
      'pdf.workers_4_ms': Math.round(sum(byWorkers.get(4)!)),
      'pdf.workers_1_ratio_vs_pdftotext': round(oneWorker / popplerTotal),
      'pdf.workers_2_ratio_vs_pdftotext': round(twoWorkers / popplerTotal),
      'pdf.workers_4_ratio_vs_pdftotext': round(sum(byWorkers.get(4)!) / popplerTotal),
      'pdf.two_worker_speedup (1 worker ÷ 2 workers)': round(oneWorker / twoWorkers),
      'pdf.two_worker_speedup_least_helped_paper': `${leastHelped.name} (${round(leastHelped.speedup)})`,
      ...(oneWorkerCpu.processMs > 0
        ? {
            'pdf.one_worker_cpu_outside_its_thread (V8 compiler and GC threads; share of process CPU)': round(1 - oneWorkerCpu.workerThreadsMs / oneWorkerCpu.processMs),
            'pdf.two_worker_cpu_over_one_worker_cpu (process)': round(twoWorkerCpu.processMs / oneWorkerCpu.processMs),
          }
        : {}),
      'pdf.scan_glyphs': total('glyphs'),
      'pdf.scan_uncertain_glyphs (sent to the renderer)': total('uncertain'),
      'pdf.scan_pages_rendered': total('pagesRendered'),
      'pdf.scan_renders': total('renders'),
      'pdf.scan_rendered_megapixels': round(total('renderedPixels') / 1e6),
      'pdf.scan_most_rendered_paper': mostRendered ? `${mostRendered[0]} (${mostRendered[1].uncertain} uncertain glyphs, ${mostRendered[1].renders} renders)` : 'none',
      'pdf.cores': availableParallelism(),
      'pdf.peak_rss_mb': Math.round(peakRss / (1024 * 1024)),
    };
  } finally {
    clearInterval(sampler);
    for (const readers of pools.values()) readers.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchPdfPipeline(), null, 2));
}
