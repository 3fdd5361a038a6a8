// The only file that imports the openai SDK; eslint's no-restricted-imports holds the boundary.
import OpenAI from 'openai';
import type { ChatMessage } from '../prompt/critique-prompt';
import type { ReasoningEffort } from '../storage/settings';
import { findProvider, normalizeBaseURL, type ProviderId } from './providers';
import { MissingApiKeyError, StreamCutError, StreamInterruptedError, StreamStalledError } from './stream-errors';

// Re-exported for take-error.ts, which classifies with instanceof but may not import openai itself.
export { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export interface ModelSettings {
  provider: ProviderId;
  baseURL: string;
  apiKey: string;
  model: string;
  /** Reasoning models only; others ignore it. Not every model takes every value: an unsupported one is a 400. */
  reasoningEffort?: Exclude<ReasoningEffort, 'none'>;
  /** Non-reasoning models only: reasoning models reject anything but the default. */
  temperature?: number;
}

export interface ClientOptions {
  apiKey: string;
  baseURL: string;
  fetch?: typeof globalThis.fetch;
  /** Until the response headers arrive; the stream itself is guarded by streamChat's idle timeout. */
  timeoutMs?: number;
}

/** Local servers ignore the key, but the SDK refuses to build a client without one. */
const keyForKeylessServers = 'no-key';
const defaultTimeoutMs = 120_000;
const defaultIdleTimeoutMs = 180_000;

export function createClient({ apiKey, baseURL, fetch, timeoutMs = defaultTimeoutMs }: ClientOptions): OpenAI {
  return new OpenAI({
    apiKey: apiKey || keyForKeylessServers,
    baseURL: normalizeBaseURL(baseURL),
    fetch,
    // openai 7 treats extension pages and workers as browsers; the key never reaches a page context from here.
    dangerouslyAllowBrowser: true,
    // Retries are decided per error kind by the caller: the SDK would also retry quota 429s.
    maxRetries: 0,
    timeout: timeoutMs,
  });
}

/** o-series and gpt-5 take max_completion_tokens and reasoning_effort, and reject temperature. Vendor prefixes ("openai/o3") are ignored. */
export function isReasoningModel(model: string): boolean {
  const name = model.toLowerCase().split('/').at(-1) ?? '';
  return /^o\d+(?:$|[-.])/.test(name) || /^gpt-5(?:$|[-.])/.test(name);
}

function clientFor(settings: ModelSettings, fetch?: typeof globalThis.fetch, timeoutMs?: number): OpenAI {
  if (!settings.apiKey.trim() && findProvider(settings.provider).requiresKey) {
    throw new MissingApiKeyError();
  }
  return createClient({ apiKey: settings.apiKey.trim(), baseURL: settings.baseURL, fetch, timeoutMs });
}

export interface ListModelsOptions {
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Model ids the endpoint offers, sorted, from GET /models. */
export async function listModels(settings: ModelSettings, options: ListModelsOptions = {}): Promise<string[]> {
  const client = clientFor(settings, options.fetch, options.timeoutMs);
  const ids: string[] = [];
  for await (const model of client.models.list({ signal: options.signal })) {
    ids.push(model.id);
  }
  return ids.sort();
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  reasoningTokens?: number;
  cachedPromptTokens?: number;
}

/** The model's finish_reason, or 'aborted' when the user stopped the stream. */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'aborted' | (string & {});

export interface StreamResult {
  text: string;
  finishReason: FinishReason;
  /** Missing when the provider does not send it or the stream was stopped (openai/openai-node#1505). */
  usage?: TokenUsage;
}

export interface StreamChatRequest {
  settings: ModelSettings;
  messages: readonly ChatMessage[];
  signal?: AbortSignal;
  onDelta: (text: string) => void;
  onUsage?: (usage: TokenUsage) => void;
  maxTokens?: number;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** Gives up when no chunk arrives for this long; reasoning models can think silently for minutes. */
  idleTimeoutMs?: number;
}

type CompletionUsage = OpenAI.Chat.Completions.ChatCompletionChunk['usage'];

function toTokenUsage(usage: NonNullable<CompletionUsage>): TokenUsage {
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens,
    cachedPromptTokens: usage.prompt_tokens_details?.cached_tokens,
  };
}

/** A user message with images becomes parts: its text, then each image after the line that names it. */
function toRequestMessage({ role, content, images }: ChatMessage): OpenAI.Chat.Completions.ChatCompletionMessageParam {
  if (role !== 'user' || !images?.length) return { role, content };
  return {
    role,
    content: [
      { type: 'text', text: content },
      ...images.flatMap((image): OpenAI.Chat.Completions.ChatCompletionContentPart[] => [
        { type: 'text', text: image.label },
        // "high": the figure's axis labels are what the model is asked to read.
        { type: 'image_url', image_url: { url: image.dataUrl, detail: 'high' } },
      ]),
    ],
  };
}

function requestBody(settings: ModelSettings, messages: readonly ChatMessage[], maxTokens?: number): OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming {
  const base = {
    model: settings.model,
    messages: messages.map(toRequestMessage),
    stream: true as const,
    stream_options: { include_usage: true },
  };
  if (isReasoningModel(settings.model)) {
    return {
      ...base,
      ...(maxTokens !== undefined && { max_completion_tokens: maxTokens }),
      ...(settings.reasoningEffort && { reasoning_effort: settings.reasoningEffort }),
    };
  }
  return {
    ...base,
    ...(maxTokens !== undefined && { max_tokens: maxTokens }),
    ...(settings.temperature !== undefined && { temperature: settings.temperature }),
  };
}

/**
 * Streams one chat completion. Resolves with the finish reason ('aborted' with the partial text when `signal` fires);
 * rejects on HTTP, SSE and connection errors, wrapping them in StreamInterruptedError once text has arrived, and
 * with StreamCutError when the stream ends without a finish_reason.
 */
export async function streamChat(request: StreamChatRequest): Promise<StreamResult> {
  const { settings, messages, signal, onDelta, onUsage, maxTokens, idleTimeoutMs = defaultIdleTimeoutMs } = request;
  const client = clientFor(settings, request.fetch, request.timeoutMs);

  // Our own controller, so the idle watchdog can stop the request as well as the user.
  const controller = new AbortController();
  const abortFromCaller = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', abortFromCaller, { once: true });
  let stalled = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, idleTimeoutMs);
  };

  let text = '';
  let finishReason: string | undefined;
  let usage: TokenUsage | undefined;
  const outcomeOfStop = (): StreamResult | undefined => {
    if (signal?.aborted) {
      return { text, finishReason: 'aborted', usage };
    }
    if (stalled) {
      throw new StreamStalledError(text, Math.round(idleTimeoutMs / 1000));
    }
    return undefined;
  };

  try {
    if (signal?.aborted) {
      return { text, finishReason: 'aborted' };
    }
    armIdleTimer();
    const stream = await client.chat.completions.create(requestBody(settings, messages, maxTokens), { signal: controller.signal });
    // The SDK ends this loop silently when the request is aborted, so every exit checks why.
    for await (const chunk of stream) {
      armIdleTimer();
      if (chunk.usage) {
        usage = toTokenUsage(chunk.usage);
        onUsage?.(usage);
      }
      const choice = chunk.choices[0];
      const delta = choice?.delta?.content;
      if (delta) {
        text += delta;
        onDelta(delta);
      }
      if (choice?.finish_reason) {
        finishReason = choice.finish_reason;
      }
    }
    const stopped = outcomeOfStop();
    if (stopped) {
      return stopped;
    }
    if (!finishReason) {
      throw new StreamCutError(text);
    }
    return { text, finishReason, usage };
  } catch (error) {
    if (error instanceof StreamCutError || error instanceof StreamStalledError) {
      throw error;
    }
    const stopped = outcomeOfStop();
    if (stopped) {
      return stopped;
    }
    throw text ? new StreamInterruptedError(error, text) : error;
  } finally {
    clearTimeout(idleTimer);
    signal?.removeEventListener('abort', abortFromCaller);
  }
}
