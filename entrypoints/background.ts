import { browser, defineBackground } from '#imports';
import { watchBadgeChanges } from '@/utils/background/badges';
import { enabledSitesItem, syncEnabledSites } from '@/utils/background/generic-sites';
import { backgroundHandlers } from '@/utils/background/route-request';
import { handleBackgroundRequests, sendToTab } from '@/utils/messaging';
import { forgetOtherPages, forgetTab } from '@/utils/selection';
import { moveLegacyApiKey, restrictLocalStorage } from '@/utils/storage/api-key';

export default defineBackground(() => {
  void restrictLocalStorage();
  // An update from a version that kept the key in local storage moves it now, not only at the first take.
  moveLegacyApiKey().catch((error) => console.error("Shedder's Take: moving the API key failed; it stays where it was", error));
  handleBackgroundRequests(backgroundHandlers);
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'toggle-sidebar' && tab?.id !== undefined) {
      // A tab without our content script (not a paper page) does not answer; there is nothing to toggle there.
      void sendToTab(tab.id, 'toggleSidebar');
    }
  });
  watchBadgeChanges(() => void notifyTabsOfTakes());
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  // A selection and a sidebar grant belong to the page they were made on; the tab moving elsewhere forgets them.
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.url !== undefined || change.status === 'loading') void forgetOtherPages(tabId, tab.url);
  });
  // Dynamic content scripts do not survive a restart in Firefox; registering again is cheap and idempotent.
  const syncSites = () => void syncEnabledSites().catch((error) => console.error("Shedder's Take: enabling paper sites failed", error));
  browser.runtime.onStartup.addListener(syncSites);
  browser.runtime.onInstalled.addListener(syncSites);
  browser.permissions.onAdded.addListener(syncSites);
  browser.permissions.onRemoved.addListener(syncSites);
  enabledSitesItem.watch(syncSites);
});

/** Listing pages in any tab refresh their badges; tabs without our content script just do not answer. */
async function notifyTabsOfTakes(): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : sendToTab(tab.id, 'takesChanged'))));
}
