import type { SiteId } from '@/utils/sites/types';
import { paperKey } from '@/utils/sites/paper-key';
import { takeThatSpeaks, verdictAtGlance, type VerdictAtGlance } from '@/utils/take/verdict';
import type { Take } from './take-schema';

/** What the library lists for one take, with its search text lowercased once rather than on every keystroke. */
export interface TakeSummary {
  id: string;
  site: SiteId;
  paperId: string;
  title: string;
  authors: string[];
  venue?: string;
  year?: number;
  pageUrl: string;
  model: string;
  provider: string;
  createdAt: string;
  kind: Take['kind'];
  status: Take['status'];
  verdict: string;
  /** The verdict as every view shows it: a word, a tone and the reason line. */
  glance: VerdictAtGlance;
  costUsd?: number;
  /** Title, authors and take text (with verdict and follow-ups), lowercased. */
  searchText: string;
}

export function summarizeTake(take: Take): TakeSummary {
  const { paper } = take;
  return {
    id: take.id,
    site: paper.site,
    paperId: paper.paperId,
    title: paper.title,
    authors: paper.authors,
    ...(paper.venue === undefined ? {} : { venue: paper.venue }),
    ...(paper.year === undefined ? {} : { year: paper.year }),
    pageUrl: paper.pageUrl,
    model: take.model,
    provider: take.provider,
    // Normalised so that string order is time order (see newestFirst).
    createdAt: new Date(take.createdAt).toISOString(),
    kind: take.kind,
    status: take.status,
    verdict: take.verdict,
    glance: verdictAtGlance(take),
    ...(take.usage.costUsd === undefined ? {} : { costUsd: take.usage.costUsd }),
    searchText: [paper.title, paper.authors.join(' '), take.verdict, take.markdown, ...take.followUps.map((m) => m.content)]
      .join('\n')
      .toLowerCase(),
  };
}

export interface LibraryQuery {
  text: string;
  site?: SiteId;
  venue?: string;
  year?: number;
  model?: string;
  sort: 'date' | 'title';
}

/** Every word must appear somewhere (title, authors or text), in any order. */
export function filterTakes(summaries: readonly TakeSummary[], query: LibraryQuery): TakeSummary[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = summaries.filter(
    (s) =>
      (query.site === undefined || s.site === query.site) &&
      (query.venue === undefined || s.venue === query.venue) &&
      (query.year === undefined || s.year === query.year) &&
      (query.model === undefined || s.model === query.model) &&
      words.every((word) => s.searchText.includes(word)),
  );
  return query.sort === 'title'
    ? matches.sort((a, b) => titleOrder.compare(a.title, b.title) || newestFirst(a, b))
    : matches.sort(newestFirst);
}

/**
 * `filterTakes` for typing: when the new query only adds characters to the last one (same filters, same list), the
 * answer is a subset of the last answer, already in order, so only the last matches are scanned again.
 */
export function createIncrementalFilter(): (summaries: readonly TakeSummary[], query: LibraryQuery) => TakeSummary[] {
  let last: { summaries: readonly TakeSummary[]; query: LibraryQuery; result: TakeSummary[] } | undefined;
  return (summaries, query) => {
    const refinesLast =
      last !== undefined &&
      last.summaries === summaries &&
      last.query.site === query.site &&
      last.query.venue === query.venue &&
      last.query.year === query.year &&
      last.query.model === query.model &&
      last.query.sort === query.sort &&
      query.text.toLowerCase().startsWith(last.query.text.toLowerCase());
    const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
    const result = refinesLast ? last!.result.filter((s) => words.every((word) => s.searchText.includes(word))) : filterTakes(summaries, query);
    last = { summaries, query, result };
    return result;
  };
}

const titleOrder = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Summaries hold `toISOString()` output (UTC, fixed width), so string order is time order: no parsing per comparison. */
export function newestFirst(a: TakeSummary, b: TakeSummary): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
}

/** The list after a change seen by `watchTakes` (or made here): saved takes replace or join, removed ones go. */
export function applyTakesChange(summaries: readonly TakeSummary[], change: { saved: Take[]; removedIds: string[] }): TakeSummary[] {
  const gone = new Set([...change.removedIds, ...change.saved.map((take) => take.id)]);
  return [...summaries.filter((s) => !gone.has(s.id)), ...change.saved.map(summarizeTake)].sort(newestFirst);
}

/** The choices each filter offers: only values that occur, sorted. */
export function filterOptions(summaries: readonly TakeSummary[]): { sites: SiteId[]; venues: string[]; years: number[]; models: string[] } {
  const sites = new Set<SiteId>();
  const venues = new Set<string>();
  const years = new Set<number>();
  const models = new Set<string>();
  for (const s of summaries) {
    sites.add(s.site);
    if (s.venue) venues.add(s.venue);
    if (s.year !== undefined) years.add(s.year);
    models.add(s.model);
  }
  return {
    sites: [...sites].sort(),
    venues: [...venues].sort(),
    years: [...years].sort((a, b) => b - a),
    models: [...models].sort(),
  };
}

/** One paper in the library's list: the take that speaks for it (as its badge does) and all its takes, newest first. */
export interface PaperGroup {
  key: string;
  speaking: TakeSummary;
  versions: TakeSummary[];
}

/**
 * The filtered list grouped by paper, in the list's own order (a paper stands where its first listed take stands):
 * regenerated takes are versions of one row instead of rows that look the same.
 */
export function groupByPaper(summaries: readonly TakeSummary[]): PaperGroup[] {
  const groups = new Map<string, TakeSummary[]>();
  for (const summary of summaries) {
    const key = paperKey(summary);
    groups.set(key, [...(groups.get(key) ?? []), summary]);
  }
  return [...groups].map(([key, takes]) => ({ key, speaking: takeThatSpeaks(takes) ?? takes[0]!, versions: [...takes].sort(newestFirst) }));
}
