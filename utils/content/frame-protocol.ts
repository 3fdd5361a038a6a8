/**
 * window.postMessage between the content script (page side) and the sidebar frame (extension page).
 * Frame → host messages go to the page's window, where the page sees them: they carry nothing, they only move the
 * frame. Host → frame messages are posted to the frame's window for the extension's origin only, so the page never
 * reads them; it can post look-alikes, though, so the frame trusts nothing in them that the background has not
 * checked (a grant is only a token the background recognises or refuses).
 * Each side checks `event.source`: the content script accepts only its own frame's window, the frame only its parent.
 */
export const frameMessageTag = 'shedders-take';

/** ready: the frame listens now, and asks for its grant (a message posted before would have found no listener). */
export type FrameToHost = { tag: typeof frameMessageTag; type: 'ready' | 'close' | 'collapse' | 'expand' };
/** focus: the sidebar was opened or brought forward. grant: the token the background gave this page's sidebar. */
export type HostToFrame = { tag: typeof frameMessageTag; type: 'focus' } | { tag: typeof frameMessageTag; type: 'grant'; token: string };

export function isFrameMessage<T extends FrameToHost | HostToFrame>(data: unknown, types: readonly T['type'][]): data is T {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { tag?: unknown; type?: unknown; token?: unknown };
  if (message.type === 'grant' && (typeof message.token !== 'string' || message.token.length > 100)) return false;
  return message.tag === frameMessageTag && (types as readonly unknown[]).includes(message.type);
}
