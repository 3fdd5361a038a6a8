import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readAppearance, updateAppearance, watchAppearance, type Appearance } from '@/utils/storage/appearance';

describe('appearance', () => {
  it('starts following the system, covering the page, with no width of its own', async () => {
    expect(await readAppearance()).toEqual({ theme: 'system', pushPage: false });
  });

  it('keeps what the reader chose and tells every watcher', async () => {
    const seen: Appearance[] = [];
    const stop = watchAppearance((appearance) => seen.push(appearance));
    await updateAppearance({ theme: 'dark', sidebarWidth: 512 });
    await updateAppearance({ pushPage: true });
    await expect.poll(() => seen.at(-1)).toEqual({ theme: 'dark', sidebarWidth: 512, pushPage: true });
    stop();
  });

  it('replaces a malformed record field by field', async () => {
    await fakeBrowser.storage.local.set({ appearance: { theme: 'purple', pushPage: 'yes', sidebarWidth: 'wide' } });
    expect(await readAppearance()).toEqual({ theme: 'system', pushPage: false });
  });
});
