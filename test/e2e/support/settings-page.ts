import type { BrowserContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export interface ModelChoice {
  baseURL: string;
  apiKey: string;
  model: string;
}

/** Fills the real options page as a user does: by its visible labels, then Save, then waits for "Saved". */
export async function saveModelSettings(context: BrowserContext, extensionId: string, choice: ModelChoice): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel('Provider').selectOption({ label: 'Custom' });
  await page.getByLabel('Base URL').fill(choice.baseURL);
  await page.getByLabel('API key').fill(choice.apiKey);
  await page.getByLabel('Model', { exact: true }).fill(choice.model);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  return page;
}
