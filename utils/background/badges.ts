import { listTakeSummaries, watchTakes } from '@/utils/storage/takes';
import { glanceByPaper, type PaperGlance } from '@/utils/take/verdict';

/** What a listing entry's badge shows: the same word, tone and reason as the paper's row in the library. */
export type BadgeInfo = PaperGlance;

let badgeByPaper: Promise<Map<string, BadgeInfo>> | undefined;

/**
 * Badge look-ups for listing pages. The content script cannot read storage (it is closed to it), so it asks
 * here; the map is built once per service-worker life and dropped whenever a take is saved or deleted.
 */
export async function lookupBadges(keys: readonly string[]): Promise<Record<string, BadgeInfo>> {
  badgeByPaper ??= listTakeSummaries().then(glanceByPaper);
  const map = await badgeByPaper;
  const found: Record<string, BadgeInfo> = {};
  for (const key of keys) {
    const info = map.get(key);
    if (info) found[key] = info;
  }
  return found;
}

/** Drops the cached map when takes change, then tells `onChange` (which notifies the tabs). */
export function watchBadgeChanges(onChange: () => void): () => void {
  return watchTakes(() => {
    badgeByPaper = undefined;
    onChange();
  });
}
