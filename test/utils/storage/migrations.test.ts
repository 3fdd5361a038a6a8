import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SETTINGS_VERSION, defaultSettings, defineSettingsItem, type Settings } from '@/utils/storage/settings';
import { TAKE_SCHEMA_VERSION, firstSentence, savedFigures, takeId, toStoredRecord, upgradeTakeRecord } from '@/utils/storage/take-schema';
import { findTakesForPaper, getTake, listTakeSummaries, migrateStoredTakes, saveTake } from '@/utils/storage/takes';
import { makeRealisticTake } from '../../support/realistic-takes';

/** What the 0.0.x prototype wrote: random ids, a URL, the tab title, `critique`, epoch milliseconds. */
const prototypeTakes = {
  'take:6f1c2b9e-3d4a-4a8e-9f10-2c5b7d8e9a01': {
    id: '6f1c2b9e-3d4a-4a8e-9f10-2c5b7d8e9a01',
    paperUrl: 'https://arxiv.org/abs/2106.09608v2',
    title: 'Characterizing Microservice Dependency and Performance: Alibaba Trace Analysis',
    critique: '## The No-BS Summary\n\nThey **wiretapped** a real service mesh for a day. The rest is plots.\n\n## Where it is weak\n\nOne Tuesday afternoon.',
    model: 'gpt-4o-mini',
    createdAt: 1_718_035_200_000,
  },
  'take:0b7e5d2c-1f3a-4c6b-8d9e-aa1122334455': {
    id: '0b7e5d2c-1f3a-4c6b-8d9e-aa1122334455',
    paperUrl: 'https://www.usenix.org/conference/nsdi22/presentation/goyal',
    title: 'Backpressure Flow Control',
    critique: 'Backpressure, but per hop! The baseline is DCQCN with default knobs.',
    model: 'gpt-4o',
    createdAt: 1_719_000_000_000,
  },
  'take:9a8b7c6d-0000-4000-8000-123456789abc': {
    id: '9a8b7c6d-0000-4000-8000-123456789abc',
    paperUrl: 'https://dl.acm.org/doi/10.1145/3600006.3613165',
    title: 'Efficient Memory Management for Large Language Model Serving with PagedAttention',
    critique: 'Virtual memory for the KV cache. The trick is old; the application is not.',
    model: 'gpt-4o-mini',
    createdAt: 1_720_000_000_000,
  },
};

/** What 0.1.0-beta wrote: PaperRef and ISO dates, cost beside usage, no kind/status/verdict/quote checks/follow-ups. */
function betaTake() {
  const paper = {
    site: 'arxiv' as const,
    paperId: '2309.06180v1',
    version: 1,
    title: 'Efficient Memory Management for Large Language Model Serving with PagedAttention',
    authors: ['Woosuk Kwon', 'Zhuohan Li', 'Siyuan Zhuang'],
    venue: 'SOSP 2023',
    year: 2023,
    pageUrl: 'https://arxiv.org/abs/2309.06180v1',
  };
  const createdAt = '2025-09-14T08:30:00.000Z';
  return {
    schemaVersion: 2,
    id: takeId(paper, 'gpt-5-mini', createdAt),
    paper,
    model: 'gpt-5-mini',
    provider: 'openai',
    promptVersion: 2,
    createdAt,
    markdown: '## The No-BS Summary\n\nThey page the *KV cache* like an OS pages memory. Everything else follows.',
    usage: { inputTokens: 21_344, outputTokens: 1_502 },
    costUsd: 0.0083,
  };
}

describe('take records: migrations', () => {
  it('v1 → v4: re-keys prototype takes by paper and fills what v1 never stored', async () => {
    await fakeBrowser.storage.local.set(prototypeTakes);
    const report = await migrateStoredTakes();
    expect(report).toEqual({ fromVersion: 1, migrated: 3, unreadable: [] });

    const raw = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(raw).some((key) => key.includes('6f1c2b9e'))).toBe(false);
    expect(raw.takesSchemaVersion).toBe(TAKE_SCHEMA_VERSION);

    const [alibaba] = await findTakesForPaper('arxiv', '2106.09608');
    expect(alibaba).toEqual({
      id: `arxiv|2106.09608|${(1_718_035_200_000).toString(36)}|gpt-4o-mini`,
      paper: {
        site: 'arxiv',
        paperId: '2106.09608v2',
        version: 2,
        title: 'Characterizing Microservice Dependency and Performance: Alibaba Trace Analysis',
        authors: [],
        pageUrl: 'https://arxiv.org/abs/2106.09608v2',
      },
      model: 'gpt-4o-mini',
      provider: 'openai',
      promptVersion: 1,
      createdAt: '2024-06-10T16:00:00.000Z',
      kind: 'full',
      status: 'complete',
      verdict: 'They wiretapped a real service mesh for a day.',
      markdown: prototypeTakes['take:6f1c2b9e-3d4a-4a8e-9f10-2c5b7d8e9a01'].critique,
      quoteChecks: [],
      usage: { inputTokens: 0, outputTokens: 0 },
      followUps: [],
      figures: [],
    });
    expect((await findTakesForPaper('usenix', 'nsdi22/goyal'))[0]?.verdict).toBe('Backpressure, but per hop!');
    expect((await findTakesForPaper('acm', '10.1145/3600006.3613165'))[0]?.paper.site).toBe('acm');
  });

  it('v2 → v4: keeps the id and moves cost into usage', async () => {
    const beta = betaTake();
    await fakeBrowser.storage.local.set({ [`take:${beta.id}`]: beta, takesSchemaVersion: 2 });
    expect(await migrateStoredTakes()).toEqual({ fromVersion: 2, migrated: 1, unreadable: [] });
    const stored = (await fakeBrowser.storage.local.get(`take:${beta.id}`))[`take:${beta.id}`];
    expect(stored).toEqual({
      schemaVersion: 4,
      id: beta.id,
      paper: beta.paper,
      model: 'gpt-5-mini',
      provider: 'openai',
      promptVersion: 2,
      createdAt: beta.createdAt,
      kind: 'full',
      status: 'complete',
      verdict: 'They page the KV cache like an OS pages memory.',
      markdown: beta.markdown,
      quoteChecks: [],
      usage: { inputTokens: 21_344, outputTokens: 1_502, costUsd: 0.0083 },
      followUps: [],
      figures: [],
    });
  });

  it('v3 → v4: keeps every field of a v3 take, follow-ups and quote checks included, and adds an empty figure list', async () => {
    const { figures: _new, ...v3 } = makeRealisticTake(7);
    const record = { ...v3, followUps: [{ role: 'user', content: 'Baseline?' }, { role: 'assistant', content: 'None.' }], schemaVersion: 3 };
    await fakeBrowser.storage.local.set({ [`take:${v3.id}`]: record, takesSchemaVersion: 3 });
    expect(await migrateStoredTakes()).toEqual({ fromVersion: 3, migrated: 1, unreadable: [] });
    const { schemaVersion: _v3, ...kept } = record;
    expect((await fakeBrowser.storage.local.get(`take:${v3.id}`))[`take:${v3.id}`]).toEqual({ ...kept, schemaVersion: 4, figures: [] });
  });

  it('keeps a take\'s figures as small bounded thumbnails, and refuses a record whose figures are not', async () => {
    const thumbnail = `data:image/jpeg;base64,${'A'.repeat(2_000)}`;
    const take = { ...makeRealisticTake(8), figures: savedFigures([{ number: 8, page: 9, caption: `Figure 8: ${'latency '.repeat(80)}`, thumbnail }, { number: 9, page: 9, caption: 'Figure 9', thumbnail: `data:image/png;base64,AAAA` }]) };
    expect(take.figures[0]?.caption.length).toBe(300);
    expect(take.figures[1]).toEqual({ number: 9, page: 9, caption: 'Figure 9' });
    await saveTake(take);
    expect(await getTake(take.id)).toEqual(take);
    const oversized = { ...toStoredRecord(take), figures: [{ number: 1, page: 1, caption: '', thumbnail: `data:image/jpeg;base64,${'A'.repeat(30_000)}` }] };
    await fakeBrowser.storage.local.set({ [`take:${take.id}`]: oversized });
    expect(upgradeTakeRecord(oversized)).toEqual({ ok: false, reason: 'figures are malformed or too many' });
  });

  it('migrates a mixed store, leaves current records as they are and unreadable ones in place', async () => {
    const current = makeRealisticTake(42);
    await saveTake(current);
    const currentRaw = await fakeBrowser.storage.local.get(`take:${current.id}`);
    await fakeBrowser.storage.local.set({ ...prototypeTakes, [`take:${betaTake().id}`]: betaTake(), 'take:garbage': { hello: 'world' } });
    await fakeBrowser.storage.local.remove('takesSchemaVersion');

    const report = await migrateStoredTakes();
    expect(report).toEqual({ fromVersion: 1, migrated: 4, unreadable: ['take:garbage'] });
    expect(await fakeBrowser.storage.local.get(`take:${current.id}`)).toEqual(currentRaw);
    expect((await fakeBrowser.storage.local.get('take:garbage'))['take:garbage']).toEqual({ hello: 'world' });
    expect((await listTakeSummaries()).length).toBe(5);
  });

  it('regression (wxt-dev/wxt#1775): a fresh install at the current version runs no migration', async () => {
    expect(await migrateStoredTakes()).toEqual({ fromVersion: TAKE_SCHEMA_VERSION, migrated: 0, unreadable: [] });
    expect((await fakeBrowser.storage.local.get('takesSchemaVersion')).takesSchemaVersion).toBe(TAKE_SCHEMA_VERSION);

    // A current take whose text would be lost if the v1 migration (critique → markdown) ever ran on it.
    const take = makeRealisticTake(5);
    await saveTake(take);
    const before = await fakeBrowser.storage.local.get(null);
    expect(await migrateStoredTakes()).toEqual({ fromVersion: TAKE_SCHEMA_VERSION, migrated: 0, unreadable: [] });
    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
    expect(await getTake(take.id)).toEqual(take);
  });

  it('refuses to touch takes written by a newer version', async () => {
    await fakeBrowser.storage.local.set({ takesSchemaVersion: TAKE_SCHEMA_VERSION + 1 });
    await expect(migrateStoredTakes()).rejects.toThrow(/newer than this version/);
  });

  it('reads an unmigrated record correctly even before the migration pass wrote it back', async () => {
    const beta = betaTake();
    await fakeBrowser.storage.local.set({ [`take:${beta.id}`]: beta });
    expect((await getTake(beta.id))?.usage.costUsd).toBe(0.0083);
  });
});

describe('settings: migrations', () => {
  it('v1 → v4: turns the prototype endpoint into a provider and base URL, keeps the model, drops the unread sidebar choice', async () => {
    await fakeBrowser.storage.local.set({ settings: { endpoint: 'http://localhost:11434/v1/', model: 'llama3.1:8b', openSidebarExpanded: false } });
    const item = defineSettingsItem();
    expect(await item.getValue()).toEqual<Settings>({
      ...defaultSettings,
      provider: 'ollama',
      baseURL: 'http://localhost:11434/v1',
      model: 'llama3.1:8b',
    });
    expect(await item.getMeta()).toEqual({ v: SETTINGS_VERSION });
  });

  it('v1 → v4: an unknown host becomes a custom provider', async () => {
    await fakeBrowser.storage.local.set({ settings: { endpoint: 'https://llm.cs.example.edu/v1', model: 'mixtral' } });
    expect(await defineSettingsItem().getValue()).toMatchObject({ provider: 'custom', baseURL: 'https://llm.cs.example.edu/v1' });
  });

  it('v2 → v4: keeps every choice and drops "Open the sidebar expanded", which nothing read', async () => {
    const { sendFigures: _notYet, maxFigures: _notYetEither, ...defaultsV2 } = defaultSettings;
    const v2 = { ...defaultsV2, provider: 'openrouter', baseURL: 'https://openrouter.ai/api/v1', model: 'openai/gpt-5', autoSave: false, sidebarStartsExpanded: false };
    await fakeBrowser.storage.local.set({ settings: v2, settings$: { v: 2 } });
    const { sidebarStartsExpanded: _dropped, ...kept } = v2;
    expect(await defineSettingsItem().getValue()).toEqual({ ...kept, sendFigures: 'auto', maxFigures: 6 });
    expect((await fakeBrowser.storage.local.get('settings')).settings).not.toHaveProperty('sidebarStartsExpanded');
  });

  it('v3 → v4: keeps every v3 choice and adds the figure settings at their defaults (auto, six)', async () => {
    const v3 = {
      provider: 'openrouter',
      baseURL: 'https://openrouter.ai/api/v1',
      model: 'anthropic/claude-sonnet-4',
      reasoningEffort: 'medium',
      prices: [{ model: 'anthropic/claude-sonnet-4', inputPerMillion: 3, outputPerMillion: 15 }],
      autoSave: false,
    };
    await fakeBrowser.storage.local.set({ settings: v3, settings$: { v: 3 } });
    const item = defineSettingsItem();
    expect(await item.getValue()).toEqual<Settings>({ ...v3, provider: 'openrouter', reasoningEffort: 'medium', sendFigures: 'auto', maxFigures: 6 });
    expect(await item.getMeta()).toEqual({ v: SETTINGS_VERSION });
  });

  it('regression (wxt-dev/wxt#1775): settings first saved at the current version are never passed through an older migration', async () => {
    const first = defineSettingsItem();
    const saved: Settings = { ...defaultSettings, provider: 'openrouter', baseURL: 'https://openrouter.ai/api/v1', model: 'openai/gpt-5', autoSave: false, sendFigures: 'never', maxFigures: 2 };
    await first.setValue(saved);
    expect(await first.getMeta()).toEqual({ v: SETTINGS_VERSION });

    // The next page load defines the item again, which is when wxt runs migrations.
    const reloaded = defineSettingsItem();
    expect(await reloaded.getValue()).toEqual(saved);
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual(saved);
  });

  it('a fresh install reads the defaults', async () => {
    expect(await defineSettingsItem().getValue()).toEqual(defaultSettings);
  });
});

describe('firstSentence: the verdict line', () => {
  it.each([
    ['Requests come in clumps. More below.', 'Requests come in clumps.'],
    ['## The "No-BS" Summary\n\nStrip the pitch. The rest is packaging.', 'Strip the pitch.'],
    // Text straight under its heading, no blank line between: the heading line is skipped, not the whole block.
    ['## The "No-BS" Summary\nStrip the pitch from *Mooncake*: a cache. The rest is packaging.\n\n## The Core Mechanism\nx', 'Strip the pitch from Mooncake: a cache.'],
    ['# Only headings\n\n## Here', ''],
  ])('%j → %j', (markdown, verdict) => {
    expect(firstSentence(markdown)).toBe(verdict);
  });
});
