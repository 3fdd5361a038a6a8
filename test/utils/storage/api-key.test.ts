import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { apiKeyStore, describeKeyStorage, legacyApiKeyName, moveLegacyApiKey, readApiKey, restrictLocalStorage, saveApiKey } from '@/utils/storage/api-key';
import { readKeyRecord } from '@/utils/storage/key-database';
import { defaultSettings, settingsItem } from '@/utils/storage/settings';
import { backgroundAnswersFrom } from '../../support/background-answers';

/**
 * The key lives in the extension-origin IndexedDB (fake-indexeddb here: a full in-memory implementation of the
 * standard, so transactions commit and abort as in a browser), never in extension storage, which content scripts
 * can read on Firefox. A key an older version left in local storage is moved, never lost.
 */

beforeEach(() => {
  vi.restoreAllMocks();
  globalThis.indexedDB = new IDBFactory();
});

async function everyStorageArea(): Promise<Record<string, unknown>> {
  return {
    local: await fakeBrowser.storage.local.get(null),
    session: await fakeBrowser.storage.session.get(null),
    sync: await fakeBrowser.storage.sync.get(null),
  };
}

describe('where the key lives', () => {
  it('the options page saves it through the background into its database: never in a storage area, never in settings', async () => {
    backgroundAnswersFrom('/options.html');
    await settingsItem.setValue({ ...defaultSettings, model: 'gpt-5' });
    await saveApiKey(' sk-proj-abc ');
    expect(await readKeyRecord()).toBe('sk-proj-abc');
    expect(await readApiKey()).toBe('sk-proj-abc');
    expect(JSON.stringify(await everyStorageArea())).not.toContain('sk-proj-abc');
  });

  it('a page the background refuses gets an error, not an empty key', async () => {
    await apiKeyStore.set('sk-proj-abc');
    backgroundAnswersFrom('/popup.html');
    await expect(readApiKey()).rejects.toThrow('Not accepted from this sender.');
    await expect(saveApiKey('sk-mallory')).rejects.toThrow('Not accepted from this sender.');
    expect(await readKeyRecord()).toBe('sk-proj-abc');
  });

  it('saving an empty key forgets it', async () => {
    await apiKeyStore.set('sk-proj-abc');
    await apiKeyStore.set('');
    expect(await readKeyRecord()).toBeUndefined();
    expect(await apiKeyStore.get()).toBe('');
  });
});

describe('an old key in local storage is moved, not lost', () => {
  it('moves it into the database and deletes the old copy', async () => {
    await fakeBrowser.storage.local.set({ [legacyApiKeyName]: 'sk-old-123', settings: { model: 'gpt-5' } });
    expect(await apiKeyStore.get()).toBe('sk-old-123');
    expect(await readKeyRecord()).toBe('sk-old-123');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ settings: { model: 'gpt-5' } });
  });

  it('interrupted before the database write committed: the old copy stays, is still used, and moves on the next try', async () => {
    await fakeBrowser.storage.local.set({ [legacyApiKeyName]: 'sk-old-123' });
    // The write's transaction aborts, as when the browser quits mid-write or the disk is full.
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(function (this: IDBObjectStore) {
      this.transaction.abort();
      return {} as IDBRequest<IDBValidKey>;
    });
    await expect(moveLegacyApiKey()).rejects.toThrow();
    expect(put).toHaveBeenCalledTimes(1);
    expect(await fakeBrowser.storage.local.get(legacyApiKeyName)).toEqual({ [legacyApiKeyName]: 'sk-old-123' });
    expect(await readKeyRecord()).toBeUndefined();

    expect(await apiKeyStore.get()).toBe('sk-old-123');
    expect(await readKeyRecord()).toBe('sk-old-123');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('interrupted after the write, before the old copy was deleted: the next read deletes it and keeps the key', async () => {
    await fakeBrowser.storage.local.set({ [legacyApiKeyName]: 'sk-old-123' });
    const remove = vi.spyOn(fakeBrowser.storage.local, 'remove').mockRejectedValueOnce(new Error('browser quit'));
    await expect(moveLegacyApiKey()).rejects.toThrow('browser quit');
    expect(remove).toHaveBeenCalledTimes(1);
    expect(await readKeyRecord()).toBe('sk-old-123');
    expect(await fakeBrowser.storage.local.get(legacyApiKeyName)).toEqual({ [legacyApiKeyName]: 'sk-old-123' });

    expect(await apiKeyStore.get()).toBe('sk-old-123');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('a key already in the database is the newer one: a leftover old copy is deleted, not moved over it', async () => {
    await apiKeyStore.set('sk-new-456');
    await fakeBrowser.storage.local.set({ [legacyApiKeyName]: 'sk-old-123' });
    expect(await apiKeyStore.get()).toBe('sk-new-456');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('an empty old key is dropped and nothing is written', async () => {
    await fakeBrowser.storage.local.set({ [legacyApiKeyName]: '' });
    expect(await apiKeyStore.get()).toBe('');
    expect(await readKeyRecord()).toBeUndefined();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
});

describe('what the options page says about the key', () => {
  it('the key is out of the content script reach in every browser; the other settings only where local storage was closed', async () => {
    // Firefox: storage.local has no setAccessLevel.
    Object.assign(fakeBrowser.storage.local, { setAccessLevel: undefined });
    await restrictLocalStorage();
    const firefox = await describeKeyStorage();
    expect(firefox).toMatch(/only its background opens: the pages you visit and the extension's script in them cannot read it/);
    expect(firefox).toMatch(/does not let the extension close to its script in web pages/);

    // Chrome: setAccessLevel closes local storage to content scripts.
    const setAccessLevel = vi.fn(() => Promise.resolve());
    Object.assign(fakeBrowser.storage.local, { setAccessLevel });
    await restrictLocalStorage();
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    const chrome = await describeKeyStorage();
    expect(chrome).toMatch(/only its background opens/);
    expect(chrome).toMatch(/lets the extension close to that script too/);

    // A browser that has the method but refuses it for local storage.
    setAccessLevel.mockRejectedValueOnce(new Error('not supported for local'));
    await restrictLocalStorage();
    expect(await describeKeyStorage()).toBe(firefox);
    Reflect.deleteProperty(fakeBrowser.storage.local, 'setAccessLevel');
  });
});
