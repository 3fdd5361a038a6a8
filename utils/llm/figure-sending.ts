/**
 * Whether a take sends the paper's figures to the model, from the model's capability and the reader's setting
 * ("Send figures: auto / always / never"). A model we do not know gets no images unless the reader said "always":
 * an endpoint that refuses images costs a failed request, and a text-only model that silently drops them wastes the
 * reader's tokens.
 */
import { capabilityOf } from './model-capabilities';

export const sendFiguresModes = ['auto', 'always', 'never'] as const;
export type SendFiguresMode = (typeof sendFiguresModes)[number];

export const defaultMaxFigures = 6;
/** More than this many images crowd out the paper's text in most context windows. */
export const maxFiguresLimit = 12;

export interface FigureSettings {
  sendFigures: SendFiguresMode;
  maxFigures: number;
}

export type FigureDecision =
  | { send: true; maxFigures: number; reason: 'vision-model' | 'reader-chose-always' }
  | { send: false; reason: 'reader-chose-never' | 'text-only-model' | 'unknown-model'; message: string };

export function decideFigureSending(model: string, settings: FigureSettings): FigureDecision {
  const maxFigures = Math.max(1, Math.min(maxFiguresLimit, Math.round(settings.maxFigures) || defaultMaxFigures));
  if (settings.sendFigures === 'never') {
    return { send: false, reason: 'reader-chose-never', message: 'Figures are not sent: Settings say never.' };
  }
  if (settings.sendFigures === 'always') {
    return { send: true, maxFigures, reason: 'reader-chose-always' };
  }
  const capability = capabilityOf(model);
  if (capability?.vision) {
    return { send: true, maxFigures, reason: 'vision-model' };
  }
  if (capability) {
    return { send: false, reason: 'text-only-model', message: `Figures are not sent: ${model} reads text only.` };
  }
  return {
    send: false,
    reason: 'unknown-model',
    message: `Figures are not sent: ${model} is not a model we know to read images. Set "Send figures" to always if it does.`,
  };
}

export const sendFiguresLabels: Record<SendFiguresMode, string> = {
  auto: 'Auto: to models known to read images',
  always: 'Always',
  never: 'Never',
};

/** What the current choice means for the model named on the options page, in one sentence. */
export function describeFigureChoice(model: string, settings: FigureSettings): string {
  if (!model) return 'Figures go only to your own endpoint, as images inside the request.';
  const decision = decideFigureSending(model, settings);
  if (!decision.send) return decision.message;
  const count = decision.maxFigures;
  return `Up to ${count} ${count === 1 ? 'figure' : 'figures'}, the evaluation's first, go to ${model} with each take, as images inside the request to your own endpoint.`;
}
