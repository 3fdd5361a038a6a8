import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '@/utils/storage/settings';
import { benches, main, runBenchInChild } from './run';

const failing = (exportName: string) => ({ name: exportName, file: 'test/bench/fixtures/failing-benches.ts', exportName });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('bench runner', () => {
  it('runs a bench in a process of its own, with `#imports` resolved to the fake browser, and returns its figures', async () => {
    const outcome = await runBenchInChild({ name: 'settings', file: 'test/bench/fixtures/settings-bench.ts', exportName: 'benchSettings' });
    expect(outcome).toMatchObject({ ok: true, figures: { model: defaultSettings.model } });
    expect(outcome.ok && outcome.figures.pid).not.toBe(process.pid);
  });

  it.each([
    ['benchThatThrows', /deliberate failure in a bench/],
    ['benchWithNestedFigures', /must resolve to a record of numbers and strings/],
    ['benchThatExits', /exited with code 3 before sending its figures/],
    ['noSuchExport', /exports no function named noSuchExport/],
  ])('reports %s as a crash, with the reason', async (exportName, reason) => {
    const outcome = await runBenchInChild(failing(exportName));
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.error).toMatch(reason);
  });

  it('ends a bench that runs past its time limit', async () => {
    const outcome = await runBenchInChild(failing('benchThatHangs'), { timeoutMs: 4_000 });
    expect(outcome.ok ? '' : outcome.error).toBe('timed out after 4 s');
    expect(outcome.seconds).toBeLessThan(30);
  });

  it('refuses to run without a built extension, and names the command that builds it', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main([], { extensionDir: mkdtempSync(join(tmpdir(), 'no-extension-')) })).toBe(1);
    expect(error.mock.calls.join('\n')).toMatch(/run npm run build first/);
  });

  it('knows the seven benchmarks, each file exporting its function', () => {
    expect(benches.map((bench) => bench.name)).toEqual(['content-script', 'pdf', 'library', 'quick', 'take-start', 'stream-render', 'figures', 'cached-figures']);
    for (const bench of benches) {
      expect(readFileSync(bench.file, 'utf8')).toMatch(new RegExp(`export async function ${bench.exportName}\\(`));
    }
  });
});
