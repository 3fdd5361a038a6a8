import { storage } from '#imports';
import { oneAtATime } from '@/utils/one-at-a-time';
import type { PaperRef } from '@/utils/sites/types';

/**
 * What each tab's page asked for, written by the background only: the paper (or batch) it selected, and the sidebar
 * frame it was granted. Session storage is limited to trusted contexts by default, so the page and the content script
 * cannot read or forge it; it survives the service worker being stopped and is forgotten when the browser quits.
 *
 * Both are bound to the page they came from (its address without the fragment) and forgotten when the tab leaves
 * that page: a site the tab moves to must not find the last paper, or a sidebar that can spend tokens on it.
 */
function selectionKey(tabId: number) {
  return `session:selectedPaper:${tabId}` as const;
}

function grantKey(tabId: number) {
  return `session:sidebarGrant:${tabId}` as const;
}

/** The entries of a listing page offered for a quick-take batch. */
export interface BatchSelection {
  papers: PaperRef[];
  pageTitle: string;
}

/** A launcher selects one paper; the listing's quick-take button selects a batch instead. */
export interface Selection {
  paper?: PaperRef;
  batch?: BatchSelection;
  /** A launcher click asks for a take at once; the sidebar consumes the request so a reload does not spend tokens again. */
  startRequested: boolean;
  /** Distinguishes two clicks on the same paper. */
  selectedAt: number;
  /** A model chosen for this paper in the library ("Re-run with"). */
  model?: string;
  /** The page the selection was made on (`pageAddress`). */
  pageUrl: string;
}

/**
 * The sidebar frame our content script opened on a page. The content script hands the token to its own frame only
 * (postMessage to the frame's window, which the page cannot read), so a frame the page makes itself, or a foreign
 * site framing our page, has none and is shown nothing.
 */
export interface SidebarGrant {
  token: string;
  /** The page the sidebar was opened on (`pageAddress`). */
  pageUrl: string;
}

/** A page's address without its fragment: the same document whatever `#…` it carries; undefined for no address. */
export function pageAddress(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return undefined;
  }
}

// The background changes the tabs' selections and grants from several events at once (a launcher press, the sidebar
// taking a start request, a tab moving on), each a read then a write: they take turns, so no write rests on a read
// another one has made stale (the sidebar writing a taken start request back over the reader's next press).
const inTurn = oneAtATime();

export function setSelection(tabId: number, selection: Selection): Promise<void> {
  return inTurn(() => storage.setItem(selectionKey(tabId), selection));
}

function getSelection(tabId: number): Promise<Selection | null> {
  return storage.getItem<Selection>(selectionKey(tabId));
}

/**
 * The tab's selection made on `pageUrl`, as it is; a start request in it is handed out this once (stored as taken),
 * so a reload does not spend tokens again.
 */
export function takeSelection(tabId: number, pageUrl: string): Promise<Selection | undefined> {
  return inTurn(async () => {
    const found = await getSelection(tabId);
    const selection = found?.pageUrl === pageUrl ? found : undefined;
    if (selection?.startRequested) await storage.setItem(selectionKey(tabId), { ...selection, startRequested: false });
    return selection;
  });
}

export function watchSelection(tabId: number, onChange: (selection: Selection | null) => void): () => void {
  return storage.watch<Selection>(selectionKey(tabId), (selection) => onChange(selection));
}

/** The token of the sidebar our content script opens on `pageUrl`: the one its frame already holds, else a new one. */
export function sidebarGrantToken(tabId: number, pageUrl: string): Promise<string> {
  return inTurn(async () => {
    const existing = await getSidebarGrant(tabId);
    if (existing?.pageUrl === pageUrl) return existing.token;
    const token = crypto.randomUUID();
    await storage.setItem(grantKey(tabId), { token, pageUrl } satisfies SidebarGrant);
    return token;
  });
}

export function getSidebarGrant(tabId: number): Promise<SidebarGrant | null> {
  return storage.getItem<SidebarGrant>(grantKey(tabId));
}

/** The tab closed: nothing of it is kept. */
export function forgetTab(tabId: number): Promise<void> {
  return inTurn(() => storage.removeItems([selectionKey(tabId), grantKey(tabId)]));
}

/**
 * The tab now shows `tabUrl` (undefined when the extension may not see it: a site it has no access to). A selection or
 * a grant made on another page is forgotten.
 */
export function forgetOtherPages(tabId: number, tabUrl: string | undefined): Promise<void> {
  return inTurn(async () => {
    const page = pageAddress(tabUrl);
    const [selection, grant] = await Promise.all([getSelection(tabId), getSidebarGrant(tabId)]);
    const stale = [selection && selection.pageUrl !== page ? selectionKey(tabId) : undefined, grant && grant.pageUrl !== page ? grantKey(tabId) : undefined];
    const keys = stale.filter((key) => key !== undefined);
    if (keys.length > 0) await storage.removeItems(keys);
  });
}
