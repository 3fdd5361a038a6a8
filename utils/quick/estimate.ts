import { visibleAnswerTokens } from '../llm/model-service';
import { estimatePromptTokens } from '../llm/token-estimate';
import { buildQuickTakePrompt } from '../prompt/critique-prompt';
import { costOf, type Settings } from '../storage/settings';
import type { PaperRef } from '../sites/types';
import { distinctPapers, needsAbstractFetch } from './batch-papers';

/**
 * arXiv accepts abstracts of at most 1,920 characters (info.arxiv.org/help/prep.html). An entry whose abstract
 * is still to be fetched is estimated at that length, so the estimate errs high rather than low.
 */
export const longestArxivAbstractChars = 1920;


/** The input tokens of one quick take, from the prompt that will actually be sent. */
export function quickTakePromptTokens(paper: PaperRef): number {
  if (!needsAbstractFetch(paper)) return estimatePromptTokens(buildQuickTakePrompt(paper));
  const withLongestAbstract = { ...paper, abstract: 'x'.repeat(longestArxivAbstractChars) };
  return estimatePromptTokens(buildQuickTakePrompt(withLongestAbstract));
}

export interface QuickBatchEstimate {
  /** One per distinct paper. */
  requests: number;
  inputTokens: number;
  /** Visible answer tokens; a reasoning model's hidden reasoning is billed on top. */
  outputTokens: number;
  /** Undefined when the model has no price in Settings (local models, unknown names). */
  costUsd?: number;
  /** arXiv entries whose abstract page is fetched first; each is counted at the longest abstract arXiv accepts. */
  abstractsToFetch: number;
}

/** What a batch will cost, shown before it runs. Pure: builds the real prompts and counts them. */
export function estimateQuickBatch(papers: readonly PaperRef[], settings: Pick<Settings, 'model' | 'prices'>): QuickBatchEstimate {
  const distinct = distinctPapers(papers);
  const inputTokens = distinct.reduce((sum, paper) => sum + quickTakePromptTokens(paper), 0);
  // The same cap the model service sends with each request, so this is an upper bound on the visible answer.
  const outputTokens = distinct.length * visibleAnswerTokens('quick-take');
  const costUsd = costOf(settings.prices, settings.model, inputTokens, outputTokens);
  return {
    requests: distinct.length,
    inputTokens,
    outputTokens,
    ...(costUsd === undefined ? {} : { costUsd }),
    abstractsToFetch: distinct.filter(needsAbstractFetch).length,
  };
}
