/**
 * window.postMessage between the content script (page side) and the sidebar frame (extension page).
 * Nothing secret travels here: the page can see these messages, so they only move and focus the frame.
 * Each side checks `event.source`: the content script accepts only its own frame's window, the frame only its parent.
 */
export const frameMessageTag = 'shedders-take';

export type FrameToHost = { tag: typeof frameMessageTag; type: 'close' | 'collapse' | 'expand' };
export type HostToFrame = { tag: typeof frameMessageTag; type: 'focus' };

export function isFrameMessage<T extends FrameToHost | HostToFrame>(data: unknown, types: readonly T['type'][]): data is T {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as { tag?: unknown; type?: unknown };
  return message.tag === frameMessageTag && (types as readonly unknown[]).includes(message.type);
}
