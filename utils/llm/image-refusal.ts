/**
 * Recognises an endpoint refusing the images of a request, so a take can retry once without its figures and say
 * so. Each wording below was seen in a real reply (the project's issue tracker named beside it); the generic ones
 * catch rephrasings. Only asked about a request that carried images, and never about auth or rate-limit replies.
 */

const refusalWordings: RegExp[] = [
  // OpenAI, 400 invalid_request_error, for a text-only model (gpt-3.5-turbo, o3-mini): openai/openai-python, vllm-project/vllm#11629.
  /image_url is only supported by certain models/i,
  // OpenRouter, 404, when no provider of the model takes images: github/app#2163, nexu-io/nexu#875.
  /no endpoints found that support image input/i,
  // Ollama, 400 "this model does not support image input" (ollama/ollama#17301); LM Studio, "Model does not support
  // images. Please use a model that does." (lmstudio-ai/lmstudio-bug-tracker#362, #908).
  /model does not support image/i,
  // Ollama, 500, a model without its vision projector: "failed to process inputs: this model is missing data required
  // for image input" (open-webui/open-webui#13077).
  /missing data required for image input/i,
  // vLLM, 400 BadRequestError "facebook/opt-125m is not a multimodal model" (studio-dots-ai/dots.ocr#61, vllm-project/vllm#19144).
  /is not a multimodal model/i,
  // vLLM started with --limit-mm-per-prompt image=0.
  /at most 0 image\(s\) may be provided/i,
  // llama.cpp's llama-server, 500: "image input is not supported by this server" (ggml-org/llama.cpp#13566) and
  // "image input is not supported - hint: if this is unexpected, you may need to provide the mmproj" (#15377).
  /image input is not supported/i,
  // Rephrasings of the same refusal by gateways and newer servers.
  /(does not|doesn't|do not|cannot|can't) (support|accept|handle|process) (image|vision|multimodal)/i,
  /(image|vision|multimodal) (input|inputs|content|messages?)? ?(is|are) not (supported|enabled|allowed)/i,
];

/** Statuses that mean something else whatever the words: a bad key, a forbidden region, a rate limit. */
const otherMeaningStatuses = new Set([401, 403, 429]);

/** Every string in an error body (nested JSON included, a few levels deep), joined. */
function wordsOf(body: unknown, depth = 0): string {
  if (typeof body === 'string') return body;
  if (depth > 4 || body === null || typeof body !== 'object') return '';
  return Object.values(body as Record<string, unknown>)
    .map((value) => wordsOf(value, depth + 1))
    .filter(Boolean)
    .join(' ');
}

export interface EndpointReply {
  status?: number;
  /** The reply's body, parsed JSON or text. */
  body: unknown;
}

export function isImageRefusal(reply: EndpointReply): boolean {
  if (reply.status !== undefined && (reply.status < 400 || otherMeaningStatuses.has(reply.status))) return false;
  const words = wordsOf(reply.body);
  return refusalWordings.some((wording) => wording.test(words));
}

/** The same question about a thrown error: the openai SDK's APIError carries `status`, the parsed `error` and a `message`. */
export function isImageRefusalError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { status, error: body, message } = error as { status?: unknown; error?: unknown; message?: unknown };
  return isImageRefusal({ status: typeof status === 'number' ? status : undefined, body: [body, message] });
}
