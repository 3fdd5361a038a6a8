/**
 * What a paper page's own script can try against the sidebar frame and its resizing edge, written once for both
 * browsers' specs. Each function runs in a document through the engine's evaluate, so each is self-contained: no
 * closure, no imports (it is serialised into the page or frame).
 */

interface Race {
  grantsPosted: number;
}

/**
 * Page world: answers the frame's "ready" (which reaches the page too) at once with a look-alike grant and a port of
 * its own, and posts a width on that port, hoping to be first. Returns whether this is the page's own world: there no
 * extension API is defined (a content script's world has `browser` in Firefox and `chrome.runtime` in Chromium).
 */
export function raceOurGrant(): { pageWorld: boolean } {
  const race: Race = { grantsPosted: 0 };
  (window as unknown as { race: Race }).race = race;
  window.addEventListener('message', (event) => {
    const data = event.data as { tag?: string; type?: string } | null;
    const frame = document.querySelector('shedders-take-sidebar')?.shadowRoot?.querySelector('iframe')?.contentWindow;
    if (!frame || event.source !== frame || data?.tag !== 'shedders-take' || data.type !== 'ready') return;
    const channel = new MessageChannel();
    frame.postMessage({ tag: 'shedders-take', type: 'grant', token: 'forged-grant' }, '*', [channel.port2]);
    channel.port1.postMessage({ tag: 'shedders-take', type: 'resized', width: 777 });
    race.grantsPosted += 1;
  });
  const globals = globalThis as unknown as { browser?: unknown; chrome?: { runtime?: { id?: string } } };
  return { pageWorld: globals.browser === undefined && globals.chrome?.runtime?.id === undefined };
}

export function grantsPosted(): number {
  return (window as unknown as { race?: Race }).race?.grantsPosted ?? 0;
}

interface Seen {
  forged: number;
  drawnAfter: number;
}

/**
 * Frame: counts the page's forged window messages as they arrive, after the frame's own listener has seen them, and
 * marks when it has drawn twice since the last one: by then the sidebar would have acted on them.
 */
export function countForgedMessages(): void {
  const seen: Seen = { forged: 0, drawnAfter: 0 };
  (window as unknown as { seen: Seen }).seen = seen;
  window.addEventListener('message', (event) => {
    if ((event.data as { forged?: boolean } | null)?.forged !== true) return;
    seen.forged += 1;
    const count = seen.forged;
    requestAnimationFrame(() => requestAnimationFrame(() => (seen.drawnAfter = count)));
  });
}

export function forgedMessagesHandled(): number {
  return (window as unknown as { seen?: Seen }).seen?.drawnAfter ?? 0;
}

/** How many forged window messages `forgeFromPage` posts, each marked `forged` for `countForgedMessages`. */
export const forgedWindowMessages = 3;

/**
 * Page world: a forged width and focus on the frame's window, another grant with a port of the page's own and a
 * focus on it; then the keys and pointer events a reader uses on the resizing edge (the sidebar's host is an open
 * shadow root, so the page can reach the edge), dispatched by script. Returns how many edges it reached.
 */
export function forgeFromPage(): number {
  const root = document.querySelector('shedders-take-sidebar')?.shadowRoot;
  const frame = root?.querySelector('iframe')?.contentWindow;
  const channel = new MessageChannel();
  frame?.postMessage({ tag: 'shedders-take', type: 'resized', width: 666, forged: true }, '*');
  frame?.postMessage({ tag: 'shedders-take', type: 'focus', forged: true }, '*');
  frame?.postMessage({ tag: 'shedders-take', type: 'grant', token: 'forged-again', forged: true }, '*', [channel.port2]);
  channel.port1.postMessage({ tag: 'shedders-take', type: 'focus' });
  const edges = [...(root?.querySelectorAll('[role="separator"]') ?? [])];
  for (const edge of edges) {
    for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowRight']) edge.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
    const box = edge.getBoundingClientRect();
    const at = { pointerId: 1, button: 0, isPrimary: true, clientY: box.y + box.height / 2, bubbles: true, composed: true, cancelable: true };
    edge.dispatchEvent(new PointerEvent('pointerdown', { ...at, clientX: box.x }));
    edge.dispatchEvent(new PointerEvent('pointermove', { ...at, clientX: box.x - 200 }));
    edge.dispatchEvent(new PointerEvent('pointerup', { ...at, clientX: box.x - 200 }));
  }
  return edges.length;
}

/** Page world: the sidebar's width on screen, as the page can measure it. */
export function sidebarWidthOnScreen(): number {
  return document.querySelector('shedders-take-sidebar')?.shadowRoot?.querySelector('aside')?.getBoundingClientRect().width ?? 0;
}

/** Extension page: records every sidebar width the extension stores from now on. */
export function recordStoredWidths(): void {
  const widths: unknown[] = [];
  (globalThis as unknown as { storedWidths: unknown[] }).storedWidths = widths;
  const extension = (globalThis as unknown as { chrome: typeof import('#imports').browser }).chrome;
  extension.storage.onChanged.addListener((changes, area) => {
    const appearance = changes.appearance;
    if (area === 'local' && appearance) widths.push((appearance.newValue as { sidebarWidth?: number } | undefined)?.sidebarWidth);
  });
}

export function storedWidths(): unknown[] {
  return (globalThis as unknown as { storedWidths: unknown[] }).storedWidths;
}
