import type { ChatMessage } from '../prompt/critique-prompt';
import { readApiKey } from '../storage/api-key';
import { costOf, settingsItem, type ReasoningEffort, type Settings } from '../storage/settings';
import { isReasoningModel, listModels, streamChat, type FinishReason, type ModelSettings, type TokenUsage } from './openai-client';
import { isImageRefusalError } from './image-refusal';
import { findProvider } from './providers';
import { ApiKeyUnreadableError, MissingApiKeyError } from './stream-errors';
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
  /** Why the saved key could not be had, when the background could not hand it over: nothing is sent then. */
  keyUnreadable?: TakeError;
}

/**
 * The saved settings and key; `model` replaces the settings' model for this request only (the library's "Re-run
 * with"). Never rejects: a key the background cannot hand over comes back as `keyUnreadable`, which every request
 * reports as its error before anything is downloaded or sent.
 */
export async function loadModelChoice(model?: string): Promise<ModelChoice> {
  const settings = await settingsItem.getValue();
  const chosen = model ? { ...settings, model } : settings;
  try {
    return { settings: chosen, apiKey: await readApiKey() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { settings: chosen, apiKey: '', keyUnreadable: toTakeError(new ApiKeyUnreadableError(reason), chosen) };
  }
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

/**
 * "No API key yet" or "your key could not be read", said before anything is downloaded or sent; undefined when the
 * provider has the key it needs.
 */
export function missingKeyError({ settings, apiKey, keyUnreadable }: ModelChoice): TakeError | undefined {
  if (!findProvider(settings.provider).requiresKey) return undefined;
  if (keyUnreadable) return keyUnreadable;
  return apiKey.trim() ? undefined : toTakeError(new MissingApiKeyError(), settings);
}

/** What an answer is for; each has its own length, and so its own cap. */
export type AnswerPurpose = 'take' | 'follow-up' | 'quick-take' | 'connection-test';

/**
 * Tokens of visible answer each purpose needs, with room to spare: a full take's four parts run to about 2,000-3,000
 * tokens, a follow-up to a few hundred, a quick take to two lines; a connection test only needs a word back.
 */
const answerTokens: Record<AnswerPurpose, number> = { take: 8_000, 'follow-up': 3_000, 'quick-take': 150, 'connection-test': 16 };

/** The most visible answer a request for `purpose` may bring back: what a cost estimate counts as output. */
export function visibleAnswerTokens(purpose: AnswerPurpose): number {
  return answerTokens[purpose];
}

/**
 * Reasoning models count their hidden reasoning in max_completion_tokens too, so they get room to think on top,
 * more for more effort. Without it a quick take's 150 tokens would all go to thinking and the answer come back empty.
 */
const reasoningRoom: Record<ReasoningEffort, number> = { none: 2_000, minimal: 2_000, low: 8_000, medium: 16_000, high: 32_000 };

/**
 * The longest answers some known models give: asking one of them for more is refused outright (HTTP 400). Checked in
 * order, on the model name without its vendor prefix ("openai/gpt-4o" is gpt-4o).
 * Sources: the providers' model pages, 2026-11.
 */
const modelOutputLimits: [RegExp, number][] = [
  [/^gpt-3\.5-turbo/, 4_096],
  [/^gpt-4-(?:turbo|\d{4}-preview|vision)/, 4_096],
  [/^gpt-4(?:-32k)?(?:-\d{4})?$/, 8_192],
  [/^gpt-4o/, 16_384],
  [/^gpt-4\.1/, 32_768],
];

/**
 * The cap sent with a request (max_tokens, or max_completion_tokens for reasoning models): enough for the purpose,
 * never more than the model gives. A hostile or runaway endpoint can still ignore it; `maxAnswerChars` stops reading then.
 */
export function answerTokenLimit(model: string, purpose: AnswerPurpose, reasoningEffort: ReasoningEffort = 'medium'): number {
  if (purpose === 'connection-test') return answerTokens[purpose];
  const wanted = answerTokens[purpose] + (isReasoningModel(model) ? reasoningRoom[reasoningEffort] : 0);
  const name = model.toLowerCase().split('/').at(-1) ?? '';
  const limit = modelOutputLimits.find(([pattern]) => pattern.test(name))?.[1];
  return limit === undefined ? wanted : Math.min(wanted, limit);
}

/**
 * The most text read from one answer, whatever the endpoint sends: about 64,000 tokens, many times an honest take.
 * Past it the stream is stopped and what arrived is kept, so an endpoint that ignores max_tokens cannot fill the
 * sidebar, the reader's storage, or the page's memory.
 */
export const maxAnswerChars = 256 * 1024;

export interface AskOptions {
  model: ModelChoice;
  messages: readonly ChatMessage[];
  /** Sizes the answer's cap for this model (`answerTokenLimit`). */
  purpose: AnswerPurpose;
  /** Stop: the answer so far is kept and returned, with finishReason 'aborted'. */
  signal?: AbortSignal;
  onDelta?(delta: string): void;
  /** Token counts as the provider reports them, priced from the reader's table (undefined for unpriced models). */
  onUsage?(usage: TokenUsage, costUsd: number | undefined): void;
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
  /** The request carried images and the endpoint refused them: the same request without images may well succeed. */
  imagesRefused?: boolean;
}

/** The answer passed `maxAnswerChars`: stopped, and kept as far as it went. */
function answerTooLong(): TakeError {
  return {
    kind: 'answer-too-long',
    title: 'The answer was far too long',
    message: `The model kept writing past ${maxAnswerChars / 1024} KB, so Shedder's Take stopped reading. What arrived is kept.`,
    retryable: false,
    partialKept: true,
  };
}

/** Streams one answer. Never rejects: every failure comes back as `error`, with the text that arrived before it. */
export async function askModel(options: AskOptions): Promise<ModelAnswer> {
  const { model } = options;
  const noKey = missingKeyError(model);
  if (noKey) return { text: '', finishReason: 'error', error: noKey };
  let text = '';
  let usage: TokenUsage | undefined;
  let costUsd: number | undefined;
  // Our own stop as well as the reader's: past maxAnswerChars nothing more is read.
  const tooLong = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, tooLong.signal]) : tooLong.signal;
  const cappedAnswer = (): ModelAnswer => ({ text, finishReason: 'length', usage, costUsd, error: answerTooLong() });
  try {
    const result = await streamChat({
      settings: modelSettingsOf(model),
      messages: options.messages,
      signal,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      maxTokens: answerTokenLimit(model.settings.model, options.purpose, model.settings.reasoningEffort),
      onDelta: (delta) => {
        if (tooLong.signal.aborted) return;
        const room = maxAnswerChars - text.length;
        const kept = delta.length > room ? delta.slice(0, room) : delta;
        text += kept;
        if (kept) options.onDelta?.(kept);
        if (text.length >= maxAnswerChars) tooLong.abort();
      },
      onUsage: (reported) => {
        usage = reported;
        costUsd = costOf(model.settings.prices, model.settings.model, reported.promptTokens, reported.completionTokens);
        options.onUsage?.(reported, costUsd);
      },
    });
    if (tooLong.signal.aborted) return cappedAnswer();
    return { text: result.text, finishReason: result.finishReason, usage: result.usage ?? usage, costUsd, error: finishToTakeError(result) };
  } catch (error) {
    if (tooLong.signal.aborted) return cappedAnswer();
    const imagesRefused = options.messages.some((message) => message.images?.length) && isImageRefusalError(error);
    return { text, finishReason: 'error', usage, costUsd, error: toTakeError(error, model.settings), ...(imagesRefused ? { imagesRefused } : {}) };
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
    const answer = await askModel({ model, messages: [{ role: 'user', content: 'Reply with OK.' }], purpose: 'connection-test', fetch: options.fetch, timeoutMs });
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
