import type { ChatMessage } from '../prompt/critique-prompt';
import { costOf, type Settings } from '../storage/settings';
import { imageInputTokens } from './model-capabilities';
import { estimatePromptTokens } from './token-estimate';

/** What a request will cost before it is sent: estimated text and image tokens, priced from the reader's table. */
export interface RequestEstimate {
  textTokens: number;
  figureCount: number;
  /** Undefined when the model's image rule is unknown (local models). */
  imageTokens?: number;
  /** Input only; undefined for unpriced models. */
  costUsd?: number;
}

/**
 * The input of a request, from the messages exactly as they will be sent: their text, and every image in them
 * (a follow-up sends the take's figures again with the history) counted by the model's own rule.
 */
export function estimateRequest(messages: readonly ChatMessage[], settings: Pick<Settings, 'model' | 'prices'>): RequestEstimate {
  const textTokens = estimatePromptTokens(messages);
  const images = messages.flatMap((message) => message.images ?? []);
  const imageTokens = images.length > 0 ? imageInputTokens(settings.model, images) : 0;
  return {
    textTokens,
    figureCount: images.length,
    ...(imageTokens === undefined ? {} : { imageTokens }),
    costUsd: costOf(settings.prices, settings.model, textTokens + (imageTokens ?? 0), 0),
  };
}
