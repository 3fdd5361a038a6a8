import { pathToFileURL } from 'node:url';

/**
 * Runs a bench and prints its table when its own file is the one Node was started with
 * (`node --import tsx test/bench/<name>-bench.ts`); `npm run bench` imports it instead and runs it with the others.
 */
export function runWhenStartedAlone(moduleUrl: string, bench: () => Promise<Record<string, unknown>>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  bench().then(
    (results) => {
      console.table(results);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
