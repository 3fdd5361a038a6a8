import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, type StreamResult } from './openai-client';
import { isLoopbackHost } from '../host-permissions';
import { ApiKeyUnreadableError, MissingApiKeyError, StreamCutError, StreamInterruptedError, StreamStalledError } from './stream-errors';

export type TakeErrorKind =
  | 'no-key'
  | 'key-unreadable'
  | 'bad-key'
  | 'forbidden'
  | 'unknown-model'
  | 'rate-limited'
  | 'out-of-quota'
  | 'server'
  | 'context-too-long'
  | 'length'
  | 'answer-too-long'
  | 'content-filter'
  | 'stream-cut'
  | 'unreachable'
  | 'aborted'
  | 'bad-response';

/** The one button the sidebar offers with the error. */
export type TakeErrorAction = 'open-settings' | 'retry' | 'retry-after-countdown' | 'send-trimmed-paper';

/** Plain data: it crosses contexts as JSON, so the UI never needs the SDK's classes. */
export interface TakeError {
  kind: TakeErrorKind;
  title: string;
  /** What the reader can do about it. */
  message: string;
  retryable: boolean;
  action?: TakeErrorAction;
  /** For rate limits: the countdown before a retry makes sense. */
  retryAfterSeconds?: number;
  /** Part of the answer arrived before the failure and is kept on screen. */
  partialKept?: boolean;
  /** The server's own words, for the details line. */
  detail?: string;
  /** The HTTP status the provider answered with, when it answered. */
  status?: number;
}

export interface TakeErrorContext {
  baseURL: string;
}

/** Local servers (Ollama, LM Studio, vLLM, llama.cpp) get their own hints: CORS, OLLAMA_ORIGINS, "is it running?". */
function isLocalServer(context: TakeErrorContext): boolean {
  try {
    return isLoopbackHost(new URL(context.baseURL).hostname);
  } catch {
    return false;
  }
}

/** Without a retry-after header, a rate limit waits this long before the retry button wakes up. */
export const defaultRateLimitBackoffSeconds = 20;
/** Longest countdown we show; a larger retry-after is usually a daily cap, better told than counted. */
const maxRetryAfterSeconds = 3600;

const quotaCodes = new Set(['insufficient_quota', 'credit_balance_exhausted', 'billing_hard_limit_reached']);
const contextMessage = /maximum context length|context length|context window|too many tokens|prompt is too long|reduce the length of the messages/i;

type Headers = { get(name: string): string | null } | undefined;

/** retry-after-ms, then retry-after in seconds or as an HTTP date (RFC 9110 10.2.3). */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(milliseconds) && milliseconds >= 0) {
    return Math.min(maxRetryAfterSeconds, Math.ceil(milliseconds / 1000));
  }
  const value = headers?.get('retry-after')?.trim();
  if (!value) {
    return undefined;
  }
  const seconds = /^\d+(?:\.\d+)?$/.test(value) ? Number(value) : (Date.parse(value) - now) / 1000;
  return Number.isFinite(seconds) ? Math.min(maxRetryAfterSeconds, Math.max(0, Math.ceil(seconds))) : undefined;
}

function serverWords(error: Error): string {
  return error.message.replace(/^\d{3}\s+/, '');
}

function fromStatus(error: APIError, status: number, context: TakeErrorContext): TakeError {
  return { ...errorForStatus(error, status, context), status };
}

function errorForStatus(error: APIError, status: number, context: TakeErrorContext): TakeError {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const detail = serverWords(error);
  if (status === 401) {
    return { kind: 'bad-key', title: 'The API key was refused', message: 'Check the key in Settings: it may be mistyped, revoked, or for another provider.', retryable: false, action: 'open-settings', detail };
  }
  // OpenRouter says 402; OpenAI says 429 with a quota code, which no wait will fix.
  if (status === 402 || (code !== undefined && quotaCodes.has(code)) || (error.type !== undefined && quotaCodes.has(error.type))) {
    return { kind: 'out-of-quota', title: 'Out of credit', message: 'Your account has no credit or quota left. Add credit with the provider or pick another model in Settings; retrying will not help.', retryable: false, action: 'open-settings', detail };
  }
  if (status === 403) {
    // Ollama answers 403 to extension origins it was not told to allow (ollama/ollama#2425).
    const message = isLocalServer(context)
      ? 'The local server refused the extension. For Ollama, restart it with OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* set; for LM Studio or vLLM, enable CORS.'
      : 'The provider refused this request (region, organisation or moderation). Check your account with the provider.';
    return { kind: 'forbidden', title: 'Access denied', message, retryable: false, action: 'open-settings', detail };
  }
  if (status === 404) {
    return {
      kind: 'unknown-model',
      title: 'Model not found',
      message: 'This endpoint does not offer that model, your key has no access to it, or the base URL is wrong (OpenAI-compatible servers usually end in /v1). Check both in Settings.',
      retryable: false,
      action: 'open-settings',
      detail,
    };
  }
  if (status === 429) {
    const seconds = retryAfterSeconds(error.headers);
    return { kind: 'rate-limited', title: 'Rate limited', message: 'The provider asks us to slow down. Retry when the countdown ends.', retryable: true, action: 'retry-after-countdown', retryAfterSeconds: seconds ?? defaultRateLimitBackoffSeconds, detail };
  }
  if ((status === 400 || status === 413 || status === 422) && (code === 'context_length_exceeded' || contextMessage.test(detail))) {
    return contextTooLong(detail);
  }
  if (status >= 500) {
    const overloaded = status === 503 || status === 529 || /overloaded/i.test(detail);
    const seconds = retryAfterSeconds(error.headers);
    return {
      kind: 'server',
      title: overloaded ? 'The provider is overloaded' : 'The provider had an error',
      message: 'This is on their side. Try again in a little while.',
      retryable: true,
      action: seconds === undefined ? 'retry' : 'retry-after-countdown',
      retryAfterSeconds: seconds,
      detail,
    };
  }
  return badResponse(detail);
}

function contextTooLong(detail?: string): TakeError {
  return { kind: 'context-too-long', title: 'The paper is too long for this model', message: 'Send a trimmed paper (fewer pages) or pick a model with a larger context window.', retryable: true, action: 'send-trimmed-paper', detail };
}

function badResponse(detail?: string): TakeError {
  return { kind: 'bad-response', title: 'The model answered in a way we cannot read', message: 'The endpoint may not be OpenAI-compatible, or a proxy mangled the stream. Check the base URL in Settings.', retryable: true, action: 'retry', detail };
}

/** OpenRouter sends errors after HTTP 200 as an SSE event, so the SDK's APIError has no status; the code carries it. */
function statusOfStreamedError(error: APIError): number | undefined {
  const code = Number(error.code);
  return Number.isInteger(code) && code >= 400 && code < 600 ? code : undefined;
}

/** Maps anything streamChat or listModels throws to what the sidebar shows. Classifies by class, status and code, never constructor names (minifiers rename them). */
export function toTakeError(error: unknown, context: TakeErrorContext): TakeError {
  if (error instanceof StreamInterruptedError) {
    const inner = toTakeError(error.cause, context);
    const partialKept = error.partialText.length > 0;
    // A connection lost after text arrived is a cut answer, not an unreachable server.
    if (inner.kind === 'unreachable') {
      return { ...cutOff('The connection dropped before the model finished. Retry, or keep the partial take.', partialKept), detail: inner.detail };
    }
    return { ...inner, partialKept };
  }
  if (error instanceof MissingApiKeyError) {
    return { kind: 'no-key', title: 'No API key yet', message: 'Add your API key in Settings (it stays in this browser).', retryable: false, action: 'open-settings' };
  }
  if (error instanceof ApiKeyUnreadableError) {
    return {
      kind: 'key-unreadable',
      title: 'Your API key could not be read',
      message: 'Nothing was sent. Open Settings: if your key shows there, come back and try again; if it does not, save it again.',
      retryable: false,
      action: 'open-settings',
      detail: error.reason,
    };
  }
  if (error instanceof StreamCutError || error instanceof StreamStalledError) {
    const message = error instanceof StreamStalledError ? `The model went silent for ${error.idleSeconds} s. Retry, or keep the partial take.` : 'The stream ended before the model finished. Retry, or keep the partial take.';
    return cutOff(message, error.partialText.length > 0);
  }
  if (error instanceof APIUserAbortError || (error instanceof DOMException && error.name === 'AbortError')) {
    return aborted();
  }
  if (error instanceof APIConnectionTimeoutError || (error instanceof DOMException && error.name === 'TimeoutError')) {
    return { ...unreachable(context, error.message), title: 'The model did not answer in time' };
  }
  if (error instanceof APIConnectionError) {
    return unreachable(context, error.message);
  }
  if (error instanceof APIError) {
    const status = error.status ?? statusOfStreamedError(error);
    if (status !== undefined) {
      return fromStatus(error, status, context);
    }
    const detail = serverWords(error);
    if (error.code === 'context_length_exceeded' || contextMessage.test(detail)) {
      return contextTooLong(detail);
    }
    return { kind: 'server', title: 'The provider reported an error mid-answer', message: 'Try again in a little while.', retryable: true, action: 'retry', detail };
  }
  if (error instanceof SyntaxError) {
    return badResponse(error.message);
  }
  if (error instanceof TypeError && /fetch|network|terminated|socket/i.test(error.message)) {
    return unreachable(context, error.message);
  }
  return badResponse(error instanceof Error ? error.message : String(error));
}

function cutOff(message: string, partialKept: boolean): TakeError {
  return { kind: 'stream-cut', title: 'The answer was cut off', message, retryable: true, action: 'retry', partialKept };
}

function aborted(): TakeError {
  return { kind: 'aborted', title: 'Stopped', message: 'You stopped the take. What arrived is kept.', retryable: true, action: 'retry' };
}

function unreachable(context: TakeErrorContext, detail: string): TakeError {
  const local = isLocalServer(context);
  return {
    kind: 'unreachable',
    title: 'Could not reach the model',
    message: local ? `Nothing answered at ${context.baseURL}. Is the local server running?` : 'Check your connection and the base URL in Settings, then retry.',
    retryable: true,
    action: 'retry',
    detail,
  };
}

/** A stream that finished on its own can still be a failure for the reader: cut by the token limit, filtered, or stopped. */
export function finishToTakeError(result: StreamResult): TakeError | undefined {
  const partialKept = result.text.length > 0;
  switch (result.finishReason) {
    case 'length':
      return {
        kind: 'length',
        title: partialKept ? 'The take hit the length limit' : 'The model used its whole budget before answering',
        message: partialKept
          ? 'The model stopped at the longest answer it gives. The end is missing: ask a follow-up for the rest, or retry.'
          : 'Reasoning models can spend every token thinking. Lower the reasoning effort in Settings, or pick another model.',
        retryable: true,
        action: partialKept ? 'retry' : 'open-settings',
        partialKept,
      };
    case 'content_filter':
      return { kind: 'content-filter', title: "The provider's content filter stopped the answer", message: 'Try again, or try another model.', retryable: true, action: 'retry', partialKept };
    case 'aborted':
      return { ...aborted(), partialKept };
    default:
      return undefined;
  }
}
