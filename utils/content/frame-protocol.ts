/**
 * How the content script (page side) and the sidebar frame (extension page) talk.
 * - Frame → host messages go to the page's window with window.postMessage, where the page sees them: they carry
 *   nothing secret, they only move, size, collapse and close the frame. The content script accepts them only from its
 *   own frame's window (`event.source`).
 * - Host → frame, on the frame's window, goes one message only: the grant, posted for the extension's origin, so the
 *   page never reads it, and carrying one end of a MessageChannel. The page shares the frame's parent window, so it
 *   can post look-alike grants with ports of its own; a grant is a token the background recognises or refuses, and the
 *   frame trusts only the port that came with the grant the background accepted.
 * - Host → frame, over that port: everything that changes the sidebar (bring it forward, remember a dragged width).
 *   Only our content script holds the port's other end, so a page's script cannot expand the sidebar or change the
 *   width the reader chose.
 * Every field of every message is checked as well as its type.
 */
export const frameMessageTag = 'shedders-take';

export type FrameToHost =
  /** ready: the frame listens now, and asks for its grant (a message posted before would have found no listener). */
  | { tag: typeof frameMessageTag; type: 'ready' | 'close' | 'collapse' | 'expand' }
  /** The reader's stored width (undefined: follow the window) and whether the open sidebar pushes the page. */
  | { tag: typeof frameMessageTag; type: 'layout'; width?: number; pushPage: boolean };

/** The token the background gave this page's sidebar, posted on the frame's window with the host's port. */
export type HostGrant = { tag: typeof frameMessageTag; type: 'grant'; token: string };

/** Sent over the port that came with the accepted grant, never on the frame's window. */
export type HostToFrame =
  /** The sidebar was opened or brought forward. */
  | { tag: typeof frameMessageTag; type: 'focus' }
  /** The reader dragged the sidebar's edge: the frame remembers the width. */
  | { tag: typeof frameMessageTag; type: 'resized'; width: number };

type FrameMessage = FrameToHost | HostGrant | HostToFrame;

const isWidth = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 100_000;

export function isFrameMessage<T extends FrameMessage>(data: unknown, types: readonly T['type'][]): data is T {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { tag?: unknown; type?: unknown; token?: unknown; width?: unknown; pushPage?: unknown };
  if (message.tag !== frameMessageTag || !(types as readonly unknown[]).includes(message.type)) return false;
  // The page can post anything to either window: the fields a message carries are checked as well as its type.
  if (message.type === 'grant') return typeof message.token === 'string' && message.token.length <= 100;
  if (message.type === 'layout') return (message.width === undefined || isWidth(message.width)) && typeof message.pushPage === 'boolean';
  if (message.type === 'resized') return isWidth(message.width);
  return true;
}

/**
 * Host side: posts the grant to the frame's window, for the extension's origin only, with one end of a new channel.
 * Returns the other end, the one way to reach the frame from now on.
 */
export function postGrant(frame: Window, extensionOrigin: string, token: string): MessagePort {
  const channel = new MessageChannel();
  const grant: HostGrant = { tag: frameMessageTag, type: 'grant', token };
  frame.postMessage(grant, extensionOrigin, [channel.port2]);
  return channel.port1;
}

/** Frame side: the grant in a message on the frame's window, with the port it came with; undefined for anything else. */
export function readGrant(event: MessageEvent): { token: string; port: MessagePort } | undefined {
  const [port, ...more] = event.ports;
  if (!port || more.length > 0 || !isFrameMessage<HostGrant>(event.data, ['grant'])) return undefined;
  return { token: event.data.token, port };
}
