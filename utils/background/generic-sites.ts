import { browser, storage } from '#imports';
import { enabledOriginsOf } from '@/utils/sites/pdf-binding';

/**
 * Citation-tagged paper sites the reader enabled from the popup. Each was granted as an optional host
 * permission with a click; the paper content script is registered on exactly those origins and no others.
 */
export const enabledSitesItem = storage.defineItem<string[]>('local:enabledPaperSites', { fallback: [] });

/** Where a generic page's PDF may live besides its own origin: the other sites the reader enabled. */
export async function readEnabledOrigins(): Promise<string[]> {
  return enabledOriginsOf(await enabledSitesItem.getValue());
}

const scriptId = 'paper-pages-enabled-by-reader';

/** Re-registers the content script on enabled origins that are still granted (the reader can revoke any). */
export async function syncEnabledSites(): Promise<void> {
  const enabled = await enabledSitesItem.getValue();
  const granted: string[] = [];
  for (const pattern of enabled) {
    if (await browser.permissions.contains({ origins: [pattern] })) granted.push(pattern);
  }
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [scriptId] });
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [scriptId] });
  if (granted.length === 0) return;
  await browser.scripting.registerContentScripts([
    { id: scriptId, js: ['/content-scripts/paper.js'], matches: granted, runAt: 'document_idle' },
  ]);
}
