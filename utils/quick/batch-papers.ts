import { paperKey } from '../sites/paper-key';
import type { PaperRef } from '../sites/types';

/** The papers of a selection or page, each once, in page order: a repeated entry would cost a second request. */
export function distinctPapers(papers: readonly PaperRef[]): PaperRef[] {
  const seen = new Set<string>();
  return papers.filter((paper) => {
    const key = paperKey(paper);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** arXiv's `/recent` and `/pastweek` listings show no abstracts; its abstract page (`/abs/<id>`) always has one. */
export function needsAbstractFetch(paper: PaperRef): boolean {
  return paper.site === 'arxiv' && !paper.abstract?.trim();
}

export type FullTakeOffer = { available: true } | { available: false; reason: string };

/** Whether a quick take can be upgraded: the full take reads the PDF, which USENIX links from the presentation page. */
export function fullTakeOffer(paper: PaperRef): FullTakeOffer {
  if (paper.pdfUrl || paper.presentationUrl) return { available: true };
  return { available: false, reason: paper.noPdfReason ?? 'no PDF link was found for this paper' };
}
