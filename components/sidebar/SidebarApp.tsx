import { useEffect, useRef, useState } from 'react';
import { PaperHeader } from '@/components/sidebar/PaperHeader';
import { frameMessageTag, isFrameMessage, readGrant, type FrameToHost, type HostToFrame } from '@/utils/content/frame-protocol';
import { updateAppearance, watchAppearance } from '@/utils/storage/appearance';
import { stripStatus, useTakeStore } from '@/utils/store/take-store';
import { paperFromSidebarHash } from '@/utils/links';
import { isPaperRef, pickPaperRef } from '@/utils/message-guards';
import { sendToBackground } from '@/utils/messaging';
import { bindPdfToPaper } from '@/utils/sites/pdf-binding';
import { watchSelection, type BatchSelection } from '@/utils/selection';
import { BatchPanel } from '@/components/sidebar/BatchPanel';
import { TakePanel } from '@/components/sidebar/TakePanel';
import type { PaperRef } from '@/utils/sites/types';

/** How long after the sidebar opens its start button may still appear (the paper and its saved takes load first). */
const startControlWaitMs = 3_000;

/**
 * Focus goes to the reader's next step when the sidebar opens: the start button (a take to start, a batch to run),
 * as soon as it appears, else the sidebar's heading, where screen readers hear the sidebar's name (the heading draws
 * no ring; it is not a control). A press not confirmed as seen opened the sidebar without starting, so this is where
 * the reader continues, by keyboard as well as by pointer.
 */
function focusNextStep(heading: HTMLElement | null): void {
  const startControl = () => document.querySelector<HTMLElement>('[data-start-control]');
  const found = startControl();
  if (found) return found.focus();
  heading?.focus();
  const observer = new MutationObserver(() => {
    const appeared = startControl();
    if (!appeared) return;
    observer.disconnect();
    // Only while the reader has not moved on from where the sidebar put them.
    if (document.activeElement === heading || document.activeElement === document.body) appeared.focus();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  setTimeout(() => observer.disconnect(), startControlWaitMs);
}

type Untagged<T> = T extends unknown ? Omit<T, 'tag'> : never;

/** The host is whatever page framed us: messages carry nothing but requests to move, size or close the frame. */
function postToHost(message: Untagged<FrameToHost>) {
  window.parent.postMessage({ tag: frameMessageTag, ...message }, '*');
}

type FrameSelection =
  | { state: 'loading' }
  | { state: 'ready'; tabId: number; paper: PaperRef | undefined; batch: BatchSelection | undefined; start: boolean; model: string | undefined; requestId: number }
  | { state: 'failed'; error: string };

/** How long a frame waits for its page's grant before saying it was not opened by us: the real one comes at load. */
const grantWaitMs = 3_000;
/** A page can post look-alike grants; each costs the background a look-up, so only the first few are tried. */
const maxGrantsTried = 5;
const notOpenedByUs = "This sidebar was not opened by Shedder's Take on this page, so it shows nothing here.";

type Standalone = { paper: PaperRef } | { refusal: string };

/**
 * Opened as a tab of its own (the popup does this for a PDF tab in Firefox, whose viewer no content script
 * reaches): the paper comes in the address. Anyone can open this page with any address, so the paper is checked like
 * a message, its PDF must be its own, generic-site papers are refused (their sites open them from their own page),
 * and nothing starts until the reader clicks. Undefined inside a frame: that is the sidebar over a page.
 */
function standalonePaper(): Standalone | undefined {
  if (window.parent !== window) return undefined;
  const paper = paperFromSidebarHash(location.hash);
  if (!isPaperRef(paper)) return { refusal: "This address names no paper Shedder's Take can read. Open the paper's page or PDF, then Shedder's Take." };
  if (paper.site === 'generic') return { refusal: "Papers from other sites open from their own page, not from a link: open the paper's page, then Shedder's Take." };
  const binding = bindPdfToPaper(paper, []);
  return binding.kind === 'refused' ? { refusal: binding.reason } : { paper: pickPaperRef(paper) };
}

export function SidebarApp() {
  const [standalone] = useState(standalonePaper);
  if (standalone) {
    return (
      <div className="sidebar">
        <header className="sidebar-bar">
          <h1 className="brand">Shedder&apos;s Take</h1>
        </header>
        <main className="sidebar-main">
          {'paper' in standalone ? (
            <>
              <PaperHeader paper={standalone.paper} />
              <TakePanel paper={standalone.paper} />
            </>
          ) : (
            <p role="alert" className="error">
              {standalone.refusal}
            </p>
          )}
        </main>
      </div>
    );
  }
  return <FramedSidebar />;
}

/** The sidebar over a paper page, in the frame the content script hosts. */
function FramedSidebar() {
  const [selection, setSelection] = useState<FrameSelection>({ state: 'loading' });
  const [collapsed, setCollapsed] = useState(false);
  /** A quick take's "Full take" button: the full take of one batch entry, in place of the batch. */
  const [fullFromBatch, setFullFromBatch] = useState<PaperRef | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let unwatch: (() => void) | undefined;
    let cancelled = false;
    let requestId = 0;
    let shownSelectedAt: number | undefined;
    let grant: string | undefined;
    let grantsTried = 0;
    // The background owns the selection; asking it (rather than reading storage) consumes a launcher's start request.
    // It answers only the frame that holds this page's grant, while the tab still shows that page.
    const askBackground = async (token: string) => {
      const reply = await sendToBackground({ type: 'getSelectedPaper', grant: token });
      // The first grant accepted is the only one: a look-alike the page posted, refused after it, must not undo it.
      if (cancelled || (grant !== undefined && grant !== token)) return undefined;
      if (!reply.ok) {
        setSelection({ state: 'failed', error: reply.error });
        return undefined;
      }
      grant = token;
      // Our own ask consumed the launcher's start, which rewrote the selection and so asks again: that answer is the
      // selection already shown, minus the start it handed us. Taking it would replace the start before the take
      // began whenever both answers arrive before the next render.
      if (reply.selectedAt !== undefined && reply.selectedAt === shownSelectedAt) return reply.tabId;
      shownSelectedAt = reply.selectedAt;
      requestId += 1;
      setFullFromBatch(undefined);
      setSelection({ state: 'ready', tabId: reply.tabId, paper: reply.paper, batch: reply.batch, start: reply.start, model: reply.model, requestId });
      return reply.tabId;
    };
    /** The port that came with the accepted grant: the one channel on which the host may change the sidebar. */
    let hostPort: MessagePort | undefined;
    const onHostMessage = (event: MessageEvent) => {
      if (!isFrameMessage<HostToFrame>(event.data, ['focus', 'resized'])) return;
      if (event.data.type === 'resized') {
        void updateAppearance({ sidebarWidth: event.data.width });
        return;
      }
      setCollapsed(false);
      focusNextStep(headingRef.current);
    };
    const tryGrant = async (token: string, port: MessagePort) => {
      if (grant || grantsTried >= maxGrantsTried) return port.close();
      grantsTried += 1;
      const tabId = await askBackground(token);
      if (tabId === undefined || cancelled || hostPort) return port.close();
      // Messages the host sent before now waited in the port; they arrive once it has a listener.
      hostPort = port;
      hostPort.onmessage = onHostMessage;
      unwatch = watchSelection(tabId, () => void askBackground(token));
    };
    // The page shares our parent window and can post here too: only a grant is taken from it, and only a grant the
    // background accepts brings its port into use.
    const onMessage = (event: MessageEvent) => {
      const offered = event.source === window.parent ? readGrant(event) : undefined;
      if (offered) void tryGrant(offered.token, offered.port);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') postToHost({ type: 'close' });
    };
    window.addEventListener('message', onMessage);
    window.addEventListener('keydown', onKeyDown);
    postToHost({ type: 'ready' });
    const noGrant = setTimeout(() => {
      if (!grant && !cancelled) setSelection((current) => (current.state === 'loading' ? { state: 'failed', error: notOpenedByUs } : current));
    }, grantWaitMs);
    return () => {
      cancelled = true;
      clearTimeout(noGrant);
      hostPort?.close();
      unwatch?.();
      window.removeEventListener('message', onMessage);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);

  // The host sizes the frame as the reader left it (width, push the page), from the stored appearance.
  useEffect(() => watchAppearance(({ sidebarWidth, pushPage }) => postToHost({ type: 'layout', ...(sidebarWidth ? { width: sidebarWidth } : {}), pushPage })), []);

  const takeStatus = stripStatus(
    useTakeStore((state) => state.phase),
    useTakeStore((state) => state.savedShown),
  );
  // Over a listing's quick takes there is no single take to speak of.
  const status = selection.state === 'ready' && selection.batch && !fullFromBatch ? { word: 'Quick takes', tone: 'neutral' as const } : takeStatus;
  const toggleCollapsed = () => {
    const next = !collapsed;
    setCollapsed(next);
    postToHost({ type: next ? 'collapse' : 'expand' });
  };

  if (collapsed) {
    return (
      <button type="button" className={`collapsed-strip strip-${status.tone}`} onClick={toggleCollapsed} aria-expanded="false">
        <span className="strip-mark" aria-hidden="true">
          Q
        </span>
        {/* Named by what it shows, then what it does: "Take ready: expand Shedder's Take". */}
        <span className="strip-word">{status.word}</span>
        <span className="visually-hidden">: expand Shedder&apos;s Take</span>
      </button>
    );
  }

  return (
    <div className="sidebar">
      <header className="sidebar-bar">
        <h1 ref={headingRef} tabIndex={-1} className="brand">
          Shedder&apos;s Take
        </h1>
        <span className="bar-spacer" />
        <button type="button" className="icon-button" onClick={toggleCollapsed} aria-label="Collapse Shedder's Take" aria-expanded="true">
          »
        </button>
        <button type="button" className="icon-button" onClick={() => postToHost({ type: 'close' })} aria-label="Close Shedder's Take">
          ×
        </button>
      </header>
      <main className="sidebar-main">
      {selection.state === 'loading' && <p role="status" className="sidebar-note">Loading…</p>}
      {selection.state === 'failed' && (
        <p role="alert" className="error">
          {selection.error}
        </p>
      )}
      {selection.state === 'ready' && selection.batch && !fullFromBatch && (
        <BatchPanel key={selection.batch.pageTitle} batch={selection.batch} onOpenFull={setFullFromBatch} />
      )}
      {fullFromBatch && (
        <>
          <button type="button" className="link-button back-link" onClick={() => setFullFromBatch(undefined)}>
            ← Back to the quick takes
          </button>
          <PaperHeader paper={fullFromBatch} />
          <TakePanel key={`${fullFromBatch.site}:${fullFromBatch.paperId}`} paper={fullFromBatch} startRequest={1} />
        </>
      )}
      {selection.state === 'ready' && !selection.paper && !selection.batch && (
        <p role="status" className="sidebar-note">Click a &ldquo;Take&rdquo; button beside a paper on the page to choose it.</p>
      )}
      {selection.state === 'ready' && selection.paper && (
        <>
          <PaperHeader paper={selection.paper} />
          <TakePanel
            key={`${selection.paper.site}:${selection.paper.paperId}`}
            paper={selection.paper}
            startRequest={selection.start ? selection.requestId : undefined}
            modelOverride={selection.model}
          />
        </>
      )}
      </main>
    </div>
  );
}
