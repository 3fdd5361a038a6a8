import { browser, createIframeUi, type ContentScriptContext } from '#imports';
import { focusLauncher } from '@/utils/content/launcher';
import { frameMessageTag, isFrameMessage, postGrant, type FrameToHost, type HostToFrame } from '@/utils/content/frame-protocol';
import { sendToBackground } from '@/utils/messaging';
import { clampSidebarWidth } from '@/utils/ui/sidebar-width';
import { followReaderWidth } from '@/utils/content/reader-width';

export const sidebarLabel = "Shedder's Take";
/** Until the reader drags the edge: a reading column that leaves most of a small window to the page. */
const defaultWidth = 'clamp(340px, 32vw, 440px)';
const collapsedWidth = 44;
const collapsedHeight = 148;
/** Keyboard resizing steps, in CSS pixels. */
const resizeStep = 24;

export interface SidebarHost {
  open(opener?: HTMLElement): void;
  close(): void;
  toggle(opener?: HTMLElement): void;
  readonly isOpen: boolean;
}

/**
 * Hosts the sidebar, an extension page in an iframe: the page can hide or remove the frame but can neither
 * read nor restyle what is inside it. The frame sits in a shadow root as an `aside` landmark named
 * "Shedder's Take", fixed to the right edge. By default it lies over the page; with "push the page" the page's
 * root gets a right margin as wide as the sidebar, so nothing of the page is covered. The left edge is a
 * separator the reader drags (or moves with the arrow keys) to resize; the frame remembers the width.
 * Collapsed, it is a short strip at the right edge, below where the sites keep their header controls.
 *
 * The shadow root is open: nothing in it is secret (the frame's document is another origin), and a page restyling
 * or moving the frame is answered inside the frame, whose controls act only while the browser reports them visible.
 * What makes this frame ours is the grant: the background's token for this page, posted to this frame alone. A frame
 * the page makes of our web-accessible page, or one a foreign site makes, never holds it and is shown nothing. With the
 * grant goes the port over which alone the frame takes "focus" and "resized", so the page cannot post those.
 */
export function createSidebarHost(ctx: ContentScriptContext): SidebarHost {
  let isOpen = false;
  let collapsed = false;
  let lastOpener: HTMLElement | undefined;
  let width: number | undefined;
  let pushPage = false;
  const host = document.createElement('shedders-take-sidebar');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `
    :host { all: initial; }
    aside { position: fixed; top: 0; right: 0; height: 100vh; width: var(--shedders-take-width, ${defaultWidth});
      max-width: 100vw; z-index: 2147483647; box-shadow: -1px 0 0 rgb(0 0 0 / 0.12), -6px 0 18px rgb(0 0 0 / 0.16);
      background: transparent; }
    aside[data-collapsed] { width: ${collapsedWidth}px; height: ${collapsedHeight}px; top: calc(50vh - ${collapsedHeight / 2}px);
      border-radius: 8px 0 0 8px; overflow: hidden; box-shadow: 0 2px 10px rgb(0 0 0 / 0.25); }
    aside[hidden] { display: none; }
    iframe { border: 0; width: 100%; height: 100%; display: block; color-scheme: normal; }
    .edge { position: absolute; top: 0; bottom: 0; left: -8px; width: 8px; cursor: col-resize; z-index: 1;
      background: transparent; touch-action: none; }
    .edge::after { content: ''; position: absolute; top: 0; bottom: 0; right: 0; width: 2px; background: transparent; }
    .edge:hover::after, .edge[data-dragging]::after { background: #1f55a3; }
    .edge:focus-visible { outline: none; }
    .edge:focus-visible::after { background: #1f55a3; width: 4px; }
    aside[data-collapsed] .edge { display: none; }
  `;
  const aside = document.createElement('aside');
  aside.setAttribute('aria-label', sidebarLabel);
  aside.hidden = true;
  const edge = document.createElement('div');
  edge.className = 'edge';
  edge.tabIndex = 0;
  edge.setAttribute('role', 'separator');
  edge.setAttribute('aria-orientation', 'vertical');
  edge.setAttribute('aria-label', `Resize ${sidebarLabel}`);
  // Beside the frame, never over it: anything lying over the frame, even a transparent strip, makes the browser
  // report every control inside as covered, and those controls then refuse to act.
  aside.append(edge);
  shadow.append(style, aside);

  const ui = createIframeUi(ctx, {
    page: '/sidebar-frame.html',
    position: 'inline',
    anchor: aside,
    onMount(wrapper, iframe) {
      wrapper.style.height = '100%';
      iframe.title = sidebarLabel;
      // Copy as Markdown writes to the clipboard from inside the frame.
      iframe.allow = 'clipboard-write';
      iframe.style.cssText = 'border:0;width:100%;height:100%;display:block;';
    },
  });

  let grant: Promise<string | undefined> | undefined;
  /** Our end of the channel handed to the frame with its grant: the page can post to the frame's window, not here. */
  let framePort: MessagePort | undefined;
  const postToFrame = (message: HostToFrame) => framePort?.postMessage(message);
  const focusFrame = () => postToFrame({ tag: frameMessageTag, type: 'focus' });
  const grantFrame = async () => {
    const token = await grant;
    const frame = ui.iframe.contentWindow;
    if (!token || !frame) return;
    framePort?.close();
    // The target origin keeps the grant from any document but our own extension page (until that page has loaded, the
    // frame holds an about:blank document of the page's origin).
    framePort = postGrant(frame, new URL(browser.runtime.getURL('/')).origin, token);
  };

  const currentWidth = () => aside.getBoundingClientRect().width;
  /** The page's own right margin, before we pushed it, so closing gives it back exactly. */
  let pageMarginBefore: { value: string; priority: string } | undefined;
  const layOut = () => {
    if (width !== undefined) aside.style.setProperty('--shedders-take-width', `${clampSidebarWidth(width, window.innerWidth)}px`);
    else aside.style.removeProperty('--shedders-take-width');
    edge.setAttribute('aria-valuenow', String(Math.round(currentWidth())));
    const root = document.documentElement.style;
    const shouldPush = pushPage && isOpen && !collapsed;
    if (shouldPush) {
      pageMarginBefore ??= { value: root.getPropertyValue('margin-right'), priority: root.getPropertyPriority('margin-right') };
      root.setProperty('margin-right', `${Math.round(currentWidth())}px`, 'important');
    } else if (pageMarginBefore) {
      root.setProperty('margin-right', pageMarginBefore.value, pageMarginBefore.priority);
      pageMarginBefore = undefined;
    }
  };

  const setCollapsed = (value: boolean) => {
    collapsed = value;
    aside.toggleAttribute('data-collapsed', value);
    layOut();
  };

  const readerWidth = followReaderWidth();
  const resizeTo = (next: number, remember: boolean) => {
    width = clampSidebarWidth(next, window.innerWidth);
    layOut();
    if (remember) {
      readerWidth.chose(width);
      postToFrame({ tag: frameMessageTag, type: 'resized', width });
    }
  };

  /** Where on the grip the pointer took it, so the sidebar's edge follows the pointer without a jump. */
  let grabOffset = 0;
  // The edge sits in an open shadow root, so the page's script can reach it and dispatch keys and pointer events of
  // its own making there: only the browser's events, the reader's input, resize the sidebar and store a width.
  edge.addEventListener('pointerdown', (event: PointerEvent) => {
    if (!event.isTrusted || event.button !== 0) return;
    event.preventDefault();
    grabOffset = aside.getBoundingClientRect().left - event.clientX;
    edge.setPointerCapture(event.pointerId);
    edge.toggleAttribute('data-dragging', true);
    // The frame would take the pointer while it passes over it.
    ui.iframe.style.pointerEvents = 'none';
  });
  edge.addEventListener('pointermove', (event: PointerEvent) => {
    if (event.isTrusted && edge.hasPointerCapture(event.pointerId)) resizeTo(window.innerWidth - (event.clientX + grabOffset), false);
  });
  const endDrag = (event: PointerEvent) => {
    if (!event.isTrusted || !edge.hasAttribute('data-dragging')) return;
    edge.releasePointerCapture(event.pointerId);
    edge.removeAttribute('data-dragging');
    ui.iframe.style.pointerEvents = '';
    resizeTo(currentWidth(), true);
  };
  edge.addEventListener('pointerup', endDrag);
  edge.addEventListener('pointercancel', endDrag);
  edge.addEventListener('keydown', (event: KeyboardEvent) => {
    const step = event.key === 'ArrowLeft' ? resizeStep : event.key === 'ArrowRight' ? -resizeStep : 0;
    if (!step || !event.isTrusted) return;
    event.preventDefault();
    resizeTo(currentWidth() + step, true);
  });
  ctx.addEventListener(window, 'resize', () => isOpen && layOut());

  const open = (opener?: HTMLElement) => {
    if (opener) lastOpener = opener;
    if (!host.isConnected) {
      grant ??= sendToBackground({ type: 'grantSidebar' }).then((reply) => (reply.ok ? reply.token : undefined));
      document.documentElement.append(host);
      ui.mount();
      ui.iframe.addEventListener(
        'load',
        () => {
          ui.iframe.focus();
          focusFrame();
        },
        { once: true },
      );
    }
    aside.hidden = false;
    isOpen = true;
    setCollapsed(false);
    ui.iframe.focus();
    focusFrame();
  };

  const close = () => {
    if (!isOpen) return;
    aside.hidden = true;
    isOpen = false;
    layOut();
    // Focus goes back where the reader was, so keyboard users keep their place in the page.
    if (lastOpener?.isConnected) focusLauncher(lastOpener);
  };

  ctx.addEventListener(window, 'message', (event: MessageEvent) => {
    if (event.source !== ui.iframe.contentWindow) return;
    if (!isFrameMessage<FrameToHost>(event.data, ['ready', 'close', 'collapse', 'expand', 'layout'])) return;
    const message = event.data;
    // Each document the frame loads asks once it listens: a frame navigated again needs the grant, and a port, again.
    if (message.type === 'ready') void grantFrame().then(focusFrame);
    else if (message.type === 'close') close();
    else if (message.type === 'layout') {
      width = readerWidth.fromStorage(message.width);
      pushPage = message.pushPage;
      layOut();
    } else setCollapsed(message.type === 'collapse');
  });
  ctx.onInvalidated(() => {
    framePort?.close();
    isOpen = false;
    layOut();
    host.remove();
  });

  return {
    open,
    close,
    toggle: (opener) => (isOpen ? close() : open(opener)),
    get isOpen() {
      return isOpen;
    },
  };
}
