import { join } from 'node:path';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { combineCases, makeHiddenTextPdfs, visibleParagraph } from '../../support/make-hidden-text-pdfs';
import { takeFromLauncher } from '../support/driver';
import { expect, test } from '../support/driver-test';
import { useFakeModel } from '../support/settings-page';

/**
 * Firefox's page-reading workers judge hidden text as Chromium's do. Two of the three ways of hiding used here (a
 * 1 pt clip path, a white box painted over the text) are settled only by drawing the page, with its glyphs, on the
 * worker's OffscreenCanvas, so this is where a gap in Firefox's worker canvas would show.
 */
let fake: FakeOpenAI;
test.beforeEach(async () => {
  fake = await startFakeOpenAI({ chunkDelayMs: 2 });
});
test.afterEach(async () => {
  await fake.close();
});

test('firefox only: hidden text that only drawing the page reveals is flagged and never sent', async ({ driver, fixtureServer }) => {
  const cases = await makeHiddenTextPdfs();
  const pages = ['white-text-fill', 'clip-path-stroke', 'covered-later-fill'];
  const hidden = await combineCases(cases, pages);
  const canaries = pages.map((name) => cases.find((candidate) => candidate.name === name)!.canary);
  fixtureServer.override('arxiv.org/abs/2611.99999', { file: join(import.meta.dirname, '../../fixtures/hostile/arxiv-injection-page.html'), contentType: 'text/html; charset=utf-8' });
  fixtureServer.override('arxiv.org/pdf/2611.99999v1', (res) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': hidden.length });
    res.end(Buffer.from(hidden));
  });
  await useFakeModel(driver, fixtureServer, fake, { apiKey: 'sk-test', model: 'fake-critic' });

  const { text } = await takeFromLauncher(driver, 'https://arxiv.org/abs/2611.99999');
  expect(text).toContain('This PDF contains text you cannot see, addressed to AI tools');
  expect(text).toMatch(/Canary WHITETEXTFILL.*\(p\. 1, white on white\)/);
  expect(text).toMatch(/Canary CLIPPATHSTROKE.*\(p\. 2, clipped away\)/);
  expect(text).toMatch(/Canary COVEREDLATERFILL.*\(p\. 3, covered by a shape drawn over it\)/);
  expect(text).not.toMatch(/not checked for hidden text/);

  const chats = fake.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');
  expect(chats).toHaveLength(1);
  const sent = JSON.stringify(chats[0]!.body);
  // Positive control: the page's visible paragraph did reach the model, from the same pages.
  expect(sent).toContain(visibleParagraph);
  for (const canary of canaries) expect(sent).not.toContain(canary);
});
