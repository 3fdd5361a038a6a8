import type { Reporter, TestModule, Vitest } from 'vitest/node';

/**
 * Prints, once at the end of a run, why tests were skipped: each reason with the number of tests it skipped. Tests
 * carry their reason in their name (skipNote in shared-fixtures.ts); skips without one are listed too, loudly,
 * unless the run itself filtered tests by name (`-t`), which skips the rest on purpose.
 */
export default class SkipReporter implements Reporter {
  private filteredByName = false;

  onInit(vitest: Vitest): void {
    this.filteredByName = vitest.config.testNamePattern !== undefined;
  }

  onTestRunEnd(testModules: readonly TestModule[]): void {
    const counts = new Map<string, number>();
    const unexplained: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests('skipped')) {
        const reason = /\[skipped: ([^\]]+)\]/.exec(test.fullName)?.[1];
        if (reason) counts.set(reason, (counts.get(reason) ?? 0) + 1);
        else unexplained.push(`${module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName}`);
      }
    }
    const lines = [...counts].map(([reason, count]) => `  ${count} skipped: ${reason}`);
    if (unexplained.length > 0 && !this.filteredByName) {
      lines.push(`  ${unexplained.length} skipped WITHOUT A REASON in their name, e.g. ${unexplained.slice(0, 3).join('; ')}`);
    }
    if (lines.length > 0) process.stdout.write(`\nSkipped tests, by reason:\n${lines.join('\n')}\n`);
  }
}
