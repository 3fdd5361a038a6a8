import type { BrowserContext, Frame, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { FakeOpenAI } from '../../support/fake-openai';

/**
 * Steps the security browser tests share (test/e2e/security.spec.ts, test/e2e/hostile-output.spec.ts).
 * Everything a reader does goes through the real UI: the options page's labels, the launcher, the sidebar.
 */

/**
 * The launch flags map every host except `localhost` to the fixture server (test/e2e/support), so the model
 * endpoint is addressed as localhost: 127.0.0.1 would be remapped too.
 */
export function modelBaseUrl(fake: FakeOpenAI): string {
  return fake.url.replace('//127.0.0.1:', '//localhost:');
}

/**
 * Saving a custom endpoint asks Chrome for its host permission, and Chrome shows a prompt Playwright cannot click.
 * chrome://extensions records the user's "Allow" for the origin the way its site-access controls do
 * (developerPrivate.addHostPermission); the options page's own permissions.request on Save then succeeds without
 * a prompt. saveModelSettings checks that it did ("Saved"), since nothing is saved without the permission.
 */
export async function allowHostPermission(context: BrowserContext, extensionId: string, origin: string): Promise<void> {
  const page = await context.newPage();
  await page.goto('chrome://extensions');
  await page.evaluate(
    ([id, host]) => (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } } }).chrome.developerPrivate.addHostPermission(id, host),
    [extensionId, origin] as const,
  );
  await page.close();
}

export interface ModelSettingsInput {
  baseURL: string;
  apiKey: string;
  model: string;
}

/** Fills and saves the options page as a user would: Custom provider, Base URL, API key, Model, Save. */
export async function saveModelSettings(context: BrowserContext, extensionId: string, settings: ModelSettingsInput): Promise<void> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Provider').selectOption('custom');
  await options.getByLabel('Base URL').fill(settings.baseURL);
  await options.getByLabel('API key').fill(settings.apiKey);
  await options.getByLabel('Model', { exact: true }).fill(settings.model);
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await options.close();
}

/** Sets everything up for takes against the fake server: permission, then settings through the options page. */
export async function useFakeModel(context: BrowserContext, extensionId: string, fake: FakeOpenAI, settings: Omit<ModelSettingsInput, 'baseURL'>): Promise<void> {
  await allowHostPermission(context, extensionId, 'http://localhost/*');
  await saveModelSettings(context, extensionId, { ...settings, baseURL: modelBaseUrl(fake) });
}

/** The sidebar's own frame (an extension page), for reading its window as a test, never as the page. */
export function sidebarDocumentFrame(page: Page, extensionId: string): Frame {
  const frame = page.frames().find((candidate) => candidate.url().startsWith(`chrome-extension://${extensionId}/sidebar-frame.html`));
  if (!frame) throw new Error('the sidebar frame is not in the page');
  return frame;
}

interface ExecutionContextDescription {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; isDefault?: boolean; frameId?: string };
}

/**
 * Evaluates in our content script's isolated world, through the DevTools protocol: Playwright's own evaluate
 * reaches only the page's main world. This runs with exactly the powers a content script (or a renderer
 * compromised into it) has, so it is the honest way to ask what the content script can read.
 */
export async function evaluateInContentScript(context: BrowserContext, page: Page, extensionId: string, expression: string): Promise<unknown> {
  const session = await context.newCDPSession(page);
  const contexts: ExecutionContextDescription[] = [];
  session.on('Runtime.executionContextCreated', (event: { context: ExecutionContextDescription }) => contexts.push(event.context));
  await session.send('Runtime.enable');
  const ours = contexts.find((candidate) => candidate.auxData?.type === 'isolated' && candidate.origin === `chrome-extension://${extensionId}`);
  if (!ours) throw new Error("our content script's world is not in this page");
  const { result, exceptionDetails } = (await session.send('Runtime.evaluate', { expression, contextId: ours.id, awaitPromise: true, returnByValue: true })) as {
    result: { value?: unknown };
    exceptionDetails?: { exception?: { description?: string } };
  };
  await session.detach();
  if (exceptionDetails) return `threw: ${exceptionDetails.exception?.description ?? 'unknown error'}`;
  return result.value;
}

/** Opens a paper page and asks for Shedder's take with the launcher, as a reader does. */
export async function startTake(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: "Shedder's Take", exact: true }).click();
}
