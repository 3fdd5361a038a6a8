import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Frame, FrameLocator, Page, Worker } from '@playwright/test';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { sharedFixturePath } from '../support/shared-fixtures';
import { evaluateInContentScript, sidebarDocumentFrame } from './support/browser-setup';
import { expect, extensionDir, sidebarFrame, test } from './support/extension-test';
import { countInClosedRoots, launcher, namesInClosedRoots, pressLauncher } from './support/launchers';
import type { BrowserDriver } from './support/driver';
import { useFakeModel } from './support/settings-page';

/**
 * Nothing spends the reader's tokens or changes their library unless the reader meant it: a request that costs money,
 * or a write to the library, follows only from the reader's action on a control they could see, on the page the paper
 * came from. Each attack below is made the way a page would make it, with real mouse clicks (Playwright's mouse sends
 * the browser real input events at a point), and ends with no chat request at the fake model; each test then shows,
 * with the same setup, that the reader's honest action sends exactly one.
 */

let fake: FakeOpenAI;
test.beforeEach(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 2 });
});
test.afterEach(async () => {
  await fake.close();
});

const paperUrl = 'https://arxiv.org/abs/2106.09608';
const chats = () => fake.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions').length;

type ExtensionGlobal = { chrome: typeof import('#imports').browser };

/** Saved takes, read from the extension's storage as a test (a reader would open the library). */
async function savedTakeKeys(background: Worker): Promise<string[]> {
  const stored = await background.evaluate(() => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get(null));
  return Object.keys(stored).filter((key) => key.startsWith('take:'));
}

/**
 * Every selection the background writes (one per launcher press it accepts), as an extension page sees it: whether
 * that press asked for a take at once. Recorded from a tab of our options page opened first.
 */
async function recordSelections(context: BrowserContext, extensionId: string): Promise<() => Promise<boolean[]>> {
  const recorder = await context.newPage();
  await recorder.goto(`chrome-extension://${extensionId}/options.html`);
  await recorder.evaluate(() => {
    const starts: boolean[] = [];
    (globalThis as unknown as { selectionStarts: boolean[] }).selectionStarts = starts;
    (globalThis as unknown as ExtensionGlobal).chrome.storage.onChanged.addListener((changes, area) => {
      if (area !== 'session') return;
      for (const [key, change] of Object.entries(changes)) {
        const selection = change.newValue as { startRequested?: boolean; selectedAt?: number } | undefined;
        // A press writes a new selection; the sidebar taking its start request rewrites the same one.
        const previous = change.oldValue as { selectedAt?: number } | undefined;
        if (key.startsWith('selectedPaper:') && selection && selection.selectedAt !== previous?.selectedAt) starts.push(selection.startRequested === true);
      }
    });
  });
  return () => recorder.evaluate(() => (globalThis as unknown as { selectionStarts: boolean[] }).selectionStarts);
}

/** The web-accessible pages of the built extension, from its manifest: every page a foreign site could frame. */
function webAccessiblePages(): string[] {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { web_accessible_resources: { resources: string[] }[] };
  return manifest.web_accessible_resources.flatMap((entry) => entry.resources).filter((resource) => resource.endsWith('.html'));
}

/** Where every button of a frame is, in the page's coordinates, so the page's mouse can press each of them. */
async function buttonCentres(page: Page, frame: Frame): Promise<{ name: string; x: number; y: number }[]> {
  const offset = (await (await frame.frameElement()).boundingBox())!;
  const inFrame = await frame.evaluate(() =>
    [...document.querySelectorAll('button')].map((button) => {
      const box = button.getBoundingClientRect();
      return { name: button.textContent ?? '', x: box.x + box.width / 2, y: box.y + box.height / 2, shown: box.width > 0 && box.height > 0 };
    }),
  );
  return inFrame.filter((button) => button.shown).map(({ name, x, y }) => ({ name, x: offset.x + x, y: offset.y + y }));
}

/** The one frame of our extension's page inside `page`, once it is there. */
async function extensionFrame(page: Page, extensionId: string): Promise<Frame> {
  let frame: Frame | undefined;
  await expect.poll(() => (frame = page.frames().find((candidate) => candidate.url().startsWith(`chrome-extension://${extensionId}/`)))).toBeDefined();
  return frame!;
}

/** The honest flow, as the control of an attack: the paper opened, its seen launcher pressed once, the take done, exactly one request. */
async function honestTake(context: BrowserContext): Promise<{ page: Page; sidebar: FrameLocator }> {
  const page = await context.newPage();
  await page.goto(paperUrl);
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(chats()).toBe(1);
  return { page, sidebar };
}

/** A decoy a page would use: a big friendly button. */
const decoy = `<button id="decoy" style="position:fixed;inset:20% 20%;font:32px sans-serif">Claim your prize</button>`;

test('(a) a foreign site frames every web-accessible page transparently over a decoy after a real take in the tab: real clicks on every button send nothing', async ({
  driver,
  context,
  extensionId,
  fixtureServer,
}) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  // Control first: the reader's own take in this tab, exactly one request.
  const { page } = await honestTake(context);

  const beforeAttack = chats();
  const pages = webAccessiblePages();
  expect(pages).toEqual(['sidebar-frame.html']);
  // Each page, and the standalone form of the sidebar with a paper in its address, framed over the decoy.
  const paper = { site: 'arxiv', paperId: '2106.09608v2', title: 'A paper', authors: [], pageUrl: paperUrl, pdfUrl: 'https://arxiv.org/pdf/2106.09608v2' };
  const framed = [...pages, `sidebar-frame.html#paper=${encodeURIComponent(JSON.stringify(paper))}`];
  for (const [index, path] of framed.entries()) {
    const attack = `<!doctype html><title>Prize</title><body>${decoy}
      <iframe src="chrome-extension://${extensionId}/${path}" style="position:fixed;inset:0;width:100vw;height:100vh;border:0;opacity:0.01;z-index:10"></iframe></body>`;
    fixtureServer.override(`prize.example/${index}`, (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attack));
    // The same tab moves to the foreign site, as a link or a redirect would take it.
    await page.goto(`https://prize.example/${index}`);
    const frame = await extensionFrame(page, extensionId);
    // The reader would be told, were the frame visible: it is not this page's sidebar, so it shows nothing.
    await expect(frame.getByRole('alert')).toHaveText("This sidebar was not opened by Shedder's Take on this page, so it shows nothing here.", { timeout: 10_000 });
    const buttons = await buttonCentres(page, frame);
    expect(buttons.length, `buttons in ${path}`).toBeGreaterThan(0);
    for (const button of buttons) await page.mouse.click(button.x, button.y);
    await page.mouse.click(640, 450);
    await expect(frame.getByRole('button', { name: /Get Shedder's take|Regenerate/ })).toHaveCount(0);
  }

  // Control: back on the paper's page, the reader's click on the visible Regenerate sends exactly one more. Once the
  // tab has left the attack's pages, their frames are gone and can send nothing more: the count is final then, and
  // again once the control's own request has arrived.
  await page.goto(paperUrl);
  expect(chats() - beforeAttack, 'chat requests sent by the attack').toBe(0);
  await pressLauncher(page);
  await sidebarFrame(page).getByRole('button', { name: 'Regenerate' }).click();
  await expect.poll(chats, { timeout: 30_000 }).toBe(2);
  await expect(sidebarFrame(page).getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(chats()).toBe(2);
});

test("(a) on the paper's own page: a frame the page makes of our sidebar shows nothing, and our own sidebar made transparent or covered does not act", async ({
  driver,
  context,
  extensionId,
  fixtureServer,
}) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  const { page, sidebar } = await honestTake(context);
  const regenerate = sidebar.getByRole('button', { name: 'Regenerate' });
  await expect(regenerate).toHaveAttribute('data-armed', '');
  const at = (await regenerate.boundingBox())!;
  const centre = { x: at.x + at.width / 2, y: at.y + at.height / 2 };

  // 1. The page frames our web-accessible page itself, transparent, over its decoy: no grant, so nothing to press.
  await page.evaluate(
    ([id, decoyHtml]) => {
      document.body.insertAdjacentHTML('beforeend', decoyHtml);
      const frame = document.createElement('iframe');
      frame.id = 'own-frame';
      frame.src = `chrome-extension://${id}/sidebar-frame.html`;
      // Over the page, beside our own sidebar (a click on our sidebar's visible buttons would be the reader's own).
      frame.style.cssText = 'position:fixed;left:0;top:0;width:50vw;height:100vh;border:0;opacity:0.01;z-index:2147483647';
      document.body.append(frame);
    },
    [extensionId, decoy] as const,
  );
  let theirs: Frame | undefined;
  await expect
    .poll(async () => {
      for (const frame of page.frames()) if ((await (await frame.frameElement().catch(() => undefined))?.getAttribute('id')) === 'own-frame') theirs = frame;
      return theirs?.url();
    })
    .toBe(`chrome-extension://${extensionId}/sidebar-frame.html`);
  await expect(theirs!.getByRole('alert')).toHaveText("This sidebar was not opened by Shedder's Take on this page, so it shows nothing here.", { timeout: 10_000 });
  for (const button of await buttonCentres(page, theirs!)) await page.mouse.click(button.x, button.y);
  await page.evaluate(() => document.getElementById('own-frame')?.remove());

  // 2. The page fades our own sidebar to near nothing: Regenerate is no longer seen, so the click does nothing.
  await page.addStyleTag({ content: 'shedders-take-sidebar { opacity: 0.02 !important; }' });
  await expect(regenerate).not.toHaveAttribute('data-armed', '');
  await page.mouse.click(centre.x, centre.y);

  // 3. The page covers our sidebar with a decoy that lets clicks through, once Regenerate is seen again (so the cover,
  // not the fading, is what it must notice).
  await page.addStyleTag({ content: 'shedders-take-sidebar { opacity: 1 !important; }' });
  await expect(regenerate).toHaveAttribute('data-armed', '');
  await page.evaluate(() => {
    const cover = document.createElement('div');
    cover.id = 'cover';
    cover.textContent = 'Click to continue';
    cover.style.cssText = 'position:fixed;inset:0;z-index:2147483647;pointer-events:none;background:rgb(255 255 255 / 0.6);font:40px sans-serif';
    // After our sidebar's host, so that at the same z-index it is drawn on top.
    document.documentElement.append(cover);
  });
  await expect(regenerate).not.toHaveAttribute('data-armed', '');
  await page.mouse.click(centre.x, centre.y);
  expect(chats()).toBe(1);

  // Control: the cover gone, the same click on the same spot, once Regenerate is seen again, sends exactly one. Its
  // request is where any press of the attack's would have shown: a take the attack started would have been running
  // (Stop in Regenerate's place) or done, with its request sent, by the time this one is.
  await page.evaluate(() => document.getElementById('cover')?.remove());
  await expect(regenerate).toHaveAttribute('data-armed', '');
  await page.mouse.click(centre.x, centre.y);
  // The first take's "Done." is still on screen until the new one starts, so the request itself is awaited.
  await expect.poll(chats, { timeout: 30_000 }).toBe(2);
  await expect(sidebar.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(chats()).toBe(2);
});

test('(b) the launcher restyled into a transparent full-window layer, or blown up over the page: a real click elsewhere starts nothing', async ({
  driver,
  context,
  extensionId,
  fixtureServer,
}) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  const selectionStarts = await recordSelections(context, extensionId);
  const page = await context.newPage();
  await page.goto(paperUrl);
  const button = await launcher(page);
  await expect(button).toHaveAttribute('data-armed', '');
  await page.evaluate((decoyHtml) => document.body.insertAdjacentHTML('beforeend', decoyHtml), decoy);
  const elsewhere = (await page.locator('#decoy').boundingBox())!;
  const clickElsewhere = () => page.mouse.click(elsewhere.x + elsewhere.width / 2, elsewhere.y + elsewhere.height / 2);

  const restyles = [
    // A transparent layer over the whole window: the page's clicks all land on our launcher's host.
    'shedders-take-launcher { position: fixed !important; inset: 0 !important; width: 100vw !important; height: 100vh !important; opacity: 0.01 !important; z-index: 2147483647 !important; }',
    // The button itself blown up to cover the window, faded out.
    'shedders-take-launcher { position: fixed !important; left: 45% !important; top: 45% !important; transform: scale(60) !important; opacity: 0.01 !important; z-index: 2147483647 !important; }',
    // The same, at full opacity but masked away: invisible in a way IntersectionObserver v2 does not report.
    'shedders-take-launcher { position: fixed !important; left: 45% !important; top: 45% !important; zoom: 40 !important; -webkit-mask-image: linear-gradient(transparent, transparent) !important; mask-image: linear-gradient(transparent, transparent) !important; z-index: 2147483647 !important; }',
  ];
  const sidebar = sidebarFrame(page);
  for (const css of restyles) {
    await page.evaluate((content) => {
      document.getElementById('attack-style')?.remove();
      const style = document.createElement('style');
      style.id = 'attack-style';
      style.textContent = content;
      document.head.append(style);
    }, css);
    // The click comes once the browser no longer reports the launcher as seen (it was, before the restyle).
    await expect(button).not.toHaveAttribute('data-armed', '');
    await clickElsewhere();
  }
  // The scaled launcher took its press as the reader's but not seen: its selection asks for no take (the transparent
  // layer's host and the masked launcher took none). A take starts only from a selection that asks for one.
  await expect.poll(selectionStarts).toHaveLength(1);
  expect(await selectionStarts()).toEqual([false]);
  expect(chats()).toBe(0);

  // Control: the page's style gone, the launcher seen again, the reader's click on it starts the take: one request.
  await page.evaluate(() => document.getElementById('attack-style')?.remove());
  await page.evaluate(() => document.getElementById('decoy')?.remove());
  await sidebarFrame(page)
    .getByRole('button', { name: "Close Shedder's Take" })
    .click()
    .catch(() => undefined);
  await pressLauncher(page);
  await expect(sidebar.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  // The background writes selections in the order of the presses: the control's is the last, after anything a press
  // of the attack's could have written, and it is the only one that asked for a take.
  expect(await selectionStarts()).toEqual([false, true]);
  expect(chats()).toBe(1);
});

test('(c) the launcher covered by a decoy that lets clicks through: a real click on it opens the sidebar and starts nothing', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  const selectionStarts = await recordSelections(context, extensionId);
  const page = await context.newPage();
  await page.goto(paperUrl);
  const button = await launcher(page);
  await expect(button).toHaveAttribute('data-armed', '');
  const box = (await button.boundingBox())!;
  await page.evaluate((rect) => {
    const cover = document.createElement('div');
    cover.id = 'cover';
    cover.textContent = '▶ Play';
    cover.style.cssText = `position:fixed;left:${rect.x - 40}px;top:${rect.y - 20}px;width:${rect.width + 80}px;height:${rect.height + 40}px;background:rgb(20 120 20 / 0.85);color:#fff;font:20px sans-serif;pointer-events:none;z-index:2147483647`;
    document.body.append(cover);
  }, box);
  await expect(button).not.toHaveAttribute('data-armed', '');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);

  // The click was the reader's, on our launcher, but not on a launcher they could see: the sidebar opens and waits,
  // its start button focused and ready for the reader's own decision.
  const sidebar = sidebarFrame(page);
  const start = sidebar.getByRole('button', { name: "Get Shedder's take" });
  await expect(start).toBeVisible();
  await expect(start).toBeFocused();
  // The sidebar opened on the background's answer, so the press's selection is written: it does not ask for a take.
  await expect.poll(selectionStarts).toHaveLength(1);
  expect(await selectionStarts()).toEqual([false]);
  expect(chats()).toBe(0);

  // Control: the decoy gone, the same launcher, seen, pressed: the take starts, exactly one request.
  await page.evaluate(() => document.getElementById('cover')?.remove());
  await pressLauncher(page);
  await expect(sidebar.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(await selectionStarts()).toEqual([false, true]);
  expect(chats()).toBe(1);
});

/** The page's addresses that fetch a paper's PDF (the fixture server sees every request). */
function pdfFetches(requests: { host: string; path: string }[]): string[] {
  return requests.filter((request) => /^\/(pdf|doi\/pdf|system\/files)\//.test(request.path) || request.path.endsWith('.pdf')).map((request) => `${request.host}${request.path}`);
}

test('(d) a forged paper on the standalone sidebar page: nothing fetched or saved, and the reader told why in one line', async ({ driver, context, background, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  const forged = { site: 'arxiv', paperId: '2106.09608', title: 'Learning Knowledge Graph-based World Models of Textual Environments', authors: [], pageUrl: paperUrl, pdfUrl: 'https://arxiv.org/pdf/2403.10561' };
  const page = await context.newPage();
  const before = fixtureServer.requests.length;
  await page.goto(`chrome-extension://${extensionId}/sidebar-frame.html#paper=${encodeURIComponent(JSON.stringify(forged))}`);
  await expect(page.getByRole('alert')).toHaveText(
    "The PDF link (arxiv.org/pdf/2403.10561) is for another paper than this one (2106.09608), so Shedder's Take will not read it.",
  );
  await expect(page.getByRole('button', { name: /Get Shedder's take/ })).toHaveCount(0);

  // Control: the same page with the paper's own PDF offers the take; the reader's click reads that PDF and asks once.
  // The forged page stays open meanwhile: once the control's request has reached the model, anything the forged page
  // fetched, saved or asked would have too, and only the control's PDF, take and request are there.
  const honest = await context.newPage();
  await honest.goto(`chrome-extension://${extensionId}/sidebar-frame.html#paper=${encodeURIComponent(JSON.stringify({ ...forged, pdfUrl: 'https://arxiv.org/pdf/2106.09608' }))}`);
  await honest.getByRole('button', { name: "Get Shedder's take" }).click();
  await expect(honest.getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(pdfFetches(fixtureServer.requests.slice(before))).toEqual(['arxiv.org/pdf/2106.09608']);
  expect(await savedTakeKeys(background)).toHaveLength(1);
  expect(chats()).toBe(1);
});

test('(d) a forged paper through the content script: a page linking another paper’s PDF, and a forged selection, fetch and save nothing', async ({
  driver,
  context,
  background,
  extensionId,
  fixtureServer,
}) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  // The real abstract page, its PDF links pointing at another paper, as a hostile copy of it would.
  const real = readFileSync(sharedFixturePath('pages', 'arxiv', 'arxiv_abs_2106.09608_2021.html'), 'utf8');
  const forgedPage = real.replaceAll('/pdf/2106.09608', '/pdf/2403.10561');
  expect(forgedPage).not.toBe(real);
  fixtureServer.override('arxiv.org/abs/2106.09608?forged=1', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(forgedPage));
  const page = await context.newPage();
  const before = fixtureServer.requests.length;
  await page.goto(`${paperUrl}?forged=1`);
  await pressLauncher(page);
  // One line under the launcher, which a screen reader hears as an alert.
  await expect
    .poll(() => namesInClosedRoots(page, 'alert', /could not open this paper/))
    .toEqual([expect.stringMatching(/^Shedder's Take could not open this paper: The PDF link \(arxiv\.org\/pdf\/2403\.10561v?\d*\) is for another paper than this one \(2106\.09608v?\d*\), so Shedder's Take will not read it\.$/)]);
  await expect(page.getByRole('complementary', { name: "Shedder's Take" })).toBeHidden();

  // A renderer compromised into our content script's world, sending the forged selection itself.
  const forged = { site: 'arxiv', paperId: '2106.09608v2', title: 'X', authors: [], pageUrl: paperUrl, pdfUrl: 'https://arxiv.org/pdf/2403.10561' };
  const reply = await evaluateInContentScript(context, page, extensionId, `chrome.runtime.sendMessage({ type: 'selectPaper', paper: ${JSON.stringify(forged)}, start: true }).then(JSON.stringify)`);
  expect(JSON.parse(reply as string)).toEqual({ ok: false, error: expect.stringContaining('is for another paper than this one (2106.09608v2)') });

  // Control: the real page in another tab, the same launcher press: its own PDF is read and the model asked once. The
  // forged tab stays open meanwhile: once the control's request has reached the model, anything the forged page or
  // selection set off would have too, and only the control's PDF, take and request are there.
  const honest = await context.newPage();
  await honest.goto(paperUrl);
  await pressLauncher(honest);
  await expect(sidebarFrame(honest).getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('complementary', { name: "Shedder's Take" })).toBeHidden();
  expect(pdfFetches(fixtureServer.requests.slice(before))).toEqual([expect.stringMatching(/^arxiv\.org\/pdf\/2106\.09608/)]);
  expect(await savedTakeKeys(background)).toHaveLength(1);
  expect(chats()).toBe(1);
});

/**
 * The reader enables a citation-tagged site, as the toolbar popup's "Enable on this site" does: the origin's permission,
 * asked for from a click, then the site added to the enabled list (the background then registers the content script
 * there). The popup itself cannot be used: it learns the tab's address from the toolbar click (activeTab), which
 * Playwright cannot make. Headless Chromium shows no permission prompt to answer, so the reader's "Allow" is given in
 * Chrome's own site-access setting for the extension; the request, made from an extension page with the user gesture
 * Playwright's evaluate carries, is then granted as it would be after "Allow".
 */
async function enableSite(driver: BrowserDriver, context: BrowserContext, extensionId: string, origin: string): Promise<void> {
  await driver.allowOriginWhenAsked(`${origin}/*`);
  const settings = await context.newPage();
  await settings.goto(`chrome-extension://${extensionId}/options.html`);
  const granted = await settings.evaluate(async (pattern) => {
    const { chrome } = globalThis as unknown as ExtensionGlobal;
    const allowed = await chrome.permissions.request({ origins: [pattern] });
    if (allowed) await chrome.storage.local.set({ enabledPaperSites: [pattern] });
    return allowed;
  }, `${origin}/*`);
  expect(granted).toBe(true);
  await settings.close();
}

/** A citation-tagged paper page on a site of its own, as OpenReview or ACL Anthology tag theirs. */
function citationPage(pdfUrl: string): string {
  return `<!doctype html><html><head><title>A Tagged Paper</title>
    <meta name="citation_title" content="A Tagged Paper on Tail Latency">
    <meta name="citation_author" content="Ada Reader">
    <meta name="citation_publication_date" content="2025">
    <meta name="citation_pdf_url" content="${pdfUrl}">
    </head><body><h1>A Tagged Paper on Tail Latency</h1><p>Abstract.</p></body></html>`;
}

test('(d) a generic site’s page naming a PDF on another site: nothing fetched there or saved, and the reader told why', async ({ driver, context, background, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  const mooncake = readFileSync(sharedFixturePath('pdfs', 'papers', 'mooncake-fast25.pdf'));
  fixtureServer.override('papers.example/paper/1', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(citationPage('https://dl.acm.org/doi/pdf/10.1145/3706599.3719976')));
  fixtureServer.override('papers.example/paper/2', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(citationPage('https://papers.example/paper/2.pdf')));
  fixtureServer.override('papers.example/paper/2.pdf', (res) => res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': mooncake.length }).end(mooncake));
  const page = await context.newPage();
  await page.goto('https://papers.example/paper/1');
  await enableSite(driver, context, extensionId, 'https://papers.example');
  const before = fixtureServer.requests.length;
  // The reader reloads, as the popup says; the content script is registered on the site a moment after "Enable".
  await expect(async () => {
    await page.reload();
    expect(await countInClosedRoots(page, 'button', "Shedder's Take")).toBe(1);
  }).toPass({ timeout: 15_000 });
  await pressLauncher(page);
  await expect
    .poll(() => namesInClosedRoots(page, 'alert', /could not open this paper/))
    .toEqual([
      "Shedder's Take could not open this paper: This page's PDF is on dl.acm.org (ACM Digital Library), not on papers.example or a site you enabled, so Shedder's Take will not read it.",
    ]);

  // Control: the same site's page with its PDF on its own origin, in another tab: one launcher press, the PDF read, one
  // request. The refused page stays open meanwhile: once the control's request has reached the model, anything the
  // refused page set off would have too, and only the control's PDF, take and request are there.
  const ownPdf = await context.newPage();
  await ownPdf.goto('https://papers.example/paper/2');
  await pressLauncher(ownPdf);
  await expect(sidebarFrame(ownPdf).getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(fixtureServer.requests.slice(before).filter((request) => request.host === 'dl.acm.org')).toEqual([]);
  expect(pdfFetches(fixtureServer.requests.slice(before))).toEqual(['papers.example/paper/2.pdf']);
  expect(await savedTakeKeys(background)).toHaveLength(1);
  expect(chats()).toBe(1);
});

test('a re-run link opens nothing by itself: the launcher offers the named model and the reader starts it; a malformed one costs no launcher', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  const page = await context.newPage();
  await page.goto(`${paperUrl}#shedders-take-model=gpt-4.1-mini`);
  const button = await launcher(page);
  await expect(button).toHaveAttribute('data-armed', '');
  // Our content script has set up the page and answered a message relayed through the background: a sidebar it
  // opened from the address by itself would be open by now.
  expect(await evaluateInContentScript(context, page, extensionId, 'chrome.runtime.sendMessage({ type: "getSelectedPaper" }).then(JSON.stringify)')).toContain('Not accepted from this sender');
  await expect(page.getByRole('complementary', { name: "Shedder's Take" })).toBeHidden();
  await button.click();
  const sidebar = sidebarFrame(page);
  const offer = sidebar.getByRole('button', { name: "Get Shedder's take with gpt-4.1-mini" });
  // Armed, the offer would start a take the launcher had asked for (as a plain launcher press does): the start reads
  // the model choice from storage, then shows Stop. After a storage read of our own and two frames drawn, it would have.
  await expect(offer).toHaveAttribute('data-armed', '');
  await sidebarDocumentFrame(page, extensionId).evaluate(async () => {
    const { chrome } = globalThis as unknown as ExtensionGlobal;
    await chrome.storage.local.get(null);
    await new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn)));
  });
  await expect(sidebar.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  await expect(offer).toBeVisible();
  expect(chats()).toBe(0);
  // Control: the reader's click on the offer asks that model, once.
  await offer.click();
  await expect(sidebarFrame(page).getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(fake.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => (request.body as { model: string }).model)).toEqual(['gpt-4.1-mini']);

  // A fragment that is not valid percent-encoding: the page still gets its launcher, which works as on any page.
  const malformed = await context.newPage();
  await malformed.goto('https://arxiv.org/abs/1103.1901#shedders-take-model=%');
  await pressLauncher(malformed);
  await expect(sidebarFrame(malformed).getByText('Done.', { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(chats()).toBe(2);
});

test("verdicts are not in the page's DOM: the page finds no verdict text, a screen reader hears it", async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });
  const { page } = await honestTake(context);
  await page.reload();
  // What a screen reader gets: the badge, named with the verdict (the control that the verdict is there to find).
  let badges: string[] = [];
  await expect.poll(async () => (badges = await namesInClosedRoots(page, 'note', /^✓ take: /)).length).toBe(1);
  const verdict = badges[0]!.replace(/^✓ take: a full take is saved\. /, '');
  expect(verdict.length).toBeGreaterThan(10);
  // What the page's scripts get: its whole DOM, through every shadow root they can open.
  const pageText = await page.evaluate(() => {
    const texts: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      texts.push(root instanceof Document ? root.documentElement.outerHTML : root.innerHTML);
      for (const element of root.querySelectorAll('*')) if (element.shadowRoot) walk(element.shadowRoot);
    };
    walk(document);
    return texts.join('\n');
  });
  expect(pageText).toContain('shedders-take-launcher');
  expect(pageText).not.toContain(verdict);
  expect(pageText).not.toContain(verdict.slice(0, 40));
});
