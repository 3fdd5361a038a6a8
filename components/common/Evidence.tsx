import { evidenceItems, quotesVerified, type TakeEvidence } from '@/utils/take/evidence';
import type { QuoteCheck } from '@/utils/storage/take-schema';
import { pdfPageLink } from '@/utils/take/pdf-page-link';

/** The evidence bar at the top of the take: quotes verified, what was read, hidden text, cost. */
export function EvidenceBar({ evidence }: { evidence: TakeEvidence }) {
  const items = evidenceItems(evidence);
  return (
    <dl className="evidence" aria-label="Evidence">
      {items.map((item) => (
        <div key={item.key} className={`evidence-item evidence-${item.key} tone-${item.tone}`} title={item.full ?? item.value}>
          <dt>{item.label}</dt>
          <dd {...(item.key === 'read' ? { 'data-testid': 'reading-summary' } : {})}>
            {item.key === 'quotes' && (evidence.quoteChecks?.length ?? 0) > 0 && !evidence.writing ? <a href="#quote-checks">{item.value}</a> : item.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** "k of n quotes verified", then each quote with where it was (or was not) found in the paper. */
export function QuoteChecks({ checks, pdfUrl }: { checks: readonly QuoteCheck[]; pdfUrl?: string }) {
  if (checks.length === 0) return null;
  const { verified, total } = quotesVerified(checks);
  return (
    <section className="quote-checks" id="quote-checks" aria-labelledby="quote-checks-title" tabIndex={-1}>
      <h3 id="quote-checks-title">
        {verified} of {total} quotes verified
      </h3>
      <ul>
        {checks.map((check, index) => {
          const page = check.foundOnPage ?? check.page;
          const href = page === undefined ? undefined : pdfPageLink(pdfUrl, page);
          return (
            <li key={index} className={check.status === 'verified' ? 'quote-verified-row' : 'quote-missing-row'}>
              {check.status === 'verified' ? (
                <span className="chip chip-ok">
                  verified
                  {href ? (
                    <>
                      {' '}
                      on{' '}
                      <a href={href} target="_blank" rel="noreferrer noopener">
                        page {page}
                      </a>
                    </>
                  ) : null}
                </span>
              ) : (
                <span className="chip chip-bad">not found in the paper</span>
              )}{' '}
              <q>{check.quote}</q>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

