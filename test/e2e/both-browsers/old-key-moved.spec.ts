import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { field, takeFromLauncher, waitForText } from '../support/driver';
import { expect, test } from '../support/driver-test';
import { useFakeModel } from '../support/settings-page';

let fake: FakeOpenAI;
test.beforeEach(async () => {
  fake = await startFakeOpenAI();
});
test.afterEach(async () => {
  await fake.close();
});

const oldKey = 'sk-from-version-0.1-abcdef0123456789';

test('a key an older version left in local storage is moved: the options page shows it, the old copy is gone, takes use it', async ({ driver, fixtureServer }) => {
  // Version 0.1 kept the key in extension local storage under "apiKey"; this is what an update finds.
  const library = await driver.openExtensionPage('library.html');
  const seeded = await library.evaluate(async (key) => {
    const local = (globalThis as unknown as { chrome: typeof import('#imports').browser }).chrome.storage.local;
    await local.set({ apiKey: key });
    return local.get('apiKey');
  }, oldKey);
  expect(seeded).toEqual({ apiKey: oldKey });

  await useFakeModel(driver, fixtureServer, fake, { model: 'fake-critic' });
  const options = await driver.openExtensionPage('options.html');
  await waitForText(options, /Your model/);
  expect(await options.value(field('API key'))).toBe(oldKey);
  const local = await options.evaluate(() => (globalThis as unknown as { chrome: typeof import('#imports').browser }).chrome.storage.local.get(null), undefined);
  expect(local).not.toHaveProperty('apiKey');
  expect(JSON.stringify(local)).not.toContain(oldKey);

  await takeFromLauncher(driver, 'https://arxiv.org/abs/2106.09608');
  const chats = fake.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
  expect(chats.map((request) => request.headers.authorization)).toEqual([`Bearer ${oldKey}`]);
});
