import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileAnswers, hostileModel } from '../fixtures/hostile';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai';

/** The "hostile:<name>" models of the fake server stream the corpus byte for byte, over the real wire format. */

let server: FakeOpenAI;

beforeAll(async () => {
  server = await startFakeOpenAI();
});

afterAll(async () => {
  await server.close();
});

async function streamedContent(model: string): Promise<{ content: string; deltas: number; finishReason: unknown }> {
  const response = await fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Deconstruct this paper for me.' }] }),
  });
  expect(response.status).toBe(200);
  const events = (await response.text())
    .split('\n\n')
    .filter((event) => event.startsWith('data: ') && event !== 'data: [DONE]')
    .map((event) => JSON.parse(event.slice('data: '.length)) as { choices: { delta: { content?: string }; finish_reason: unknown }[] });
  const choices = events.flatMap((event) => event.choices);
  const contents = choices.map((choice) => choice.delta.content ?? '').filter(Boolean);
  return { content: contents.join(''), deltas: contents.length, finishReason: choices.at(-1)?.finish_reason };
}

describe('hostile:<name> models', () => {
  it.each(['active-content', 'links', 'fake-key-form', 'bidi'] as const)('%s streams the corpus item exactly', async (name) => {
    const streamed = await streamedContent(hostileModel(name));
    expect(streamed.content).toBe(hostileAnswers()[name]);
    expect(streamed.finishReason).toBe('stop');
  });

  it('the 1 MB answer arrives whole, in large pieces', async () => {
    const streamed = await streamedContent(hostileModel('huge'));
    expect(streamed.content).toBe(hostileAnswers().huge);
    expect(streamed.deltas).toBe(Math.ceil(1_048_576 / 8_192));
  });

  it('an unknown hostile name falls back to the ordinary answer', async () => {
    expect((await streamedContent('hostile:no-such-item')).content).toContain('I see no paper in this request');
  });

  it('lists the hostile models, so they can be picked on the options page', async () => {
    const models = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(expect.arrayContaining([hostileModel('kitchen-sink'), hostileModel('nested-lists')]));
  });
});
