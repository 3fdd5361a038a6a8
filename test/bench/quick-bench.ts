/**
 * Quick takes for a 50-entry page against the fake OpenAI server, which streams each answer word by word with a
 * pause between chunks, as a real provider does. Measures the batch at concurrency 4 (wall time, peak memory) and
 * compares it, in the same process, with the same 50 requests run strictly one at a time.
 *
 * Run: npx tsx test/bench/quick-bench.ts (or all benchmarks: npm run bench)
 */
// First: utils reach `#imports`, which only this hook resolves outside WXT; they are imported dynamically below.
import './wxt-imports-hook';
import { startFakeOpenAI } from '../support/fake-openai';
import { startCountingProxy } from '../support/counting-proxy';
import { runWhenStartedAlone } from './run-alone';

const entries = 50;
const concurrency = 4;
/** Per streamed word: a quick take of ~30 words then streams for about as long as a small hosted model's. */
const chunkDelayMs = 8;
const memorySampleMs = 5;

function sampleMemory() {
  const peak = { rss: 0, heapUsed: 0 };
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peak.rss = Math.max(peak.rss, rss);
    peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
  };
  sample();
  const timer = setInterval(sample, memorySampleMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

export async function benchQuickTakes(): Promise<Record<string, number | string>> {
  const { runQuickBatch } = await import('@/utils/quick/run-batch');
  const { saveTake } = await import('@/utils/storage/takes');
  const { fakeServerSettings, makeListingPapers } = await import('../support/synthetic-papers');

  const server = await startFakeOpenAI({ chunkDelayMs });
  try {
    const papers = makeListingPapers(entries);
    const run = async (runConcurrency: number) => {
      const proxy = await startCountingProxy(server.url);
      try {
        const startedAt = performance.now();
        const result = await runQuickBatch({ papers, settings: fakeServerSettings(proxy.url), apiKey: '', concurrency: runConcurrency, save: saveTake });
        const wallMs = performance.now() - startedAt;
        if (result.counts.done !== entries) throw new Error(`only ${result.counts.done} of ${entries} quick takes finished: ${JSON.stringify(result.counts)}`);
        return { wallMs, serverMs: sum(proxy.chatDurationsMs), maxInFlight: proxy.maxInFlight };
      } finally {
        await proxy.close();
      }
    };

    // Warm-up: module compilation and the first connections would otherwise count against whichever run goes first.
    await run(concurrency);
    const serial = await run(1);
    const memoryBefore = process.memoryUsage();
    const memory = sampleMemory();
    const batch = await run(concurrency);
    const peak = memory.stop();

    const idealMs = serial.serverMs / concurrency;
    return {
      entries,
      concurrency,
      chunkDelayMs,
      wallMs: Math.round(batch.wallMs),
      maxInFlight: batch.maxInFlight,
      serialWallMs: Math.round(serial.wallMs),
      /** What the server spent answering the serial run, spread perfectly over the slots. */
      idealMs: Math.round(idealMs),
      wallToIdealRatio: Math.round((batch.wallMs / idealMs) * 100) / 100,
      speedupOverSerial: Math.round((serial.wallMs / batch.wallMs) * 100) / 100,
      clientOverheadPerRequestMs: Math.round(((serial.wallMs - serial.serverMs) / entries) * 10) / 10,
      rssBeforeMB: megabytes(memoryBefore.rss),
      peakRssMB: megabytes(peak.rss),
      heapUsedBeforeMB: megabytes(memoryBefore.heapUsed),
      peakHeapUsedMB: megabytes(peak.heapUsed),
    };
  } finally {
    await server.close();
  }
}

runWhenStartedAlone(import.meta.url, benchQuickTakes);
