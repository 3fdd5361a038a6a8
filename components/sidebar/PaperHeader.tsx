import { useState } from 'react';
import { sites } from '@/utils/sites/registry';
import type { PaperRef } from '@/utils/sites/types';

/** Above this many authors the list is shortened, with a button that shows them all. */
const authorsShown = 8;

export function PaperHeader({ paper }: { paper: PaperRef }) {
  const [allAuthors, setAllAuthors] = useState(false);
  const venueLine = [paper.venue, paper.year].filter(Boolean).join(' · ');
  const hidden = allAuthors ? 0 : Math.max(0, paper.authors.length - authorsShown);
  return (
    <section className="paper" aria-labelledby="paper-title">
      <h2 id="paper-title" className="paper-title">
        {paper.title}
      </h2>
      {paper.authors.length > 0 && (
        <p className="paper-authors">
          {(hidden ? paper.authors.slice(0, authorsShown - 2) : paper.authors).join(', ')}
          {hidden > 0 && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={() => setAllAuthors(true)}>
                and {hidden + 2} more
              </button>
            </>
          )}
        </p>
      )}
      <p className="paper-meta">
        <span>
          {sites[paper.site].shortName} {paper.paperId}
        </span>
        {venueLine && <span> · {venueLine}</span>}
      </p>
      {!paper.pdfUrl && !paper.presentationUrl && (
        <p role="note" className="notice">
          No PDF on this page{paper.noPdfReason ? `: ${paper.noPdfReason}` : ''}. Shedder needs the paper&apos;s full text for a take.
        </p>
      )}
    </section>
  );
}
