import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The team's shared real-world fixtures live beside the clone, never inside it. */
export const sharedFixturesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');

export const hasSharedFixtures = existsSync(sharedFixturesDir);

/** Why a fixture-dependent test is skipped; the skip reporter prints it once, with the number of tests it skipped. */
export const missingSharedFixtures = `shared fixtures not found at ${sharedFixturesDir}: put ../shared beside the clone to run these tests`;

/** CI sets REQUIRE_SHARED_FIXTURES=1: there a missing ../shared fails the run instead of skipping what needs it. */
if (!hasSharedFixtures && process.env.REQUIRE_SHARED_FIXTURES === '1') {
  throw new Error(`REQUIRE_SHARED_FIXTURES=1, but ${missingSharedFixtures}`);
}

export function sharedFixturePath(...parts: string[]): string {
  return join(sharedFixturesDir, ...parts);
}

export function readSharedFixture(...parts: string[]): Buffer {
  return readFileSync(sharedFixturePath(...parts));
}

/**
 * The mark a skipped test or group carries in its name: " [skipped: why]" when `skipped`, nothing otherwise. The skip
 * reporter (test/support/skip-reporter.ts) gathers these and prints each reason once at the end of the run.
 */
export function skipNote(skipped: boolean, reason: string): string {
  return skipped ? ` [skipped: ${reason}]` : '';
}
