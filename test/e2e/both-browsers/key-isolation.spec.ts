import { randomBytes } from 'node:crypto';
import { keyDatabaseName } from '../../../utils/storage/key-database';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { takeFromLauncher } from '../support/driver';
import { expect, test } from '../support/driver-test';
import { useFakeModel } from '../support/settings-page';

let fake: FakeOpenAI;
test.beforeEach(async () => {
  fake = await startFakeOpenAI();
});
test.afterEach(async () => {
  await fake.close();
});

interface WorldRead {
  origin: string;
  local: string;
  session: string;
  sync: string;
  keyDatabase: unknown;
  askedBackground: string;
}

test('the API key cannot be read from the content-script world: no storage area, no database, no message gives it', async ({ driver, fixtureServer }) => {
  const apiKey = `sk-isolated-${randomBytes(12).toString('hex')}`;
  await useFakeModel(driver, fixtureServer, fake, { apiKey, model: 'fake-critic' });
  // The key is in use in the paper's tab: a take was just made with it there.
  await takeFromLauncher(driver, 'https://arxiv.org/abs/2106.09608');
  expect(fake.requests.some((request) => request.headers.authorization === `Bearer ${apiKey}`)).toBe(true);

  // scripting.executeScript runs a function in the tab's content-script world (the isolated world in Chromium,
  // the content-script sandbox in Firefox): exactly the powers our content script, or a renderer compromised into
  // it, has. The same function run in an extension page is the control: there it finds the key.
  const options = await driver.openExtensionPage('options.html');
  const reads = await options.evaluate(
    async ({ paperUrl, databaseName }) => {
      const readEverything = async (name: string): Promise<WorldRead> => {
        const api = (globalThis as unknown as { chrome: typeof import('#imports').browser }).chrome;
        // Firefox gives content scripts no storage.session object at all; Chromium's refuses the call.
        const area = (which: 'local' | 'session' | 'sync') =>
          Promise.resolve()
            .then(() => api.storage[which].get(null))
            .then(JSON.stringify, (error: Error) => `refused: ${error.message}`);
        const keyDatabase = await new Promise((resolve) => {
          const opening = indexedDB.open(name);
          opening.onerror = () => resolve(`refused: ${String(opening.error)}`);
          opening.onsuccess = () => {
            const database = opening.result;
            const stores = [...database.objectStoreNames];
            if (stores.length === 0) {
              database.close();
              resolve({ stores });
              return;
            }
            const all = database.transaction(stores).objectStore(stores[0]!).getAll();
            all.onsuccess = () => {
              database.close();
              resolve({ stores, values: all.result });
            };
          };
        });
        const askedBackground = await Promise.resolve()
          .then(() => api.runtime.sendMessage({ type: 'getApiKey' }))
          .then(JSON.stringify, (error: Error) => `refused: ${error.message}`);
        return { origin: location.origin, local: await area('local'), session: await area('session'), sync: await area('sync'), keyDatabase, askedBackground };
      };
      const api = (globalThis as unknown as { chrome: typeof import('#imports').browser }).chrome;
      const [tab] = await api.tabs.query({ url: paperUrl });
      const [injected] = await api.scripting.executeScript({ target: { tabId: tab!.id! }, func: readEverything, args: [databaseName] });
      return { contentScriptWorld: injected?.result as WorldRead, extensionPage: await readEverything(databaseName) };
    },
    { paperUrl: 'https://arxiv.org/abs/2106.09608', databaseName: keyDatabaseName },
  );

  // Control: from our own page the same reads find the key, in its database and from the background.
  expect(JSON.stringify(reads.extensionPage.keyDatabase)).toContain(apiKey);
  expect(reads.extensionPage.askedBackground).toContain(apiKey);

  const world = reads.contentScriptWorld;
  expect(world.origin).toBe('https://arxiv.org');
  expect(JSON.stringify(world)).not.toContain(apiKey);
  // Its indexedDB is the page's: the database of that name there is an empty one, not ours.
  expect(world.keyDatabase).toEqual({ stores: [] });
  expect(world.askedBackground).toContain('Not accepted from this sender');
  expect(world.session).toMatch(/^refused/);
  // Local storage holds settings and takes: refused to content scripts in Chromium, readable in Firefox (why the key is not there).
  if (driver.engine === 'chromium') expect(world.local).toMatch(/^refused/);
  else expect(world.local).toContain('fake-critic');
});
