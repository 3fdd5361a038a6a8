import { button, waitForElement, type BrowserDriver, type Tab } from '../support/driver';
import { expect, test } from '../support/driver-test';

// Firefox before 127 granted an MV3 extension's host permissions only when the reader opted in; later versions grant
// them at install and let the reader withdraw them. This preference gives the first of those states at install.
test.use({ firefoxOptions: { prefs: { 'extensions.originControls.grantByDefault': false } } });

type ExtensionApi = typeof import('#imports').browser;

function hasAccess(options: Tab, origin: string): Promise<boolean> {
  return options.evaluate((pattern) => (globalThis as unknown as { chrome: ExtensionApi }).chrome.permissions.contains({ origins: [pattern] }), `${origin}/*`);
}

/**
 * The popup's "Allow on <site>" button does this (unit-tested); headless Firefox cannot open the toolbar popup with
 * the tab access its click grants, so a button on our options page asks in the same way, from a real click.
 */
async function allowSite(driver: BrowserDriver, origin: string): Promise<void> {
  const options = await driver.openExtensionPage('options.html');
  const label = `Allow on ${new URL(origin).host}`;
  await options.evaluate(
    ({ pattern, text }) => {
      const api = (globalThis as unknown as { chrome: ExtensionApi }).chrome;
      const ask = document.createElement('button');
      ask.textContent = text;
      ask.addEventListener('click', () => void api.permissions.request({ origins: [pattern] }));
      document.body.prepend(ask);
    },
    { pattern: `${origin}/*`, text: label },
  );
  expect(await hasAccess(options, origin)).toBe(false);
  await options.click(button(label));
  await expect.poll(() => hasAccess(options, origin)).toBe(true);
  await options.close();
}

test('firefox only: without site access no launcher appears; once the reader allows arxiv.org it does', async ({ driver }) => {
  // Another paper site the reader allowed: its page, opened after the arXiv one, shows when content scripts have run.
  await allowSite(driver, 'https://dl.acm.org');
  const paper = await driver.newTab('https://arxiv.org/abs/2106.09608');
  const control = await driver.newTab('https://dl.acm.org/doi/10.1145/3706599.3719976');
  await waitForElement(control, button("Shedder's Take"));
  expect(await paper.count(button("Shedder's Take"))).toBe(0);

  await allowSite(driver, 'https://arxiv.org');
  await paper.reload();
  await waitForElement(paper, button("Shedder's Take"));
});
