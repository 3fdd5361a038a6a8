import type { FakeOpenAI } from '../../support/fake-openai';
import { button, dropdown, field, waitForText, type BrowserDriver } from './driver';

export interface ModelChoice {
  /** Left as the page shows it when undefined. */
  apiKey?: string;
  model: string;
}

/** The fake model as a reader's own local server: addressed as localhost, which neither browser sends to the fixture server. */
export function localModelUrl(fake: FakeOpenAI): string {
  return fake.url.replace('//127.0.0.1:', '//localhost:');
}

/**
 * Saves a custom endpoint on the real options page, by its visible labels: Custom provider, Base URL, API key,
 * Model, Save. Saving asks for the endpoint's host permission; the browser grants it as a reader's "Allow" would.
 */
export async function saveCustomEndpoint(driver: BrowserDriver, baseURL: string, choice: ModelChoice): Promise<void> {
  await driver.allowOriginWhenAsked('http://localhost/*');
  const options = await driver.openExtensionPage('options.html');
  await waitForText(options, /Your model/);
  await options.select(dropdown('Provider'), 'custom');
  await options.fill(field('Base URL'), baseURL);
  if (choice.apiKey !== undefined) await options.fill(field('API key'), choice.apiKey);
  await options.fill(field('Model'), choice.model);
  await options.click(button('Save'));
  await waitForText(options, /\bSaved\b/);
  await options.close();
}
