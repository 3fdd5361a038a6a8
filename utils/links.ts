import { browser } from '#imports';
import type { PaperRef } from '@/utils/sites/types';

/**
 * Addresses that carry a request between our pages, each written and read here: the library opened on one take,
 * a paper's page asked to re-run with another model, and the sidebar opened as a page of its own on one paper.
 */

const takeFragment = 'take=';
const rerunFragment = 'shedders-take-model=';
const paperFragment = 'paper=';

/** The library page, opened on one take when `takeId` is given. */
export function libraryUrl(takeId?: string): string {
  const page = browser.runtime.getURL('/library.html');
  return takeId ? `${page}#${takeFragment}${encodeURIComponent(takeId)}` : page;
}

/** The take id in a library URL's fragment, if any. */
export function takeIdFromHash(hash: string): string | undefined {
  const fragment = hash.replace(/^#/, '');
  if (!fragment.startsWith(takeFragment)) return undefined;
  try {
    return decodeURIComponent(fragment.slice(takeFragment.length)) || undefined;
  } catch {
    return undefined;
  }
}

/** The paper's page with a fragment asking the sidebar to offer a take with `model` ("Re-run with" in the library). */
export function rerunUrl(pageUrl: string, model: string): string {
  const url = new URL(pageUrl);
  url.hash = `${rerunFragment}${encodeURIComponent(model)}`;
  return url.href;
}

/** The model a re-run link asks for. Any page can link here, so the content script only offers it; the reader starts the take. */
export function modelFromRerunUrl(url: URL): string | undefined {
  const encoded = new RegExp(`(?:^#|&)${rerunFragment}([^&]+)`).exec(url.hash)?.[1];
  if (!encoded) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** The sidebar as a page of its own, for a PDF tab where it cannot be shown over the viewer (Firefox). */
export function standaloneSidebarUrl(paper: PaperRef): string {
  return `${browser.runtime.getURL('/sidebar-frame.html')}#${paperFragment}${encodeURIComponent(JSON.stringify(paper))}`;
}

/** The paper in a standalone sidebar's address, parsed but not yet checked: anyone can open this page with any address. */
export function paperFromSidebarHash(hash: string): unknown {
  const encoded = hash.startsWith(`#${paperFragment}`) ? hash.slice(paperFragment.length + 1) : '';
  if (!encoded) return undefined;
  try {
    return JSON.parse(decodeURIComponent(encoded)) as unknown;
  } catch {
    return undefined;
  }
}
