import { button, waitForElement } from '../support/driver';
import { expect, test } from '../support/driver-test';

// Firefox before 127 granted an MV3 extension's host permissions only when the reader opted in; later versions grant
// them at install and let the reader withdraw them. This preference gives the first of those states at install.
test.use({ firefoxOptions: { prefs: { 'extensions.originControls.grantByDefault': false } } });

test('firefox only: without site access no launcher appears; once the reader allows arxiv.org it does', async ({ driver }) => {
  const paper = await driver.newTab('https://arxiv.org/abs/2106.09608');
  await paper.evaluate(() => new Promise((resolve) => setTimeout(resolve, 3_000)), undefined);
  expect(await paper.count(button("Shedder's Take"))).toBe(0);

  // The popup's "Allow on arxiv.org" button does this (unit-tested); headless Firefox cannot open the toolbar popup
  // with the tab access its click grants, so a button on our options page asks in the same way, from a real click.
  const options = await driver.openExtensionPage('options.html');
  const granted = await options.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: typeof import('#imports').browser }).chrome;
    const before = await api.permissions.contains({ origins: ['https://arxiv.org/*'] });
    const ask = document.createElement('button');
    ask.textContent = 'Allow on arxiv.org';
    ask.addEventListener('click', () => void api.permissions.request({ origins: ['https://arxiv.org/*'] }));
    document.body.prepend(ask);
    return before;
  }, undefined);
  expect(granted).toBe(false);
  await options.click(button('Allow on arxiv.org'));
  await expect
    .poll(() => options.evaluate(() => (globalThis as unknown as { chrome: typeof import('#imports').browser }).chrome.permissions.contains({ origins: ['https://arxiv.org/*'] }), undefined))
    .toBe(true);

  await paper.reload();
  await waitForElement(paper, button("Shedder's Take"));
});
