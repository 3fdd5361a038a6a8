import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { relayTo } from './relay';

/**
 * A loopback pass-through in front of the fake OpenAI server, which counts chat requests in flight (from arrival
 * until the response ends or the client goes away), so concurrency is measured where the provider would see it.
 * `faultFor` may name a fault model for a request: the fake server picks faults by model name, so one entry of a
 * batch can fail while the others, sent with the same settings, succeed.
 */
export interface CountingProxy {
  /** Base URL ending in /v1, to put in Settings. */
  url: string;
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Chat requests received, in arrival order, with the paper title read from the prompt. */
  readonly chatTitles: string[];
  /** How long each finished chat request took, from arrival to the end of its response, in milliseconds. */
  readonly chatDurationsMs: number[];
  close(): Promise<void>;
}

export interface CountingProxyOptions {
  /** A fault model name ("fault-500") for requests about this title, or undefined to pass the request on unchanged. */
  faultFor?: (title: string) => string | undefined;
}

interface ChatBody {
  model?: string;
  messages?: { content?: unknown }[];
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function titleIn(body: ChatBody): string {
  const prompt = (body.messages ?? []).map((message) => (typeof message.content === 'string' ? message.content : '')).join('\n');
  return /^Title: (.*)$/m.exec(prompt)?.[1] ?? '';
}

export async function startCountingProxy(targetBaseUrl: string, options: CountingProxyOptions = {}): Promise<CountingProxy> {
  const target = new URL(targetBaseUrl);
  let inFlight = 0;
  let maxInFlight = 0;
  const chatTitles: string[] = [];
  const chatDurationsMs: number[] = [];
  const sockets = new Set<Socket>();

  const server = createServer(async (request, response) => {
    const isChat = request.method === 'POST' && (request.url ?? '').endsWith('/chat/completions');
    let body = await readAll(request);
    if (isChat) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const arrivedAt = performance.now();
      let counted = true;
      const done = () => {
        if (!counted) return;
        counted = false;
        inFlight -= 1;
        chatDurationsMs.push(performance.now() - arrivedAt);
      };
      response.once('finish', done);
      response.once('close', done);
      const chat = JSON.parse(body.toString('utf8')) as ChatBody;
      const title = titleIn(chat);
      chatTitles.push(title);
      const fault = options.faultFor?.(title);
      if (fault) body = Buffer.from(JSON.stringify({ ...chat, model: fault }));
    }
    const headers = { ...request.headers, host: target.host, 'content-length': String(body.length) };
    relayTo(response, { host: target.hostname, port: target.port, method: request.method, path: request.url, headers }).end(body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    chatTitles,
    chatDurationsMs,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
