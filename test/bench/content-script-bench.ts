import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeBigArxivListing } from '../fixtures/make-big-listing';
import { extensionDir, launchChromiumWithExtension } from '../e2e/support/extension-test';
import { startFixtureServer } from '../e2e/support/fixture-server';

const entries = 2_000;
const runs = 5;
const listingKey = `arxiv.org/list/cs.DC/pastweek?show=${entries}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * The content script on a 2,000-entry arXiv listing in headless Chromium with the built extension, from its own
 * user-timing measures: the first launchers on screen, the longest task it holds the page for, and all launchers;
 * against a reference run in the same page: plain buttons inserted after the same entries by a page script in
 * one go, the least any launcher could cost.
 */
export async function benchContentScript(): Promise<Record<string, number | string>> {
  const script = join(extensionDir, 'content-scripts/paper.js');
  const scriptBytes = statSync(script).size;
  const server = await startFixtureServer();
  const listing = makeBigArxivListing(entries);
  server.override(listingKey, (res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(listing));
  const context = await launchChromiumWithExtension(server);
  const first: number[] = [];
  const all: number[] = [];
  const longestTask: number[] = [];
  const reference: number[] = [];
  let launchers = 0;
  try {
    const page = await context.newPage();
    for (let run = 0; run <= runs; run += 1) {
      await page.goto(`https://${listingKey}`);
      await page.waitForFunction(() => performance.getEntriesByName('shedders-take:all-launchers').length > 0, undefined, { timeout: 30_000 });
      const timings = await page.evaluate(() => ({
        first: performance.getEntriesByName('shedders-take:launchers')[0]!.duration,
        all: performance.getEntriesByName('shedders-take:all-launchers')[0]!.duration,
        longestBatch: Math.max(...performance.getEntriesByName('shedders-take:launcher-batch').map((entry) => entry.duration)),
      }));
      launchers = await page.locator('shedders-take-launcher').count();
      const referenceDuration = await page.evaluate(() => {
        const started = performance.now();
        for (const link of document.querySelectorAll('dl#articles > dt a[title="Abstract"]')) {
          const button = document.createElement('button');
          button.textContent = 'reference';
          link.after(button);
        }
        return performance.now() - started;
      });
      if (run === 0) continue; // warm-up
      first.push(timings.first);
      all.push(timings.all);
      longestTask.push(Math.max(timings.first, timings.longestBatch));
      reference.push(referenceDuration);
    }
  } finally {
    await context.close();
    await server.close();
  }
  const referenceMedian = median(reference);
  const figure = (value: number) => Number(value.toFixed(1));
  return {
    'content script: listing entries': entries,
    'content script: launchers added': launchers,
    'content script: first 150 launchers on screen, median ms (target < 50)': figure(median(first)),
    'content script: longest task while adding launchers, median ms (target < 50)': figure(median(longestTask)),
    'content script: all launchers, median ms (spread over tasks)': figure(median(all)),
    'content script: reference (2,000 plain buttons by a page script, one task), median ms': figure(referenceMedian),
    'content script: first launchers / reference': Number((median(first) / referenceMedian).toFixed(2)),
    'content script: all launchers / reference': Number((median(all) / referenceMedian).toFixed(2)),
    'content script: injected size, KB minified (target < 50)': figure(scriptBytes / 1024),
    'content script: injected size, KB gzip': figure(gzipSync(readFileSync(script)).length / 1024),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchContentScript());
}
