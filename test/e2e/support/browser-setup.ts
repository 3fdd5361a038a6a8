import type { BrowserContext, Frame, Page } from '@playwright/test';
import { pressLauncher } from './launchers';

/**
 * Steps the browser tests share. Everything a reader does goes through the real UI: the launcher, the sidebar;
 * the options page is in settings-page.ts.
 */

/** The sidebar's own frame (an extension page), for reading its window as a test, never as the page. */
export function sidebarDocumentFrame(page: Page, extensionId: string): Frame {
  const frame = page.frames().find((candidate) => candidate.url().startsWith(`chrome-extension://${extensionId}/sidebar-frame.html`));
  if (!frame) throw new Error('the sidebar frame is not in the page');
  return frame;
}

/**
 * Starts recording, in the sidebar's document, whether an element matching `selector` with `text` in it is there: the
 * state now, then each change, checked after every change to the document, so a render that drops it for a moment is
 * caught. The returned function reads the states so far: [false, true] for something that appeared and stayed.
 */
export async function watchPresence(frame: Frame, selector: string, text: string): Promise<() => Promise<boolean[]>> {
  const name = `presence-${crypto.randomUUID()}`;
  await frame.evaluate(
    ([selector, text, name]) => {
      const present = () => [...document.querySelectorAll(selector)].some((element) => element.textContent?.includes(text));
      const states = [present()];
      (window as unknown as Record<string, boolean[]>)[name] = states;
      new MutationObserver(() => {
        if (present() !== states.at(-1)) states.push(!states.at(-1));
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    },
    [selector, text, name] as const,
  );
  return () => frame.evaluate((name) => (window as unknown as Record<string, boolean[]>)[name]!, name);
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

/** Opens a paper page and asks for Shedder's take with the launcher, as a reader does once they see it. */
export async function startTake(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await pressLauncher(page);
}
