import { watchAppearance, type ThemeChoice } from '@/utils/storage/appearance';

/**
 * The reader's theme on a page's root element. "system" leaves the choice to the browser (the stylesheet's
 * light-dark() follows prefers-color-scheme); "light" and "dark" pin it.
 */
export function applyTheme(root: HTMLElement, theme: ThemeChoice): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/** Applies the stored theme now and whenever it changes in settings. */
export function followThemeSetting(root: HTMLElement = document.documentElement): () => void {
  return watchAppearance((appearance) => applyTheme(root, appearance.theme));
}
