/**
 * Extracted papers, cached per paper id and PDF address in extension local storage so a reopened paper (or a
 * restarted browser) skips the download and pdf.js. Bounded by entry count and by size, least recently used
 * first out. An index item keeps the bookkeeping in one small record.
 *
 * Beside a paper's text, under the same key and counted in the same entry (so evicted with it): its figures, as far
 * as they are known. The figure search's result, so a take with figures on a cached paper only downloads and draws
 * them; and the images a take sent, so a take reopened later sends its follow-ups with the same figures. Entries
 * written before figures were kept simply have none: they are found again from the PDF when needed.
 */
import { storage } from '#imports';
import { oneAtATime } from '@/utils/one-at-a-time';
import type { AttachedFigure } from '@/utils/prompt/critique-prompt';
import type { ExtractedPaper } from './extract';
import type { FigureDetection } from './figures';

/** Bump when extraction changes what it produces: older entries are then ignored and replaced. */
export const extractorVersion = 2;

export interface TextCacheLimits {
  maxEntries: number;
  /** Approximate bytes of JSON kept in storage, all entries together. */
  maxBytes: number;
}

export const defaultTextCacheLimits: TextCacheLimits = { maxEntries: 40, maxBytes: 25 * 1024 * 1024 };

interface IndexEntry {
  key: string;
  /** The text's bytes. */
  bytes: number;
  /** The figures' bytes, kept beside the text; absent while none are. */
  figureBytes?: number;
  lastUsed: number;
}

interface CachedPaper {
  extractorVersion: number;
  paper: ExtractedPaper;
}

/** What is known of a cached paper's figures. */
export interface CachedFigures {
  /** The figure search over the pages the text was read from; absent until it ran. */
  search?: FigureDetection;
  /**
   * Images sent with a take, one per figure number, in the paper's order, exactly as the request carried them: the
   * same data URL and size make the same request and the same estimate.
   */
  images: AttachedFigure[];
}

interface StoredFigures extends CachedFigures {
  extractorVersion: number;
}

const indexKey = 'local:pdfTextIndex' as const;

/**
 * One key per paper and PDF: the id ("arxiv:2106.09608v2", "usenix:nsdi22/goyal") and the address the text was read
 * from, so a page naming one paper with another's PDF can never be served the first one's cached text, or fill the
 * cache with the second's under the first one's name.
 */
export function textCacheKey(paper: { site: string; paperId: string }, pdfUrl: string): string {
  return `${paper.site}:${paper.paperId}@${pdfUrl}`;
}

function itemKey(key: string): `local:${string}` {
  return `local:pdfText:${key}`;
}

function figuresItemKey(key: string): `local:${string}` {
  return `local:pdfFigures:${key}`;
}

/** UTF-16 length of the JSON: close to what browsers count against the quota. */
function storedBytes(value: unknown): number {
  return JSON.stringify(value).length * 2;
}

function entryBytes(entry: IndexEntry): number {
  return entry.bytes + (entry.figureBytes ?? 0);
}

// Each write reads the index, changes it and writes it back: writes from this page wait for each other, so a figure
// write that lands while the text is being stored does not undo it.
const serialized = oneAtATime();

async function readIndex(): Promise<IndexEntry[]> {
  return (await storage.getItem<IndexEntry[]>(indexKey)) ?? [];
}

export async function getCachedPaper(key: string, now: () => number = Date.now): Promise<ExtractedPaper | undefined> {
  const cached = await storage.getItem<CachedPaper>(itemKey(key));
  if (!cached || cached.extractorVersion !== extractorVersion) {
    return undefined;
  }
  await serialized(async () => {
    const index = await readIndex();
    await storage.setItem(
      indexKey,
      index.map((entry) => (entry.key === key ? { ...entry, lastUsed: now() } : entry)),
    );
  });
  return cached.paper;
}

/** Stores a paper, then evicts the least recently used entries until both limits hold. A paper larger than the whole budget is not stored. */
export function cachePaper(key: string, paper: ExtractedPaper, limits: TextCacheLimits = defaultTextCacheLimits, now: () => number = Date.now): Promise<boolean> {
  // The figure search's page data is many times the text's size and only serves the take that read the PDF.
  const { figurePages: _figurePages, ...text } = paper;
  const value: CachedPaper = { extractorVersion, paper: text };
  const bytes = storedBytes(value);
  if (bytes > limits.maxBytes) {
    return Promise.resolve(false);
  }
  return serialized(async () => {
    // Text read anew comes with figures found anew: whatever was kept beside the old text goes.
    const index = (await readIndex()).filter((entry) => entry.key !== key);
    index.push({ key, bytes, lastUsed: now() });
    const { kept, evicted } = withinLimits(index, limits);
    await storage.setItem(itemKey(key), value);
    await storage.removeItems([figuresItemKey(key), ...evicted.flatMap((entry) => [itemKey(entry.key), figuresItemKey(entry.key)])]);
    await storage.setItem(indexKey, kept);
    return true;
  });
}

/** The most recently used entries that fit both limits, and the rest. */
function withinLimits(index: IndexEntry[], limits: TextCacheLimits): { kept: IndexEntry[]; evicted: IndexEntry[] } {
  const sorted = [...index].sort((a, b) => b.lastUsed - a.lastUsed);
  const kept: IndexEntry[] = [];
  const evicted: IndexEntry[] = [];
  let total = 0;
  for (const entry of sorted) {
    if (kept.length < limits.maxEntries && total + entryBytes(entry) <= limits.maxBytes) {
      kept.push(entry);
      total += entryBytes(entry);
    } else {
      evicted.push(entry);
    }
  }
  return { kept, evicted };
}

/** The figures kept beside a cached paper's text, or undefined when none are (or the text is no longer cached). */
export async function getCachedFigures(key: string): Promise<CachedFigures | undefined> {
  const stored = await storage.getItem<StoredFigures>(figuresItemKey(key));
  if (!stored || stored.extractorVersion !== extractorVersion) return undefined;
  const { extractorVersion: _version, ...figures } = stored;
  return figures;
}

/**
 * Adds to what is known of a cached paper's figures: its figure search, or images a take sent (replacing those of
 * the same numbers). Only beside cached text, and only while the entry still fits the byte limit; false otherwise.
 */
export function cacheFigures(key: string, found: Partial<CachedFigures>, limits: TextCacheLimits = defaultTextCacheLimits, now: () => number = Date.now): Promise<boolean> {
  return serialized(async () => {
    const index = await readIndex();
    const entry = index.find((candidate) => candidate.key === key);
    if (!entry) return false;
    const known = (await getCachedFigures(key)) ?? { images: [] };
    const added = found.images ?? [];
    const images = [...known.images.filter((image) => !added.some((other) => other.number === image.number)), ...added].sort((a, b) => a.number - b.number);
    const search = found.search ?? known.search;
    const value: StoredFigures = { extractorVersion, ...(search ? { search } : {}), images };
    const figureBytes = storedBytes(value);
    if (entry.bytes + figureBytes > limits.maxBytes) return false;
    const updated = index.map((candidate) => (candidate.key === key ? { ...candidate, figureBytes, lastUsed: now() } : candidate));
    const { kept, evicted } = withinLimits(updated, limits);
    await storage.setItem(figuresItemKey(key), value);
    if (evicted.length > 0) await storage.removeItems(evicted.flatMap((gone) => [itemKey(gone.key), figuresItemKey(gone.key)]));
    await storage.setItem(indexKey, kept);
    return true;
  });
}
