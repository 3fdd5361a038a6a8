import { describe, expect, it } from 'vitest';
import { decideFigureSending } from '@/utils/llm/figure-sending';
import { imageTokens } from '@/utils/llm/image-tokens';
import { capabilityOf, imageInputTokens } from '@/utils/llm/model-capabilities';
import { providerPresets } from '@/utils/llm/providers';
import { planFigureRender } from '@/utils/pdf/figure-render';

describe('imageTokens, against the providers’ own worked examples', () => {
  it('OpenAI tiles: 1024 × 1024 is 765 tokens and 2048 × 4096 is 1,105 on gpt-4o (85 + 170 per tile)', () => {
    const gpt4o = { kind: 'tiles', baseTokens: 85, tileTokens: 170 } as const;
    expect(imageTokens(gpt4o, 1024, 1024)).toBe(765);
    expect(imageTokens(gpt4o, 2048, 4096)).toBe(1105);
    // Small images are not enlarged: one tile.
    expect(imageTokens(gpt4o, 300, 200)).toBe(255);
  });

  it('OpenAI patches: 1024 × 1024 is 1,024 patches and 1800 × 2400 shrinks to 1,452, times the model multiplier', () => {
    expect(imageTokens({ kind: 'patches', multiplier: 1, maxPatches: 1536 }, 1024, 1024)).toBe(1024);
    expect(imageTokens({ kind: 'patches', multiplier: 1, maxPatches: 1536 }, 1800, 2400)).toBe(1452);
    expect(imageTokens({ kind: 'patches', multiplier: 1.62, maxPatches: 1536 }, 1024, 1024)).toBe(1659);
  });

  it('Anthropic: width × height / 750, a 1000 × 1000 image about 1,334 tokens; large ones are shrunk first', () => {
    const rule = { kind: 'area', pixelsPerToken: 750, maxLongSide: 1568, maxPixels: 1_150_000 } as const;
    expect(imageTokens(rule, 1000, 1000)).toBe(1334);
    expect(imageTokens(rule, 4000, 3000)).toBeLessThanOrEqual(1534);
  });

  it('Gemini: 258 tokens within 384 × 384, else 258 per 768 × 768 tile', () => {
    expect(imageTokens({ kind: 'gemini-tiles', tokensPerTile: 258 }, 384, 300)).toBe(258);
    expect(imageTokens({ kind: 'gemini-tiles', tokensPerTile: 258 }, 1024, 600)).toBe(516);
  });
});

describe('the capability table', () => {
  it('knows every preset’s default model, and says which read images', () => {
    const byPreset = Object.fromEntries(providerPresets.filter((preset) => preset.defaultModel).map((preset) => [preset.id, capabilityOf(preset.defaultModel)?.vision]));
    expect(byPreset).toEqual({ openai: true, openrouter: true, azure: true, ollama: false, lmstudio: false, vllm: false, llamacpp: undefined });
  });

  it('finds dated, vendor-prefixed and tagged names, the longest entry first', () => {
    expect(capabilityOf('gpt-4o-2024-08-06')?.imageTokens).toEqual({ kind: 'tiles', baseTokens: 85, tileTokens: 170 });
    expect(capabilityOf('gpt-4o-mini-2024-07-18')?.imageTokens).toEqual({ kind: 'tiles', baseTokens: 2833, tileTokens: 5667 });
    expect(capabilityOf('openai/gpt-4.1-mini')?.imageTokens).toMatchObject({ kind: 'patches', multiplier: 1.62 });
    expect(capabilityOf('anthropic/claude-sonnet-4')?.imageTokens?.kind).toBe('area');
    expect(capabilityOf('google/gemini-2.5-flash')?.imageTokens?.kind).toBe('gemini-tiles');
    expect(capabilityOf('llava:13b')).toEqual({ vision: true });
    expect(capabilityOf('qwen2.5vl:7b')?.vision).toBe(true);
    expect(capabilityOf('gemma3:1b')?.vision).toBe(false);
    expect(capabilityOf('gemma3:12b')?.vision).toBe(true);
    expect(capabilityOf('o3-mini')?.vision).toBe(false);
    expect(capabilityOf('gpt-4-0613')?.vision).toBe(false);
    expect(capabilityOf('gpt-4-turbo-2024-04-09')?.vision).toBe(true);
    expect(capabilityOf('claude-2.1')?.vision).toBe(false);
    expect(capabilityOf('my-finetune')).toBeUndefined();
  });

  it('prices six page-wide figures in input tokens as the model counts them', () => {
    const figure = planFigureRender({ page: 9, region: { left: 50, bottom: 400, right: 560, top: 720 } });
    expect([figure.widthPx, figure.heightPx]).toEqual([1024, 643]);
    const six = Array.from({ length: 6 }, () => figure);
    // gpt-4o: 85 + 170 × (2 × 2 tiles) each; gpt-4.1-mini: 32 × 21 patches × 1.62 each.
    expect(imageInputTokens('gpt-4o', six)).toBe(6 * 765);
    expect(imageInputTokens('gpt-4.1-mini', six)).toBe(6 * 1089);
    expect(imageInputTokens('llava:13b', six)).toBeUndefined();
    expect(imageInputTokens('my-finetune', six)).toBeUndefined();
  });
});

describe('decideFigureSending', () => {
  const auto = { sendFigures: 'auto' as const, maxFigures: 6 };

  it('auto sends figures to a vision model, up to the setting', () => {
    expect(decideFigureSending('gpt-4o', auto)).toEqual({ send: true, maxFigures: 6, reason: 'vision-model' });
    expect(decideFigureSending('llava:13b', { ...auto, maxFigures: 3 })).toMatchObject({ send: true, maxFigures: 3 });
  });

  it('auto keeps them from a text-only model and, saying how to change it, from an unknown one', () => {
    expect(decideFigureSending('qwen3:8b', auto)).toMatchObject({ send: false, reason: 'text-only-model' });
    expect(decideFigureSending('my-finetune', auto)).toMatchObject({ send: false, reason: 'unknown-model', message: expect.stringContaining('always') });
  });

  it('"always" sends to any model, unknown ones included; "never" to none', () => {
    expect(decideFigureSending('my-finetune', { ...auto, sendFigures: 'always' })).toMatchObject({ send: true, reason: 'reader-chose-always' });
    expect(decideFigureSending('gpt-4o', { ...auto, sendFigures: 'never' })).toMatchObject({ send: false, reason: 'reader-chose-never' });
  });

  it('keeps the figure count between 1 and 12', () => {
    expect(decideFigureSending('gpt-4o', { ...auto, maxFigures: 40 })).toMatchObject({ maxFigures: 12 });
    expect(decideFigureSending('gpt-4o', { ...auto, maxFigures: 0 })).toMatchObject({ maxFigures: 6 });
    expect(decideFigureSending('gpt-4o', { ...auto, maxFigures: -3 })).toMatchObject({ maxFigures: 1 });
  });
});
