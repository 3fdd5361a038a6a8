import { parseQuickTakeVerdict } from '@/utils/prompt/critique-prompt';
import { paperKey } from '@/utils/sites/paper-key';
import type { SiteId } from '@/utils/sites/types';
import type { Take } from '@/utils/storage/take-schema';

/**
 * What a saved take says at a glance, the same wherever it is shown (a listing's badge, a batch row, the library):
 * a short word with a tone that is never colour alone, and the line behind it.
 */
export type VerdictTone = 'take' | 'full' | 'skim' | 'skip' | 'neutral' | 'partial';

export interface VerdictAtGlance {
  /** Short, visible: "✓ take", "full take", "skim", "skip", "quick take". */
  word: string;
  tone: VerdictTone;
  /** The reason in one line: a quick take's line after its verdict, a full take's first sentence. */
  reason: string;
  /** For accessible names, which start with the visible word: "skim: quick take. Evidence: …". */
  spoken: string;
}

const verdictLinePattern = /verdict\s*:/i;

/** A quick take's reason: its first line that is not the verdict line, without Markdown decoration. */
export function quickTakeReason(markdown: string): string {
  const line = markdown
    .split('\n')
    .map((candidate) => candidate.replace(/^[>\s]+/, '').replace(/[*_`#]+/g, '').replace(/\s+/g, ' ').trim())
    .find((candidate) => candidate && !verdictLinePattern.test(candidate));
  return line ?? '';
}

export function verdictAtGlance(take: Pick<Take, 'kind' | 'status' | 'verdict' | 'markdown'>): VerdictAtGlance {
  if (take.kind === 'full') {
    const partial = take.status === 'partial';
    const word = partial ? '✓ take (partial)' : '✓ take';
    return { word, tone: partial ? 'partial' : 'take', reason: take.verdict, spoken: `${word}: ${partial ? 'a partial full take' : 'a full take is saved'}. ${take.verdict}` };
  }
  const verdict = parseQuickTakeVerdict(take.verdict) ?? parseQuickTakeVerdict(take.markdown);
  const reason = quickTakeReason(take.markdown);
  const word = verdict ?? 'quick take';
  const tone: VerdictTone = verdict === 'full take' ? 'full' : verdict ?? 'neutral';
  const worth = verdict === 'full take' ? 'worth a full take' : verdict === 'skim' ? 'worth a skim' : verdict === 'skip' ? 'safe to skip' : 'no verdict given';
  return { word, tone, reason, spoken: `${word}: quick take, ${worth}.${reason ? ` ${reason}` : ''}` };
}

/**
 * The take a paper's badge and library row speak for: its newest full take when it has one (the reader asked for
 * that paper in full), else its newest quick take. `takes` may be in any order.
 */
export function takeThatSpeaks<T extends { kind: Take['kind']; createdAt: string }>(takes: readonly T[]): T | undefined {
  const newest = [...takes].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return newest.find((take) => take.kind === 'full') ?? newest[0];
}

/** What a paper's saved takes say at a glance, by paper key: the verdict of the take that speaks for each paper. */
export type PaperGlance = VerdictAtGlance & { createdAt: string };

export function glanceByPaper(
  summaries: readonly { site: SiteId; paperId: string; kind: Take['kind']; createdAt: string; glance: VerdictAtGlance }[],
): Map<string, PaperGlance> {
  const byPaper = new Map<string, (typeof summaries)[number][]>();
  for (const summary of summaries) {
    const key = paperKey(summary);
    byPaper.set(key, [...(byPaper.get(key) ?? []), summary]);
  }
  const glances = new Map<string, PaperGlance>();
  for (const [key, takes] of byPaper) {
    const speaking = takeThatSpeaks(takes);
    if (speaking) glances.set(key, { ...speaking.glance, createdAt: speaking.createdAt });
  }
  return glances;
}
