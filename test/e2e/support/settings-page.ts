import { expect } from '@playwright/test';
import type { FakeOpenAI } from '../../support/fake-openai';
import { button, dropdown, field, waitForElement, type BrowserDriver, type Tab } from './driver';
import type { FixtureServer } from './fixture-server';

/**
 * The options page, as the browser tests fill it: by its visible labels, in either browser, through the driver.
 * Everything here ends with Save and the page's own "Saved".
 */

export interface ModelChoice {
  /** Left as the page shows it when undefined (a key saved before, or moved from an older version). */
  apiKey?: string;
  model: string;
}

async function openOptions(driver: BrowserDriver): Promise<Tab> {
  const options = await driver.openExtensionPage('options.html');
  await waitForElement(options, dropdown('Provider'));
  return options;
}

async function saveAndClose(options: Tab): Promise<void> {
  await options.click(button('Save'));
  await waitForElement(options, { role: 'status', name: 'Saved' });
  await options.close();
}

/**
 * The one model setup of the browser tests: the extension talks to a fake model server, set up the way a new
 * reader sets up a real one. The OpenAI preset, a key and a model are typed into the real options page by their
 * visible labels, then Save. The fixture server answers for api.openai.com (already in the manifest's host
 * permissions; Chromium resolves every host to it, Firefox reaches it through the CONNECT proxy) by relaying to the
 * fake server, so no permission prompt, which neither headless browser can show, stands in the way; the fake
 * server records every request the extension makes to the model.
 */
export async function useFakeModel(driver: BrowserDriver, fixtureServer: FixtureServer, fake: FakeOpenAI, choice: ModelChoice): Promise<void> {
  fixtureServer.proxy('api.openai.com', new URL(fake.url).origin);
  const options = await openOptions(driver);
  await options.select(dropdown('Provider'), 'OpenAI');
  expect(await options.value(field('Base URL'))).toBe('https://api.openai.com/v1');
  if (choice.apiKey !== undefined) await options.fill(field('API key'), choice.apiKey);
  await options.fill(field('Model'), choice.model);
  await saveAndClose(options);
}

/** Another model name for the next take, typed into the options page as a reader would (the fake server's fault names pick its answers). */
export async function chooseModel(driver: BrowserDriver, model: string): Promise<void> {
  const options = await openOptions(driver);
  await options.fill(field('Model'), model);
  await saveAndClose(options);
}

/** The fake model as a reader's own local server: addressed as localhost, which neither browser sends to the fixture server. */
export function localModelUrl(fake: FakeOpenAI): string {
  return fake.url.replace('//127.0.0.1:', '//localhost:');
}

/**
 * A custom endpoint, the feature rather than the setup: the Custom provider with the fake server's own localhost
 * address, a key and a model. Saving asks for the endpoint's host permission; the browser grants it as a reader's
 * "Allow" would.
 */
export async function saveCustomEndpoint(driver: BrowserDriver, fake: FakeOpenAI, choice: ModelChoice): Promise<void> {
  await driver.allowOriginWhenAsked('http://localhost/*');
  const options = await openOptions(driver);
  await options.select(dropdown('Provider'), 'Custom (OpenAI-compatible)');
  await options.fill(field('Base URL'), localModelUrl(fake));
  if (choice.apiKey !== undefined) await options.fill(field('API key'), choice.apiKey);
  await options.fill(field('Model'), choice.model);
  await saveAndClose(options);
}

/** "Send figures" on the options page, by the option's visible label ("Always", "Never", "Auto: …"). */
export async function chooseSendFigures(driver: BrowserDriver, label: string): Promise<void> {
  const options = await openOptions(driver);
  await options.select(dropdown('Send figures'), label);
  await saveAndClose(options);
}
