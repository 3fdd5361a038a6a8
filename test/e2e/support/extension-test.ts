import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, chromium, type BrowserContext, type FrameLocator, type Page, type Worker } from '@playwright/test';
import { hasSharedFixtures, missingSharedFixtures } from '../../support/shared-fixtures';
import { chromiumDriver } from './chromium-driver';
import type { BrowserDriver } from './driver';
import { startFixtureServer, type FixtureServer } from './fixture-server';

export const extensionDir = resolve(import.meta.dirname, '../../../.output/chrome-mv3');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface ExtensionFixtures {
  sharedFixtures: void;
  fixtureOverridesForgotten: void;
  context: BrowserContext;
  background: Worker;
  extensionId: string;
  /** The same browser through the shared driver, for the steps both browsers' tests share (the model setup). */
  driver: BrowserDriver;
}

/** The extension's id in a context, from its service worker's address. */
export async function extensionIdOf(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return new URL(worker.url()).host;
}

/**
 * Real Chromium (Debian's), the built extension loaded, and every request for the paper sites answered by
 * the local fixture server: `--host-resolver-rules` maps all hosts to it except localhost, where the fake
 * OpenAI-compatible server listens.
 */
export const test = base.extend<ExtensionFixtures, { fixtureServer: FixtureServer }>({
  fixtureServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern for fixtures without dependencies
    async ({}, use) => {
      const server = await startFixtureServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  // The fixture server answers the real sites' addresses with ../shared's saved pages and papers: without them, skip.
  sharedFixtures: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern for fixtures without dependencies
    async ({}, use, testInfo) => {
      testInfo.skip(!hasSharedFixtures, missingSharedFixtures);
      await use();
    },
    { auto: true },
  ],
  // One fixture server serves a worker's tests in turn: what a test changed in its answers ends with the test.
  fixtureOverridesForgotten: [
    async ({ fixtureServer }, use) => {
      await use();
      fixtureServer.forgetOverrides();
    },
    { auto: true },
  ],
  context: async ({ fixtureServer }, use) => {
    const context = await launchChromiumWithExtension(fixtureServer);
    await use(context);
    await context.close();
  },
  background: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ background }, use) => {
    await use(new URL(background.url()).host);
  },
  driver: async ({ context, extensionId }, use) => {
    await use(chromiumDriver(context, extensionId));
  },
});

/**
 * Chromium with the built extension loaded, on a fresh profile or the one in `userDataDir`: launched again on the
 * same folder it is the same browser after a restart (storage kept, memory and session storage gone). Also used by
 * the shared browser driver (driver-test.ts).
 */
export async function launchChromiumWithExtension(fixtureServer: FixtureServer, userDataDir = mkdtempSync(join(tmpdir(), 'shedder-profile-'))): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=MAP * 127.0.0.1:${fixtureServer.port}, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Pixels that do not depend on the machine's display: sRGB, no font hinting (screenshots compare them).
      '--force-color-profile=srgb',
      '--font-render-hinting=none',
    ],
  });
}

export { expect } from '@playwright/test';

/** The sidebar frame, found as a user finds it: by the frame's title inside the "Shedder's Take" landmark. */
export function sidebarFrame(page: Page): FrameLocator {
  return page.getByRole('complementary', { name: "Shedder's Take" }).frameLocator('iframe[title="Shedder\'s Take"]');
}

/** A listing entry's launcher as a screen reader names it: its visible word first, then the paper and whose button it is. */
export function entryLauncher(title: string): string {
  return `Take: ${title} (Shedder's Take)`;
}
