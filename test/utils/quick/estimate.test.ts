import { describe, expect, it } from 'vitest';
import { buildQuickTakePrompt } from '@/utils/prompt/critique-prompt';
import { visibleAnswerTokens } from '@/utils/llm/model-service';
import { costOf, defaultSettings } from '@/utils/storage/settings';
import {
  estimateQuickBatch,
  longestArxivAbstractChars,
  quickTakePromptTokens,
} from '@/utils/quick/estimate';
import { makeListingPapers } from '../../support/synthetic-papers';

const pricedModel = { model: 'gpt-5-mini', prices: defaultSettings.prices };

/** Characters of every message, counted here independently of the module under test. */
function charsOfPrompt(...args: Parameters<typeof buildQuickTakePrompt>): number {
  let characters = 0;
  for (const message of buildQuickTakePrompt(...args)) characters += [...message.content].length;
  return characters;
}

describe('estimateQuickBatch', () => {
  it('counts the input tokens of the prompts that will be sent, at four characters a token', () => {
    const papers = makeListingPapers(7);
    const estimate = estimateQuickBatch(papers, pricedModel);
    const expectedInput = papers.reduce((sum, paper) => sum + Math.ceil(charsOfPrompt(paper) / 4), 0);
    expect(estimate.requests).toBe(7);
    expect(estimate.inputTokens).toBe(expectedInput);
    expect(estimate.outputTokens).toBe(7 * visibleAnswerTokens('quick-take'));
    expect(estimate.abstractsToFetch).toBe(0);
    // The quick prompt is persona, task and a short block: hundreds of tokens, far from a full take's tens of thousands.
    expect(estimate.inputTokens / 7).toBeGreaterThan(200);
    expect(estimate.inputTokens / 7).toBeLessThan(1500);
  });

  it('does not depend on the random delimiter the prompt draws', () => {
    const [paper] = makeListingPapers(1);
    const withFixedBoundary = Math.ceil(charsOfPrompt(paper!, { boundary: 'PAPER-000000000000000000000000' }) / 4);
    expect(quickTakePromptTokens(paper!)).toBe(withFixedBoundary);
  });

  it('prices the batch with the Settings price table, and gives no cost for an unpriced model', () => {
    const papers = makeListingPapers(3);
    const estimate = estimateQuickBatch(papers, pricedModel);
    expect(estimate.costUsd).toBe(costOf(defaultSettings.prices, 'gpt-5-mini', estimate.inputTokens, estimate.outputTokens));
    expect(estimate.costUsd).toBeGreaterThan(0);
    const local = estimateQuickBatch(papers, { model: 'qwen3:8b', prices: defaultSettings.prices });
    expect(local.costUsd).toBeUndefined();
    expect(local.inputTokens).toBe(estimate.inputTokens);
  });

  it('counts a paper listed twice (arXiv /new repeats ids across sections, with or without a version) once', () => {
    const papers = makeListingPapers(3);
    const repeated = { ...papers[1]!, paperId: `${papers[1]!.paperId}v2` };
    const estimate = estimateQuickBatch([...papers, repeated, papers[0]!], pricedModel);
    expect(estimate.requests).toBe(3);
    expect(estimate.inputTokens).toBe(estimateQuickBatch(papers, pricedModel).inputTokens);
  });

  it('counts an arXiv entry whose abstract is still to be fetched at the longest abstract arXiv accepts', () => {
    const [withAbstract] = makeListingPapers(1);
    const withoutAbstract = { ...withAbstract!, abstract: undefined };
    const estimate = estimateQuickBatch([withoutAbstract], pricedModel);
    expect(estimate.abstractsToFetch).toBe(1);
    const longest = Math.ceil(charsOfPrompt({ ...withoutAbstract, abstract: 'y'.repeat(longestArxivAbstractChars) }) / 4);
    expect(estimate.inputTokens).toBe(longest);
    expect(estimate.inputTokens).toBeGreaterThan(quickTakePromptTokens(withAbstract!));
  });

  it('counts a title-only entry of a site without abstract pages as the title-only prompt', () => {
    const [paper] = makeListingPapers(1);
    const usenixTalk = { ...paper!, site: 'usenix' as const, paperId: 'nsdi22/goyal', abstract: undefined };
    const estimate = estimateQuickBatch([usenixTalk], pricedModel);
    expect(estimate.abstractsToFetch).toBe(0);
    expect(estimate.inputTokens).toBe(Math.ceil(charsOfPrompt(usenixTalk) / 4));
  });

});
