import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai';
import { takeFromLauncher } from '../support/driver';
import { expect, test } from '../support/driver-test';
import { useFakeModel } from '../support/settings-page';

/**
 * The take reads at 14 px or more in both browsers, measured as each browser computed it: Chromium gives extension
 * pages `body { font-size: 75% }`, which shrank the take to 10.5 px while our sizes sat on :root. Metadata stays
 * smaller than the reading text, and the reading text is set in the serif the extension ships, loaded.
 */
let model: FakeOpenAI;
test.beforeEach(async () => {
  model = await startFakeOpenAI({ chunkDelayMs: 2 });
});
test.afterEach(async () => {
  await model.close();
});

test("the take's body text is at least 14 px as computed, above the metadata, in the bundled serif", async ({ driver, fixtureServer }) => {
  await useFakeModel(driver, fixtureServer, model, { apiKey: 'sk-test-reading', model: 'fake-critic' });
  const { sidebar } = await takeFromLauncher(driver, 'https://arxiv.org/abs/2106.09608');
  const measured = await sidebar.evaluate(() => {
    const paragraphs = [...document.querySelectorAll('.reading p')].filter((paragraph) => (paragraph.textContent ?? '').trim().length > 40);
    const px = (element: Element | null) => (element ? parseFloat(getComputedStyle(element).fontSize) : NaN);
    const serifLoaded = [...document.fonts].some((face) => face.family.replace(/["']/g, '') === 'Source Serif 4 Variable' && face.status === 'loaded');
    return {
      paragraphs: paragraphs.length,
      smallestBody: Math.min(...paragraphs.map(px)),
      lineHeight: paragraphs[0] ? parseFloat(getComputedStyle(paragraphs[0]).lineHeight) : NaN,
      bodyFamily: paragraphs[0] ? getComputedStyle(paragraphs[0]).fontFamily : '',
      meta: px(document.querySelector('.paper-meta')),
      serifLoaded,
    };
  }, undefined);
  // The take has several paragraphs of prose, so the smallest of them is a real measurement.
  expect(measured.paragraphs).toBeGreaterThan(3);
  expect(measured.smallestBody).toBeGreaterThanOrEqual(14);
  expect(measured.lineHeight / measured.smallestBody).toBeGreaterThanOrEqual(1.4);
  expect(measured.meta).toBeLessThan(measured.smallestBody);
  expect(measured.bodyFamily).toMatch(/^"?Source Serif 4 Variable"?,/);
  expect(measured.serifLoaded).toBe(true);
});
