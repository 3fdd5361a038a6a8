import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import { parseTakeSections } from '@/utils/take/sections';
import type { QuoteCheck } from '@/utils/storage/take-schema';
import type { ContextFitRow } from '@/utils/store/take-store';

const sectionTitles = {
  summary: 'The "No-BS" Summary',
  mechanism: 'The Core Mechanism',
  critique: 'The Critique',
  questions: 'Discussion Questions',
} as const;

/** The take, one collapsible section per part, rendered as Markdown without raw HTML (TakeMarkdown). */
export function TakeSections({ markdown, streaming }: { markdown: string; streaming: boolean }) {
  const parsed = parseTakeSections(markdown);
  return (
    <div className="take" aria-busy={streaming}>
      {parsed.sections.map((section, index) => (
        <details key={`${section.key}-${index}`} open className={`take-section take-section-${section.key}`}>
          <summary>
            <h3>{section.heading || (section.key === 'other' ? 'Notes' : sectionTitles[section.key])}</h3>
          </summary>
          <TakeMarkdown markdown={section.body} />
        </details>
      ))}
    </div>
  );
}

/** "k of n quotes verified", then each quote with where it was (or was not) found in the paper. */
export function QuoteChecks({ checks, pdfUrl }: { checks: QuoteCheck[]; pdfUrl?: string }) {
  if (checks.length === 0) return null;
  const verified = checks.filter((check) => check.status === 'verified').length;
  return (
    <section className="quote-checks" aria-labelledby="quote-checks-title">
      <h3 id="quote-checks-title">
        {verified} of {checks.length} quotes verified
      </h3>
      <ul>
        {checks.map((check, index) => {
          const page = check.foundOnPage ?? check.page;
          return (
            <li key={index} className={check.status === 'verified' ? 'quote-verified' : 'quote-missing'}>
              <q>{check.quote}</q>{' '}
              {check.status === 'verified' ? (
                <span className="quote-badge ok">
                  verified
                  {page !== undefined && pdfUrl ? (
                    <>
                      {' '}
                      on{' '}
                      <a href={`${pdfUrl}#page=${page}`} target="_blank" rel="noreferrer noopener">
                        page {page}
                      </a>
                    </>
                  ) : null}
                </span>
              ) : (
                <span className="quote-badge bad">not found in the paper</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Next to Contextual Fit: are the works the persona and the take name actually cited by the paper? */
export function ContextFit({ rows }: { rows: ContextFitRow[] }) {
  if (rows.length === 0) return null;
  return (
    <section className="context-fit" aria-labelledby="context-fit-title">
      <h3 id="context-fit-title">Contextual fit, checked against the paper&apos;s references</h3>
      <ul>
        {rows.map((row) => (
          <li key={`${row.named}-${row.work}`}>
            {row.work}: <strong>{row.inReferences ? 'cited by the paper' : 'not in its references'}</strong>
            {row.named === 'take' ? ' (named in the take)' : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
