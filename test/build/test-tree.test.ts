import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The test tree mirrors the source tree: tests of utils/x/ live in test/utils/x/, of components/y/ in
 * test/components/y/, and a test named after a module tests that module. Cross-cutting tests of a folder
 * (the cross-site matrix, the real papers) keep names of their own.
 */
const root = resolve(import.meta.dirname, '../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return /\.test(-d)?\.tsx?$/.test(name) ? [relative(root, path)] : [];
  });
}

const mirrored = [...testFiles(join(root, 'test/utils')), ...testFiles(join(root, 'test/components'))];

describe('the test tree mirrors the source tree', () => {
  it('finds the tests it checks', () => {
    expect(mirrored.length).toBeGreaterThan(40);
  });

  it.each(mirrored)('%s sits in a folder of the source tree', (file) => {
    const sourceDir = join(root, file.replace(/^test\//, '').replace(/\/[^/]+$/, ''));
    expect(statSync(sourceDir, { throwIfNoEntry: false })?.isDirectory(), `no source folder ${relative(root, sourceDir)} for ${file}`).toBe(true);
  });
});
