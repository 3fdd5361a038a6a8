import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSharedFixture } from './shared-fixtures';

/** Hand-written pages of layouts with no real copy (see test/fixtures/pages/README.md). */
export const handWrittenPagesDir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/pages');

/**
 * A saved page parsed as the browser would, without running its scripts. DOMParser documents have no base URL,
 * which is why readPage takes the page URL and resolves every href against it.
 */
export function parsePage(html: string): Document {
  // happy-dom leaves script evaluation and resource loading off; this only stops it logging every skipped stylesheet.
  const { happyDOM } = window as unknown as { happyDOM?: { settings: { handleDisabledFileLoadingAsSuccess: boolean } } };
  if (happyDOM) {
    happyDOM.settings.handleDisabledFileLoadingAsSuccess = true;
  }
  return new DOMParser().parseFromString(html, 'text/html');
}

export function loadSharedPage(...parts: string[]): Document {
  return parsePage(readSharedFixture('pages', ...parts).toString('utf8'));
}

export function loadHandWrittenPage(name: string): Document {
  return parsePage(readFileSync(join(handWrittenPagesDir, name), 'utf8'));
}
