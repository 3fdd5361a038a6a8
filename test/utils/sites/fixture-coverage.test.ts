import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, missingSharedFixtures, sharedFixturePath, skipNote } from '../../support/shared-fixtures';
import { handWrittenPagesDir } from '../../support/load-page';

const testsDir = dirname(fileURLToPath(import.meta.url));
const testSources = readdirSync(testsDir)
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => readFileSync(join(testsDir, file), 'utf8'))
  .join('\n');

const sharedNote = skipNote(!hasSharedFixtures, missingSharedFixtures);

describe.skipIf(!hasSharedFixtures)(`every saved page has a page-reading test${sharedNote}`, () => {
  const pagesDir = sharedFixturePath('pages');
  const realPages = hasSharedFixtures
    ? readdirSync(pagesDir).flatMap((site) => readdirSync(join(pagesDir, site)).filter((file) => file.endsWith('.html')))
    : [];

  it.each(realPages)('%s', (file) => {
    expect(testSources, `Add a page-reading test for ../shared/fixtures/pages/…/${file} in test/utils/sites/<site>.test.ts`).toContain(`'${file}'`);
  });
});

describe('every HAND-WRITTEN page has a page-reading test', () => {
  const handWrittenPages = readdirSync(handWrittenPagesDir).filter((file) => file.endsWith('.html'));

  it.each(handWrittenPages)('%s', (file) => {
    expect(testSources).toContain(`'${file}'`);
    expect(readFileSync(join(handWrittenPagesDir, file), 'utf8'), 'starts with the HAND-WRITTEN comment').toMatch(/^<!DOCTYPE html>\s*<!--\s*HAND-WRITTEN/);
  });
});
