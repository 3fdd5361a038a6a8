import { randomBytes } from 'node:crypto';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { heading, takeFromLauncher, waitForElement } from '../support/driver';
import { expect, test } from '../support/driver-test';
import { saveCustomEndpoint } from '../support/settings-page';

let fake: FakeOpenAI;
test.beforeEach(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 5 });
});
test.afterEach(async () => {
  await fake.close();
});

test('a custom localhost endpoint saved on the options page serves a full take, its quotes checked, then listed in the library', async ({ driver }) => {
  const apiKey = `sk-local-${randomBytes(8).toString('hex')}`;
  await saveCustomEndpoint(driver, fake, { apiKey, model: 'fake-critic' });

  const { sidebar, text: done } = await takeFromLauncher(driver, 'https://arxiv.org/abs/2106.09608');
  for (const section of ['The "No-BS" Summary', 'The Core Mechanism', 'The Critique', 'Discussion Questions']) {
    expect(await sidebar.count(heading(section)), section).toBe(1);
  }
  expect(await sidebar.count({ role: 'heading', pattern: '\\d+ of \\d+ quotes verified' })).toBe(1);
  // The fake model quotes real sentences of the paper it was sent, plus exactly one it made up.
  expect(done.match(/not found in the paper/g)).toHaveLength(1);
  expect(done).toMatch(/verified/);

  const chats = fake.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
  expect(chats).toHaveLength(1);
  expect(chats[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
  const messages = (chats[0]!.body as { messages: { content: string }[] }).messages;
  // The served PDF is the Mooncake FAST'25 paper: its text reached the endpoint inside the paper block.
  expect(messages[1]!.content).toMatch(/<<<BEGIN PAPER-[0-9a-f]+>>>[\s\S]*Mooncake[\s\S]*<<<END PAPER-[0-9a-f]+>>>/);

  const library = await driver.openExtensionPage('library.html');
  const savedTake = { role: 'listitem', inList: 'Saved takes', pattern: 'Learning Knowledge Graph-based World Models' } as const;
  await waitForElement(library, savedTake);
  expect(await library.count({ role: 'listitem', inList: 'Saved takes' })).toBe(1);
});
