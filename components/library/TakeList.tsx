import { memo } from 'react';
import { sites } from '@/utils/sites/registry';
import type { TakeSummary } from '@/utils/storage/takes';

/** Renders at most `limit` rows: 5,000 list items would make every keystroke re-render thousands of nodes. */
export function TakeList({
  summaries,
  limit,
  selectedId,
  onOpen,
  onShowMore,
}: {
  summaries: TakeSummary[];
  limit: number;
  selectedId?: string;
  onOpen: (id: string) => void;
  onShowMore: () => void;
}) {
  const shown = summaries.slice(0, limit);
  return (
    <div className="take-list">
      <ul aria-label="Saved takes">
        {shown.map((summary) => (
          <TakeRow key={summary.id} summary={summary} isSelected={summary.id === selectedId} onOpen={onOpen} />
        ))}
      </ul>
      {summaries.length > limit && (
        <button type="button" onClick={onShowMore}>
          Show more ({summaries.length - limit} not shown)
        </button>
      )}
    </div>
  );
}

/** Memoised: while typing, rows that stay in the list are not rendered again. */
const TakeRow = memo(function TakeRow({ summary, isSelected, onOpen }: { summary: TakeSummary; isSelected: boolean; onOpen: (id: string) => void }) {
  return (
    <li aria-current={isSelected ? 'true' : undefined}>
      <button type="button" className="take-row" onClick={() => onOpen(summary.id)}>
        <span className="take-title">{summary.title}</span>
        <span className="take-meta">
          {[sites[summary.site].shortName, summary.venue, summary.authors.slice(0, 3).join(', ') + (summary.authors.length > 3 ? ' et al.' : '')].filter(Boolean).join(' · ')}
        </span>
        <span className="take-meta">
          {summary.createdAt.slice(0, 10)} · {summary.model}
          {summary.kind === 'quick' ? ' · quick' : ''}
          {summary.status === 'partial' ? ' · PARTIAL' : ''}
        </span>
        {summary.verdict && <span className="take-verdict">{summary.verdict}</span>}
      </button>
    </li>
  );
});
