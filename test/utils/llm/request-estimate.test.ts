import { describe, expect, it } from 'vitest';
import { estimateRequest } from '@/utils/llm/request-estimate';
import { estimateTokens } from '@/utils/llm/token-estimate';
import { buildCritiquePrompt, buildFollowUpMessages } from '@/utils/prompt/critique-prompt';
import { defaultPrices } from '@/utils/storage/settings';

const paper = { site: 'arxiv' as const, paperId: '2401.00001', title: 'A Paper', authors: ['A. Author'], pageUrl: 'https://arxiv.org/abs/2401.00001' };
// Two 1024 × 1024 figures: 765 tokens each on gpt-4o (85 + 4 tiles of 170), by OpenAI's own worked example.
const figures = [8, 9].map((number) => ({ number, page: 3, caption: `Figure ${number}: A plot.`, dataUrl: 'data:image/png;base64,AAAA', widthPx: 1024, heightPx: 1024 }));
const takeMessages = buildCritiquePrompt({ paper, text: '[p. 1]\nSome text.'.repeat(200), figures }, { boundary: 'PAPER-test' });
const gpt4o = { model: 'gpt-4o', prices: defaultPrices };

describe('estimateRequest', () => {
  it("counts a take's figures by the model's rule, and prices text and images as input", () => {
    const estimate = estimateRequest(takeMessages, gpt4o);
    expect(estimate).toMatchObject({ figureCount: 2, imageTokens: 2 * 765 });
    expect(estimate.costUsd).toBeCloseTo(((estimate.textTokens + 2 * 765) * 2.5) / 1_000_000, 10);
  });

  it("counts a follow-up's re-sent figures too: the history carries the take's images, and they are sent again", () => {
    const take = 'The take, in four parts.';
    const question = 'Is Fig. 8 a CDF cut before the tail?';
    const followUp = buildFollowUpMessages([...takeMessages, { role: 'assistant', content: take }], take, question);
    // What is sent: the images are in the follow-up request itself.
    expect(followUp.flatMap((message) => message.images ?? [])).toHaveLength(2);
    const estimate = estimateRequest(followUp, gpt4o);
    expect(estimate).toMatchObject({ figureCount: 2, imageTokens: 2 * 765 });
    // The text is the take's request, the take and the question, and the images' naming lines.
    const sentText = followUp.map((message) => message.content + (message.images ?? []).map((image) => image.label).join('')).join('');
    expect(estimate.textTokens).toBe(estimateTokens(sentText));
    expect(estimate.textTokens).toBeGreaterThan(estimateRequest(takeMessages, gpt4o).textTokens + estimateTokens(take));
    expect(estimate.costUsd).toBeCloseTo(((estimate.textTokens + 2 * 765) * 2.5) / 1_000_000, 10);
  });

  it("says the images' tokens are unknown for a model without a known rule, and counts none for a take without figures", () => {
    expect(estimateRequest(takeMessages, { model: 'llava:13b', prices: defaultPrices })).toMatchObject({ figureCount: 2 });
    expect(estimateRequest(takeMessages, { model: 'llava:13b', prices: defaultPrices })).not.toHaveProperty('imageTokens');
    const textOnly = buildCritiquePrompt({ paper, text: '[p. 1]\nSome text.' }, { boundary: 'PAPER-test' });
    expect(estimateRequest(textOnly, gpt4o)).toMatchObject({ figureCount: 0, imageTokens: 0 });
  });
});
