import type { QuoteCheck, TakeReading, TakeUsage } from '@/utils/storage/take-schema';

/**
 * The evidence bar at the top of a take, in words: how many of its quotes the paper holds, what was read, whether
 * the PDF hid text, and what it cost. The same wording for a take being written and a take reopened.
 */
export interface TakeEvidence {
  /** Undefined when there is no take text yet (a run that failed before any arrived): no quotes item then. */
  quoteChecks?: readonly QuoteCheck[];
  /** The quotes are checked once the take is written. */
  writing: boolean;
  /** Undefined for takes saved before the reading was recorded. */
  reading?: TakeReading;
  usage?: TakeUsage;
}

export type EvidenceTone = 'ok' | 'warn' | 'bad' | 'neutral';

export interface EvidenceItem {
  key: 'quotes' | 'read' | 'hidden' | 'cost';
  label: string;
  value: string;
  tone: EvidenceTone;
  /** The whole text, where `value` is shortened. */
  full?: string;
}

export function quotesVerified(checks: readonly QuoteCheck[]): { verified: number; total: number } {
  return { verified: checks.filter((check) => check.status === 'verified').length, total: checks.length };
}

export function evidenceItems(evidence: TakeEvidence): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  const { verified, total } = quotesVerified(evidence.quoteChecks ?? []);
  if (!evidence.quoteChecks) {
    // Nothing written, nothing quoted.
  } else if (evidence.writing) items.push({ key: 'quotes', label: 'Quotes', value: 'checked when the take is done', tone: 'neutral' });
  else if (total === 0) items.push({ key: 'quotes', label: 'Quotes', value: 'none to check', tone: 'warn' });
  else items.push({ key: 'quotes', label: 'Quotes', value: `${verified}/${total} verified`, tone: verified === total ? 'ok' : verified === 0 ? 'bad' : 'warn' });

  if (evidence.reading) {
    items.push({ key: 'read', label: 'Paper', value: evidence.reading.summary, tone: 'neutral' });
    const hidden = evidence.reading.hiddenText;
    items.push({
      key: 'hidden',
      label: 'Hidden text',
      value: hidden === 0 ? 'none found' : `${hidden} ${hidden === 1 ? 'passage' : 'passages'}, kept out`,
      tone: hidden === 0 ? 'ok' : 'bad',
    });
  }

  const usage = evidence.usage;
  if (usage && (usage.inputTokens > 0 || usage.outputTokens > 0)) {
    const tokens = `${usage.inputTokens.toLocaleString('en-US')} in · ${usage.outputTokens.toLocaleString('en-US')} out`;
    items.push(
      usage.costUsd === undefined
        ? { key: 'cost', label: 'Tokens', value: tokens, tone: 'neutral' }
        : { key: 'cost', label: 'Cost', value: `$${usage.costUsd.toFixed(4)}`, tone: 'neutral', full: `$${usage.costUsd.toFixed(4)} (${tokens} tokens)` },
    );
  }
  return items;
}

/** One sentence under "Contextual fit", so the reader knows what the check means. */
export const contextualFitExplained =
  "Shedder measures every systems paper against a few landmark works (and any the take names); this checks whether the paper's own reference list cites them, since a paper that ignores its closest yardsticks deserves a harder look.";
