import { useMemo, useState } from 'react';
import { MarkdownPieces, TakeMarkdown } from '@/components/common/TakeMarkdown';
import { contextualFitExplained } from '@/utils/take/evidence';
import { createSectionTracker } from '@/utils/take/sections';
import type { QuoteCheck } from '@/utils/storage/take-schema';
import type { ContextFitRow } from '@/utils/store/take-store';

const sectionTitles = {
  summary: 'The "No-BS" Summary',
  mechanism: 'The Core Mechanism',
  critique: 'The Critique',
  questions: 'Discussion Questions',
} as const;

/**
 * The take, one collapsible section per part, rendered as Markdown without raw HTML (TakeMarkdown), each checked
 * quote marked where it stands. While it streams, each render parses only the block being written: the take is
 * followed block by block, and a settled block keeps its rendering.
 */
export function TakeSections({ markdown, streaming, quoteChecks, pdfUrl }: { markdown: string; streaming: boolean; quoteChecks: readonly QuoteCheck[]; pdfUrl?: string }) {
  const [trackSections] = useState(createSectionTracker);
  const parsed = useMemo(() => trackSections(markdown), [trackSections, markdown]);
  // The same object while the checks stay the same: a section's marked Markdown is memoised on its props.
  const quotes = useMemo(() => ({ checks: quoteChecks, ...(pdfUrl ? { pdfUrl } : {}) }), [quoteChecks, pdfUrl]);
  return (
    <div className="take" aria-busy={streaming}>
      {parsed.sections.map((section, index) => (
        <details key={`${section.key}-${index}`} open className={`take-section take-section-${section.key}`}>
          <summary>
            <h3>{section.heading || (section.key === 'other' ? 'Notes' : sectionTitles[section.key])}</h3>
          </summary>
          {quotes.checks.length > 0 ? <TakeMarkdown markdown={section.body} className="reading" quotes={quotes} /> : <MarkdownPieces pieces={section.pieces} className="reading" />}
        </details>
      ))}
    </div>
  );
}

/** Next to Contextual Fit: are the works the persona and the take name actually cited by the paper? */
export function ContextFit({ rows }: { rows: readonly ContextFitRow[] }) {
  if (rows.length === 0) return null;
  return (
    <section className="context-fit" aria-labelledby="context-fit-title">
      <h3 id="context-fit-title">Contextual fit, checked against the paper&apos;s references</h3>
      <p className="meta">{contextualFitExplained}</p>
      <ul>
        {rows.map((row) => (
          <li key={`${row.named}-${row.work}`}>
            <span className="fit-work">{row.work}</span>{' '}
            <span className={`chip ${row.inReferences ? 'chip-ok' : 'chip-neutral'}`}>{row.inReferences ? 'cited by the paper' : 'not in its references'}</span>
            {row.named === 'take' ? <span className="meta"> (named in the take)</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
