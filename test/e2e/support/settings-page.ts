import type { BrowserContext } from '@playwright/test';
import { expect } from '@playwright/test';
import type { FakeOpenAI } from '../../support/fake-openai';
import type { FixtureServer } from './fixture-server';

export interface ModelChoice {
  apiKey: string;
  model: string;
}

/**
 * The one model setup of the browser tests: the extension talks to a fake model server, set up the way a new
 * reader sets up a real one. The OpenAI preset, a key and a model are typed into the real options page by their
 * visible labels, then Save. The fixture server answers for api.openai.com (already in the manifest's host
 * permissions) by proxying to the fake server, so no permission prompt, which headless Chromium cannot answer,
 * stands in the way; the fake server records every request the extension makes to the model.
 */
export async function useFakeModel(context: BrowserContext, extensionId: string, fixtureServer: FixtureServer, fake: FakeOpenAI, choice: ModelChoice): Promise<void> {
  fixtureServer.proxy('api.openai.com', new URL(fake.url).origin);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel('Provider').selectOption({ label: 'OpenAI' });
  await expect(page.getByLabel('Base URL')).toHaveValue('https://api.openai.com/v1');
  await page.getByLabel('API key').fill(choice.apiKey);
  await page.getByLabel('Model', { exact: true }).fill(choice.model);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.close();
}

/** Another model name for the next take, typed into the options page as a reader would (the fake server's fault names pick its answers). */
export async function chooseModel(context: BrowserContext, extensionId: string, model: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel('Model', { exact: true }).fill(model);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.close();
}
