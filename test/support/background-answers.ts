import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from '#imports';
import { backgroundHandlers } from '@/utils/background/route-request';
import { dispatchBackgroundRequest } from '@/utils/messaging';

/**
 * Extension pages reach the key through the background: here its real handlers answer every request, with the
 * extension page at `path` as the sender, so their sender checks run as in the browser.
 */
export function backgroundAnswersFrom(path: string): void {
  const page: Browser.runtime.MessageSender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL(path as '/options.html') };
  // fakeBrowser hands back only replies given through sendResponse (returning true), not returned promises.
  fakeBrowser.runtime.onMessage.addListener((request: unknown, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    void dispatchBackgroundRequest(backgroundHandlers, request, page).then(sendResponse);
    return true;
  });
}
