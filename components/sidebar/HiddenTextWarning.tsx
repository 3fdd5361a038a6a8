import { techniqueDescriptions, type HiddenText } from '@/utils/pdf/hidden-techniques';
import './hidden-text-warning.css';

/** Longest quote shown for one finding; the full text stays out of the model either way. */
const quoteLength = 140;
/** Findings shown before the rest is summed up in one line. */
const shownFindings = 20;

function quote(text: string): string {
  return text.length > quoteLength ? `${text.slice(0, quoteLength).trimEnd()}…` : text;
}

function pageList(pages: number[]): string {
  return `${pages.length === 1 ? 'p.' : 'pp.'} ${pages.join(', ')}`;
}

/**
 * What the PDF hides from its reader, one line per finding, grouped by page; and which pages could not be
 * checked in time. Renders nothing for a paper with neither.
 */
export function HiddenTextWarning({ findings, uncheckedPages }: { findings: HiddenText[]; uncheckedPages: number[] }) {
  const shown = [...findings].sort((a, b) => a.page - b.page).slice(0, shownFindings);
  const pages = [...new Set(shown.map((finding) => finding.page))];
  return (
    <>
      {findings.length > 0 && (
        <section role="alert" aria-labelledby="hidden-text-lead" className="hidden-text-warning">
          <p id="hidden-text-lead" className="hidden-text-lead">
            <span className="hidden-text-icon" aria-hidden="true">
              ⚠
            </span>
            This PDF contains text you cannot see, addressed to AI tools:
          </p>
          <ul className="hidden-text-pages">
            {pages.map((page) => (
              <li key={page}>
                <ul className="hidden-text-findings" aria-label={`Page ${page}`}>
                  {shown
                    .filter((finding) => finding.page === page)
                    .map((finding, index) => (
                      <li key={index}>
                        <q>{quote(finding.text)}</q> <span className="hidden-text-where">(p. {finding.page}, {techniqueDescriptions[finding.technique]})</span>
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
          {findings.length > shown.length && <p className="hidden-text-more">And {findings.length - shown.length} more.</p>}
          <p className="hidden-text-foot">{findings.length === 1 ? 'It was' : 'They were'} not sent to the model.</p>
        </section>
      )}
      {uncheckedPages.length > 0 && (
        <p role="status" className="notice hidden-text-unchecked">
          Not checked for hidden text ({pageList(uncheckedPages)}): checking took too long, so {uncheckedPages.length === 1 ? 'its' : 'their'} text was sent as it is.
        </p>
      )}
    </>
  );
}
