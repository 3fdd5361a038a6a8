/**
 * What the benches that time a take from click to first request share: the shared papers served over local HTTP,
 * the moment a streamed request leaves for the fake model server, and the median they report.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { streamChat } from '@/utils/llm/openai-client';
import type { ChatMessage } from '@/utils/prompt/critique-prompt';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Serves the files of a folder; `?delay=ms` holds the answer back, as a real download over the network takes time. */
export async function servePapers(papersDir: string): Promise<{ base: string; close(): void }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    const body = readFileSync(join(papersDir, decodeURIComponent(url.pathname.slice(1))));
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': body.length }).end(body), Number(url.searchParams.get('delay') ?? 0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

/** Streams the messages to the model server as a take does, and returns the moment the request left (performance.now()). */
export async function firstRequestAt(modelServerUrl: string, model: string, messages: ChatMessage[]): Promise<number> {
  let requested = 0;
  const stop = new AbortController();
  await streamChat({
    settings: { provider: 'custom', baseURL: modelServerUrl, apiKey: 'sk-bench', model },
    messages,
    signal: stop.signal,
    fetch: (input, init) => {
      requested = performance.now();
      return fetch(input, init);
    },
    onDelta: () => stop.abort(),
  });
  return requested;
}
