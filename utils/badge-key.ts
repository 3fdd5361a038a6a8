import { paperIdWithoutVersion } from '@/utils/storage/take-schema';
import type { SiteId } from '@/utils/sites/types';

/** One badge per paper, whatever its arXiv version: the key the content script and the background share. */
export function badgeKey(site: SiteId, paperId: string): string {
  return `${site}|${paperIdWithoutVersion(site, paperId)}`;
}
