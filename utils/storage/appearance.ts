import { storage } from '#imports';
import { oneAtATime } from '@/utils/one-at-a-time';

/**
 * How the extension looks, apart from the model settings (which have their own item and migrations): the theme,
 * the sidebar's width once the reader has dragged it, and whether the open sidebar pushes the page aside.
 */

export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

export interface Appearance {
  theme: ThemeChoice;
  /** CSS pixels; undefined until the reader drags the sidebar's edge, so the width follows the window until then. */
  sidebarWidth?: number;
  /** The open sidebar shifts the page left instead of covering its right side. */
  pushPage: boolean;
}

export const defaultAppearance: Appearance = { theme: 'system', pushPage: false };

export const appearanceItem = storage.defineItem<Appearance>('local:appearance', { fallback: defaultAppearance });

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return (themeChoices as readonly unknown[]).includes(value);
}

/** The stored appearance with anything malformed (an old or hand-edited record) replaced by its default. */
export async function readAppearance(): Promise<Appearance> {
  const stored = (await appearanceItem.getValue()) as Partial<Appearance> | null;
  const width = stored?.sidebarWidth;
  return {
    theme: isThemeChoice(stored?.theme) ? stored.theme : defaultAppearance.theme,
    pushPage: typeof stored?.pushPage === 'boolean' ? stored.pushPage : defaultAppearance.pushPage,
    ...(typeof width === 'number' && Number.isFinite(width) ? { sidebarWidth: width } : {}),
  };
}

// Each change reads the record, then writes it whole: changes made on one page take turns, so a second click (or
// drag) before the first change has landed does not write the first one's old values back.
const inTurn = oneAtATime();

export function updateAppearance(patch: Partial<Appearance>): Promise<Appearance> {
  return inTurn(async () => {
    const next = { ...(await readAppearance()), ...patch };
    await appearanceItem.setValue(next);
    return next;
  });
}

/** Calls back with the appearance now and on every change (from any page). Returns the function that stops watching. */
export function watchAppearance(callback: (appearance: Appearance) => void): () => void {
  let live = true;
  void readAppearance().then((appearance) => live && callback(appearance));
  const unwatch = appearanceItem.watch(() => void readAppearance().then((appearance) => live && callback(appearance)));
  return () => {
    live = false;
    unwatch();
  };
}
