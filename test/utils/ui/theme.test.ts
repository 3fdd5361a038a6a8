/** @vitest-environment happy-dom */
import { describe, expect, it } from 'vitest';
import { updateAppearance } from '@/utils/storage/appearance';
import { applyTheme, followThemeSetting } from '@/utils/ui/theme';

describe('theme', () => {
  it('pins light or dark on the root, and leaves "system" to the browser', () => {
    const root = document.createElement('html');
    applyTheme(root, 'dark');
    expect(root.dataset.theme).toBe('dark');
    applyTheme(root, 'system');
    expect(root.dataset.theme).toBeUndefined();
  });

  it('follows the setting as it changes', async () => {
    const root = document.createElement('html');
    const stop = followThemeSetting(root);
    await updateAppearance({ theme: 'light' });
    await expect.poll(() => root.dataset.theme).toBe('light');
    await updateAppearance({ theme: 'system' });
    await expect.poll(() => root.dataset.theme).toBeUndefined();
    stop();
  });
});
