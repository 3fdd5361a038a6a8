/**
 * "Test connection" on the options page: one cheap real request to the user's endpoint with plain fetch, and a
 * sentence that names what failed. GET /models first (free, and it fills the model list); servers that do not serve
 * it get a 1-token chat completion instead.
 */

export type ConnectionFailure =
  | 'unreachable'
  | 'timeout'
  | 'bad-key'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'bad-request'
  | 'server-error'
  | 'unexpected';

export type ConnectionResult =
  | {
      ok: true;
      /** Model ids from /models; empty when only the chat fallback answered. */
      models: string[];
      checkedWith: 'models' | 'chat';
      message: string;
    }
  | { ok: false; failure: ConnectionFailure; status?: number; message: string };

export interface ConnectionRequest {
  baseURL: string;
  apiKey: string;
  model: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const loopback = new Set(['localhost', '127.0.0.1']);

function authHeaders(apiKey: string): Record<string, string> {
  return apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
}

async function serverMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (message) return message;
  } catch {
    // Not JSON: show the start of whatever came back.
  }
  return text.trim().slice(0, 200);
}

async function describeHttpFailure(response: Response, url: URL, what: string): Promise<ConnectionResult> {
  const detail = await serverMessage(response);
  const said = detail ? ` The server said: “${detail}”` : '';
  const status = response.status;
  if (status === 401) {
    return { ok: false, failure: 'bad-key', status, message: `The server rejected the API key (401 Unauthorized). Check the key for ${url.host}, and that it has not been revoked.${said}` };
  }
  if (status === 403) {
    const hint = loopback.has(url.hostname)
      ? ' A local Ollama refuses requests from extensions unless it runs with OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* (set it, then restart Ollama). LM Studio and vLLM need CORS enabled in their settings.'
      : ' The key may lack access to this endpoint or model, or the provider blocks your region.';
    return { ok: false, failure: 'forbidden', status, message: `Forbidden (403) by ${url.host}.${hint}${said}` };
  }
  if (status === 404) {
    return { ok: false, failure: 'not-found', status, message: `Not found (404) at ${what}: check the base URL (OpenAI-compatible servers usually end in /v1) and the model name.${said}` };
  }
  if (status === 429) {
    return { ok: false, failure: 'rate-limited', status, message: `Rate-limited or out of credit (429) at ${url.host}.${said}` };
  }
  if (status >= 500) {
    return { ok: false, failure: 'server-error', status, message: `The server failed (${status}) at ${what}; it is reachable but not working right now.${said}` };
  }
  if (status >= 400) {
    return { ok: false, failure: 'bad-request', status, message: `The server refused the test request (${status}) at ${what}.${said}` };
  }
  return { ok: false, failure: 'unexpected', status, message: `Unexpected answer (${status}) from ${what}.${said}` };
}

async function timedFetch(doFetch: typeof fetch, url: URL, init: RequestInit, timeoutMs: number): Promise<Response | ConnectionResult> {
  try {
    return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return { ok: false, failure: 'timeout', message: `${url.host} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}.` };
    }
    const local = loopback.has(url.hostname) ? ' Is the local server (Ollama, LM Studio, vLLM, llama.cpp) running on that port?' : ' Check the address and your network.';
    return { ok: false, failure: 'unreachable', message: `Could not reach ${url.origin}.${local}` };
  }
}

/** `baseURL` must already have passed `checkBaseURL`. */
export async function testConnection({ baseURL, apiKey, model, fetch: doFetch = globalThis.fetch.bind(globalThis), timeoutMs = 15_000 }: ConnectionRequest): Promise<ConnectionResult> {
  const root = baseURL.replace(/\/+$/, '');
  const modelsUrl = new URL(`${root}/models`);
  const listed = await timedFetch(doFetch, modelsUrl, { headers: authHeaders(apiKey) }, timeoutMs);
  if (!(listed instanceof Response)) return listed;

  if (listed.ok) {
    const body = (await listed.json().catch(() => undefined)) as { data?: { id?: unknown }[] } | undefined;
    const models = (body?.data ?? []).map((entry) => entry.id).filter((id): id is string => typeof id === 'string');
    const known = !model || models.length === 0 || models.includes(model);
    return {
      ok: true,
      models,
      checkedWith: 'models',
      message: known
        ? `Connected to ${modelsUrl.host}: ${models.length} model${models.length === 1 ? '' : 's'} available.`
        : `Connected to ${modelsUrl.host}, but it does not list “${model}” among its ${models.length} models: check the model name.`,
    };
  }
  // Some compatible servers do not serve /models (or answer 405): a 1-token completion tells us the rest.
  if (listed.status !== 404 && listed.status !== 405) return describeHttpFailure(listed, modelsUrl, modelsUrl.href);
  await listed.body?.cancel();

  const chatUrl = new URL(`${root}/chat/completions`);
  const chat = await timedFetch(
    doFetch,
    chatUrl,
    {
      method: 'POST',
      headers: { ...authHeaders(apiKey), 'Content-Type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 1 }),
    },
    timeoutMs,
  );
  if (!(chat instanceof Response)) return chat;
  if (!chat.ok) return describeHttpFailure(chat, chatUrl, chatUrl.href);
  await chat.body?.cancel();
  return { ok: true, models: [], checkedWith: 'chat', message: `Connected to ${chatUrl.host}: “${model}” answered a 1-token test (this server does not list its models).` };
}
