import type { BrowserContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { FixtureServer } from './fixture-server';

export interface ModelChoice {
  apiKey: string;
  model: string;
}

/**
 * Points the extension at a fake model server the way a new user sets it up: the OpenAI preset, a key and a
 * model, typed into the real options page by its visible labels, then Save. The fixture server answers for
 * api.openai.com (already in the manifest's host permissions) by proxying to the fake server, so no
 * permission prompt, which headless Chromium cannot answer, stands in the way.
 */
export async function useFakeOpenAI(
  context: BrowserContext,
  extensionId: string,
  fixtureServer: FixtureServer,
  fakeModelUrl: string,
  choice: ModelChoice,
): Promise<Page> {
  fixtureServer.proxy('api.openai.com', new URL(fakeModelUrl).origin);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel('Provider').selectOption({ label: 'OpenAI' });
  await expect(page.getByLabel('Base URL')).toHaveValue('https://api.openai.com/v1');
  await page.getByLabel('API key').fill(choice.apiKey);
  await page.getByLabel('Model', { exact: true }).fill(choice.model);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  return page;
}
