import type { ChatMessage } from '../prompt/critique-prompt';

/**
 * English prose runs at about four characters a token with GPT-style BPE tokenizers (OpenAI's rule of thumb); paper
 * text with numbers and symbols runs a little denser, so counts round up. An estimate, for budgets and cost shown
 * before a request; what the provider reports afterwards replaces it.
 */
export const charactersPerToken = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / charactersPerToken);
}

/** The text tokens of a request, from the messages that will actually be sent (an image's naming line is text too). */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return estimateTokens(messages.map((message) => message.content + (message.images ?? []).map((image) => image.label).join('')).join(''));
}
