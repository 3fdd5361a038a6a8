import { useState } from 'react';
import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import type { Take } from '@/utils/storage/takes';
import { safeLinkUrl } from '@/utils/take/limit-nesting';

/** One saved take in the library, in full: the paper, how it was made, the take, its quote checks and the follow-up thread. */
export function SavedTake({
  take,
  models,
  onDelete,
  onExport,
  onRerun,
}: {
  take: Take;
  models: string[];
  onDelete: () => void;
  onExport: (format: 'md' | 'json') => void;
  onRerun: (model: string) => void;
}) {
  const otherModels = models.filter((model) => model !== take.model);
  const [rerunModel, setRerunModel] = useState(otherModels[0] ?? take.model);
  const { paper, usage } = take;
  return (
    <article className="take-view" aria-labelledby="take-view-title">
      <h2 id="take-view-title">
        {/* Takes saved before imports were checked may carry any address: only a web page is a link. */}
        <a href={safeLinkUrl(paper.pageUrl)} target="_blank" rel="noopener noreferrer">
          {paper.title}
        </a>
      </h2>
      <p className="take-meta">{[paper.authors.join(', '), paper.venue, paper.year].filter(Boolean).join(' · ')}</p>
      <p className="take-meta">
        {take.kind === 'quick' ? 'Quick take' : 'Full take'} by {take.model} ({take.provider}) on {new Date(take.createdAt).toLocaleString()} · {usage.inputTokens.toLocaleString()} in /{' '}
        {usage.outputTokens.toLocaleString()} out tokens{usage.costUsd === undefined ? '' : ` · $${usage.costUsd.toFixed(4)}`}
      </p>
      {take.status === 'partial' && (
        <p className="partial-notice" role="note">
          Partial take: the stream stopped before the end. What arrived is kept below.
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onDelete}>
          Delete
        </button>
        <button type="button" onClick={() => onExport('md')}>
          Export Markdown
        </button>
        <button type="button" onClick={() => onExport('json')}>
          Export JSON
        </button>
        <label>
          Re-run with
          <input list="rerun-models" value={rerunModel} onChange={(e) => setRerunModel(e.target.value)} />
        </label>
        <datalist id="rerun-models">
          {otherModels.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
        <button type="button" disabled={!rerunModel.trim()} onClick={() => onRerun(rerunModel.trim())}>
          Re-run on the paper&apos;s page
        </button>
      </div>
      <TakeMarkdown markdown={take.markdown} className="take-body" />
      {take.quoteChecks.length > 0 && (
        <section>
          <h3>Quote checks</h3>
          <ul>
            {take.quoteChecks.map((check, index) => (
              <li key={index}>
                {check.status === 'verified' ? '✓ Found' : '✗ Not found'}
                {check.foundOnPage ?? check.page ? ` (p. ${check.foundOnPage ?? check.page})` : ''}: “{check.quote}”
              </li>
            ))}
          </ul>
        </section>
      )}
      {take.followUps.length > 0 && (
        <section>
          <h3>Follow-up</h3>
          {take.followUps.map((message, index) => (
            <div key={index} className={`follow-up ${message.role}`}>
              <strong>{message.role === 'user' ? 'You' : 'Q'}:</strong>
              <TakeMarkdown markdown={message.content} />
            </div>
          ))}
        </section>
      )}
    </article>
  );
}
