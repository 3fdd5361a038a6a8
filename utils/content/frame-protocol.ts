/**
 * window.postMessage between the content script (page side) and the sidebar frame (extension page).
 * Frame → host messages go to the page's window, where the page sees them: they carry nothing secret, they only move,
 * size and focus the frame. Host → frame messages are posted to the frame's window for the extension's origin only,
 * so the page never reads them; it can post look-alikes, though, so the frame trusts nothing in them that the
 * background has not checked (a grant is only a token the background recognises or refuses), and every field of
 * either direction is checked as well as its type.
 * Each side checks `event.source`: the content script accepts only its own frame's window, the frame only its parent.
 */
export const frameMessageTag = 'shedders-take';

export type FrameToHost =
  /** ready: the frame listens now, and asks for its grant (a message posted before would have found no listener). */
  | { tag: typeof frameMessageTag; type: 'ready' | 'close' | 'collapse' | 'expand' }
  /** The reader's stored width (undefined: follow the window) and whether the open sidebar pushes the page. */
  | { tag: typeof frameMessageTag; type: 'layout'; width?: number; pushPage: boolean };

export type HostToFrame =
  /** The sidebar was opened or brought forward. */
  | { tag: typeof frameMessageTag; type: 'focus' }
  /** The token the background gave this page's sidebar. */
  | { tag: typeof frameMessageTag; type: 'grant'; token: string }
  /** The reader dragged the sidebar's edge: the frame remembers the width. */
  | { tag: typeof frameMessageTag; type: 'resized'; width: number };

const isWidth = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 100_000;

export function isFrameMessage<T extends FrameToHost | HostToFrame>(data: unknown, types: readonly T['type'][]): data is T {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { tag?: unknown; type?: unknown; token?: unknown; width?: unknown; pushPage?: unknown };
  if (message.tag !== frameMessageTag || !(types as readonly unknown[]).includes(message.type)) return false;
  // The page can post anything to either side: the fields a message carries are checked as well as its type.
  if (message.type === 'grant') return typeof message.token === 'string' && message.token.length <= 100;
  if (message.type === 'layout') return (message.width === undefined || isWidth(message.width)) && typeof message.pushPage === 'boolean';
  if (message.type === 'resized') return isWidth(message.width);
  return true;
}
