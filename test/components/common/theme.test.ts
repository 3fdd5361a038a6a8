import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The palette meets WCAG AA in both themes: every text colour on every background it is used on (4.5:1; 3:1 for the
 * focus ring against the page, a non-text indicator). The colours are read from the stylesheet itself.
 */
const css = readFileSync(join(import.meta.dirname, '../../../components/common/theme.css'), 'utf8');
const tokens = new Map([...css.matchAll(/--([\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)].map((m) => [m[1]!, { light: m[2]!, dark: m[3]! }]));

function luminance(hex: string): number {
  const channel = (at: number) => {
    const value = parseInt(hex.slice(at, at + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const backgrounds = ['bg', 'surface', 'surface-2'];
const textPairs: [string, string][] = [
  ...['ink', 'ink-2', 'accent', 'link'].flatMap((text) => backgrounds.map((background): [string, string] => [text, background])),
  ['on-accent', 'accent-fill'],
  ['accent', 'accent-soft'],
  ['ink', 'accent-soft'],
  ['ok', 'ok-soft'],
  ['ok', 'surface-2'],
  ['warn', 'warn-soft'],
  ['warn', 'surface-2'],
  ['bad', 'bad-soft'],
  ['bad', 'surface-2'],
  ['ink', 'bad-soft'],
  ['ink', 'warn-soft'],
  ['ink', 'ok-soft'],
  ['neutral', 'neutral-soft'],
  ['ink-2', 'neutral-soft'],
];

describe('the palette', () => {
  it('reads every token it checks from the stylesheet', () => {
    for (const [text, background] of textPairs) {
      expect(tokens.has(text), text).toBe(true);
      expect(tokens.has(background), background).toBe(true);
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it.each(textPairs)(`${theme}: --%s on --%s is at least 4.5:1`, (text, background) => {
      expect(contrast(tokens.get(text)![theme], tokens.get(background)![theme])).toBeGreaterThanOrEqual(4.5);
    });

    it(`${theme}: the focus ring stands out from every background (3:1)`, () => {
      for (const background of backgrounds) expect(contrast(tokens.get('focus')![theme], tokens.get(background)![theme])).toBeGreaterThanOrEqual(3);
    });
  }

  it('sets the type scale on body, where the browser injects its 75%, with the take at 15 px / 1.55', () => {
    expect(css).toMatch(/--text-body:\s*15px;/);
    expect(css).toMatch(/--leading-body:\s*1\.55;/);
    expect(/\nbody \{[^}]*font-size: var\(--text-ui\);/.test(css)).toBe(true);
    expect(/\.reading \{[^}]*font-size: var\(--text-body\);[^}]*line-height: var\(--leading-body\);/.test(css)).toBe(true);
  });
});
