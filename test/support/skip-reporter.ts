import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints, once at the end of a run, why tests were skipped: each reason with the number of tests it skipped. Tests
 * carry their reason in their name (skipNote in shared-fixtures.ts); a skip without one is reported as such, loudly.
 */
export default class SkipReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    const counts = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests('skipped')) {
        const reason = /\[skipped: ([^\]]+)\]/.exec(test.fullName)?.[1] ?? `no reason given (${module.moduleId.replace(process.cwd() + '/', '')}: ${test.name})`;
        counts.set(reason, (counts.get(reason) ?? 0) + 1);
      }
    }
    if (counts.size === 0) return;
    const lines = [...counts].map(([reason, count]) => `  ${count} skipped: ${reason}`);
    process.stdout.write(`\nSkipped tests, by reason:\n${lines.join('\n')}\n`);
  }
}
