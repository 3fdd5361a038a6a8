import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The two worst of axe-core's four impact levels: what must be zero on every page of ours. */
const blocking = new Set(['serious', 'critical']);

interface AxeNode {
  target: string[];
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * Runs axe-core inside one document (an extension page, or the sidebar's frame inside a paper page) and returns its
 * serious and critical violations, one readable line each. `within` limits the check to our own elements of a page
 * we do not own (a listing's launchers), whose shadow roots axe enters. The experimental label-in-name rule is on:
 * a control's accessible name must start with the words it shows.
 */
export async function seriousViolations(target: Page | Frame, within?: string): Promise<string[]> {
  const frame = 'mainFrame' in target ? target.mainFrame() : target;
  await frame.evaluate(axeSource);
  const violations = await frame.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const context = selector ? { include: Array.from(document.querySelectorAll(selector)) } : document;
    const result = await axe.run(context, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } });
    return result.violations;
  }, within);
  return violations
    .filter((violation) => blocking.has(violation.impact ?? ''))
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.length} × ${violation.nodes.slice(0, 3).map((node) => node.target.join(' > ')).join(' | ')}`);
}
