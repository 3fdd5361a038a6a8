import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { button, heading, waitForElement, waitForText, waitUntilArmed } from '../support/driver';
import { expect, test } from '../support/driver-test';
import { useFakeModel } from '../support/settings-page';

let fake: FakeOpenAI;
test.beforeEach(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 5 });
});
test.afterEach(async () => {
  await fake.close();
});

/**
 * Firefox shows PDFs in its own viewer, where no content script runs (Chromium draws our launcher over its
 * viewer instead, tested in the Chromium suite). The toolbar popup reads the paper from the tab and opens the
 * sidebar as a tab of its own. Headless Firefox has no toolbar to click, so the popup's page is opened in a tab
 * behind the PDF tab, which stays the active one, as it is when the reader clicks the toolbar button over it.
 */
test('firefox only: on a PDF tab the toolbar popup opens the sidebar in a tab, and a take runs there when asked', async ({ driver, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-pdf-tab', model: 'fake-critic' });
  const pdfTab = await driver.newTab('https://arxiv.org/pdf/2106.09608v2');
  // Control: the PDF is shown (in Firefox's viewer) and no launcher of ours is drawn on it.
  await waitForText(pdfTab, /Mooncake/, 30_000);
  expect(await pdfTab.count(button("Shedder's Take"))).toBe(0);

  const popup = await driver.openExtensionPage('popup.html', { over: pdfTab });
  await waitForElement(popup, button("Open Shedder's Take"));
  await popup.click(button("Open Shedder's Take"));

  const sidebar = await driver.tabOpenedByExtension(`${driver.extensionOrigin}/sidebar-frame.html#paper=`);
  await waitForElement(sidebar, button("Get Shedder's take"));
  // Nothing starts until the reader asks.
  expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  // It takes presses once it has been in view for a moment: a press that lands sooner does nothing.
  await waitUntilArmed(sidebar, { button: "Get Shedder's take" });
  await sidebar.click(button("Get Shedder's take"));
  await waitForText(sidebar, /Done\./, 90_000);
  expect(await sidebar.count(heading('Discussion Questions'))).toBe(1);
  const chats = fake.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
  expect(chats).toHaveLength(1);
  expect((chats[0]!.body as { messages: { content: string }[] }).messages[1]!.content).toContain('Mooncake');
});
