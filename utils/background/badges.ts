import { paperKey } from '@/utils/sites/paper-key';
import { listTakeSummaries, watchTakes } from '@/utils/storage/takes';

/** What a listing entry's badge shows about the paper's newest saved take. */
export interface BadgeInfo {
  verdict: string;
  kind: 'full' | 'quick';
  createdAt: string;
}

let newestByPaper: Promise<Map<string, BadgeInfo>> | undefined;

/**
 * Badge look-ups for listing pages. The content script cannot read storage (it is closed to it), so it asks
 * here; the map is built once per service-worker life and dropped whenever a take is saved or deleted.
 */
export async function lookupBadges(keys: readonly string[]): Promise<Record<string, BadgeInfo>> {
  newestByPaper ??= listTakeSummaries().then((summaries) => {
    const map = new Map<string, BadgeInfo>();
    // Summaries come newest first, so the first one seen for a paper is its newest take.
    for (const summary of summaries) {
      const key = paperKey(summary);
      if (!map.has(key)) map.set(key, { verdict: summary.verdict, kind: summary.kind, createdAt: summary.createdAt });
    }
    return map;
  });
  const map = await newestByPaper;
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
    newestByPaper = undefined;
    onChange();
  });
}
