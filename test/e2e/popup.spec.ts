import type { Page } from '@playwright/test';
import { expect, sidebarFrame, test } from './support/extension-test';
import { launcher } from './support/launchers';

/**
 * The toolbar popup. Playwright cannot click the toolbar button, so the popup page is opened as the browser
 * would show it for the paper's tab: in a tab of the same window that is not the active one, where its
 * "active tab of this window" is still the paper. Background tabs do not paint, so its button gets the click
 * event directly rather than through the pointer.
 */
const paperUrl = 'https://arxiv.org/abs/2106.09608';
const title = 'Learning Knowledge Graph-based World Models of Textual Environments';

/** The extension's API inside the background's service worker, where these steps run. */
type ExtensionGlobal = { chrome: typeof import('#imports').browser };

test('"Open Shedder\'s Take" opens the sidebar, and leaves an already open one open', async ({ context, background, extensionId }) => {
  const page = await context.newPage();
  await page.goto(paperUrl);
  await expect(await launcher(page)).toBeVisible();
  const aside = page.getByRole('complementary', { name: "Shedder's Take" });

  /** Opens the popup and presses its button; resolves once the popup has closed itself. */
  const openFromPopup = async (): Promise<Page> => {
    const opened = context.waitForEvent('page', (candidate) => candidate.url().endsWith('/popup.html'));
    await background.evaluate((url) => (globalThis as unknown as ExtensionGlobal).chrome.tabs.create({ url, active: false }), `chrome-extension://${extensionId}/popup.html`);
    const popup = await opened;
    // Listened for before the click: the popup may close before the click's own call has returned.
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: "Open Shedder's Take" }).dispatchEvent('click');
    await closed;
    return popup;
  };

  await openFromPopup();
  await expect(aside).toBeVisible();
  await expect(sidebarFrame(page).getByRole('heading', { name: title, level: 2 })).toBeVisible();

  // Again, with the sidebar open: it stays open, on the same paper (the popup closes itself once the tab's content
  // script has answered).
  await openFromPopup();
  await expect(aside).toBeVisible();
  await expect(sidebarFrame(page).getByRole('heading', { name: title, level: 2 })).toBeVisible();

  // Control: the keyboard shortcut's command, sent the way the background sends it, does close the same sidebar.
  await background.evaluate(async (url) => {
    const { chrome } = globalThis as unknown as ExtensionGlobal;
    const [tab] = await chrome.tabs.query({ url });
    if (tab?.id !== undefined) await chrome.tabs.sendMessage(tab.id, { type: 'toggleSidebar' });
  }, paperUrl);
  await expect(aside).toBeHidden();
});
