/**
 * A fake OpenAI-compatible server for unit and browser tests: loopback only, random port, real wire protocol
 * (SSE chat.completion.chunk streams, JSON errors with real status codes and headers).
 *
 * Its answers are derived from the request: a critique quotes real sentences from the paper block it received,
 * plus one invented quote, so quote checks see both outcomes. Faults are chosen by `setScenario`/`queue` or by the
 * request's model name (e.g. "fault-429-retry-after"), so a browser test can pick one from the extension's settings.
 * The model name "hostile:<name>" streams an answer of the hostile-output corpus (test/fixtures/hostile) instead.
 *
 * CLI: npx tsx test/support/fake-openai.ts --port 8787 [--chunk-delay 40] [--api-key sk-test]
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { hostileAnswerNames, hostileAnswers, hostileModel, isHostileAnswerName } from '../fixtures/hostile';

export const faultModels = [
  'fault-401',
  'fault-403',
  'fault-404',
  'fault-429',
  'fault-429-retry-after',
  'fault-429-quota',
  'fault-500',
  'fault-503',
  'fault-context',
  'fault-cut',
  'fault-stall',
  'fault-malformed',
  'fault-length',
  'fault-content-filter',
  'fault-stream-error',
  'slow-first-byte',
  // Answers normally, except that a request with images gets the 400 OpenAI gives a text-only model.
  'fault-no-images',
] as const;

export type Scenario = 'normal' | (typeof faultModels)[number];

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
}

export interface FakeOpenAIOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Pause between streamed chunks, so a UI can be seen streaming. */
  chunkDelayMs?: number;
  /** How long 'slow-first-byte' waits before the response headers. */
  firstByteDelayMs?: number;
  /** How long 'fault-stall' stays silent after its first chunks. */
  stallMs?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get a real 401. */
  apiKey?: string;
  /** Extra model ids for GET /v1/models, besides "fake-critic" and the fault models. */
  models?: string[];
}

export interface FakeOpenAI {
  /** Base URL ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  /** The behaviour for requests whose model names no fault; 'normal' by default. */
  setScenario(scenario: Scenario): void;
  /** Behaviours for the next requests, one each, before the model name or scenario is considered. */
  queue(...scenarios: Scenario[]): void;
  close(): Promise<void>;
}

interface ChatRequest {
  model?: string;
  messages?: { role?: string; content?: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

const defaultModel = 'fake-critic';

const isScenario = (name: string): name is Scenario => name === 'normal' || (faultModels as readonly string[]).includes(name);

/** Sentences the server quotes back: long enough to count as evidence, short enough to read. */
function quotableSentences(pageText: string): string[] {
  return pageText
    // A short line without a full stop is a heading: end it, so it does not glue onto the next sentence.
    .replace(/^([^\n.!?]{1,40})$/gm, '$1.')
    .replace(/-\n(?=\p{Ll})/gu, '')
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z])/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => {
      const words = sentence.split(' ').length;
      return words >= 8 && words <= 30 && !/["“”]/.test(sentence) && /^[A-Z]/.test(sentence);
    });
}

interface PaperBlock {
  title?: string;
  pages: { number: number; text: string }[];
}

/** Reads the delimited paper block our prompt builder writes ("<<<BEGIN PAPER-…>>>" … "<<<END PAPER-…>>>"). */
function readPaperBlock(text: string): PaperBlock | undefined {
  const block = /<<<BEGIN (PAPER-[0-9a-f]+)>>>\n([\s\S]*?)\n<<<END \1>>>/.exec(text);
  if (!block?.[2]) {
    return undefined;
  }
  const body = block[2];
  const title = /^Title: (.*)$/m.exec(body)?.[1];
  const pages: PaperBlock['pages'] = [];
  const marker = /\[p\. (\d+)\]/g;
  const starts = [...body.matchAll(marker)];
  starts.forEach((start, index) => {
    const from = (start.index ?? 0) + start[0].length;
    const to = starts[index + 1]?.index ?? body.length;
    pages.push({ number: Number(start[1]), text: body.slice(from, to) });
  });
  return { title, pages };
}

const inventedQuote = 'our scheduler eliminates tail latency for every workload we could imagine';

function critiqueFromPaper(paper: PaperBlock): string {
  // One sentence from each of the first pages that have one, so quotes cite different pages.
  const picks: { sentence: string; page: number }[] = [];
  for (const page of paper.pages) {
    const sentence = quotableSentences(page.text)[0];
    if (sentence) {
      picks.push({ sentence, page: page.number });
    }
    if (picks.length === 3) {
      break;
    }
  }
  const quote = (index: number) => {
    const pick = picks[index] ?? picks[0];
    return pick ? `"${pick.sentence}" (p. ${pick.page})` : 'nothing quotable (the text was empty)';
  };
  const title = paper.title ?? 'this paper';
  return [
    '## The "No-BS" Summary',
    `Strip the pitch from *${title}* and here is what is left: ${quote(0)}. That is the claim; the rest is packaging.`,
    '',
    '## The Core Mechanism',
    `On the whiteboard: ${quote(1)}. Follow the data from collection to the plots and ask where it was filtered.`,
    '',
    '## The Critique',
    '### Why it got in',
    `They measured something real: ${quote(2)}.`,
    '### Where it is weak',
    `They also claim "${inventedQuote}" (p. 2), and I could not find a baseline that was not a single-threaded script.`,
    '',
    '## Discussion Questions',
    '1. Would the findings hold if the context window doubled and KV-cache pressure dominated?',
    '2. Which days, clusters and request classes are missing from the trace?',
    '3. Do the traces show retries and hedged requests, or only the calls that succeeded?',
  ].join('\n');
}

function textOf(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }
  if (Array.isArray(content)) {
    return content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join('');
  }
  return '';
}

/** What a normal answer says, from the messages it was sent. */
function answerFor(request: ChatRequest): string {
  const messages = request.messages ?? [];
  const all = messages.map((message) => textOf(message.content)).join('\n');
  const userMessages = messages.filter((message) => message.role === 'user');
  const paper = readPaperBlock(all);
  if (/Verdict: full take/.test(all) && !/\[p\. \d+\]/.test(all)) {
    const abstract = /^Abstract: (.*)$/m.exec(all)?.[1] ?? '';
    const simulated = /simulat/i.test(abstract);
    const production = /production|trace/i.test(abstract);
    const verdict = production ? 'full take' : simulated ? 'skip' : 'skim';
    const evidence = production ? 'a production trace, or so they say' : simulated ? 'simulation only' : 'benchmarks only';
    return `Verdict: ${verdict}\nEvidence: ${evidence}; be suspicious of where "${paper?.title ?? 'it'}" got its workload.`;
  }
  if (userMessages.length > 1) {
    const question = textOf(userMessages.at(-1)?.content)
      .replace(/^Follow-up question[^\n]*\n+/, '')
      .split('\n')[0]
      ?.trim();
    const sentence = paper?.pages.flatMap((page) => quotableSentences(page.text).map((text) => ({ text, page: page.number })))[0];
    const evidence = sentence ? ` The paper says "${sentence.text}" (p. ${sentence.page}).` : '';
    return `You asked: "${question}". Short answer: look at what they measured, not what they claim.${evidence}`;
  }
  if (paper) {
    return critiqueFromPaper(paper);
  }
  return 'I see no paper in this request, so I have nothing to critique.';
}

/** Above this size an answer streams in large pieces: word by word, a 1 MB answer would take minutes. */
const largeAnswerChars = 65_536;
const largeDeltaChars = 8_192;

/** Splits an answer into word-sized deltas the way real servers stream tokens (large answers in large pieces). */
function toDeltas(answer: string): string[] {
  if (answer.length > largeAnswerChars) {
    return Array.from({ length: Math.ceil(answer.length / largeDeltaChars) }, (_, index) => answer.slice(index * largeDeltaChars, (index + 1) * largeDeltaChars));
  }
  return answer.match(/\S+\s*|\s+/g) ?? [];
}

/** OpenAI's words to a text-only model sent an image (gpt-3.5-turbo, o3-mini). */
const noImagesError: ErrorShape = {
  status: 400,
  message: 'Invalid content type. image_url is only supported by certain models.',
  type: 'invalid_request_error',
  code: null,
  param: 'messages.[1].content.[2].type',
};

function hasImageParts(request: ChatRequest): boolean {
  return (request.messages ?? []).some((message) => Array.isArray(message.content) && message.content.some((part: { type?: unknown }) => part?.type === 'image_url'));
}

/** The corpus answer a "hostile:<name>" model streams, whatever the request said. */
function hostileAnswerFor(model: string): string | undefined {
  const name = model.startsWith('hostile:') ? model.slice('hostile:'.length) : undefined;
  return name !== undefined && isHostileAnswerName(name) ? hostileAnswers()[name] : undefined;
}

function approximateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

const rateLimitHeaders = {
  'x-ratelimit-limit-requests': '500',
  'x-ratelimit-remaining-requests': '499',
  'x-ratelimit-reset-requests': '120ms',
  'x-ratelimit-limit-tokens': '200000',
  'x-ratelimit-remaining-tokens': '150000',
  'x-ratelimit-reset-tokens': '15s',
};

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
};

interface ErrorShape {
  status: number;
  message: string;
  type: string;
  code: string | null;
  param?: string | null;
  headers?: Record<string, string>;
}

function errorFor(scenario: Scenario, model: string, promptTokens: number): ErrorShape | undefined {
  switch (scenario) {
    case 'fault-401':
      return { status: 401, message: 'Incorrect API key provided: sk-fake***. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' };
    case 'fault-403':
      return { status: 403, message: 'Country, region, or territory not supported', type: 'request_forbidden', code: 'unsupported_country_region_territory' };
    case 'fault-404':
      return { status: 404, message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', code: 'model_not_found', param: 'model' };
    case 'fault-429':
      return { status: 429, message: 'Rate limit reached for requests per min (RPM): Limit 500, Used 500, Requested 1.', type: 'requests', code: 'rate_limit_exceeded' };
    case 'fault-429-retry-after':
      return {
        status: 429,
        message: 'Rate limit reached for tokens per min (TPM): Limit 200000, Used 199000, Requested 9000. Please try again in 7s.',
        type: 'tokens',
        code: 'rate_limit_exceeded',
        headers: { 'retry-after': '7', 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '7s' },
      };
    case 'fault-429-quota':
      return { status: 429, message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota' };
    case 'fault-500':
      return { status: 500, message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null };
    case 'fault-503':
      return { status: 503, message: 'The server is overloaded or not ready yet.', type: 'server_error', code: 'server_is_overloaded' };
    case 'fault-context':
      return {
        status: 400,
        message: `This model's maximum context length is 8192 tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`,
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
        param: 'messages',
      };
    default:
      return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${Math.random().toString(16).slice(2)}`, ...corsHeaders, ...rateLimitHeaders, ...headers });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, error: ErrorShape): void {
  sendJson(response, error.status, { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } }, error.headers);
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const { chunkDelayMs = 0, firstByteDelayMs = 3000, stallMs = 60_000 } = options;
  const requests: RecordedRequest[] = [];
  const queued: Scenario[] = [];
  let scenario: Scenario = 'normal';
  const sockets = new Set<Socket>();
  // Pending waits end early on close(), so a stalled stream never holds the test run open.
  const closing = new AbortController();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const stop = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        closing.signal.removeEventListener('abort', stop);
        resolve();
      }, ms);
      closing.signal.addEventListener('abort', stop, { once: true });
    });

  async function streamCompletion(response: ServerResponse, request: ChatRequest, behaviour: Scenario, answer: string, promptTokens: number): Promise<void> {
    const id = `chatcmpl-${Math.random().toString(36).slice(2)}`;
    const created = Math.floor(Date.now() / 1000);
    const model = request.model ?? defaultModel;
    const chunk = (delta: object, finishReason: string | null = null) => ({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason }] });
    const send = (payload: unknown) => response.write(`data: ${JSON.stringify(payload)}\n\n`);

    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', ...corsHeaders, ...rateLimitHeaders });
    send(chunk({ role: 'assistant', content: '' }));

    const deltas = toDeltas(answer);
    // Faults that strike mid-answer do so after a third of it, so there is partial text to keep.
    const breakAt = ['fault-cut', 'fault-stall', 'fault-malformed', 'fault-stream-error', 'fault-length', 'fault-content-filter'].includes(behaviour) ? Math.max(1, Math.floor(deltas.length / 3)) : deltas.length;
    let streamed = '';
    for (const delta of deltas.slice(0, breakAt)) {
      if (response.destroyed || closing.signal.aborted) {
        return;
      }
      send(chunk({ content: delta }));
      streamed += delta;
      if (chunkDelayMs > 0) {
        await wait(chunkDelayMs);
      }
    }

    switch (behaviour) {
      case 'fault-cut':
        // The connection drops mid-answer: no finish_reason, no [DONE], no closing chunk. Flush what was sent first.
        await new Promise((resolve) => response.write(': proxy timeout\n\n', resolve));
        response.socket?.destroy();
        return;
      case 'fault-stall':
        await wait(stallMs);
        break;
      case 'fault-malformed':
        response.write('data: {"id": "broken", "choices": [{"delta": {"content": "unterminated\n\n');
        response.end();
        return;
      case 'fault-stream-error':
        // OpenRouter's shape: HTTP 200 already sent, so the error comes as a chunk with an `error` field.
        send({ id, object: 'chat.completion.chunk', created, model, error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'fake-upstream' } }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] });
        response.end();
        return;
      default:
        break;
    }
    if (response.destroyed || closing.signal.aborted) {
      return;
    }
    const finishReason = behaviour === 'fault-length' ? 'length' : behaviour === 'fault-content-filter' ? 'content_filter' : 'stop';
    send(chunk({}, finishReason));
    if (request.stream_options?.include_usage) {
      const completionTokens = approximateTokens(streamed);
      send({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens } });
    }
    response.write('data: [DONE]\n\n');
    response.end();
  }

  async function handleChat(response: ServerResponse, request: ChatRequest): Promise<void> {
    const model = request.model ?? defaultModel;
    const behaviour = queued.shift() ?? (isScenario(model) ? model : scenario);
    const promptText = (request.messages ?? []).map((message) => textOf(message.content)).join('\n');
    const promptTokens = approximateTokens(promptText);
    if (behaviour === 'slow-first-byte') {
      await wait(firstByteDelayMs);
    }
    const error = behaviour === 'fault-no-images' ? (hasImageParts(request) ? noImagesError : undefined) : errorFor(behaviour, model, promptTokens);
    if (error) {
      sendError(response, error);
      return;
    }
    const answer = hostileAnswerFor(model) ?? answerFor(request);
    if (request.stream) {
      await streamCompletion(response, request, behaviour, answer, promptTokens);
      return;
    }
    const completionTokens = approximateTokens(answer);
    sendJson(response, 200, {
      id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer, refusal: null }, finish_reason: behaviour === 'fault-length' ? 'length' : 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }

  const server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    let body: unknown;
    try {
      body = await readBody(request);
    } catch {
      // The client went away mid-upload (a browser closed as its test ended): nobody is left to answer.
      return;
    }
    requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body });
    if (request.method === 'OPTIONS') {
      response.writeHead(204, corsHeaders).end();
      return;
    }
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      sendError(response, errorFor('fault-401', '', 0) as ErrorShape);
      return;
    }
    if (request.method === 'GET' && path === '/v1/models') {
      const ids = [defaultModel, ...(options.models ?? []), ...faultModels, ...hostileAnswerNames.map(hostileModel)];
      sendJson(response, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake-openai' })) });
      return;
    }
    if (request.method === 'POST' && path === '/v1/chat/completions' && body && typeof body === 'object') {
      await handleChat(response, body as ChatRequest);
      return;
    }
    sendError(response, { status: 404, message: `Unknown request URL: ${request.method} ${path}.`, type: 'invalid_request_error', code: 'unknown_url' });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setScenario(next) {
      scenario = next;
    },
    queue(...next) {
      queued.push(...next);
    },
    close() {
      closing.abort();
      for (const socket of sockets) {
        socket.destroy();
      }
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startFakeOpenAI({
    port: Number(flag('port') ?? 8787),
    chunkDelayMs: Number(flag('chunk-delay') ?? 40),
    apiKey: flag('api-key'),
  });
  console.log(`fake OpenAI server at ${server.url} (models: fake-critic, ${faultModels.join(', ')}, hostile:<${hostileAnswerNames.join('|')}>)`);
  process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
}
