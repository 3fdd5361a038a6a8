import { browser } from '#imports';

/**
 * Asks the tab's content script to show or hide the sidebar. Isolated here so the message can follow the sidebar
 * engineer's protocol (utils/messaging.ts `TabCommand`) in one place.
 * Returns a message for the popup when no content script answers.
 */
export async function openTakeInTab(tabId: number): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await browser.tabs.sendMessage(tabId, { type: 'toggleSidebar' });
    return { ok: true };
  } catch {
    // "Receiving end does not exist": the page loaded before the extension was installed, updated or enabled here.
    return { ok: false, message: 'Shedder’s Take is not running in this tab yet. Reload the page and try again.' };
  }
}
