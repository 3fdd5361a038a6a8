import { browser } from '#imports';

const TAKE_FRAGMENT = 'take=';

/** The library page, opened on one take when `takeId` is given (for "Open in library" links from the sidebar). */
export function libraryUrl(takeId?: string): string {
  const page = browser.runtime.getURL('/library.html');
  return takeId ? `${page}#${TAKE_FRAGMENT}${encodeURIComponent(takeId)}` : page;
}

/** The take id in a library URL's fragment, if any. */
export function takeIdFromHash(hash: string): string | undefined {
  const fragment = hash.replace(/^#/, '');
  if (!fragment.startsWith(TAKE_FRAGMENT)) return undefined;
  try {
    return decodeURIComponent(fragment.slice(TAKE_FRAGMENT.length)) || undefined;
  } catch {
    return undefined;
  }
}
