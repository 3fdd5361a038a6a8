import { button, heading, separator, waitForElement, waitUntilArmed } from '../support/driver';
import { expect, test } from '../support/driver-test';
import * as forgery from '../support/frame-forgery';

const paperTitle = 'Learning Knowledge Graph-based World Models of Textual Environments';
const expandStrip = { role: 'button', pattern: "expand Shedder's Take$" } as const;

/**
 * Firefox's twin of security.spec.ts's forged-frame-message test. Firefox runs content scripts behind Xray wrappers
 * in a sandbox of their own, and our frame is a moz-extension:// page, so what Chromium shows proves nothing here: the
 * page's own script (the driver's evaluate runs in the page's world, which the test checks) forges the same messages,
 * and each negative check follows a positive event in the same tab. Firefox's driver has no mouse drag, so the
 * width's control is the reader's other way to resize: the edge's arrow keys.
 */
test("firefox only: a page's script cannot resize or expand the sidebar by posting to its frame or scripting its edge; the reader's click and arrow key do", async ({ driver }) => {
  // Every width the extension stores, recorded from an extension page open before the paper page.
  const recorder = await driver.openExtensionPage('options.html');
  await recorder.evaluate(forgery.recordStoredWidths, undefined);

  const tab = await driver.newTab('https://arxiv.org/abs/2106.09608');
  expect(await tab.evaluate(forgery.raceOurGrant, undefined)).toEqual({ pageWorld: true });
  await waitForElement(tab, button("Shedder's Take"));
  await waitUntilArmed(tab, 'launcher');
  await tab.click(button("Shedder's Take"));
  const sidebar = await tab.sidebar();
  // Our grant was accepted (the paper is shown); the page's look-alike was posted before it was.
  await waitForElement(sidebar, heading(paperTitle));
  expect(await tab.evaluate(forgery.grantsPosted, undefined)).toBe(1);

  // Collapsed by the reader, the sidebar is the strip.
  await sidebar.click(button("Collapse Shedder's Take"));
  await waitForElement(sidebar, expandStrip);

  await sidebar.evaluate(forgery.countForgedMessages, undefined);
  expect(await tab.evaluate(forgery.forgeFromPage, undefined)).toBe(1);
  await expect.poll(() => sidebar.evaluate(forgery.forgedMessagesHandled, undefined)).toBe(forgery.forgedWindowMessages);
  expect(await sidebar.count(expandStrip)).toBe(1);
  expect(await tab.evaluate(forgery.sidebarWidthOnScreen, undefined)).toBeLessThanOrEqual(48);

  // Control: the reader's click on the launcher brings the sidebar forward through our port, expanded.
  await tab.click(button("Shedder's Take"));
  await waitForElement(sidebar, heading(paperTitle));
  await expect.poll(() => sidebar.count(expandStrip)).toBe(0);
  const expanded = await tab.evaluate(forgery.sidebarWidthOnScreen, undefined);
  expect(expanded).toBeGreaterThan(300);

  // Control: the reader's arrow key on the edge widens the sidebar by one step and is stored, and it is the only width
  // ever stored: the page's 777 and 666, and its scripted keys and drag, all came before it on the same way in.
  await tab.press(separator("Resize Shedder's Take"), 'ArrowLeft');
  await expect.poll(() => tab.evaluate(forgery.sidebarWidthOnScreen, undefined)).toBeGreaterThan(expanded);
  const widened = await tab.evaluate(forgery.sidebarWidthOnScreen, undefined);
  await expect.poll(() => recorder.evaluate(forgery.storedWidths, undefined)).toHaveLength(1);
  const [stored] = (await recorder.evaluate(forgery.storedWidths, undefined)) as number[];
  expect(Math.abs(stored! - widened)).toBeLessThanOrEqual(1);
});
