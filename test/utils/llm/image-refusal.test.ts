import { describe, expect, it } from 'vitest';
import { isImageRefusal, isImageRefusalError } from '@/utils/llm/image-refusal';
import { streamChat } from '@/utils/llm/openai-client';

/** Error replies as the servers send them, copied from their issue trackers (see utils/llm/image-refusal.ts). */
const refusals: { server: string; status: number; body: unknown }[] = [
  {
    server: 'OpenAI, text-only model',
    status: 400,
    body: { error: { message: 'Invalid content type. image_url is only supported by certain models.', type: 'invalid_request_error', param: 'messages.[0].content.[1].type', code: null } },
  },
  { server: 'OpenRouter, no image-capable provider', status: 404, body: { error: { message: 'No endpoints found that support image input', code: 404 } } },
  { server: 'Ollama, text-only model', status: 400, body: { error: { message: 'this model does not support image input', type: 'invalid_request_error', param: null, code: null } } },
  { server: 'Ollama, vision model without its projector', status: 500, body: { error: 'Failed to create new sequence: failed to process inputs: this model is missing data required for image input' } },
  { server: 'vLLM, text-only model', status: 400, body: { object: 'error', message: 'facebook/opt-125m is not a multimodal model None', type: 'BadRequestError', param: null, code: 400 } },
  { server: 'LM Studio, text-only model', status: 400, body: { error: 'Model does not support images. Please use a model that does.' } },
  { server: 'llama.cpp without --mmproj', status: 500, body: { error: { code: 500, message: 'image input is not supported - hint: if this is unexpected, you may need to provide the mmproj', type: 'server_error' } } },
  { server: 'llama.cpp, older wording', status: 500, body: { error: { code: 500, message: 'image input is not supported by this server', type: 'server_error' } } },
  { server: 'a gateway, plain text', status: 400, body: 'This model does not support image inputs.' },
];

/** Other failures with words near "image" or "model" that must not be taken for a refusal of images. */
const otherFailures: { case: string; status: number; body: unknown }[] = [
  { case: 'context too long', status: 400, body: { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 190000 tokens.", code: 'context_length_exceeded' } } },
  { case: 'unknown model', status: 404, body: { error: { message: 'The model `gpt-9` does not exist or you do not have access to it.', code: 'model_not_found' } } },
  { case: 'bad key, whatever it says', status: 401, body: { error: { message: 'Incorrect API key provided. This model does not support images without a key.' } } },
  { case: 'rate limit', status: 429, body: { error: { message: 'Rate limit reached for images per minute', code: 'rate_limit_exceeded' } } },
  { case: 'image too large', status: 400, body: { error: { message: 'Image size exceeds the limit of 20 MB.' } } },
  { case: 'server error', status: 500, body: { error: { message: 'The server had an error while processing your request.' } } },
];

describe('isImageRefusal', () => {
  it.each(refusals)('recognises $server ($status)', ({ status, body }) => {
    expect(isImageRefusal({ status, body })).toBe(true);
  });

  it.each(otherFailures)('does not take $case ($status) for a refusal of images', ({ status, body }) => {
    expect(isImageRefusal({ status, body })).toBe(false);
  });

  it('ignores a successful reply whatever it says', () => {
    expect(isImageRefusal({ status: 200, body: 'image input is not supported' })).toBe(false);
  });
});

describe('isImageRefusalError, on the errors the openai SDK throws for these replies', () => {
  const settings = { provider: 'custom' as const, baseURL: 'https://models.example.org/v1', apiKey: 'sk-test', model: 'some-model' };
  const thrownFor = (status: number, body: unknown) =>
    streamChat({
      settings,
      messages: [{ role: 'user', content: 'What does Fig. 3 show?' }],
      onDelta: () => {},
      fetch: async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' } }),
    }).then(
      () => undefined,
      (error: unknown) => error,
    );

  it.each(refusals)('recognises $server through the SDK', async ({ status, body }) => {
    expect(isImageRefusalError(await thrownFor(status, body))).toBe(true);
  });

  it.each(otherFailures)('does not take $case for one through the SDK', async ({ status, body }) => {
    const error = await thrownFor(status, body);
    expect(error).toBeInstanceOf(Error);
    expect(isImageRefusalError(error)).toBe(false);
  });
});
