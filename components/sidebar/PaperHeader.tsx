import { sites } from '@/utils/sites/registry';
import type { PaperRef } from '@/utils/sites/types';

export function PaperHeader({ paper }: { paper: PaperRef }) {
  const venueLine = [paper.venue, paper.year].filter(Boolean).join(' · ');
  return (
    <section className="paper" aria-labelledby="paper-title">
      <h2 id="paper-title" className="paper-title">
        {paper.title}
      </h2>
      {paper.authors.length > 0 && <p className="paper-authors">{paper.authors.join(', ')}</p>}
      <p className="paper-meta">
        <span>
          {sites[paper.site].shortName} {paper.paperId}
        </span>
        {venueLine && <span> · {venueLine}</span>}
      </p>
      {!paper.pdfUrl && (
        <p role="note" className="notice">
          No PDF on this page{paper.noPdfReason ? `: ${paper.noPdfReason}` : ''}. Shedder needs the paper&apos;s full text for a take.
        </p>
      )}
    </section>
  );
}
