import { browser, storage } from '#imports';
import { readEnabledOrigins } from '@/utils/background/generic-sites';
import type { SiteId, PaperRef } from '@/utils/sites/types';
import { StorageWriteError, TakeImportError, toStorageWriteError } from './errors';
import { takeToMarkdown } from './take-markdown';
import {
  TAKE_SCHEMA_VERSION,
  describeInvalidTake,
  describeUnsavableTake,
  takeIdPrefix,
  recordVersion,
  toStoredRecord,
  upgradeTakeRecord,
  type Take,
} from './take-schema';
import { newestFirst as newestSummaryFirst, summarizeTake, type TakeSummary } from './take-search';

export { StorageWriteError, TakeImportError } from './errors';
export { TAKE_SCHEMA_VERSION, maxStoredTakeChars, takeId } from './take-schema';
export type { FollowUpMessage, QuoteCheck, Take, TakeUsage } from './take-schema';
export type { TakeSummary } from './take-search';

/**
 * Saved takes: one `local:take:<id>` record per take and no shared index, so two tabs saving at once never
 * overwrite each other's list (there is no list to overwrite). A paper's takes are found by id prefix.
 */

/** Key inside `browser.storage.local`; wxt's `local:` prefix names the area. */
const TAKE_KEY_PREFIX = 'take:';
const takeStorageKey = (id: string) => `local:${TAKE_KEY_PREFIX}${id}` as const;

/** The schema version every stored take record has reached. Missing on a fresh install and in the 0.0.x prototype. */
const takesSchemaVersionItem = storage.defineItem<number>('local:takesSchemaVersion', { fallback: 0 });

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const EXPORT_FORMAT = 'shedders-take.takes';

export interface MigrationReport {
  fromVersion: number;
  migrated: number;
  /** Storage keys of records no migration could read; they are left untouched. */
  unreadable: string[];
}

/**
 * Brings every stored record up to TAKE_SCHEMA_VERSION, once. A fresh install, or one already at the current version,
 * runs no migration at all: it only records the version.
 */
export async function migrateStoredTakes(): Promise<MigrationReport> {
  const recordedVersion = await takesSchemaVersionItem.getValue();
  if (recordedVersion === TAKE_SCHEMA_VERSION) return { fromVersion: recordedVersion, migrated: 0, unreadable: [] };
  if (recordedVersion > TAKE_SCHEMA_VERSION) {
    throw new Error(`Saved takes are at schema v${recordedVersion}, newer than this version of Shedder's Take (v${TAKE_SCHEMA_VERSION}). Update the extension.`);
  }

  const records = await readTakeRecords();
  const writes: Record<string, unknown> = {};
  const oldKeys: string[] = [];
  const unreadable: string[] = [];
  let fromVersion = TAKE_SCHEMA_VERSION;
  for (const [key, raw] of Object.entries(records)) {
    const version = recordVersion(raw);
    if (version === TAKE_SCHEMA_VERSION) continue;
    const upgraded = upgradeTakeRecord(raw);
    if (!upgraded.ok) {
      unreadable.push(key);
      continue;
    }
    fromVersion = Math.min(fromVersion, version ?? 1);
    const newKey = `${TAKE_KEY_PREFIX}${upgraded.take.id}`;
    writes[newKey] = toStoredRecord(upgraded.take);
    // v1 ids were random; v2 re-keys them by paper, so the old key goes.
    if (newKey !== key) oldKeys.push(key);
  }
  try {
    await browser.storage.local.set({ ...writes, takesSchemaVersion: TAKE_SCHEMA_VERSION });
    const staleKeys = oldKeys.filter((key) => !(key in writes));
    if (staleKeys.length) await browser.storage.local.remove(staleKeys);
  } catch (error) {
    throw toStorageWriteError(error, 'the upgraded takes');
  }
  return { fromVersion, migrated: Object.keys(writes).length, unreadable };
}

let migrated: Promise<MigrationReport> | undefined;

/** Every API call waits for the one-time migration; a failed one is retried on the next call. */
function whenMigrated(): Promise<MigrationReport> {
  migrated ??= migrateStoredTakes().catch((error: unknown) => {
    migrated = undefined;
    throw error;
  });
  return migrated;
}

/** `getKeys` needs Chrome 130 / Firefox 143; without it (and in fakeBrowser) we read everything. */
async function listStorageKeys(): Promise<string[] | undefined> {
  const local = browser.storage.local as typeof browser.storage.local & { getKeys?: () => Promise<string[]> };
  try {
    return typeof local.getKeys === 'function' ? await local.getKeys() : undefined;
  } catch {
    return undefined;
  }
}

async function readTakeRecords(idPrefix = ''): Promise<Record<string, unknown>> {
  const keyPrefix = `${TAKE_KEY_PREFIX}${idPrefix}`;
  const keys = await listStorageKeys();
  const all = keys
    ? await browser.storage.local.get(keys.filter((key) => key.startsWith(keyPrefix)))
    : await browser.storage.local.get(null);
  return Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith(keyPrefix)));
}

function readableTakes(records: Record<string, unknown>): Take[] {
  const takes: Take[] = [];
  for (const raw of Object.values(records)) {
    const upgraded = upgradeTakeRecord(raw);
    if (upgraded.ok) takes.push(upgraded.take);
  }
  return takes;
}

function newestFirst(a: { createdAt: string }, b: { createdAt: string }): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt);
}

/** Takes being put back as they were in storage (Undo): their shape and paper, not today's stricter rules, which could lose them. */
function assertRestorable(take: Take): void {
  const problem = describeInvalidTake(take);
  if (problem) throw new TypeError(`restoreTakes: ${problem}`);
  const prefix = takeIdPrefix(take.paper);
  if (!take.id.startsWith(prefix)) throw new TypeError(`restoreTakes: id ${take.id} does not come from takeId() (expected prefix ${prefix})`);
}

/** Where a generic paper's PDF may live besides its page's origin; only generic papers need asking. */
function originsFor(takes: readonly { paper: Pick<PaperRef, 'site'> }[]): Promise<string[]> {
  return takes.some((take) => take.paper.site === 'generic') ? readEnabledOrigins() : Promise.resolve([]);
}

/**
 * Saves or overwrites one take. Throws StorageWriteError with a message for the UI: quota, a failed write, or a take
 * the library refuses (`describeUnsavableTake`: the same checks an imported take passes).
 */
export async function saveTake(take: Take): Promise<void> {
  const refusal = describeUnsavableTake(take, await originsFor([take]));
  if (refusal) throw new StorageWriteError('refused', `Shedder's Take will not save this take: ${refusal}.`);
  await whenMigrated();
  try {
    await storage.setItem(takeStorageKey(take.id), toStoredRecord(take));
  } catch (error) {
    throw toStorageWriteError(error, `the take on “${take.paper.title}”`);
  }
}

export async function getTake(id: string): Promise<Take | undefined> {
  await whenMigrated();
  const raw = await storage.getItem<unknown>(takeStorageKey(id));
  if (raw == null) return undefined;
  const upgraded = upgradeTakeRecord(raw);
  if (!upgraded.ok) throw new Error(`The saved take ${id} cannot be read: ${upgraded.reason}`);
  return upgraded.take;
}

/** Everything the library needs to list, filter and search, newest first. */
export async function listTakeSummaries(): Promise<TakeSummary[]> {
  await whenMigrated();
  return readableTakes(await readTakeRecords()).map(summarizeTake).sort(newestSummaryFirst);
}

/** All takes of one paper, any arXiv version (with or without one in `paperId`), newest first. */
export async function findTakesForPaper(site: SiteId, paperId: string): Promise<Take[]> {
  await whenMigrated();
  return readableTakes(await readTakeRecords(takeIdPrefix({ site, paperId }))).sort(newestFirst);
}

/** Removes the takes and returns them as they were, for `restoreTakes` (undo). */
export async function deleteTakes(ids: string[]): Promise<Take[]> {
  await whenMigrated();
  const removed: Take[] = [];
  for (const id of ids) {
    const take = await getTake(id);
    if (take) removed.push(take);
  }
  try {
    await browser.storage.local.remove(ids.map((id) => `${TAKE_KEY_PREFIX}${id}`));
  } catch (error) {
    throw toStorageWriteError(error, 'the deletion');
  }
  return removed;
}

/** Puts deleted takes back, in one write. */
export async function restoreTakes(takes: Take[]): Promise<void> {
  takes.forEach(assertRestorable);
  await whenMigrated();
  try {
    await browser.storage.local.set(Object.fromEntries(takes.map((take) => [`${TAKE_KEY_PREFIX}${take.id}`, toStoredRecord(take)])));
  } catch (error) {
    throw toStorageWriteError(error, takes.length === 1 ? 'the restored take' : `the ${takes.length} restored takes`);
  }
}

export interface TakesChange {
  saved: Take[];
  removedIds: string[];
}

/** Live updates from every tab and extension page (storage change events). Returns the function that stops watching. */
export function watchTakes(callback: (change: TakesChange) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>) => {
    const change: TakesChange = { saved: [], removedIds: [] };
    for (const [key, { newValue }] of Object.entries(changes)) {
      if (!key.startsWith(TAKE_KEY_PREFIX)) continue;
      if (newValue == null) {
        change.removedIds.push(key.slice(TAKE_KEY_PREFIX.length));
        continue;
      }
      const upgraded = upgradeTakeRecord(newValue);
      if (upgraded.ok) change.saved.push(upgraded.take);
    }
    if (change.saved.length || change.removedIds.length) callback(change);
  };
  browser.storage.local.onChanged.addListener(listener);
  return () => browser.storage.local.onChanged.removeListener(listener);
}

export interface TakesExportFile {
  format: typeof EXPORT_FORMAT;
  schemaVersion: number;
  exportedAt: string;
  takes: Take[];
}

/** The given takes (all when `ids` is omitted), newest first, as a JSON file for re-import and as readable Markdown. */
export async function exportTakes(ids?: string[]): Promise<{ json: string; markdown: string }> {
  await whenMigrated();
  let takes: Take[];
  if (ids) {
    const found = await Promise.all(ids.map((id) => getTake(id)));
    takes = found.filter((take): take is Take => take !== undefined);
  } else {
    takes = readableTakes(await readTakeRecords());
  }
  takes.sort(newestFirst);
  const file: TakesExportFile = { format: EXPORT_FORMAT, schemaVersion: TAKE_SCHEMA_VERSION, exportedAt: new Date().toISOString(), takes };
  return { json: JSON.stringify(file), markdown: takes.map(takeToMarkdown).join('\n\n---\n\n') };
}

export interface ImportReport {
  added: number;
  skippedDuplicates: number;
  skipped: { index: number; reason: string }[];
}

/** The import report in one line: what was added and what was skipped. */
export function describeImportReport(report: ImportReport): string {
  const parts = [`Added ${report.added} take${report.added === 1 ? '' : 's'}.`];
  if (report.skippedDuplicates) parts.push(`Skipped ${report.skippedDuplicates} already in your library.`);
  if (report.skipped.length) parts.push(`Skipped ${report.skipped.length} that could not be read:`);
  return parts.join(' ');
}

/**
 * Validates a file from `exportTakes` (older schema versions are migrated) and adds the takes it does not already
 * have, in one write. Throws TakeImportError, changing nothing, for a file too large, not JSON, not an export or
 * from a newer version; StorageWriteError when the write fails.
 */
export async function importTakes(jsonText: string): Promise<ImportReport> {
  // Length in UTF-16 units is at least the byte length of ASCII JSON: a cheap, conservative cap before parsing.
  if (jsonText.length > MAX_IMPORT_BYTES) {
    throw new TakeImportError('too-large', `This file is ${(jsonText.length / 1024 / 1024).toFixed(1)} MB, over the ${MAX_IMPORT_BYTES / 1024 / 1024} MB import limit. Split the export, or import fewer takes.`);
  }
  let file: unknown;
  try {
    file = JSON.parse(jsonText);
  } catch (error) {
    throw new TakeImportError('malformed-json', `This file is not valid JSON (${(error as Error).message}). Pick a file saved by “Export JSON”.`);
  }
  const header = file as Partial<TakesExportFile> | null;
  if (typeof header !== 'object' || header === null || header.format !== EXPORT_FORMAT || !Array.isArray(header.takes) || typeof header.schemaVersion !== 'number') {
    throw new TakeImportError('not-an-export', 'This JSON is not a Shedder’s Take export (it lacks the “format”, “schemaVersion” and “takes” fields).');
  }
  if (header.schemaVersion > TAKE_SCHEMA_VERSION) {
    throw new TakeImportError('newer-version', `This export comes from a newer Shedder’s Take (schema v${header.schemaVersion}; this one reads up to v${TAKE_SCHEMA_VERSION}). Update the extension, then import again.`);
  }

  const fileVersion = header.schemaVersion;
  await whenMigrated();
  const enabledOrigins = await readEnabledOrigins();
  const existing = new Set(Object.keys(await readTakeRecords()).map((key) => key.slice(TAKE_KEY_PREFIX.length)));
  const report: ImportReport = { added: 0, skippedDuplicates: 0, skipped: [] };
  const writes: Record<string, unknown> = {};
  header.takes.forEach((raw: unknown, index) => {
    // Exported takes carry no version of their own: the file's says what they are (v1 records are known by shape).
    const upgraded = upgradeTakeRecord(fileVersion >= 2 && typeof raw === 'object' && raw !== null ? { ...raw, schemaVersion: fileVersion } : raw);
    if (!upgraded.ok) {
      report.skipped.push({ index, reason: upgraded.reason });
      return;
    }
    const { take } = upgraded;
    // An imported take is held to what a take made here would be: a paper that is what it says, filed under its own id.
    const refusal = describeUnsavableTake(take, enabledOrigins);
    if (refusal) {
      report.skipped.push({ index, reason: refusal });
      return;
    }
    if (existing.has(take.id)) {
      report.skippedDuplicates += 1;
      return;
    }
    existing.add(take.id);
    writes[`${TAKE_KEY_PREFIX}${take.id}`] = toStoredRecord(take);
    report.added += 1;
  });
  if (report.added) {
    try {
      await browser.storage.local.set(writes);
    } catch (error) {
      throw toStorageWriteError(error, `the ${report.added} imported takes`);
    }
  }
  return report;
}

/** “v3 is out since your take (v1)”: for arXiv papers revised after the take was written. */
export function newerVersionNotice(savedTake: Pick<Take, 'paper'>, paper: Pick<PaperRef, 'version' | 'latestVersion'>): string | undefined {
  const savedVersion = savedTake.paper.version;
  const latest = paper.latestVersion ?? paper.version;
  if (savedVersion === undefined || latest === undefined || latest <= savedVersion) return undefined;
  return `v${latest} is out since your take (v${savedVersion})`;
}
