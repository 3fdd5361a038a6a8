import type { ChatMessage } from '../prompt/critique-prompt';
import { readApiKey } from '../storage/api-key';
import { costOf, settingsItem, type Settings } from '../storage/settings';
import { listModels, streamChat, type FinishReason, type ModelSettings, type TokenUsage } from './openai-client';
import { findProvider } from './providers';
import { MissingApiKeyError } from './stream-errors';
import { finishToTakeError, toTakeError, type TakeError } from './take-error';

/**
 * The one way to the reader's model, for full takes, follow-ups, quick takes and Test connection: the settings and
 * the key, the client, what a failure means for the reader, Stop, and whether the answer finished. Callers get
 * plain data back and never see the SDK's classes or a rejected promise.
 */

/** The model a request goes to: the reader's settings (or a draft of them) and their key. */
export interface ModelChoice {
  settings: Settings;
  apiKey: string;
}

/** The saved settings and key; `model` replaces the settings' model for this request only (the library's "Re-run with"). */
export async function loadModelChoice(model?: string): Promise<ModelChoice> {
  const [settings, apiKey] = await Promise.all([settingsItem.getValue(), readApiKey()]);
  return { settings: model ? { ...settings, model } : settings, apiKey };
}

/** What the model client needs from the settings and the key. */
export function modelSettingsOf({ settings, apiKey }: ModelChoice): ModelSettings {
  return {
    provider: settings.provider,
    baseURL: settings.baseURL,
    apiKey,
    model: settings.model,
    // Settings offer "none" for reasoning models that accept it; the client leaves the parameter out instead.
    ...(settings.reasoningEffort === 'none' ? {} : { reasoningEffort: settings.reasoningEffort }),
  };
}

/** "No API key yet", before anything is downloaded or sent; undefined when the provider has the key it needs. */
export function missingKeyError({ settings, apiKey }: ModelChoice): TakeError | undefined {
  return findProvider(settings.provider).requiresKey && !apiKey.trim() ? toTakeError(new MissingApiKeyError(), settings) : undefined;
}

export interface AskOptions {
  model: ModelChoice;
  messages: readonly ChatMessage[];
  /** Stop: the answer so far is kept and returned, with finishReason 'aborted'. */
  signal?: AbortSignal;
  onDelta?(delta: string): void;
  /** Token counts as the provider reports them, priced from the reader's table (undefined for unpriced models). */
  onUsage?(usage: TokenUsage, costUsd: number | undefined): void;
  /** A cap on the answer; reasoning models get it as max_completion_tokens. */
  maxTokens?: number;
  fetch?: typeof globalThis.fetch;
  /** Until the response headers arrive; the stream itself has an idle timeout of its own. */
  timeoutMs?: number;
}

export interface ModelAnswer {
  /** Everything that arrived, also when the answer failed or was stopped half-way. */
  text: string;
  /** 'error' when the request failed before the model finished. */
  finishReason: FinishReason | 'error';
  usage?: TokenUsage;
  costUsd?: number;
  /** Why the answer is not a complete one, in the reader's words: a failure, the length limit, a filter, or Stop. */
  error?: TakeError;
}

/** Streams one answer. Never rejects: every failure comes back as `error`, with the text that arrived before it. */
export async function askModel(options: AskOptions): Promise<ModelAnswer> {
  const { model, signal } = options;
  let text = '';
  let usage: TokenUsage | undefined;
  let costUsd: number | undefined;
  try {
    const result = await streamChat({
      settings: modelSettingsOf(model),
      messages: options.messages,
      signal,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      onDelta: (delta) => {
        text += delta;
        options.onDelta?.(delta);
      },
      onUsage: (reported) => {
        usage = reported;
        costUsd = costOf(model.settings.prices, model.settings.model, reported.promptTokens, reported.completionTokens);
        options.onUsage?.(reported, costUsd);
      },
    });
    return { text: result.text, finishReason: result.finishReason, usage: result.usage ?? usage, costUsd, error: finishToTakeError(result) };
  } catch (error) {
    return { text, finishReason: 'error', usage, costUsd, error: toTakeError(error, model.settings) };
  }
}

export type ConnectionResult =
  | {
      ok: true;
      /** Model ids from /models; empty when only a chat completion answered. */
      models: string[];
      checkedWith: 'models' | 'chat';
      message: string;
    }
  | { ok: false; error: TakeError; message: string };

export interface ConnectionTestOptions {
  fetch?: typeof globalThis.fetch;
  /** Until the server answers; a test connection should say quickly that nothing is there. */
  timeoutMs?: number;
}

function failed(error: TakeError): ConnectionResult {
  const said = error.detail ? ` The server said: “${error.detail}”` : '';
  return { ok: false, error, message: `${error.title}. ${error.message}${said}` };
}

/**
 * "Test connection": one cheap real request with the settings as typed, through the same client and error mapping
 * as a take. GET /models first (free, and it fills the model list); a server that does not serve it gets a short
 * chat completion instead, capped the way each model accepts a cap.
 */
export async function testConnection(model: ModelChoice, options: ConnectionTestOptions = {}): Promise<ConnectionResult> {
  const noKey = missingKeyError(model);
  if (noKey) return failed(noKey);
  const host = new URL(model.settings.baseURL).host;
  const timeoutMs = options.timeoutMs ?? 15_000;
  let models: string[];
  try {
    models = await listModels(modelSettingsOf(model), { fetch: options.fetch, timeoutMs });
  } catch (error) {
    const shown = toTakeError(error, model.settings);
    // Some compatible servers do not serve /models; a chat completion tells the rest.
    if (shown.kind !== 'unknown-model' && shown.status !== 405) return failed(shown);
    const answer = await askModel({ model, messages: [{ role: 'user', content: 'Reply with OK.' }], maxTokens: 16, fetch: options.fetch, timeoutMs });
    // Hitting the small cap is an answer all the same: the endpoint, the key and the model work.
    if (answer.error && answer.error.kind !== 'length') return failed(answer.error);
    return { ok: true, models: [], checkedWith: 'chat', message: `Connected to ${host}: “${model.settings.model}” answered (this server does not list its models).` };
  }
  const listed = models.length === 0 || models.includes(model.settings.model);
  return {
    ok: true,
    models,
    checkedWith: 'models',
    message: listed
      ? `Connected to ${host}: ${models.length} model${models.length === 1 ? '' : 's'} available.`
      : `Connected to ${host}, but it does not list “${model.settings.model}” among its ${models.length} models: check the model name.`,
  };
}
