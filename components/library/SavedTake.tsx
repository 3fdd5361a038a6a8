import { useState } from 'react';
import { EvidenceBar, QuoteChecks } from '@/components/common/Evidence';
import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import type { Take, TakeSummary } from '@/utils/storage/takes';
import { safeLinkUrl } from '@/utils/take/limit-nesting';
import { verdictAtGlance } from '@/utils/take/verdict';

/**
 * One saved take in the library, in full: the paper, how it was made, its evidence, the take with its quotes marked,
 * the quote checks and the follow-up thread; the paper's other versions one click away.
 */
export function SavedTake({
  take,
  versions,
  models,
  onOpenVersion,
  onDelete,
  onExport,
  onRerun,
}: {
  take: Take;
  /** Every take of this paper, newest first (this one among them). */
  versions: TakeSummary[];
  models: string[];
  onOpenVersion: (id: string) => void;
  onDelete: () => void;
  onExport: (format: 'md' | 'json') => void;
  onRerun: (model: string) => void;
}) {
  const otherModels = models.filter((model) => model !== take.model);
  const [rerunModel, setRerunModel] = useState(otherModels[0] ?? take.model);
  const { paper } = take;
  const glance = verdictAtGlance(take);
  // Like the page's address: only a web address becomes a link.
  const pdfUrl = paper.pdfUrl ? safeLinkUrl(paper.pdfUrl) : undefined;
  return (
    <article className="take-view" aria-labelledby="take-view-title">
      <h2 id="take-view-title" className="take-view-title">
        {/* Takes saved before imports were checked may carry any address: only a web page is a link. */}
        <a href={safeLinkUrl(paper.pageUrl)} target="_blank" rel="noopener noreferrer">
          {paper.title}
        </a>
      </h2>
      <p className="meta">{[paper.authors.join(', '), paper.venue, paper.year].filter(Boolean).join(' · ')}</p>
      <p className="take-made meta">
        <span className={`chip chip-${glance.tone}`}>{glance.word}</span> {take.kind === 'quick' ? 'Quick take' : 'Full take'} by {take.model} ({take.provider}) on{' '}
        <span className="take-date">{new Date(take.createdAt).toLocaleString()}</span>
      </p>
      {versions.length > 1 && (
        <nav className="versions" aria-label="Versions of this paper's take">
          <span className="meta">{versions.length} versions:</span>
          {versions.map((version, index) => (
            <button
              key={version.id}
              type="button"
              className={version.id === take.id ? 'version current' : 'version'}
              aria-current={version.id === take.id ? 'true' : undefined}
              onClick={() => onOpenVersion(version.id)}
            >
              {versions.length - index}. <span className="take-date">{version.createdAt.slice(0, 10)}</span> {version.model}
              {version.kind === 'quick' ? ' (quick)' : ''}
            </button>
          ))}
        </nav>
      )}
      {take.status === 'partial' && (
        <p className="notice" role="note">
          Partial take: the stream stopped before the end. What arrived is kept below.
        </p>
      )}
      {take.kind === 'full' && <EvidenceBar evidence={{ quoteChecks: take.quoteChecks, writing: false, ...(take.reading ? { reading: take.reading } : {}), usage: take.usage }} />}
      <div className="actions">
        <button type="button" onClick={() => onExport('md')}>
          Export Markdown
        </button>
        <button type="button" onClick={() => onExport('json')}>
          Export JSON
        </button>
        <button type="button" onClick={onDelete}>
          Delete
        </button>
      </div>
      <div className="rerun">
        <label htmlFor="rerun-model">Re-run with</label>
        <input id="rerun-model" list="rerun-models" value={rerunModel} onChange={(e) => setRerunModel(e.target.value)} />
        <datalist id="rerun-models">
          {otherModels.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
        <button type="button" disabled={!rerunModel.trim()} onClick={() => onRerun(rerunModel.trim())}>
          Re-run on the paper&apos;s page
        </button>
      </div>
      <TakeMarkdown markdown={take.markdown} className="take-body reading" quotes={{ checks: take.quoteChecks, ...(pdfUrl ? { pdfUrl } : {}) }} />
      <QuoteChecks checks={take.quoteChecks} {...(pdfUrl ? { pdfUrl } : {})} />
      {take.followUps.length > 0 && (
        <section className="thread-section">
          <h3>Follow-up</h3>
          {take.followUps.map((message, index) => (
            <div key={index} className={`follow-up ${message.role}`}>
              <strong>{message.role === 'user' ? 'You' : 'Q'}:</strong>
              <TakeMarkdown markdown={message.content} className={message.role === 'assistant' ? 'reading' : undefined} />
            </div>
          ))}
        </section>
      )}
    </article>
  );
}
