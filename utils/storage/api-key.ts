import { browser, storage } from '#imports';

/**
 * The API key: the one module that stores, reads and describes it, so where it lives can change in one place.
 * It is an item of its own, never in the settings (which can be shown or exported) and never in `sync:` (which
 * would copy it into the reader's browser account). Extension pages and the background read it; content scripts
 * never do.
 */
const apiKeyItem = storage.defineItem<string>('local:apiKey', { fallback: '' });

/** Set by the background once the browser has closed local storage to content scripts (Chrome can; Firefox cannot). */
const closedToContentScriptsItem = storage.defineItem<boolean>('session:keyStorageClosedToContentScripts', { fallback: false });

export function readApiKey(): Promise<string> {
  return apiKeyItem.getValue();
}

export function saveApiKey(apiKey: string): Promise<void> {
  return apiKeyItem.setValue(apiKey.trim());
}

/**
 * Called by the background as it starts. Chrome can close local storage to content scripts; Firefox supports
 * setAccessLevel only on session storage, so there local storage stays readable by our own content script
 * (which never reads the key). What happened is recorded, so the options page says what is true in this browser.
 */
export async function restrictKeyStorage(): Promise<void> {
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
  await closedToContentScriptsItem.setValue(closed);
}

/** One sentence for the options page on where the key is and who can read it, true for this browser. */
export async function describeKeyStorage(): Promise<string> {
  const closed = await closedToContentScriptsItem.getValue();
  const where = "Your key is kept in this extension's local storage on this device, and it is not synced.";
  return closed
    ? `${where} Only the extension's own pages and background can read it: not the pages you visit, and not the extension's script that runs in them.`
    : `${where} The pages you visit cannot read it. This browser does not let the extension close that storage to its own script in web pages, which could read the key; that script never does.`;
}
