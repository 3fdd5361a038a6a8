import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { button, dropdown, field, waitForText } from '../support/driver';
import { expect, test } from '../support/driver-test';
import { localModelUrl } from '../support/settings-page';

let fake: FakeOpenAI;
test.beforeEach(async () => {
  fake = await startFakeOpenAI();
});
test.afterEach(async () => {
  await fake.close();
});

// Firefox's real prompt, answered in the browser's own UI: optional-permission prompts on, and BiDi allowed to reach the window.
test.use({ firefoxOptions: { prefs: { 'extensions.webextOptionalPermissionPrompts': true }, systemAccess: true } });

test('firefox only: declining the endpoint\'s permission says so, as in Chrome, and saves nothing; allowing it then saves', async ({ driver }) => {
  const options = await driver.openExtensionPage('options.html');
  await waitForText(options, /Your model/);
  await options.select(dropdown('Provider'), 'Custom (OpenAI-compatible)');
  await options.fill(field('Base URL'), localModelUrl(fake));
  await options.fill(field('API key'), 'sk-declined-0123');
  await options.fill(field('Model'), 'fake-critic');
  const stored = () =>
    options.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: typeof import('#imports').browser }).chrome;
      return { local: await api.storage.local.get(null), key: await api.runtime.sendMessage({ type: 'getApiKey' }) };
    }, undefined);
  const before = await stored();

  await options.click(button('Save'));
  await driver.answerPermissionPrompt('deny');
  // The same words the options page shows in Chrome (unit-tested there: headless Chromium has no prompt to answer).
  await waitForText(options, /Nothing was saved: without access to http:\/\/localhost the extension cannot reach your model\. Save again and allow it\./);
  expect(await options.count({ role: 'alert', pattern: 'Nothing was saved' })).toBe(1);
  expect(await stored()).toEqual(before);
  expect(JSON.stringify(before)).not.toContain('sk-declined-0123');

  // Control: the same form, the prompt allowed this time, is saved.
  await options.click(button('Save'));
  await driver.answerPermissionPrompt('allow');
  await waitForText(options, /\bSaved\b/);
  const after = await stored();
  expect(after.key).toEqual({ ok: true, key: 'sk-declined-0123' });
  expect(JSON.stringify(after.local)).toContain('fake-critic');
});
