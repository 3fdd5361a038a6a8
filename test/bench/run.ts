/**
 * `npm run bench`: every benchmark in a Node process of its own, one after the other, each with WXT's `#imports`
 * resolved by ./wxt-imports-hook.ts; then one table of figures per benchmark. Figures are reported, never judged:
 * the exit code is non-zero only when a benchmark crashed (or timed out), or when there is no built extension.
 * Builds nothing: the `bench` script runs `wxt build` first.
 *
 *   node --import tsx test/bench/run.ts            all benchmarks
 *   node --import tsx test/bench/run.ts pdf quick  only these (names below)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchChildMessage, BenchFigures } from './bench-child';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(benchDir, '../..');
const childEntry = join(benchDir, 'bench-child.ts');
const wxtImportsHook = pathToFileURL(join(benchDir, 'wxt-imports-hook.ts')).href;
const builtExtensionDir = join(repoRoot, '.output/chrome-mv3');

/** The longest one benchmark may run; the library bench on a busy 2-core machine takes a few minutes. */
const benchTimeoutMs = 30 * 60_000;

export interface BenchSpec {
  /** Names it on the command line. */
  name: string;
  /** Relative to the repository root. */
  file: string;
  /** The exported async function returning the figures. */
  exportName: string;
}

export const benches: readonly BenchSpec[] = [
  { name: 'content-script', file: 'test/bench/content-script-bench.ts', exportName: 'benchContentScript' },
  { name: 'pdf', file: 'test/bench/pdf-bench.ts', exportName: 'benchPdfPipeline' },
  { name: 'library', file: 'test/bench/library-bench.ts', exportName: 'benchLibrary' },
  { name: 'quick', file: 'test/bench/quick-bench.ts', exportName: 'benchQuickTakes' },
  { name: 'take-start', file: 'test/bench/take-start-bench.ts', exportName: 'benchTakeStart' },
  { name: 'stream-render', file: 'test/bench/stream-render-bench.ts', exportName: 'benchStreamRender' },
  { name: 'figures', file: 'test/bench/figure-bench.ts', exportName: 'benchFigureDetection' },
  { name: 'cached-figures', file: 'test/bench/cached-figures-bench.ts', exportName: 'benchCachedFigures' },
];

export type BenchOutcome = { bench: BenchSpec; seconds: number } & ({ ok: true; figures: BenchFigures } | { ok: false; error: string });

let runningChild: ChildProcess | undefined;

/** Its own process group, so a timeout also ends what the bench started (Chromium, pdftotext). */
function killChildGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone between the check and the kill.
  }
}

/** Runs one bench in a child process; its output streams through, its figures come back over IPC. */
export function runBenchInChild(bench: BenchSpec, { timeoutMs = benchTimeoutMs } = {}): Promise<BenchOutcome> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', wxtImportsHook, childEntry, bench.file, bench.exportName], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  runningChild = child;
  let message: BenchChildMessage | undefined;
  let timedOut = false;
  child.on('message', (received) => {
    message = received as BenchChildMessage;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    killChildGroup(child);
  }, timeoutMs);

  return new Promise((resolveOutcome) => {
    const finish = (outcome: { ok: true; figures: BenchFigures } | { ok: false; error: string }) => {
      clearTimeout(timer);
      runningChild = undefined;
      resolveOutcome({ bench, seconds: (performance.now() - startedAt) / 1000, ...outcome });
    };
    child.on('error', (error) => finish({ ok: false, error: `could not start: ${error.message}` }));
    child.on('exit', (code, signal) => {
      if (timedOut) finish({ ok: false, error: `timed out after ${Math.round(timeoutMs / 1000)} s` });
      else if (message?.ok && code === 0) finish({ ok: true, figures: message.figures });
      else if (message && !message.ok) finish({ ok: false, error: message.error });
      else finish({ ok: false, error: `exited ${signal ? `on ${signal}` : `with code ${code}`} before sending its figures` });
    });
  });
}

function printOutcome(outcome: BenchOutcome): void {
  const heading = `== ${outcome.bench.name} (${outcome.bench.file}, ${outcome.seconds.toFixed(1)} s)`;
  if (outcome.ok) {
    console.log(`\n${heading}`);
    console.table(outcome.figures);
  } else {
    console.error(`\n${heading}: CRASHED: ${outcome.error}`);
  }
}

/** Returns the exit code. */
export async function main(names: readonly string[], { extensionDir = builtExtensionDir } = {}): Promise<number> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    console.error(`No built extension in ${relative(process.cwd(), extensionDir) || extensionDir}: run npm run build first.`);
    return 1;
  }
  const unknown = names.filter((name) => !benches.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; there are: ${benches.map((bench) => bench.name).join(', ')}.`);
    return 2;
  }
  const selected = names.length > 0 ? benches.filter((bench) => names.includes(bench.name)) : benches;
  const outcomes: BenchOutcome[] = [];
  for (const bench of selected) {
    console.log(`\n-- running ${bench.name}…`);
    const outcome = await runBenchInChild(bench);
    outcomes.push(outcome);
    printOutcome(outcome);
  }
  const crashed = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.bench.name);
  console.log(`\n${outcomes.length - crashed.length} of ${outcomes.length} benchmarks ran${crashed.length > 0 ? `; crashed: ${crashed.join(', ')}` : ''}.`);
  return crashed.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.on('SIGINT', () => {
    if (runningChild) killChildGroup(runningChild);
    process.exit(130);
  });
  process.exitCode = await main(process.argv.slice(2));
}
