import { memo } from 'react';
import { sites } from '@/utils/sites/registry';
import type { PaperGroup } from '@/utils/storage/take-search';

/** Renders at most `limit` papers: 5,000 list items would make every keystroke re-render thousands of nodes. */
export function TakeList({
  groups,
  limit,
  selectedId,
  onOpen,
  onShowMore,
}: {
  groups: PaperGroup[];
  limit: number;
  selectedId?: string;
  onOpen: (id: string) => void;
  onShowMore: () => void;
}) {
  const shown = groups.slice(0, limit);
  return (
    <div className="take-list">
      <ul aria-label="Saved takes">
        {shown.map((group) => (
          <TakeRow key={group.key} group={group} isSelected={group.versions.some((take) => take.id === selectedId)} onOpen={onOpen} />
        ))}
      </ul>
      {groups.length > limit && (
        <button type="button" onClick={onShowMore}>
          Show more ({groups.length - limit} not shown)
        </button>
      )}
    </div>
  );
}

/** Memoised: while typing, rows that stay in the list are not rendered again. */
const TakeRow = memo(function TakeRow({ group, isSelected, onOpen }: { group: PaperGroup; isSelected: boolean; onOpen: (id: string) => void }) {
  const { speaking, versions } = group;
  const authors = speaking.authors.slice(0, 3).join(', ') + (speaking.authors.length > 3 ? ' et al.' : '');
  return (
    <li aria-current={isSelected ? 'true' : undefined}>
      <button type="button" className="take-row" onClick={() => onOpen(speaking.id)}>
        <span className="take-title" title={speaking.title}>
          {speaking.title}
        </span>
        <span className="take-meta meta">{[sites[speaking.site].shortName, speaking.venue, authors].filter(Boolean).join(' · ')}</span>
        <span className="take-line">
          <span className={`chip chip-${speaking.glance.tone}`}>{speaking.glance.word}</span>
          <span className="meta">
            <span className="take-date">{speaking.createdAt.slice(0, 10)}</span> · {speaking.model}
            {versions.length > 1 ? ` · ${versions.length} versions` : ''}
          </span>
        </span>
        {speaking.glance.reason && (
          <span className="take-verdict" title={speaking.glance.reason}>
            {speaking.glance.reason}
          </span>
        )}
      </button>
    </li>
  );
});
