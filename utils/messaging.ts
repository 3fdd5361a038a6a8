import { browser, type Browser } from '#imports';
import type { BadgeInfo } from '@/utils/background/badges';
import type { BatchSelection } from '@/utils/selection';
import type { PaperRef } from '@/utils/sites/types';

/**
 * The one place that calls runtime messaging, and the protocol it speaks. Each request names the receiver's verb
 * and has its own reply type: the background registers one handler per request type, the compiler checks that each
 * handler returns its own reply, and senders get that reply's type without a cast. Expected failures travel as data
 * (`{ ok: false, error }`): Chrome serialises messages as JSON, so no class survives the trip.
 */

/** A request the receiver turned down, in words for the reader. */
export interface Refusal {
  ok: false;
  error: string;
}

type Reply<T extends object = object> = ({ ok: true } & T) | Refusal;

/** What the sidebar frame learns about the tab it lives in. */
export interface SelectedPaper {
  tabId: number;
  paper: PaperRef | undefined;
  batch: BatchSelection | undefined;
  /** A launcher click asked for a take; the background hands this out once. */
  start: boolean;
  /** The library's "Re-run with" model, for this paper only. */
  model: string | undefined;
  /**
   * Which selection this is (undefined: none). Handing out a start rewrites the selection, so the sidebar hears of
   * the same selection again, now without its start: this tells it that nothing new was selected.
   */
  selectedAt: number | undefined;
}

/** Requests to the background, with the fields each sends and the reply it gets. */
export interface BackgroundProtocol {
  /**
   * Content script: the reader clicked a launcher they could see (`start`), or the page's paper is opened without a
   * take. Refused, with the reason in words for the reader, when the paper's PDF is not its own.
   */
  selectPaper: { request: { paper: PaperRef; start: boolean; model?: string }; reply: Reply };
  /** Content script: the reader asked for quick takes of this listing's entries. */
  selectBatch: { request: { papers: PaperRef[]; pageTitle: string }; reply: Reply };
  /** Content script: it is about to show the sidebar on its page; the token goes to that frame alone. */
  grantSidebar: { request: object; reply: Reply<{ token: string }> };
  /**
   * Sidebar frame (an extension page): which paper is selected in my tab? Answered only for the frame holding the
   * page's grant, while the tab still shows that page. Consumes a launcher's start request.
   */
  getSelectedPaper: { request: { grant: string }; reply: Reply<SelectedPaper> };
  /** Content script: which of these papers (by paperKey) have saved takes? It cannot read storage itself. */
  lookupBadges: { request: { keys: string[] }; reply: Reply<{ badges: Record<string, BadgeInfo> }> };
  /** Sidebar frame or options page: the saved API key. Only the background opens the key's database. */
  getApiKey: { request: object; reply: Reply<{ key: string }> };
  /** Popup: whether a key is saved. Never the key itself: the popup only shows its status. */
  hasApiKey: { request: object; reply: Reply<{ hasKey: boolean }> };
  /** Options page: save this API key ('' forgets it). */
  setApiKey: { request: { key: string }; reply: Reply };
}

export type BackgroundRequestType = keyof BackgroundProtocol;
export type BackgroundRequest = { [K in BackgroundRequestType]: { type: K } & BackgroundProtocol[K]['request'] }[BackgroundRequestType];
export type ReplyTo<K extends BackgroundRequestType> = BackgroundProtocol[K]['reply'];

/** What a handler receives: the fields a sender claims to send, every one still to be checked. */
export type Untrusted<T> = { readonly [Field in keyof T]?: unknown };

/** One handler per request type. Each must check `sender` and every field it uses: a compromised renderer can forge anything. */
export type BackgroundHandlers = {
  [K in BackgroundRequestType]: (request: Untrusted<BackgroundProtocol[K]['request']>, sender: Browser.runtime.MessageSender) => Promise<ReplyTo<K>>;
};

export function sendToBackground<R extends BackgroundRequest>(request: R): Promise<ReplyTo<R['type']>> {
  return browser.runtime.sendMessage(request) as Promise<ReplyTo<R['type']>>;
}

/** Hands a message to the handler of its type; anything else, prototype names included, is refused. */
export function dispatchBackgroundRequest(
  handlers: BackgroundHandlers,
  message: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<ReplyTo<BackgroundRequestType>> {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return Promise.resolve({ ok: false, error: 'Unknown request.' });
  const handle = handlers[type as BackgroundRequestType] as (request: object, sender: Browser.runtime.MessageSender) => Promise<ReplyTo<BackgroundRequestType>>;
  return handle(message as object, sender);
}

/** Registers the background's handlers: every runtime message reaches exactly one of them, or is refused. */
export function handleBackgroundRequests(handlers: BackgroundHandlers): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => dispatchBackgroundRequest(handlers, message, sender));
}

/**
 * Background and popup → the content script of a tab. openSidebar (the popup) shows the sidebar and leaves an open
 * one open; toggleSidebar (the keyboard shortcut) opens or closes it; takesChanged: a take was saved or deleted
 * somewhere, so listing pages refresh their badges.
 */
export const tabCommands = ['openSidebar', 'toggleSidebar', 'takesChanged'] as const;
export type TabCommand = (typeof tabCommands)[number];

/** Resolves false when the tab has no content script of ours to answer (not a paper page, or loaded before we were). */
export async function sendToTab(tabId: number, command: TabCommand): Promise<boolean> {
  try {
    await browser.tabs.sendMessage(tabId, { type: command });
    return true;
  } catch {
    return false;
  }
}

/**
 * Content script side: commands come only from our own extension (other extensions use onMessageExternal): the
 * background, or the popup, which may also be open as a page in a tab.
 */
export function onTabCommand(handler: (command: TabCommand) => void): () => void {
  const extensionOrigin = browser.runtime.getURL('/');
  const listener = (message: unknown, sender: Browser.runtime.MessageSender): undefined => {
    if (sender.id !== browser.runtime.id || (sender.tab && !sender.url?.startsWith(extensionOrigin))) return;
    const type = (message as { type?: unknown } | null)?.type;
    const command = tabCommands.find((candidate) => candidate === type);
    if (command) handler(command);
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
