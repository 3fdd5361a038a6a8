import type { PaperRef, SiteId } from './types';

/** arXiv ids carry the version a page shows ("2106.09608v2"); every version is the same paper. */
export function paperIdWithoutVersion(site: SiteId, paperId: string): string {
  return site === 'arxiv' ? paperId.replace(/v\d+$/, '') : paperId;
}

/**
 * One key per paper, whatever version a page shows: a listing entry's badge, a quick-take batch's entries (arXiv
 * /new repeats an id across its sections) and the start of every saved take's id. A stored format: saved takes'
 * ids begin with it, so changing it needs a migration.
 */
export function paperKey(paper: Pick<PaperRef, 'site' | 'paperId'>): string {
  return `${paper.site}|${paperIdWithoutVersion(paper.site, paper.paperId)}`;
}
