import { readFileSync } from 'node:fs';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { sharedFixturePath } from '../support/shared-fixtures';
import { expect, sidebarFrame, test } from './support/extension-test';
import { useFakeModel } from './support/settings-page';
import { pressLauncher } from './support/launchers';

/** What the reader sees while the PDF is fetched and read, and when a site answers with something else. */
let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI();
});
test.afterEach(async () => {
  await model.close();
});

test('download progress, then reading progress, then what was read', async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-progress', model: 'fake-critic' });
  // The real Mooncake PDF, sent in 16 slices over about three seconds, as a slow connection would.
  const pdf = readFileSync(sharedFixturePath('pdfs', 'papers', 'mooncake-fast25.pdf'));
  fixtureServer.override('arxiv.org/pdf/2106.09608v2', (res) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length });
    const slice = Math.ceil(pdf.length / 16);
    let sent = 0;
    const timer = setInterval(() => {
      res.write(pdf.subarray(sent, sent + slice));
      sent += slice;
      if (sent >= pdf.length) {
        clearInterval(timer);
        res.end();
      }
    }, 200);
  });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608');
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('status').filter({ hasText: /Fetching the PDF… \d+\.\d of 0\.6 MB/ })).toBeVisible();
  await expect(sidebar.getByRole('progressbar', { name: 'Download progress' })).toBeVisible();
  await expect(sidebar.getByRole('status').filter({ hasText: /Reading the paper… page \d+ of 17/ })).toBeVisible({ timeout: 30_000 });
  // Mooncake has 17 pages; its references (pages 15-17) go to the model as a compact list of its 43 parsed entries.
  // fake-critic is not a model known to read images, so the summary also says why no figures went with the text.
  await expect(sidebar.getByTestId('reading-summary')).toHaveText(
    /^read pages 1–14 of 17 and the reference list \(43 entries\), no figures sent \(fake-critic is not known to read images; Settings: Send figures "always" sends them\)$/,
    { timeout: 30_000 },
  );
});

test('an ACM sign-in page instead of the PDF: the sidebar says to sign in, and asks no model', async ({ driver, context, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-acm', model: 'fake-critic' });
  const signIn = `<!doctype html><html><head><title>Sign in | ACM Digital Library</title></head><body>
    <form action="/action/doLogin" method="post"><label>Email <input name="login"></label><label>Password <input type="password" name="password"></label>
    <button>Sign in</button></form></body></html>`;
  fixtureServer.override('dl.acm.org/doi/pdf/10.1145/3706599.3719976', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(signIn));
  const page = await context.newPage();
  await page.goto('https://dl.acm.org/doi/10.1145/3706599.3719976');
  await pressLauncher(page);
  const alert = sidebarFrame(page).getByRole('alert');
  await expect(alert).toContainText(/sign in/i);
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(0);

  // Control: once the reader is signed in and the site sends the PDF, Retry reads it and asks the model.
  fixtureServer.override('dl.acm.org/doi/pdf/10.1145/3706599.3719976', { file: sharedFixturePath('pdfs', 'papers', 'huawei-serverless-cold-starts-eurosys25.pdf'), contentType: 'application/pdf' });
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(sidebarFrame(page).getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
});

test('a withdrawn arXiv paper: the sidebar shows the paper and says there is no PDF to read', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2310.08262');
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('heading', { name: 'Proceedings of The 2023 Scheme and Functional Programming Workshop', level: 2 })).toBeVisible();
  await expect(sidebar.getByRole('note')).toContainText(/No PDF on this page: .*withdrawn/i);
});

test('an HTML-only arXiv paper, opened from its launcher: one notice, and no button that could never work', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2403.10561');
  await pressLauncher(page);
  const sidebar = sidebarFrame(page);
  await expect(sidebar.getByRole('note')).toContainText(/No PDF on this page: HTML only/);
  await expect(sidebar.getByRole('note')).toHaveCount(1);
  await expect(sidebar.getByRole('alert')).toHaveCount(0);
  await expect(sidebar.getByRole('button', { name: /Retry|Regenerate|Get Shedder's take/ })).toHaveCount(0);
  // Control: the sidebar's own buttons are there to be found.
  await expect(sidebar.getByRole('button', { name: "Close Shedder's Take" })).toBeVisible();
});

test('the sidebar as a tab of its own (the popup opens it for a PDF tab in Firefox) runs a take when asked', async ({ driver, context, extensionId, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-standalone', model: 'fake-critic' });
  const paper = { site: 'arxiv', paperId: '2106.09608v2', version: 2, title: '2106.09608v2.pdf', authors: [], pageUrl: 'https://arxiv.org/abs/2106.09608v2', pdfUrl: 'https://arxiv.org/pdf/2106.09608v2' };
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidebar-frame.html#paper=${encodeURIComponent(JSON.stringify(paper))}`);
  await expect(page.getByRole('heading', { name: '2106.09608v2.pdf', level: 2 })).toBeVisible();
  // Nothing starts by itself: anyone can open this page with any address.
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  await page.getByRole('button', { name: "Get Shedder's take" }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Done.' })).toBeVisible({ timeout: 60_000 });
  expect(model.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
});
