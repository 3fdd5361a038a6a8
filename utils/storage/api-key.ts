import { browser, storage } from '#imports';
import { sendToBackground } from '@/utils/messaging';
import { deleteKeyRecord, readKeyRecord, writeKeyRecord } from './key-database';

/**
 * The API key: the one module that stores, reads and describes it. It lives in the extension-origin database of
 * key-database.ts, which only the background opens: never in extension storage, which content scripts can read on
 * Firefox, never in the settings (which can be shown or exported), never synced. Extension pages (the sidebar, the
 * options page) ask the background for it; content scripts get nothing.
 */

/** The sidebar and the options page: the saved key, or '' when there is none. */
export async function readApiKey(): Promise<string> {
  const reply = await sendToBackground({ type: 'getApiKey' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.key;
}

/** The popup: whether a key is saved, without the key. */
export async function hasApiKey(): Promise<boolean> {
  const reply = await sendToBackground({ type: 'hasApiKey' });
  if (!reply.ok) throw new Error(reply.error);
  return reply.hasKey;
}

/** The options page: save the key ('' forgets it). */
export async function saveApiKey(apiKey: string): Promise<void> {
  const reply = await sendToBackground({ type: 'setApiKey', key: apiKey });
  if (!reply.ok) throw new Error(reply.error);
}

/** Where versions up to 0.1 kept the key: extension local storage, under `apiKey`. */
export const legacyApiKeyName = 'apiKey';

let moving: Promise<void> | undefined;

/**
 * The background: moves a key left in local storage into the key database. Safe to interrupt at any step: until
 * the database holds the key the old copy stays, and a later call finishes the job. A key already in the database
 * is newer than a leftover copy (saving writes only to the database), so the leftover is dropped, not moved.
 */
export function moveLegacyApiKey(): Promise<void> {
  // One move at a time; a failed move is tried again by the next caller.
  moving ??= moveOnce().finally(() => {
    moving = undefined;
  });
  return moving;
}

async function moveOnce(): Promise<void> {
  const stored: Record<string, unknown> = await browser.storage.local.get(legacyApiKeyName);
  if (!(legacyApiKeyName in stored)) return;
  const legacy = stored[legacyApiKeyName];
  const current = await readKeyRecord();
  if (current === undefined && typeof legacy === 'string' && legacy.trim() !== '') {
    await writeKeyRecord(legacy);
    if ((await readKeyRecord()) !== legacy) throw new Error('The API key could not be moved to its database; the old copy is kept.');
  }
  await browser.storage.local.remove(legacyApiKeyName);
}

/** The background's side, behind the getApiKey and setApiKey requests. */
export const apiKeyStore = {
  /** The saved key, or '' when there is none. A key that could not be moved yet is still found where it was. */
  async get(): Promise<string> {
    try {
      await moveLegacyApiKey();
    } catch (error) {
      const stored: Record<string, unknown> = await browser.storage.local.get(legacyApiKeyName);
      const legacy = stored[legacyApiKeyName];
      if (typeof legacy === 'string' && legacy) {
        console.error("Shedder's Take: moving the API key failed; using the old copy until it can be moved", error);
        return legacy;
      }
      throw error;
    }
    return (await readKeyRecord()) ?? '';
  },

  async set(key: string): Promise<void> {
    if (key) await writeKeyRecord(key);
    else await deleteKeyRecord();
    // A leftover copy from an older version must not outlive the key the reader just saved or forgot.
    await browser.storage.local.remove(legacyApiKeyName);
  },
};

/** Set by the background once the browser has closed local storage to content scripts (Chrome can; Firefox cannot). */
const localClosedToContentScriptsItem = storage.defineItem<boolean>('session:localStorageClosedToContentScripts', { fallback: false });

/**
 * Called by the background as it starts. The key is not in local storage, but the settings and takes are: Chrome can
 * close it to content scripts, Firefox supports setAccessLevel only on session storage. What happened is recorded,
 * so the options page says what is true in this browser.
 */
export async function restrictLocalStorage(): Promise<void> {
  const local = browser.storage.local as typeof browser.storage.local & {
    setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void>;
  };
  let closed: boolean;
  try {
    await local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
    closed = local.setAccessLevel !== undefined;
  } catch {
    closed = false;
  }
  await localClosedToContentScriptsItem.setValue(closed);
}

/** What the options page says about where the key is and who can read it, true for this browser. */
export async function describeKeyStorage(): Promise<string> {
  const closed = await localClosedToContentScriptsItem.getValue();
  const key =
    "Your key is kept on this device in the extension's own database, which only its background opens: the pages you visit and the extension's script in them cannot read it, and it is not synced.";
  return closed
    ? `${key} Your other settings and takes are in extension storage, which this browser lets the extension close to that script too.`
    : `${key} Your other settings and takes are in extension storage, which this browser does not let the extension close to its script in web pages.`;
}
