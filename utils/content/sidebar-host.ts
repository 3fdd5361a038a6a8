import { browser, createIframeUi, type ContentScriptContext } from '#imports';
import { focusLauncher } from '@/utils/content/launcher';
import { frameMessageTag, isFrameMessage, type FrameToHost, type HostToFrame } from '@/utils/content/frame-protocol';
import { sendToBackground } from '@/utils/messaging';

export const sidebarLabel = "Shedder's Take";
const expandedWidth = 'min(460px, 100vw)';
const collapsedWidth = '44px';

export interface SidebarHost {
  open(opener?: HTMLElement): void;
  close(): void;
  toggle(opener?: HTMLElement): void;
  readonly isOpen: boolean;
}

/**
 * Hosts the sidebar, an extension page in an iframe: the page can hide or remove the frame but can neither
 * read nor restyle what is inside it. The frame sits in a shadow root as an `aside` landmark named
 * "Shedder's Take", fixed to the right edge, over the page, so the page's own layout never moves.
 *
 * The shadow root is open: nothing in it is secret (the frame's document is another origin), and a page restyling
 * or moving the frame is answered inside the frame, whose controls act only while the browser reports them visible.
 * What makes this frame ours is the grant: the background's token for this page, posted to this frame alone. A frame
 * the page makes of our web-accessible page, or one a foreign site makes, never holds it and is shown nothing.
 */
export function createSidebarHost(ctx: ContentScriptContext): SidebarHost {
  let isOpen = false;
  let lastOpener: HTMLElement | undefined;
  const host = document.createElement('shedders-take-sidebar');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `
    :host { all: initial; }
    aside { position: fixed; top: 0; right: 0; height: 100vh; width: ${expandedWidth}; z-index: 2147483647;
      box-shadow: -2px 0 12px rgb(0 0 0 / 0.25); background: #fff; }
    aside[data-collapsed] { width: ${collapsedWidth}; }
    aside[hidden] { display: none; }
    iframe { border: 0; width: 100%; height: 100%; display: block; color-scheme: normal; }
  `;
  const aside = document.createElement('aside');
  aside.setAttribute('aria-label', sidebarLabel);
  aside.hidden = true;
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

  let frameLoaded = false;
  let grant: Promise<string | undefined> | undefined;
  const post = (message: HostToFrame) => {
    // Until the extension page has loaded, the frame is an about:blank document of the page's origin; the target
    // origin keeps every message, the grant above all, from reaching any document but our own extension page.
    if (!frameLoaded) return;
    ui.iframe.contentWindow?.postMessage(message, new URL(browser.runtime.getURL('/')).origin);
  };
  const postToFrame = (type: 'focus') => post({ tag: frameMessageTag, type });
  const postGrant = async () => {
    const token = await grant;
    if (token) post({ tag: frameMessageTag, type: 'grant', token });
  };

  const setCollapsed = (collapsed: boolean) => aside.toggleAttribute('data-collapsed', collapsed);

  const open = (opener?: HTMLElement) => {
    if (opener) lastOpener = opener;
    if (!host.isConnected) {
      grant ??= sendToBackground({ type: 'grantSidebar' }).then((reply) => (reply.ok ? reply.token : undefined));
      document.documentElement.append(host);
      ui.mount();
      ui.iframe.addEventListener(
        'load',
        () => {
          frameLoaded = true;
          ui.iframe.focus();
          postToFrame('focus');
        },
        { once: true },
      );
    }
    setCollapsed(false);
    aside.hidden = false;
    isOpen = true;
    ui.iframe.focus();
    postToFrame('focus');
  };

  const close = () => {
    if (!isOpen) return;
    aside.hidden = true;
    isOpen = false;
    // Focus goes back where the reader was, so keyboard users keep their place in the page.
    if (lastOpener?.isConnected) focusLauncher(lastOpener);
  };

  ctx.addEventListener(window, 'message', (event: MessageEvent) => {
    if (event.source !== ui.iframe.contentWindow) return;
    if (!isFrameMessage<FrameToHost>(event.data, ['ready', 'close', 'collapse', 'expand'])) return;
    // Each document the frame loads asks once it listens: a frame navigated again needs the grant again.
    if (event.data.type === 'ready') {
      frameLoaded = true;
      void postGrant();
      postToFrame('focus');
    } else if (event.data.type === 'close') close();
    else setCollapsed(event.data.type === 'collapse');
  });
  ctx.onInvalidated(() => host.remove());

  return {
    open,
    close,
    toggle: (opener) => (isOpen ? close() : open(opener)),
    get isOpen() {
      return isOpen;
    },
  };
}
