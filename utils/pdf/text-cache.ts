/**
 * Extracted papers, cached per paper id and PDF address in extension local storage so a reopened paper (or a
 * restarted browser) skips the download and pdf.js. Bounded by entry count and by size, least recently used
 * first out. An index item keeps the bookkeeping in one small record.
 */
import { storage } from '#imports';
import type { ExtractedPaper } from './extract';

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
  bytes: number;
  lastUsed: number;
}

interface CachedPaper {
  extractorVersion: number;
  paper: ExtractedPaper;
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

async function readIndex(): Promise<IndexEntry[]> {
  return (await storage.getItem<IndexEntry[]>(indexKey)) ?? [];
}

export async function getCachedPaper(key: string, now: () => number = Date.now): Promise<ExtractedPaper | undefined> {
  const cached = await storage.getItem<CachedPaper>(itemKey(key));
  if (!cached || cached.extractorVersion !== extractorVersion) {
    return undefined;
  }
  const index = await readIndex();
  await storage.setItem(
    indexKey,
    index.map((entry) => (entry.key === key ? { ...entry, lastUsed: now() } : entry)),
  );
  return cached.paper;
}

/** Stores a paper, then evicts the least recently used entries until both limits hold. A paper larger than the whole budget is not stored. */
export async function cachePaper(key: string, paper: ExtractedPaper, limits: TextCacheLimits = defaultTextCacheLimits, now: () => number = Date.now): Promise<boolean> {
  // The figure search's page data is many times the text's size and only serves the take that read the PDF.
  const { figurePages: _figurePages, ...text } = paper;
  const value: CachedPaper = { extractorVersion, paper: text };
  // UTF-16 length of the JSON: close to what browsers count against the quota.
  const bytes = JSON.stringify(value).length * 2;
  if (bytes > limits.maxBytes) {
    return false;
  }
  const index = (await readIndex()).filter((entry) => entry.key !== key);
  index.push({ key, bytes, lastUsed: now() });
  index.sort((a, b) => b.lastUsed - a.lastUsed);
  const kept: IndexEntry[] = [];
  const evicted: IndexEntry[] = [];
  let total = 0;
  for (const entry of index) {
    if (kept.length < limits.maxEntries && total + entry.bytes <= limits.maxBytes) {
      kept.push(entry);
      total += entry.bytes;
    } else {
      evicted.push(entry);
    }
  }
  await storage.setItem(itemKey(key), value);
  if (evicted.length > 0) {
    await storage.removeItems(evicted.map((entry) => itemKey(entry.key)));
  }
  await storage.setItem(indexKey, kept);
  return true;
}

