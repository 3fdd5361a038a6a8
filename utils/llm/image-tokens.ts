/**
 * What one image costs in input tokens, by each provider's published rule. Images are billed as input tokens at
 * the model's input price, so with these counts the price table prices figures like text.
 */

export type ImageTokenRule =
  /** OpenAI "high" detail: fit in 2048 × 2048, shortest side down to 768, then a base plus a price per 512 px tile. */
  | { kind: 'tiles'; baseTokens: number; tileTokens: number }
  /** OpenAI's newer small models: 32 px patches, at most `maxPatches` (the image is shrunk to fit), times a multiplier. */
  | { kind: 'patches'; multiplier: number; maxPatches: number }
  /** Anthropic: width × height / 750, after shrinking to a 1,568 px long edge and about 1.15 megapixels. */
  | { kind: 'area'; pixelsPerToken: number; maxLongSide: number; maxPixels: number }
  /** Google Gemini 2.x: 258 tokens for an image within 384 × 384, else 258 per 768 × 768 tile. */
  | { kind: 'gemini-tiles'; tokensPerTile: number };

function shrinkToFit(width: number, height: number, maxWidth: number, maxHeight: number): [number, number] {
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return [width * scale, height * scale];
}

function openAiTiles(width: number, height: number, baseTokens: number, tileTokens: number): number {
  let [w, h] = shrinkToFit(width, height, 2048, 2048);
  const shortest = Math.min(w, h);
  if (shortest > 768) {
    [w, h] = [(w * 768) / shortest, (h * 768) / shortest];
  }
  return baseTokens + tileTokens * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/** OpenAI's patch rule, as its vision guide spells it: shrink until the patches fit, snapping to whole patches. */
function openAiPatches(width: number, height: number, multiplier: number, maxPatches: number): number {
  const patchSide = 32;
  let patches = Math.ceil(width / patchSide) * Math.ceil(height / patchSide);
  if (patches > maxPatches) {
    const shrink = Math.sqrt((patchSide * patchSide * maxPatches) / (width * height));
    const snap = Math.min(Math.floor((width * shrink) / patchSide) / ((width * shrink) / patchSide), Math.floor((height * shrink) / patchSide) / ((height * shrink) / patchSide));
    const scaled = shrink * snap;
    patches = Math.ceil(Math.floor(width * scaled) / patchSide) * Math.ceil(Math.floor(height * scaled) / patchSide);
  }
  return Math.round(Math.min(patches, maxPatches) * multiplier);
}

function anthropicArea(width: number, height: number, rule: Extract<ImageTokenRule, { kind: 'area' }>): number {
  let [w, h] = shrinkToFit(width, height, rule.maxLongSide, rule.maxLongSide);
  if (w * h > rule.maxPixels) {
    const scale = Math.sqrt(rule.maxPixels / (w * h));
    [w, h] = [w * scale, h * scale];
  }
  return Math.ceil((w * h) / rule.pixelsPerToken);
}

function geminiTiles(width: number, height: number, tokensPerTile: number): number {
  if (width <= 384 && height <= 384) return tokensPerTile;
  return tokensPerTile * Math.ceil(width / 768) * Math.ceil(height / 768);
}

export function imageTokens(rule: ImageTokenRule, widthPx: number, heightPx: number): number {
  const [width, height] = [Math.max(1, widthPx), Math.max(1, heightPx)];
  switch (rule.kind) {
    case 'tiles':
      return openAiTiles(width, height, rule.baseTokens, rule.tileTokens);
    case 'patches':
      return openAiPatches(width, height, rule.multiplier, rule.maxPatches);
    case 'area':
      return anthropicArea(width, height, rule);
    case 'gemini-tiles':
      return geminiTiles(width, height, rule.tokensPerTile);
  }
}
