import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { keyDatabaseName } from '../../utils/storage/key-database';
import { metadataInjections } from '../fixtures/hostile/injections';
import { combineCases, makeHiddenTextPdfs, visibleParagraph } from '../support/make-hidden-text-pdfs';
import { evaluateInContentScript, sidebarDocumentFrame, startTake } from './support/browser-setup';
import { launcher, pressLauncher } from './support/launchers';
import { useFakeModel } from './support/settings-page';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../support/fake-openai';
import { expect, sidebarFrame, test } from './support/extension-test';
import {
  countForgedMessages,
  forgedMessagesHandled,
  forgedWindowMessages,
  forgeFromPage,
  grantsPosted,
  raceOurGrant,
  recordStoredWidths,
  sidebarWidthOnScreen,
  storedWidths,
} from './support/frame-forgery';

/**
 * The key stays ours, and injected text stays data, in the real browser: the built extension, real Chromium, the fixture server standing in for
 * arxiv.org, and the fake OpenAI server recording every request the extension makes to the model.
 */

let fake: FakeOpenAI;

test.beforeEach(async () => {
  fake = await startFakeOpenAI();
});

test.afterEach(async () => {
  await fake.close();
});

/** Everything the page's own scripts can try, from the page's main world. Returns what each attempt yielded. */
async function pageWorldAttempts(extensionId: string): Promise<Record<string, unknown>> {
  const describe = (error: unknown) => `refused: ${error instanceof Error ? error.name : String(error)}`;
  const results: Record<string, unknown> = {};
  const received: unknown[] = [];
  // The frame answers a last probe once it has handled everything the page posted before it (the test adds that
  // answer to the frame): whatever the frame said back to the page by then is in `received` when the echo arrives.
  const echoed = new Promise<void>((resolve) =>
    window.addEventListener('message', (event) => {
      if ((event.data as { probe?: string } | null)?.probe === 'echo') resolve();
      else received.push(event.data);
    }),
  );

  const chromeGlobal = (window as unknown as { chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => Promise<unknown> } } }).chrome;
  results.runtimeSendMessage = typeof chromeGlobal?.runtime?.sendMessage;
  try {
    results.runtimeReply = await chromeGlobal?.runtime?.sendMessage?.(extensionId, { type: 'getSelectedPaper' });
  } catch (error) {
    results.runtimeReply = describe(error);
  }

  // The sidebar host's shadow root is open, so the page can find the frame; what can it get out of it?
  const sidebar = document.querySelector('shedders-take-sidebar')?.shadowRoot?.querySelector('iframe');
  results.foundSidebarFrame = sidebar !== null && sidebar !== undefined;
  results.sidebarContentDocument = sidebar?.contentDocument === null ? 'null' : 'readable';
  try {
    results.sidebarDocumentText = sidebar?.contentWindow?.document.body.innerText;
  } catch (error) {
    results.sidebarDocumentText = describe(error);
  }
  try {
    results.sidebarLocalStorage = JSON.stringify(sidebar?.contentWindow?.localStorage);
  } catch (error) {
    results.sidebarLocalStorage = describe(error);
  }
  const messageTypes = ['focus', 'paperSelected', 'close', 'collapse', 'expand', 'getApiKey', 'getSelectedPaper', 'selectPaper', 'settings', 'apiKey'];
  for (const type of messageTypes) {
    sidebar?.contentWindow?.postMessage({ tag: 'shedders-take', type }, '*');
    sidebar?.contentWindow?.postMessage({ type }, '*');
  }
  sidebar?.contentWindow?.postMessage('getApiKey', '*');
  sidebar?.contentWindow?.postMessage({ probe: 'last' }, '*');

  // Extension pages of its own making: framed, fetched, opened.
  const pages = ['options.html', 'sidebar-frame.html', 'popup.html', 'library.html'];
  const framed: Record<string, unknown> = {};
  await Promise.all(
    pages.map(
      (path) =>
        new Promise<void>((resolve) => {
          const frame = document.createElement('iframe');
          frame.src = `chrome-extension://${extensionId}/${path}`;
          const read = () => {
            let text: unknown;
            try {
              text = frame.contentWindow?.document.documentElement.outerHTML;
            } catch (error) {
              text = describe(error);
            }
            framed[path] = { contentDocument: frame.contentDocument === null ? 'null' : 'readable', text };
            resolve();
          };
          // Loaded: the frame holds the document it will hold, whether ours or the browser's refusal.
          frame.addEventListener('load', read);
          document.body.append(frame);
        }),
    ),
  );
  results.framed = framed;
  const fetched: Record<string, unknown> = {};
  for (const path of [...pages, 'manifest.json', 'background.js']) {
    try {
      const response = await fetch(`chrome-extension://${extensionId}/${path}`);
      fetched[path] = await response.text();
    } catch (error) {
      fetched[path] = describe(error);
    }
  }
  results.fetched = fetched;
  results.pageStorage = { local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage), cookie: document.cookie };
  results.indexedDbNames = (await indexedDB.databases()).map((database) => database.name);
  results.pageHtml = document.documentElement.outerHTML;
  await echoed;
  results.messagesReceived = received;
  return results;
}

/** The page opens our options page in a window of its own and, once that window has loaded, tries to read it. */
async function openedOptionsPage(page: Page, extensionId: string): Promise<string> {
  const popup = page.waitForEvent('popup');
  await page.evaluate((id) => {
    (window as unknown as { opened: Window | null }).opened = window.open(`chrome-extension://${id}/options.html`);
  }, extensionId);
  await (await popup).waitForLoadState('load');
  return page.evaluate(() => {
    const opened = (window as unknown as { opened: Window | null }).opened;
    try {
      return opened?.document.documentElement.outerHTML ?? 'no window';
    } catch (error) {
      return `refused: ${error instanceof Error ? error.name : String(error)}`;
    } finally {
      opened?.close();
    }
  });
}

function requestsCarrying(requests: RecordedRequest[], secret: string): { path: string; where: string[] }[] {
  return requests
    .map((request) => {
      const where: string[] = [];
      if (request.path.includes(secret)) where.push('path');
      if (JSON.stringify(request.body ?? '').includes(secret)) where.push('body');
      for (const [name, value] of Object.entries(request.headers)) {
        if (String(value).includes(secret)) where.push(`header ${name}`);
      }
      return { path: request.path, where };
    })
    .filter((request) => request.where.length > 0);
}

test('the API key stays ours: the page, its frames and our content script get nothing; it goes only to the model endpoint', async ({ driver, context, background, extensionId, fixtureServer }) => {
  const apiKey = `sk-shedder-${randomBytes(12).toString('hex')}`;
  await useFakeModel(driver, fixtureServer, fake, { apiKey, model: 'fake-critic' });
  // Control: the key really is stored (in the background's key database), so finding it nowhere below means something.
  const storedKey = await background.evaluate(
    (name) =>
      new Promise<unknown>((resolve) => {
        const opening = indexedDB.open(name);
        opening.onsuccess = () => {
          const read = opening.result.transaction('secrets').objectStore('secrets').get('apiKey');
          read.onsuccess = () => resolve(read.result);
        };
      }),
    keyDatabaseName,
  );
  expect(storedKey).toBe(apiKey);

  const page = await context.newPage();
  await startTake(page, 'https://arxiv.org/abs/2106.09608');
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });

  await sidebarDocumentFrame(page, extensionId).evaluate(() =>
    window.addEventListener('message', (event) => {
      if (event.source === window.parent && (event.data as { probe?: string } | null)?.probe === 'last') window.parent.postMessage({ probe: 'echo' }, '*');
    }),
  );
  const attempts: Record<string, unknown> = { ...(await page.evaluate(pageWorldAttempts, extensionId)), openedOptions: await openedOptionsPage(page, extensionId) };
  expect(JSON.stringify(attempts)).not.toContain(apiKey);
  expect(attempts.runtimeSendMessage).not.toBe('function');
  expect(attempts.foundSidebarFrame).toBe(true);
  expect(attempts.sidebarContentDocument).toBe('null');
  expect(attempts.sidebarDocumentText).toMatch(/^refused: SecurityError/);
  expect(attempts.sidebarLocalStorage).toMatch(/^refused: SecurityError/);
  const framed = attempts.framed as Record<string, { contentDocument: string; text: unknown }>;
  for (const path of ['options.html', 'sidebar-frame.html', 'popup.html', 'library.html']) {
    expect(framed[path]?.contentDocument, path).toBe('null');
  }
  const fetched = attempts.fetched as Record<string, string>;
  // Only the sidebar page is web-accessible: the rest, the manifest and the code are refused to pages.
  for (const path of ['options.html', 'popup.html', 'library.html', 'manifest.json', 'background.js']) {
    expect(fetched[path], path).toMatch(/^refused/);
  }
  // The window did open, and what it shows is another origin's (the browser's refusal): the page reads none of it.
  expect(attempts.openedOptions).toMatch(/^refused: SecurityError/);

  // Our content script's world, and anything a renderer compromised into it could do with the same powers.
  const contentScript = {
    local: await evaluateInContentScript(context, page, extensionId, 'chrome.storage.local.get(null).then(JSON.stringify, (e) => "refused: " + e.message)'),
    session: await evaluateInContentScript(context, page, extensionId, 'chrome.storage.session.get(null).then(JSON.stringify, (e) => "refused: " + e.message)'),
    sync: await evaluateInContentScript(context, page, extensionId, 'chrome.storage.sync.get(null).then(JSON.stringify, (e) => "refused: " + e.message)'),
    selectedPaper: await evaluateInContentScript(context, page, extensionId, 'chrome.runtime.sendMessage({ type: "getSelectedPaper" }).then(JSON.stringify)'),
    apiKeyRequest: await evaluateInContentScript(context, page, extensionId, 'chrome.runtime.sendMessage({ type: "getApiKey" }).then(JSON.stringify)'),
  };
  expect(JSON.stringify(contentScript)).not.toContain(apiKey);
  // The background's setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }) is what closes local storage to content scripts.
  expect(contentScript.local).toMatch(/^refused: Access to storage is not allowed from this context/);
  expect(contentScript.session).toMatch(/^refused/);
  expect(contentScript.selectedPaper).toContain('Not accepted from this sender');
  expect(contentScript.apiKeyRequest).toContain('Not accepted from this sender');

  // The sidebar's own DOM holds no copy of the key (no field, no attribute), so even a leak of its markup would not carry it.
  const frameHtml = await sidebarDocumentFrame(page, extensionId).evaluate(() => document.documentElement.outerHTML);
  expect(frameHtml).toContain('The Critique');
  expect(frameHtml).not.toContain(apiKey);

  // On the wire: the key is in the Authorization header of requests to the configured endpoint, and nowhere else.
  const chats = fake.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
  expect(chats.length).toBeGreaterThan(0);
  expect(requestsCarrying(fake.requests, apiKey).every((request) => request.where.join() === 'header authorization')).toBe(true);
  expect(chats.every((request) => request.headers.authorization === `Bearer ${apiKey}`)).toBe(true);
  // The fixture server stands in for every other host, and relays the configured endpoint (api.openai.com) to the
  // fake server: there too the key is in Authorization only, and no request to any other host carries it.
  const toEndpoint = fixtureServer.requests.filter((request) => request.host === 'api.openai.com');
  const elsewhere = fixtureServer.requests.filter((request) => request.host !== 'api.openai.com');
  expect(toEndpoint.length).toBeGreaterThan(0);
  expect(requestsCarrying(toEndpoint as unknown as RecordedRequest[], apiKey).every((request) => request.where.join() === 'header authorization')).toBe(true);
  expect(elsewhere.length).toBeGreaterThan(0);
  expect(requestsCarrying(elsewhere as unknown as RecordedRequest[], apiKey)).toEqual([]);
  expect(JSON.stringify(elsewhere)).not.toContain(apiKey);
});

const injectionPage = join(import.meta.dirname, '../fixtures/hostile/arxiv-injection-page.html');

test('a hidden-text PDF and an injecting page: the hidden text is flagged and never sent; the page text stays inside the paper block', async ({ driver, context, fixtureServer }) => {
  // Three pages, three ways of hiding: white fill, a 1 pt clip path with outlined glyphs, a white box painted over the text.
  const cases = await makeHiddenTextPdfs();
  const pages = ['white-text-fill', 'clip-path-stroke', 'covered-later-fill'];
  const hidden = await combineCases(cases, pages);
  const canaries = pages.map((name) => cases.find((candidate) => candidate.name === name)!.canary);
  fixtureServer.override('arxiv.org/abs/2611.99999', { file: injectionPage, contentType: 'text/html; charset=utf-8' });
  fixtureServer.override('arxiv.org/pdf/2611.99999v1', (res) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': hidden.length });
    res.end(Buffer.from(hidden));
  });
  expect(readFileSync(injectionPage, 'utf8')).toContain(metadataInjections.author);
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });

  const page = await context.newPage();
  await startTake(page, 'https://arxiv.org/abs/2611.99999');
  const sidebar = sidebarFrame(page);
  const warning = sidebar.getByRole('alert').filter({ hasText: 'This PDF contains text you cannot see, addressed to AI tools' });
  await expect(warning).toBeVisible({ timeout: 60_000 });
  // One line per finding, grouped by page, each saying where and how it was hidden.
  await expect(warning.getByRole('list', { name: 'Page 1' }).getByRole('listitem')).toHaveText([/Canary WHITETEXTFILL.*\(p\. 1, white on white\)/]);
  await expect(warning.getByRole('list', { name: 'Page 2' }).getByRole('listitem')).toHaveText([/Canary CLIPPATHSTROKE.*\(p\. 2, clipped away\)/]);
  await expect(warning.getByRole('list', { name: 'Page 3' }).getByRole('listitem')).toHaveText([/Canary COVEREDLATERFILL.*\(p\. 3, covered by a shape drawn over it\)/]);
  await expect(warning).toContainText('They were not sent to the model.');
  await expect(sidebar.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  await warning.screenshot({ path: 'test-results/hidden-text-warning.png' });
  expect(fixtureServer.requests.some((request) => request.path === '/pdf/2611.99999v1')).toBe(true);

  const chat = fake.requests.find((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
  const messages = (chat?.body as { messages: { role: string; content: string }[] } | undefined)?.messages ?? [];
  expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
  const [system, user] = messages.map((message) => message.content) as [string, string];
  for (const canary of canaries) {
    expect(JSON.stringify(messages)).not.toContain(canary);
  }
  expect(JSON.stringify(messages)).not.toContain('glowing review');
  const boundary = /<<<BEGIN (PAPER-[0-9a-f]{24})>>>/.exec(user)?.[1] ?? 'missing';
  const block = user.slice(user.indexOf(`<<<BEGIN ${boundary}>>>`), user.indexOf(`<<<END ${boundary}>>>`));
  const outside = system + user.replace(block, '');
  // The visible paragraph is on every page: it arrives, inside the block, with the page's metadata.
  for (const text of [visibleParagraph, metadataInjections.title, metadataInjections.author]) {
    expect(block).toContain(text);
    expect(outside).not.toContain(text);
  }
});

test("a page's script can neither reach the launcher's button nor press it: its clicks are not the reader's", async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  const button = await launcher(page);
  await expect(button).toHaveAttribute('data-armed', '');
  // Everything a page script can try on the launcher's host: its shadow root is closed, so the button itself is out of reach.
  const reached = await page.evaluate(() => {
    const hosts = [...document.querySelectorAll<HTMLElement>('shedders-take-launcher')];
    for (const host of hosts) {
      host.click();
      host.focus();
      host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      const box = host.getBoundingClientRect();
      const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2, bubbles: true, composed: true };
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) document.elementFromPoint(at.clientX, at.clientY)?.dispatchEvent(new MouseEvent(type, at));
    }
    return { hosts: hosts.length, openShadowRoots: hosts.filter((host) => host.shadowRoot !== null).length, buttonsFound: document.querySelectorAll('button[aria-label^="Shedder"]').length };
  });
  expect(reached).toEqual({ hosts: 1, openShadowRoots: 0, buttonsFound: 0 });
  // A press the launcher took would have asked the background to select the paper, then opened the sidebar on its
  // answer. Once our content script has had an answer to a message sent after the page's attempts, that would have
  // happened: the sidebar is still closed, and with no sidebar nothing can be asked.
  expect(await evaluateInContentScript(context, page, extensionId, 'chrome.runtime.sendMessage({ type: "getSelectedPaper" }).then(JSON.stringify)')).toContain('Not accepted from this sender');
  await expect(page.getByRole('complementary', { name: "Shedder's Take" })).toBeHidden();
  expect(fake.requests.filter((request) => request.path === '/v1/chat/completions')).toEqual([]);

  // Control: the reader's own click on the same launcher opens the sidebar and asks the model, once.
  await button.click();
  await expect(sidebarFrame(page).getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(fake.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(1);
});

test("a page's script cannot resize or expand the sidebar by posting to its frame, even racing our grant with a port of its own, or by scripting its edge; the reader's drag and click do", async ({ context, extensionId }) => {
  // Every width the extension stores, recorded from an extension page open before the paper page.
  const recorder = await context.newPage();
  await recorder.goto(`chrome-extension://${extensionId}/options.html`);
  await recorder.evaluate(recordStoredWidths);
  const widthsStored = () => recorder.evaluate(storedWidths);

  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('https://arxiv.org/abs/2106.09608');
  // The frame's "ready" reaches the page too: the page answers it at once with a look-alike grant and a port of its
  // own, and posts a width on that port, hoping to be first.
  expect(await page.evaluate(raceOurGrant)).toEqual({ pageWorld: true });
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  // Our grant was accepted (the paper is shown), the page's look-alike was posted before it was.
  await expect(sidebar.getByRole('heading', { level: 2 })).toBeVisible();
  expect(await page.evaluate(grantsPosted)).toBe(1);

  // Collapsed by the reader, the sidebar is the strip.
  await sidebar.getByRole('button', { name: "Collapse Shedder's Take" }).click();
  const expandStrip = sidebar.getByRole('button', { name: /expand Shedder's Take$/ });
  await expect(expandStrip).toBeVisible();

  // The page's forged width, focus and grant on the frame's window, a focus on its own port, and scripted keys and a
  // scripted drag on the edge; the frame marks when it has drawn twice after the last forged message.
  const frame = sidebarDocumentFrame(page, extensionId);
  await frame.evaluate(countForgedMessages);
  expect(await page.evaluate(forgeFromPage)).toBe(1);
  await expect.poll(() => frame.evaluate(forgedMessagesHandled)).toBe(forgedWindowMessages);
  await expect(expandStrip).toBeVisible();
  expect(await page.evaluate(sidebarWidthOnScreen)).toBeLessThanOrEqual(48);

  // Control: the reader's click on the launcher brings the sidebar forward through our port, expanded.
  await pressLauncher(page);
  await expect(sidebar.getByRole('heading', { level: 2 })).toBeVisible();
  await expect(expandStrip).toBeHidden();

  // Control: the reader's drag of the edge is stored, and it is the only width ever stored: the page's 777 and 666,
  // its scripted keys and its scripted drag all came before the drag began, the same way in.
  const edge = page.getByRole('separator', { name: "Resize Shedder's Take" });
  const grip = (await edge.boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + 300);
  await page.mouse.down();
  await page.mouse.move(grip.x + grip.width / 2 - 120, grip.y + 300, { steps: 4 });
  await page.mouse.up();
  const dragged = await page.evaluate(sidebarWidthOnScreen);
  await expect.poll(widthsStored).toHaveLength(1);
  const [stored] = (await widthsStored()) as number[];
  expect(Math.abs(stored! - dragged)).toBeLessThanOrEqual(1);
});
