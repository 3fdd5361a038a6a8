/**
 * One benchmark in a process of its own, started by ./run.ts: imports the bench file, calls its exported function
 * and sends the figures back over the IPC channel. Usage (run.ts does this):
 *   node --import tsx --import ./test/bench/wxt-imports-hook.ts test/bench/bench-child.ts <bench file> <export>
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export type BenchFigures = Record<string, number | string>;

export type BenchChildMessage = { ok: true; figures: BenchFigures } | { ok: false; error: string };

function isBenchFigures(value: unknown): value is BenchFigures {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((figure) => typeof figure === 'number' || typeof figure === 'string');
}

async function runBench(file: string, exportName: string): Promise<BenchFigures> {
  const module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  const bench = module[exportName];
  if (typeof bench !== 'function') throw new Error(`${file} exports no function named ${exportName}`);
  const figures: unknown = await bench();
  if (!isBenchFigures(figures)) throw new Error(`${file}: ${exportName}() must resolve to a record of numbers and strings, got ${JSON.stringify(figures)}`);
  return figures;
}

function reply(message: BenchChildMessage, exitCode: number): void {
  if (!process.send) {
    // Started by hand rather than by run.ts: print what would have been sent.
    console.log(JSON.stringify(message, null, 2));
    process.exit(exitCode);
  }
  // Exit explicitly: a bench may leave timers, sockets or workers behind, and its figures are already taken.
  process.send(message, () => process.exit(exitCode));
}

const [file, exportName] = process.argv.slice(2);
if (!file || !exportName) {
  console.error('usage: bench-child.ts <bench file> <exported function>');
  process.exit(2);
}
try {
  reply({ ok: true, figures: await runBench(file, exportName) }, 0);
} catch (error) {
  console.error(error);
  reply({ ok: false, error: error instanceof Error ? error.message : String(error) }, 1);
}
