import { browser, type Browser } from '#imports';
import type { BadgeInfo } from '@/utils/background/badges';
import type { BatchSelection } from '@/utils/selection';
import type { PaperRef } from '@/utils/sites/types';

/**
 * The one place that calls runtime messaging. Requests name the receiver's verb; the direction is in each
 * union's doc comment. Expected failures travel as data: Chrome JSON-serialises messages, so classes never survive.
 */

/** Content script → background: the reader clicked a launcher for this paper. */
export interface SelectPaperRequest {
  type: 'selectPaper';
  paper: PaperRef;
  /** True for a launcher click: the reader asked for the take. False when the page is merely recognised. */
  start: boolean;
  /** The library's "Re-run with" model, for this paper only; the settings' model otherwise. */
  model?: string;
}

/** Content script → background: the reader asked for quick takes of this listing's entries. */
export interface SelectBatchRequest {
  type: 'selectBatch';
  papers: PaperRef[];
  pageTitle: string;
}

/** Sidebar frame (extension page) → background: which paper is selected in the tab I live in? Consumes a start request. */
export interface GetSelectedPaperRequest {
  type: 'getSelectedPaper';
}

/** Content script → background: which of these papers have saved takes (badge keys from utils/background/badges)? */
export interface LookupBadgesRequest {
  type: 'lookupBadges';
  keys: string[];
}

export type BackgroundRequest = SelectPaperRequest | SelectBatchRequest | GetSelectedPaperRequest | LookupBadgesRequest;

export interface BackgroundReplies {
  selectPaper: { ok: true } | { ok: false; error: string };
  selectBatch: { ok: true } | { ok: false; error: string };
  getSelectedPaper:
    | { ok: true; tabId: number; paper: PaperRef | undefined; batch: BatchSelection | undefined; start: boolean; model: string | undefined }
    | { ok: false; error: string };
  lookupBadges: { ok: true; badges: Record<string, BadgeInfo> } | { ok: false; error: string };
}

export type ReplyTo<R extends BackgroundRequest> = BackgroundReplies[R['type']];

/** Background (commands, popup) → the content script of a tab. */
/** takesChanged: a take was saved or deleted somewhere; listing pages refresh their badges. */
export type TabCommand = { type: 'toggleSidebar' } | { type: 'openSidebar' } | { type: 'takesChanged' };

export function sendToBackground<R extends BackgroundRequest>(request: R): Promise<ReplyTo<R>> {
  return browser.runtime.sendMessage(request) as Promise<ReplyTo<R>>;
}

export type BackgroundHandler = (
  request: unknown,
  sender: Browser.runtime.MessageSender,
) => Promise<BackgroundReplies[keyof BackgroundReplies]> | undefined;

/** Registers the background's one message handler; it must validate `request` and `sender` itself. */
export function handleBackgroundRequests(handler: BackgroundHandler): void {
  browser.runtime.onMessage.addListener((request: unknown, sender: Browser.runtime.MessageSender) => handler(request, sender));
}

export async function sendToTab(tabId: number, command: TabCommand): Promise<void> {
  await browser.tabs.sendMessage(tabId, command);
}

/** Content script side: commands only come from our own background (other extensions use onMessageExternal). */
export function onTabCommand(handler: (command: TabCommand) => void): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender): undefined => {
    if (sender.id !== browser.runtime.id || sender.tab) return;
    const type = (message as { type?: unknown } | null)?.type;
    if (type === 'toggleSidebar' || type === 'openSidebar' || type === 'takesChanged') handler({ type });
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
