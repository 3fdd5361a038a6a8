import { sites } from '@/utils/sites/registry';
import type { Take } from './take-schema';

/** One take as a self-contained Markdown document: the paper, how the take was made, the take, quote checks, follow-ups. */
export function takeToMarkdown(take: Take): string {
  const { paper } = take;
  const lines = [`# ${paper.title}`, ''];
  if (paper.authors.length) lines.push(`*${paper.authors.join(', ')}*`, '');
  const where = [paper.venue, paper.year, `${sites[paper.site].shortName} ${paper.paperId}${paper.version && !paper.paperId.endsWith(`v${paper.version}`) ? `v${paper.version}` : ''}`]
    .filter(Boolean)
    .join(' · ');
  lines.push(`${where} · <${paper.pageUrl}>`, '');
  const cost = take.usage.costUsd === undefined ? '' : `, $${take.usage.costUsd.toFixed(4)}`;
  lines.push(
    `**Shedder's Take** (${take.kind}${take.status === 'partial' ? ', PARTIAL: the stream stopped before the end' : ''}) by ${take.model} via ${take.provider}, ${take.createdAt}, prompt v${take.promptVersion}, ${take.usage.inputTokens} in / ${take.usage.outputTokens} out tokens${cost}`,
    '',
  );
  if (take.verdict) lines.push(`> ${take.verdict}`, '');
  lines.push(take.markdown.trim(), '');
  if (take.quoteChecks.length) {
    lines.push('## Quote checks', '');
    for (const check of take.quoteChecks) {
      const page = check.foundOnPage ?? check.page;
      lines.push(`- ${check.status === 'verified' ? '✓ verified' : '✗ not found'}${page === undefined ? '' : ` (p. ${page})`}: “${check.quote}”`);
    }
    lines.push('');
  }
  if (take.followUps.length) {
    lines.push('## Follow-up', '');
    for (const message of take.followUps) lines.push(`**${message.role === 'user' ? 'You' : 'Q'}:** ${message.content.trim()}`, '');
  }
  return lines.join('\n').trimEnd() + '\n';
}
