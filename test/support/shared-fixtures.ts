import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The team's shared real-world fixtures live beside the clone, never inside it. */
export const sharedFixturesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');

export const hasSharedFixtures = existsSync(sharedFixturesDir);

/** Why a fixture-dependent test is skipped; vitest prints it with the skipped test's name. */
export const missingSharedFixtures = `shared fixtures not found at ${sharedFixturesDir}: put ../shared beside the clone to run this test`;

export function sharedFixturePath(...parts: string[]): string {
  return join(sharedFixturesDir, ...parts);
}

export function readSharedFixture(...parts: string[]): Buffer {
  return readFileSync(sharedFixturePath(...parts));
}
