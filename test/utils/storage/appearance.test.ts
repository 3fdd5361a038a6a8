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

  it('two changes made at once on one page both stay (the options page clicked twice, the sidebar dragged twice)', async () => {
    await Promise.all([updateAppearance({ theme: 'dark' }), updateAppearance({ pushPage: true }), updateAppearance({ sidebarWidth: 480 })]);
    expect(await readAppearance()).toEqual({ theme: 'dark', pushPage: true, sidebarWidth: 480 });
  });

  it('replaces a malformed record field by field', async () => {
    await fakeBrowser.storage.local.set({ appearance: { theme: 'purple', pushPage: 'yes', sidebarWidth: 'wide' } });
    expect(await readAppearance()).toEqual({ theme: 'system', pushPage: false });
  });
});
