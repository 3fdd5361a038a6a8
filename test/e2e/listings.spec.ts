import { entryLauncher, expect, sidebarFrame, test } from './support/extension-test';
import { countInClosedRoots, launcher, launchers, namesInClosedRoots } from './support/launchers';

/**
 * Listing and proceedings pages: a take button on every entry, each opening its own paper. The arXiv
 * listings are real (shared fixtures); the ACM table of contents, the USENIX program and the arXiv search
 * page are HAND-WRITTEN from the sites' documented structure (test/fixtures/pages/README.md).
 * Entry counts and titles are read off the pages by hand.
 */
const listings = [
  {
    name: 'arXiv /new with sections (real)',
    url: 'https://arxiv.org/list/q-fin/new',
    entries: 16,
    pick: 'A parsimonious neural network approach to solve portfolio optimization problems without using dynamic programming',
  },
  {
    name: 'arXiv /pastweek without abstracts (real)',
    url: 'https://arxiv.org/list/astro-ph/pastweek',
    entries: 50,
    pick: 'Robustness Measures for Molecular Detections using High-Resolution Transmission Spectroscopy of Exoplanets',
  },
  {
    name: 'arXiv search results (HAND-WRITTEN)',
    url: 'https://arxiv.org/search/?query=tail+latency&searchtype=all',
    entries: 5,
  },
  {
    name: 'ACM proceedings table of contents with sessions (HAND-WRITTEN)',
    url: 'https://dl.acm.org/doi/proceedings/10.1145/3777001',
    entries: 6,
    pick: 'Why Your p99 Lies: Measurement Artifacts in Tail-Latency Benchmarks',
  },
  {
    name: 'USENIX technical sessions with a keynote (HAND-WRITTEN)',
    url: 'https://www.usenix.org/conference/nsdi27/technical-sessions',
    entries: 6,
    pick: 'Packet Spraying Without Reordering Pain',
  },
];

for (const listing of listings) {
  test(`${listing.name}: a button on every entry opens that entry's paper`, async ({ context }) => {
    const page = await context.newPage();
    await page.goto(listing.url);
    const entryLaunchers = /^Take: .* \(Shedder's Take\)$/;
    await expect.poll(() => countInClosedRoots(page, 'button', entryLaunchers)).toBe(listing.entries);
    const pick = listing.pick ?? /^Take: (.*) \(Shedder's Take\)$/.exec((await namesInClosedRoots(page, 'button', entryLaunchers))[2]!)![1]!;
    await (await launcher(page, entryLauncher(pick))).click();
    await expect(sidebarFrame(page).getByRole('heading', { name: pick, level: 2 })).toBeVisible();
  });
}

test('the same paper listed twice on a /new page: both buttons open the one paper', async ({ context, fixtureServer }) => {
  // Synthetic variant of the real q-fin /new page: its first entry repeated as a cross-list, as arXiv does
  // when a paper is new in one category and cross-listed in another shown on the same page.
  const { readFileSync } = await import('node:fs');
  const { sharedFixturePath } = await import('../support/shared-fixtures');
  const real = readFileSync(sharedFixturePath('pages', 'arxiv-current', 'fs__list_q-fin_new.html'), 'utf8');
  const firstEntry = /<dt>[\s\S]*?<\/dd>/.exec(real)![0];
  const doubled = real.replace(/(<h3>Replacement submissions)/, `<dl id='articles'>${firstEntry}</dl>$1`);
  fixtureServer.override('arxiv.org/list/q-fin/new?dup=1', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(doubled));
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/q-fin/new?dup=1');
  const title = 'A Bayesian derivation of the square root law of market impact';
  const twins = await launchers(page, entryLauncher(title));
  expect(twins).toHaveLength(2);
  await twins[1]!.click();
  await expect(sidebarFrame(page).getByRole('heading', { name: title, level: 2 })).toBeVisible();
});

test('an ACM table of contents whose second session loads on expand (HAND-WRITTEN): its entries get buttons when they appear', async ({ context, fixtureServer }) => {
  // The hand-written table of contents, with session 2's entries held back until the reader expands it, as ACM does.
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const full = readFileSync(join(import.meta.dirname, '../fixtures/pages/acm-proceedings-toc.html'), 'utf8');
  const opening = '<div class="accordion-tabbed__content">';
  const second = full.indexOf(opening, full.indexOf(opening) + 1) + opening.length;
  const end = full.indexOf('</main>');
  const closing = full.lastIndexOf('<div class="issue-item-container">', end);
  const entriesEnd = full.indexOf('</div>\n        </div>\n', full.indexOf('</div>\n          </div>\n', closing)) + '</div>\n        </div>\n'.length;
  const later = full.slice(second, entriesEnd);
  const collapsed =
    full.slice(0, second) +
    `<button id="expand" type="button">Expand session 2</button><template id="later">${later}</template>` +
    `<script>document.getElementById('expand').addEventListener('click', (event) => event.target.replaceWith(document.getElementById('later').content));</script>` +
    full.slice(entriesEnd);
  fixtureServer.override('dl.acm.org/doi/proceedings/10.1145/3777001?collapsed=1', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(collapsed));

  const page = await context.newPage();
  await page.goto('https://dl.acm.org/doi/proceedings/10.1145/3777001?collapsed=1');
  const entryLaunchers = /^Take: .* \(Shedder's Take\)$/;
  await expect.poll(() => countInClosedRoots(page, 'button', entryLaunchers)).toBe(3);
  await page.getByRole('button', { name: 'Expand session 2' }).click();
  await expect.poll(() => countInClosedRoots(page, 'button', entryLaunchers)).toBe(6);
  await expect(await launcher(page, "Shedder's Take: quick takes for the 6 papers on this page")).toBeVisible();
  const title = 'Tiered Erasure: Cost-Efficient Durability Across Flash and Cold Object Storage';
  await (await launcher(page, entryLauncher(title))).click();
  await expect(sidebarFrame(page).getByRole('heading', { name: title, level: 2 })).toBeVisible();
});
