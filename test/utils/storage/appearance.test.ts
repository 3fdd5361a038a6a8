import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clampSidebarWidth, readAppearance, sidebarWidthLimits, updateAppearance, watchAppearance, type Appearance } from '@/utils/storage/appearance';

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

describe('clampSidebarWidth', () => {
  it('never goes under the minimum, and leaves the page room in a small window', () => {
    expect(clampSidebarWidth(100, 1440)).toBe(sidebarWidthLimits.min);
    expect(clampSidebarWidth(5000, 1440)).toBe(sidebarWidthLimits.max);
    expect(clampSidebarWidth(900, 1024)).toBe(1024 - sidebarWidthLimits.pageKeeps);
    expect(clampSidebarWidth(450.6, 1440)).toBe(451);
    // A window narrower than both: the sidebar keeps its readable minimum.
    expect(clampSidebarWidth(400, 500)).toBe(sidebarWidthLimits.min);
  });
});
