import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseQuickTakeVerdict } from '@/utils/prompt/critique-prompt';
import { estimateQuickBatch } from '@/utils/quick/estimate';
import { retryFailed, runQuickBatch, type QuickEntryState, type QuickEntryStatus } from '@/utils/quick/run-batch';
import type { PaperRef } from '@/utils/sites/types';
import { findTakesForPaper, listTakeSummaries, saveTake, type Take } from '@/utils/storage/takes';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { startCountingProxy, type CountingProxy } from '../../support/counting-proxy';
import { fakeServerSettings, makeListingPapers } from '../../support/synthetic-papers';

let server: FakeOpenAI | undefined;
let proxy: CountingProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await server?.close();
  proxy = undefined;
  server = undefined;
});

/** Every status each entry went through, in order, as onUpdate reported them. */
function statusTrail() {
  const trails = new Map<string, QuickEntryStatus[]>();
  const onUpdate = (entry: QuickEntryState) => {
    const trail = trails.get(entry.key) ?? [];
    if (trail.at(-1) !== entry.status) trail.push(entry.status);
    trails.set(entry.key, trail);
  };
  return { trails, onUpdate };
}

describe('runQuickBatch against the fake OpenAI server', () => {
  it('runs 50 entries with never more than 4 requests in flight, saving every take as it finishes', async () => {
    server = await startFakeOpenAI({ chunkDelayMs: 2 });
    proxy = await startCountingProxy(server.url);
    const papers = makeListingPapers(50);
    const settings = fakeServerSettings(proxy.url);
    const { trails, onUpdate } = statusTrail();
    const savedWhileRunning: number[] = [];
    const save = async (take: Take) => {
      await saveTake(take);
      savedWhileRunning.push(proxy!.inFlight);
    };

    const result = await runQuickBatch({ papers, settings, apiKey: '', concurrency: 4, onUpdate, save });

    expect(proxy.chatTitles).toHaveLength(50);
    expect(proxy.maxInFlight).toBeLessThanOrEqual(4);
    // It did run in parallel: a serial loop would also pass the bound.
    expect(proxy.maxInFlight).toBe(4);
    expect(result.counts).toMatchObject({ done: 50, failed: 0, cancelled: 0 });
    for (const paper of papers) {
      expect(trails.get(`arxiv|${paper.paperId}`)).toEqual(['queued', 'running', 'done']);
    }
    // Saved one by one while others were still streaming, not in one write at the end.
    expect(savedWhileRunning.some((inFlight) => inFlight > 0)).toBe(true);

    const saved = await listTakeSummaries();
    expect(saved).toHaveLength(50);
    expect(new Set(saved.map((take) => take.kind))).toEqual(new Set(['quick']));
    for (const entry of result.entries) {
      expect(entry.take?.verdict).toMatch(/^Verdict: (full take|skim|skip)$/);
      expect(entry.verdict).toBe(parseQuickTakeVerdict(entry.text));
      expect(entry.take?.markdown).toBe(entry.text.trim());
    }
    // The fake server tells evidence kinds apart, so the abstracts' differences show in the verdicts.
    expect(new Set(result.entries.map((entry) => entry.verdict))).toEqual(new Set(['full take', 'skip', 'skim']));
  });

  it('estimates the input tokens the server then reports, within one token a request', async () => {
    server = await startFakeOpenAI();
    const papers = makeListingPapers(12);
    const settings = fakeServerSettings(server.url);
    const estimate = estimateQuickBatch(papers, settings);
    const result = await runQuickBatch({ papers, settings, apiKey: '', save: saveTake });
    // The server counts the messages joined by newlines, one character more per request than their contents.
    const drift = result.usage.inputTokens - estimate.inputTokens;
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(drift).toBeLessThanOrEqual(estimate.requests);
    expect(result.usage.outputTokens).toBeLessThanOrEqual(estimate.outputTokens);
    expect(result.usage.costUsd).toBeGreaterThan(0);
    expect(result.usage.costUsd).toBeLessThanOrEqual(estimate.costUsd!);
  });

  it('keeps going when the model fails for some entries; those say why and succeed on retry', async () => {
    server = await startFakeOpenAI();
    const papers = makeListingPapers(16);
    const faults = new Map([
      [papers[3]!.title, 'fault-500'],
      [papers[7]!.title, 'fault-cut'],
      [papers[12]!.title, 'fault-context'],
    ]);
    proxy = await startCountingProxy(server.url, { faultFor: (title) => faults.get(title) });
    const settings = fakeServerSettings(proxy.url);

    const first = await runQuickBatch({ papers, settings, apiKey: '', concurrency: 4, save: saveTake });

    expect(first.counts).toMatchObject({ done: 13, failed: 3, cancelled: 0 });
    expect(first.stoppedBy).toBeUndefined();
    const failed = Object.fromEntries(first.entries.filter((entry) => entry.status === 'failed').map((entry) => [entry.paper.title, entry.error]));
    expect(failed[papers[3]!.title]).toMatchObject({ kind: 'server', retryable: true });
    expect(failed[papers[7]!.title]).toMatchObject({ kind: 'stream-cut', retryable: true, partialKept: true });
    expect(failed[papers[12]!.title]).toMatchObject({ kind: 'context-too-long' });
    expect(first.entries.find((entry) => entry.paper.title === papers[7]!.title)?.text).toMatch(/^Verdict/);
    expect(await listTakeSummaries()).toHaveLength(13);

    faults.clear();
    const requestsBefore = proxy.chatTitles.length;
    const { trails, onUpdate } = statusTrail();
    const second = await retryFailed(first, { settings, apiKey: '', concurrency: 4, save: saveTake, onUpdate });

    expect(proxy.chatTitles.length - requestsBefore).toBe(3);
    expect(trails.size).toBe(3);
    expect(second.counts).toMatchObject({ done: 16, failed: 0 });
    expect(second.entries.map((entry) => entry.key)).toEqual(first.entries.map((entry) => entry.key));
    expect(await listTakeSummaries()).toHaveLength(16);
  });

  it('on a rate limit starts nothing until retry-after has passed, then sends that entry once more', async () => {
    server = await startFakeOpenAI();
    // The first request to arrive gets 429 with "retry-after: 7", as OpenAI sends for a tokens-per-minute limit.
    server.queue('fault-429-retry-after');
    const papers = makeListingPapers(6);
    let retryAt: number | undefined;
    const startsAfterRateLimit: number[] = [];
    const { trails, onUpdate } = statusTrail();
    const result = await runQuickBatch({
      papers,
      settings: fakeServerSettings(server.url),
      apiKey: '',
      concurrency: 2,
      save: saveTake,
      onUpdate: (entry) => {
        // A start is the move to running; the text deltas that follow report running too.
        const isStart = entry.status === 'running' && trails.get(entry.key)?.at(-1) !== 'running';
        onUpdate(entry);
        if (entry.status === 'queued' && entry.retryAt !== undefined) retryAt = entry.retryAt;
        else if (isStart && retryAt !== undefined) startsAfterRateLimit.push(Date.now());
      },
    });

    expect(result.counts.done).toBe(6);
    expect(server.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(7);
    const limited = result.entries.filter((entry) => trails.get(entry.key)?.join() === 'queued,running,queued,running,done');
    expect(limited).toHaveLength(1);
    expect(startsAfterRateLimit.length).toBeGreaterThan(0);
    expect(Math.min(...startsAfterRateLimit)).toBeGreaterThanOrEqual(retryAt!);
  });

  it('fails the entry instead when the rate limit asks for a longer wait than allowed, and goes on', async () => {
    server = await startFakeOpenAI();
    server.queue('fault-429-retry-after');
    const result = await runQuickBatch({ papers: makeListingPapers(4), settings: fakeServerSettings(server.url), apiKey: '', concurrency: 1, maxRateLimitWaitSeconds: 5, save: saveTake });
    expect(result.entries[0]).toMatchObject({ status: 'failed', error: { kind: 'rate-limited', retryable: true, retryAfterSeconds: 7 } });
    expect(result.counts).toMatchObject({ done: 3, failed: 1 });
    expect(result.stoppedBy).toBeUndefined();
  });

  it('stops sending requests after an error every request would hit (a refused key): what went out failed, the rest is not sent', async () => {
    server = await startFakeOpenAI();
    proxy = await startCountingProxy(server.url);
    const result = await runQuickBatch({ papers: makeListingPapers(12), settings: fakeServerSettings(proxy.url, 'fault-401'), apiKey: '', concurrency: 3, save: saveTake });

    expect(result.stoppedBy).toMatchObject({ kind: 'bad-key', retryable: false });
    // Failed: exactly the requests that went out; not sent: the rest, which carry no error of their own.
    expect(result.counts.failed).toBe(proxy.chatTitles.length);
    expect(result.counts.failed).toBeGreaterThan(0);
    expect(result.counts['not-sent']).toBe(12 - proxy.chatTitles.length);
    expect(result.entries.filter((entry) => entry.status === 'failed').every((entry) => entry.error?.kind === 'bad-key')).toBe(true);
    expect(result.entries.filter((entry) => entry.status === 'not-sent').every((entry) => entry.error === undefined)).toBe(true);
    expect(proxy.chatTitles.length).toBeLessThanOrEqual(3);
    expect(await listTakeSummaries()).toHaveLength(0);
  });

  it('after a refused key is fixed, a retry sends the failed and the unsent entries, and nothing that was done', async () => {
    server = await startFakeOpenAI();
    proxy = await startCountingProxy(server.url);
    const papers = makeListingPapers(8);
    const stopped = await runQuickBatch({ papers, settings: fakeServerSettings(proxy.url, 'fault-401'), apiKey: '', concurrency: 2, save: saveTake });
    expect(stopped.counts['not-sent']).toBeGreaterThan(0);
    const sentBefore = proxy.chatTitles.length;
    const retried = await retryFailed(stopped, { settings: fakeServerSettings(proxy.url), apiKey: '', concurrency: 2, save: saveTake });
    expect(retried.counts).toMatchObject({ done: 8, failed: 0, 'not-sent': 0 });
    expect(proxy.chatTitles.length - sentBefore).toBe(8);
  });

  it('treats a quota 429 as out of credit: no waiting, no resending, the batch stops', async () => {
    server = await startFakeOpenAI();
    const waits: number[] = [];
    const result = await runQuickBatch({
      papers: makeListingPapers(6),
      settings: fakeServerSettings(server.url, 'fault-429-quota'),
      apiKey: '',
      concurrency: 1,
      save: saveTake,
      onUpdate: (entry) => entry.retryAt !== undefined && waits.push(entry.retryAt),
    });
    expect(result.stoppedBy).toMatchObject({ kind: 'out-of-quota', retryable: false });
    expect(result.counts).toMatchObject({ failed: 1, 'not-sent': 5 });
    expect(server.requests).toHaveLength(1);
    // No entry was put back to wait for a retry.
    expect(waits).toEqual([]);
  });

  it('sends nothing without an API key for a provider that needs one', async () => {
    server = await startFakeOpenAI();
    proxy = await startCountingProxy(server.url);
    const settings = { ...fakeServerSettings(proxy.url), provider: 'openai' as const };
    const result = await runQuickBatch({ papers: makeListingPapers(5), settings, apiKey: '', save: saveTake });
    expect(result.stoppedBy?.kind).toBe('no-key');
    expect(result.counts).toMatchObject({ failed: 0, 'not-sent': 5 });
    expect(proxy.chatTitles).toHaveLength(0);
  });

  it('on cancel starts nothing new, aborts what is in flight, and keeps the finished takes saved', async () => {
    // ~25 words at 20 ms each: half a second a request, so the batch is mid-way when cancelled.
    server = await startFakeOpenAI({ chunkDelayMs: 20 });
    proxy = await startCountingProxy(server.url);
    const papers = makeListingPapers(20);
    const controller = new AbortController();
    const started = new Set<string>();
    const runningAtCancel = new Set<string>();
    let startedAtCancel = -1;
    const onUpdate = (entry: QuickEntryState) => {
      if (controller.signal.aborted) return;
      if (entry.status === 'running') {
        started.add(entry.key);
        runningAtCancel.add(entry.key);
      }
      if (entry.status === 'done') {
        runningAtCancel.delete(entry.key);
        if (started.size - runningAtCancel.size === 5) {
          startedAtCancel = started.size;
          controller.abort();
        }
      }
    };

    const result = await runQuickBatch({ papers, settings: fakeServerSettings(proxy.url), apiKey: '', concurrency: 4, signal: controller.signal, onUpdate, save: saveTake });

    // An answer that had fully arrived and was being saved at the moment of the cancel still counts as done.
    const { done, cancelled } = result.counts;
    expect(done).toBeGreaterThanOrEqual(5);
    expect(done + cancelled).toBe(20);
    expect(result.counts.failed).toBe(0);
    expect(proxy.chatTitles).toHaveLength(startedAtCancel);
    const abortedMidStream = result.entries.filter((entry) => runningAtCancel.has(entry.key) && entry.status === 'cancelled');
    expect(abortedMidStream.length).toBeGreaterThan(0);
    expect(abortedMidStream.every((entry) => entry.take === undefined)).toBe(true);
    const saved = await listTakeSummaries();
    expect(saved.map((take) => take.id).sort()).toEqual(result.entries.filter((entry) => entry.status === 'done').map((entry) => entry.take!.id).sort());
    // The aborted requests close their connections: the provider stops generating.
    await vi.waitFor(() => expect(proxy!.inFlight).toBe(0));

    // Resuming runs only what the cancel stopped.
    const requestsBefore = proxy.chatTitles.length;
    const resumed = await retryFailed(result, { settings: fakeServerSettings(proxy.url), apiKey: '', concurrency: 4, save: saveTake, includeCancelled: true });
    expect(resumed.counts).toMatchObject({ done: 20, cancelled: 0 });
    expect(proxy.chatTitles.length - requestsBefore).toBe(cancelled);
    expect(await listTakeSummaries()).toHaveLength(20);
  });

  it('on cancel while abstract pages are being fetched, aborts the fetches and asks the model nothing', async () => {
    server = await startFakeOpenAI();
    const papers = makeListingPapers(5).map((paper) => ({ ...paper, abstract: undefined }));
    const controller = new AbortController();
    const fetchesStarted: string[] = [];
    const fetchAbstract = (paper: PaperRef, signal: AbortSignal) =>
      new Promise<never>((_, reject) => {
        fetchesStarted.push(paper.paperId);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        if (fetchesStarted.length === 2) controller.abort();
      });
    const { trails, onUpdate } = statusTrail();
    const result = await runQuickBatch({ papers, settings: fakeServerSettings(server.url), apiKey: '', concurrency: 2, signal: controller.signal, fetchAbstract, onUpdate, save: saveTake });
    expect(fetchesStarted).toHaveLength(2);
    expect(result.counts).toMatchObject({ cancelled: 5, done: 0, failed: 0 });
    expect(trails.get(`arxiv|${papers[0]!.paperId}`)).toEqual(['queued', 'fetching-abstract', 'cancelled']);
    expect(trails.get(`arxiv|${papers[4]!.paperId}`)).toEqual(['queued', 'cancelled']);
    expect(server.requests).toHaveLength(0);
  });

  it('runs an entry with neither abstract nor PDF on the title alone, says so, and offers no full take', async () => {
    server = await startFakeOpenAI();
    const fetchedFor: string[] = [];
    const talk: PaperRef = {
      site: 'usenix',
      paperId: 'nsdi22/keynote',
      title: 'Keynote: Forty Years of Queueing Theory in Practice',
      authors: ['Q. Shedder'],
      pageUrl: 'https://www.usenix.org/conference/nsdi22/presentation/keynote',
      noPdfReason: 'talk without a paper',
    };
    const result = await runQuickBatch({
      papers: [talk],
      settings: fakeServerSettings(server.url),
      apiKey: '',
      save: saveTake,
      fetchAbstract: async (paper) => {
        fetchedFor.push(paper.paperId);
        return {};
      },
    });
    const [entry] = result.entries;
    expect(fetchedFor).toEqual([]);
    expect(entry).toMatchObject({ status: 'done', abstractSource: 'none', fullTake: { available: false, reason: 'talk without a paper' } });
    expect(entry?.abstractNote).toMatch(/title alone/);
    expect(JSON.stringify(server.requests.at(-1)?.body)).toContain('(the page shows no abstract)');
    const [saved] = await findTakesForPaper('usenix', 'nsdi22/keynote');
    expect(saved?.markdown).toMatch(/^Verdict: .*\n[\s\S]*> Quick take from the title alone/);
  });

  it('marks an entry failed when its take cannot be saved, keeping the answer to save again', async () => {
    server = await startFakeOpenAI();
    const papers = makeListingPapers(4);
    const quota = new Error('Resource::kQuotaBytes quota exceeded');
    const save = async (take: Take) => {
      if (take.paper.paperId === papers[2]!.paperId) throw quota;
      await saveTake(take);
    };
    const result = await runQuickBatch({ papers, settings: fakeServerSettings(server.url), apiKey: '', save });
    const unsaved = result.entries[2];
    expect(unsaved).toMatchObject({ status: 'failed', saveError: quota.message });
    expect(unsaved?.take?.verdict).toMatch(/^Verdict:/);
    expect(result.counts.done).toBe(3);
    expect(await listTakeSummaries()).toHaveLength(3);

    // Once storage has room again, the retry saves the answer it has instead of paying for it twice.
    const requestsBefore = server.requests.length;
    const retried = await retryFailed(result, { settings: fakeServerSettings(server.url), apiKey: '', save: saveTake });
    expect(retried.entries[2]).toMatchObject({ status: 'done', saveError: undefined });
    expect(server.requests).toHaveLength(requestsBefore);
    expect(await listTakeSummaries()).toHaveLength(4);
  });
});
