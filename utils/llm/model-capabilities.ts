/**
 * What the models a reader is likely to pick can take: images or not, and by which rule their images are
 * counted. Keyed like the price table (longest name prefix wins, vendor prefix ignored), so "gpt-4o-2024-08-06"
 * and "openai/gpt-4o" find "gpt-4o". A model not listed is unknown: figures stay off for it unless the reader
 * turns them on.
 */
import { imageTokens, type ImageTokenRule } from './image-tokens';
import { findByModelName } from './model-names';

export interface ModelCapability {
  /** Takes image parts in a chat message. */
  vision: boolean;
  /** How its images are counted; absent where no rule is published (local models, which cost nothing per token). */
  imageTokens?: ImageTokenRule;
}

/*
 * OpenAI, from the "Images and vision" guide (platform.openai.com/docs/guides/images-vision, "Calculating costs"),
 * read 2025-11. Tile models (high detail, base + per-512-px-tile): gpt-4o, gpt-4.1, gpt-4-turbo 85 + 170; gpt-4o-mini
 * 2,833 + 5,667 (its low price per token is offset by many tokens); o1 and o3 75 + 150; gpt-5 70 + 140. Patch models
 * (32-px patches, at most 1,536, times a multiplier): gpt-4.1-mini 1.62, gpt-4.1-nano 2.46, o4-mini 1.72, and, as the
 * guide lists them, gpt-5-mini 1.62 and gpt-5-nano 2.46 (users have measured lower bills for these two, about 1.2
 * and 1.5: community.openai.com/t/1377015; the published figure errs on the dear side, which suits an estimate).
 * o1-mini, o3-mini, gpt-3.5-turbo and the original gpt-4 take no images (the API answers "image_url is only
 * supported by certain models").
 */
const openAiTiles = (baseTokens: number, tileTokens: number): ModelCapability => ({ vision: true, imageTokens: { kind: 'tiles', baseTokens, tileTokens } });
const openAiPatches = (multiplier: number): ModelCapability => ({ vision: true, imageTokens: { kind: 'patches', multiplier, maxPatches: 1536 } });

/* Anthropic, from "Vision" (docs.anthropic.com/en/docs/build-with-claude/vision, "Evaluate image size"): tokens ≈
 * width × height / 750; an image over 1,568 px on its long edge or about 1,600 tokens (≈ 1.15 megapixels) is shrunk
 * first. Claude 3 and later see images; Claude 2 and Instant do not. */
const claude: ModelCapability = { vision: true, imageTokens: { kind: 'area', pixelsPerToken: 750, maxLongSide: 1568, maxPixels: 1_150_000 } };

/* Google, from "Understand and count tokens" (ai.google.dev/gemini-api/docs/tokens, Gemini 2.0 rule): 258 tokens for
 * an image within 384 × 384 px, else 258 per 768 × 768 tile. */
const gemini: ModelCapability = { vision: true, imageTokens: { kind: 'gemini-tiles', tokensPerTile: 258 } };

const localVision: ModelCapability = { vision: true };
const textOnly: ModelCapability = { vision: false };

export const modelCapabilities: Readonly<Record<string, ModelCapability>> = {
  'gpt-5': openAiTiles(70, 140),
  'gpt-5-mini': openAiPatches(1.62),
  'gpt-5-nano': openAiPatches(2.46),
  'gpt-4.1': openAiTiles(85, 170),
  'gpt-4.1-mini': openAiPatches(1.62),
  'gpt-4.1-nano': openAiPatches(2.46),
  'gpt-4o': openAiTiles(85, 170),
  'gpt-4o-mini': openAiTiles(2833, 5667),
  'gpt-4-turbo': openAiTiles(85, 170),
  'gpt-4': textOnly,
  'gpt-3.5-turbo': textOnly,
  o1: openAiTiles(75, 150),
  'o1-mini': textOnly,
  o3: openAiTiles(75, 150),
  'o3-mini': textOnly,
  'o4-mini': openAiPatches(1.72),
  // Through OpenRouter ("anthropic/claude-sonnet-4", "google/gemini-2.5-flash").
  claude,
  'claude-2': textOnly,
  'claude-2.0': textOnly,
  'claude-2.1': textOnly,
  'claude-instant': textOnly,
  gemini,
  // Local vision models as Ollama and LM Studio name them (ollama.com/search?c=vision).
  llava: localVision,
  bakllava: localVision,
  'llama3.2-vision': localVision,
  'qwen2.5vl': localVision,
  'qwen2.5-vl': localVision,
  'qwen3-vl': localVision,
  gemma3: localVision,
  'gemma-3': localVision,
  // Gemma 3's two smallest sizes are text-only.
  'gemma3:1b': textOnly,
  'gemma3:270m': textOnly,
  'minicpm-v': localVision,
  moondream: localVision,
  'granite3.2-vision': localVision,
  'mistral-small3.1': localVision,
  'mistral-small3.2': localVision,
  // The local presets' default models, and other common text-only families.
  qwen3: textOnly,
  'qwen2.5': textOnly,
  'llama3.1': textOnly,
  'llama3.2': textOnly,
  'llama3.3': textOnly,
  'deepseek-r1': textOnly,
  'deepseek-v3': textOnly,
  mistral: textOnly,
};

/** The capability of a model, or undefined when it is not known. */
export function capabilityOf(model: string, table: Readonly<Record<string, ModelCapability>> = modelCapabilities): ModelCapability | undefined {
  return findByModelName(model, table)?.value;
}

/** Input tokens the images of these pixel sizes cost this model; undefined when the model or its rule is unknown. */
export function imageInputTokens(model: string, images: readonly { widthPx: number; heightPx: number }[]): number | undefined {
  const rule = capabilityOf(model)?.imageTokens;
  if (!rule) return undefined;
  return images.reduce((total, image) => total + imageTokens(rule, image.widthPx, image.heightPx), 0);
}
