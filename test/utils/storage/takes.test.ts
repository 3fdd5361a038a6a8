import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  MAX_IMPORT_BYTES,
  StorageWriteError,
  TakeImportError,
  deleteTakes,
  exportTakes,
  findTakesForPaper,
  getTake,
  importTakes,
  listTakeSummaries,
  newerVersionNotice,
  restoreTakes,
  saveTake,
  takeId,
  maxStoredTakeChars,
  watchTakes,
  type Take,
} from '@/utils/storage/takes';
import { makeRealisticTake, makeRealisticTakes } from '../../support/realistic-takes';

const quotaMessage = 'Resource::kQuotaBytes quota exceeded';

function arxivTake(paperId: string, createdAt: string, overrides: Partial<Take> = {}): Take {
  const base = makeRealisticTake(7);
  const version = Number(/v(\d+)$/.exec(paperId)?.[1] ?? 1);
  const paper = { ...base.paper, site: 'arxiv' as const, paperId, version, pageUrl: `https://arxiv.org/abs/${paperId}`, pdfUrl: `https://arxiv.org/pdf/${paperId}` };
  return { ...base, paper, createdAt, id: takeId(paper, base.model, createdAt), ...overrides };
}

async function rawLocalStorage(): Promise<Record<string, unknown>> {
  return fakeBrowser.storage.local.get(null);
}

afterEach(() => {
  vi.restoreAllMocks();
});

beforeEach(async () => {
  // Let the one-time schema migration settle before tests that make writes fail.
  await listTakeSummaries();
});

describe('saving and reading takes', () => {
  it('reads back exactly what was saved, one record per take', async () => {
    const take = makeRealisticTake(1);
    await saveTake(take);
    expect(await getTake(take.id)).toEqual(take);
    const raw = await rawLocalStorage();
    expect(Object.keys(raw).filter((key) => key.startsWith('take:'))).toEqual([`take:${take.id}`]);
  });

  it('returns undefined for an id that was never saved', async () => {
    expect(await getTake('arxiv|0000.00000|0|none')).toBeUndefined();
  });

  it('keeps both takes when two tabs save at the same moment', async () => {
    const [first, second] = [makeRealisticTake(10), makeRealisticTake(11)];
    await Promise.all([saveTake(first), saveTake(second)]);
    const ids = (await listTakeSummaries()).map((summary) => summary.id).sort();
    expect(ids).toEqual([first.id, second.id].sort());
  });

  it('keeps all of 50 concurrent saves from many tabs', async () => {
    const takes = makeRealisticTakes(50);
    await Promise.all(takes.map((take) => saveTake(take)));
    expect((await listTakeSummaries()).length).toBe(50);
  });

  it('keeps a partial take and its status', async () => {
    const partial = { ...makeRealisticTake(3), status: 'partial' as const };
    await saveTake(partial);
    expect((await listTakeSummaries())[0]?.status).toBe('partial');
  });

  it('refuses an id filed under another paper, and writes nothing', async () => {
    const before = await rawLocalStorage();
    const refusal = saveTake({ ...makeRealisticTake(2), id: 'random-uuid' });
    await expect(refusal).rejects.toThrow(/will not save this take: its id \(random-uuid\) is filed under another paper than/);
    await expect(refusal).rejects.toMatchObject({ reason: 'refused' });
    expect(await rawLocalStorage()).toEqual(before);
  });

  it('lists summaries newest first, with a lowercase search text', async () => {
    const older = arxivTake('2106.09608v1', '2026-03-01T10:00:00.000Z');
    const newer = arxivTake('2401.00001v1', '2026-04-01T10:00:00.000Z');
    await saveTake(older);
    await saveTake(newer);
    const summaries = await listTakeSummaries();
    expect(summaries.map((s) => s.id)).toEqual([newer.id, older.id]);
    expect(summaries[0]?.searchText).toContain(newer.paper.title.toLowerCase());
    expect(summaries[0]?.searchText).toContain(newer.markdown.slice(0, 40).toLowerCase());
  });
});

describe('findTakesForPaper', () => {
  it('finds every version of an arXiv paper and nothing that merely shares a prefix', async () => {
    const v1 = arxivTake('2106.09608v1', '2026-02-01T09:00:00.000Z');
    const v2 = arxivTake('2106.09608v2', '2026-05-01T09:00:00.000Z');
    const lookalike = arxivTake('2106.096081v1', '2026-05-02T09:00:00.000Z');
    // Not a real arXiv id, so it has no arXiv PDF address either: only its key's prefix matters here.
    delete lookalike.paper.pdfUrl;
    await Promise.all([saveTake(v1), saveTake(v2), saveTake(lookalike)]);
    const found = await findTakesForPaper('arxiv', '2106.09608');
    expect(found.map((take) => take.id)).toEqual([v2.id, v1.id]);
  });

  it('says when arXiv has a newer version than the one the take read', () => {
    const saved = arxivTake('2106.09608v1', '2026-02-01T09:00:00.000Z');
    expect(newerVersionNotice(saved, { version: 1, latestVersion: 3 })).toBe('v3 is out since your take (v1)');
    expect(newerVersionNotice(saved, { version: 1, latestVersion: 1 })).toBeUndefined();
    expect(newerVersionNotice({ paper: { ...saved.paper, version: undefined } }, { latestVersion: 2 })).toBeUndefined();
  });
});

describe('delete, undo and live updates', () => {
  it('restores exactly what was deleted', async () => {
    const takes = makeRealisticTakes(3);
    await restoreTakes(takes);
    const deleted = await deleteTakes([takes[0]!.id, takes[2]!.id]);
    expect((await listTakeSummaries()).map((s) => s.id)).toEqual([takes[1]!.id]);
    await restoreTakes(deleted);
    expect(await getTake(takes[0]!.id)).toEqual(takes[0]);
    expect((await listTakeSummaries()).length).toBe(3);
  });

  it('tells watchers about saves and deletions from any context', async () => {
    const changes: { saved: string[]; removedIds: string[] }[] = [];
    const stop = watchTakes((change) => changes.push({ saved: change.saved.map((t) => t.id), removedIds: change.removedIds }));
    const take = makeRealisticTake(4);
    await saveTake(take);
    await deleteTakes([take.id]);
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    stop();
    await saveTake(makeRealisticTake(5));
    expect(changes).toEqual([
      { saved: [take.id], removedIds: [] },
      { saved: [], removedIds: [take.id] },
    ]);
  });
});

describe('failed writes', () => {
  it('turns a full storage into a StorageWriteError with a message, and saves nothing', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error(quotaMessage));
    const take = makeRealisticTake(6);
    const error = await saveTake(take).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageWriteError);
    expect((error as StorageWriteError).reason).toBe('quota');
    expect((error as StorageWriteError).userMessage).toMatch(/storage for this extension is full/);
    expect((error as StorageWriteError).userMessage).toContain(take.paper.title);
    vi.restoreAllMocks();
    expect(await getTake(take.id)).toBeUndefined();
  });

  it('reports any other write failure with its cause', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('IO error: disk unplugged'));
    const error = await saveTake(makeRealisticTake(8)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageWriteError);
    expect((error as StorageWriteError).reason).toBe('other');
    expect((error as StorageWriteError).userMessage).toMatch(/disk unplugged/);
  });
});

describe('export and import', () => {
  it('round-trips 5,000 realistic takes exactly', async () => {
    const takes = makeRealisticTakes(5000);
    await restoreTakes(takes);
    const { json, markdown } = await exportTakes();
    expect(markdown.split('\n\n---\n\n').length).toBe(5000);

    fakeBrowser.reset();
    const report = await importTakes(json);
    expect(report).toEqual({ added: 5000, skippedDuplicates: 0, skipped: [] });

    const reexported = JSON.parse((await exportTakes()).json) as { takes: Take[] };
    const byDateDesc = [...takes].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    expect(reexported.takes).toEqual(byDateDesc);
  });

  it('exports only the chosen takes, with the take text, quote checks and follow-ups in the Markdown', async () => {
    const takes = makeRealisticTakes(20);
    await restoreTakes(takes);
    const chosen = takes.find((take) => take.followUps.length && take.quoteChecks.length)!;
    const { json, markdown } = await exportTakes([chosen.id]);
    expect((JSON.parse(json) as { takes: Take[] }).takes).toEqual([chosen]);
    expect(markdown).toContain(`# ${chosen.paper.title}`);
    expect(markdown).toContain(chosen.markdown.trim());
    expect(markdown).toContain('## Quote checks');
    expect(markdown).toContain(chosen.followUps[0]!.content);
  });

  it('merges duplicate ids instead of duplicating them', async () => {
    const [kept, newcomer] = [makeRealisticTake(1), makeRealisticTake(2)];
    await saveTake(kept);
    const file = JSON.stringify({ format: 'shedders-take.takes', schemaVersion: 3, exportedAt: '2026-11-01T00:00:00.000Z', takes: [kept, newcomer, newcomer] });
    expect(await importTakes(file)).toEqual({ added: 1, skippedDuplicates: 2, skipped: [] });
    expect((await listTakeSummaries()).length).toBe(2);
  });

  it('skips invalid entries with their index and reason, and imports the rest', async () => {
    const good = makeRealisticTake(1);
    const noMarkdown: Record<string, unknown> = { ...makeRealisticTake(2) };
    delete noMarkdown.markdown;
    const badStatus = { ...makeRealisticTake(3), status: 'finished' };
    const file = JSON.stringify({ format: 'shedders-take.takes', schemaVersion: 3, exportedAt: '2026-11-01T00:00:00.000Z', takes: [good, noMarkdown, 'nonsense', badStatus] });
    const report = await importTakes(file);
    expect(report.added).toBe(1);
    expect(report.skipped).toEqual([
      { index: 1, reason: 'markdown is missing or not text' },
      { index: 2, reason: expect.stringMatching(/not a Shedder’s Take record/) },
      { index: 3, reason: 'status must be “complete” or “partial”' },
    ]);
  });

  it('holds imported takes to the checks saved ones pass: per-item reasons, and nothing else changes', async () => {
    const kept = makeRealisticTake(4);
    await saveTake(kept);
    const good = makeRealisticTake(1);
    const arxiv = makeRealisticTakes(40).find((take) => take.paper.site === 'arxiv')!;
    const otherPaperId = { ...good, id: kept.id.replace(/^[^|]+\|[^|]+/, 'acm|10.1145/0000000.0000000') };
    const dataPage = { ...arxiv, paper: { ...arxiv.paper, pageUrl: 'data:text/html,<script>alert(1)</script>' } };
    const scriptPage = { ...arxiv, paper: { ...arxiv.paper, pageUrl: 'javascript:alert(document.domain)' } };
    const forgedPdf = { ...arxiv, paper: { ...arxiv.paper, pdfUrl: 'https://arxiv.org/pdf/2403.10561' } };
    const claimsAnotherPaper = { ...arxiv, id: `arxiv|2403.10561|${arxiv.id.split('|').slice(2).join('|')}` };
    // The same id as the saved take, with other contents: it must not replace what the reader has.
    const overwrite = { ...kept, markdown: 'Replaced by an import.', paper: { ...kept.paper, pageUrl: 'javascript:void 0' } };
    const huge = { ...good, id: good.id.replace(/\|[^|]+$/, '|huge'), markdown: 'x'.repeat(maxStoredTakeChars) };
    const before = await rawLocalStorage();
    const file = JSON.stringify({ format: 'shedders-take.takes', schemaVersion: 3, exportedAt: '2026-11-01T00:00:00.000Z', takes: [dataPage, scriptPage, forgedPdf, claimsAnotherPaper, overwrite, huge, otherPaperId, good] });
    const report = await importTakes(file);
    expect(report.skipped).toEqual([
      { index: 0, reason: "The paper's page address is not a plain https:// address" },
      { index: 1, reason: "The paper's page address is not a plain https:// address" },
      { index: 2, reason: expect.stringMatching(/^The PDF link \(arxiv\.org\/pdf\/2403\.10561\) is for another paper than this one/) },
      { index: 3, reason: expect.stringMatching(/^its id \(arxiv\|2403\.10561\|.*\) is filed under another paper than arxiv\|/) },
      { index: 4, reason: "The paper's page address is not a plain https:// address" },
      { index: 5, reason: expect.stringMatching(/^it is \d+ KB, over the 1024 KB a saved take may hold$/) },
      { index: 6, reason: expect.stringMatching(/is filed under another paper/) },
    ]);
    expect(report.added).toBe(1);
    // Only the good take was written; the saved take is exactly as it was.
    const after = await rawLocalStorage();
    expect(Object.keys(after).filter((key) => !(key in before))).toEqual([`take:${good.id}`]);
    expect(after[`take:${kept.id}`]).toEqual(before[`take:${kept.id}`]);
  });

  it('migrates takes from an older (v2) export', async () => {
    const current = makeRealisticTake(12);
    const v2Take = { id: current.id, paper: current.paper, model: current.model, provider: current.provider, promptVersion: 2, createdAt: current.createdAt, markdown: 'Requests come in clumps. More below.', costUsd: 0.0123 };
    const file = JSON.stringify({ format: 'shedders-take.takes', schemaVersion: 2, exportedAt: '2025-11-01T00:00:00.000Z', takes: [v2Take] });
    expect((await importTakes(file)).added).toBe(1);
    const imported = await getTake(current.id);
    expect(imported).toMatchObject({ kind: 'full', status: 'complete', verdict: 'Requests come in clumps.', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0.0123 }, quoteChecks: [], followUps: [] });
  });

  const refusals: [string, () => string, TakeImportError['reason'], RegExp][] = [
    ['malformed JSON', () => '{"format": "shedders-take.takes", "takes": [', 'malformed-json', /not valid JSON/],
    ['JSON that is not an export', () => JSON.stringify({ bookmarks: [] }), 'not-an-export', /not a Shedder’s Take export/],
    ['a newer schema version', () => JSON.stringify({ format: 'shedders-take.takes', schemaVersion: 5, exportedAt: '2027-01-01T00:00:00.000Z', takes: [makeRealisticTake(1)] }), 'newer-version', /newer Shedder’s Take \(schema v5/],
    ['a file over 50 MB', () => `${' '.repeat(MAX_IMPORT_BYTES)}{}`, 'too-large', /over the 50 MB import limit/],
  ];
  it.each(refusals)('refuses %s with a specific message and changes nothing', async (_name, makeFile, reason, message) => {
    await saveTake(makeRealisticTake(9));
    const before = await rawLocalStorage();
    const error = await importTakes(makeFile()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TakeImportError);
    expect((error as TakeImportError).reason).toBe(reason);
    expect((error as TakeImportError).message).toMatch(message);
    expect(await rawLocalStorage()).toEqual(before);
  });

  it('reports a full storage during import and writes none of it', async () => {
    const { json } = await (async () => {
      await restoreTakes(makeRealisticTakes(5));
      const exported = await exportTakes();
      fakeBrowser.reset();
      return exported;
    })();
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error(quotaMessage));
    const error = await importTakes(json).catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(error).toBeInstanceOf(StorageWriteError);
    expect((error as StorageWriteError).userMessage).toMatch(/5 imported takes.*full/);
    expect(await listTakeSummaries()).toEqual([]);
  });
});
