import type { Settings } from '../storage/settings';
import type { ModelSettings } from './openai-client';

/**
 * What the model client needs from the stored settings and the key, which is stored apart from them. Both imports
 * are types only, so full takes, quick takes and follow-ups share this without loading storage, the SDK or pdf.js.
 */
export function modelSettingsOf(settings: Settings, apiKey: string): ModelSettings {
  return {
    provider: settings.provider,
    baseURL: settings.baseURL,
    apiKey,
    model: settings.model,
    // Settings offer "none" for reasoning models that accept it; the client leaves the parameter out instead.
    ...(settings.reasoningEffort === 'none' ? {} : { reasoningEffort: settings.reasoningEffort }),
  };
}
