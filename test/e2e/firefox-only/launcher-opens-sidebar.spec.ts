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

const chatRequests = () => fake.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');

/**
 * Firefox has no IntersectionObserver v2, so nothing can confirm the launcher was in plain view when it was pressed:
 * a page could have made it transparent or laid a decoy over it. There a press only opens the sidebar, and the take
 * starts from the sidebar's own button, inside the extension's frame, where the page's styles do not reach.
 */
test("firefox only: a launcher press opens the sidebar and sends nothing; the sidebar's start button then sends exactly one request", async ({ driver, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  const tab = await driver.newTab('https://arxiv.org/abs/2106.09608');
  await waitForElement(tab, button("Shedder's Take"));
  await waitUntilArmed(tab, 'launcher');
  await tab.click(button("Shedder's Take"));

  const sidebar = await tab.sidebar();
  await waitForElement(sidebar, heading('Learning Knowledge Graph-based World Models of Textual Environments'));
  // The start button armed: where a press could start a take (Chromium's, once the panel is seen), it would have now.
  await waitUntilArmed(sidebar, { button: "Get Shedder's take" });
  expect(chatRequests()).toEqual([]);
  expect(await sidebar.count(button('Stop'))).toBe(0);

  // Control: the same sidebar, the reader's press on its visible button, one take.
  await sidebar.click(button("Get Shedder's take"));
  await waitForText(sidebar, /Done\./, 90_000);
  expect(chatRequests()).toHaveLength(1);
});
