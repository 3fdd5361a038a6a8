import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describeKeyStorage, readApiKey, restrictKeyStorage, saveApiKey } from '@/utils/storage/api-key';
import { defaultSettings, settingsItem } from '@/utils/storage/settings';

describe('where the key lives', () => {
  it('keeps the API key in its own local item, never in sync, and never inside settings', async () => {
    await settingsItem.setValue({ ...defaultSettings, model: 'gpt-5' });
    await saveApiKey(' sk-proj-abc ');
    const local = await fakeBrowser.storage.local.get(null);
    expect(local.apiKey).toBe('sk-proj-abc');
    expect(await readApiKey()).toBe('sk-proj-abc');
    expect(JSON.stringify(local.settings)).not.toContain('sk-proj-abc');
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('says the content script cannot read the key only where the browser closed local storage to it', async () => {
    // Firefox: storage.local has no setAccessLevel.
    Object.assign(fakeBrowser.storage.local, { setAccessLevel: undefined });
    await restrictKeyStorage();
    expect(await describeKeyStorage()).toMatch(/could read the key; that script never does/);

    // Chrome: setAccessLevel closes local storage to content scripts.
    const setAccessLevel = vi.fn(() => Promise.resolve());
    Object.assign(fakeBrowser.storage.local, { setAccessLevel });
    await restrictKeyStorage();
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    expect(await describeKeyStorage()).toMatch(/not the extension's script that runs in them/);

    // A browser that has the method but refuses it for local storage.
    setAccessLevel.mockRejectedValueOnce(new Error('not supported for local'));
    await restrictKeyStorage();
    expect(await describeKeyStorage()).toMatch(/could read the key/);
    Reflect.deleteProperty(fakeBrowser.storage.local, 'setAccessLevel');
  });
});
