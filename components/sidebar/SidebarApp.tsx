import { useEffect, useRef, useState } from 'react';
import { PaperHeader } from '@/components/sidebar/PaperHeader';
import { frameMessageTag, isFrameMessage, type FrameToHost, type HostToFrame } from '@/utils/content/frame-protocol';
import { paperFromSidebarHash } from '@/utils/links';
import { isPaperRef, pickPaperRef } from '@/utils/message-guards';
import { sendToBackground } from '@/utils/messaging';
import { watchSelection, type BatchSelection } from '@/utils/selection';
import { BatchPanel } from '@/components/sidebar/BatchPanel';
import { TakePanel } from '@/components/sidebar/TakePanel';
import type { PaperRef } from '@/utils/sites/types';

function postToHost(type: FrameToHost['type']) {
  const message: FrameToHost = { tag: frameMessageTag, type };
  // The host is whatever page framed us; the message carries no data, only a request to move the frame.
  window.parent.postMessage(message, '*');
}

type FrameSelection =
  | { state: 'loading' }
  | { state: 'ready'; tabId: number; paper: PaperRef | undefined; batch: BatchSelection | undefined; start: boolean; model: string | undefined; requestId: number }
  | { state: 'failed'; error: string };

/**
 * Opened as a tab of its own (the popup does this for a PDF tab in Firefox, whose viewer no content script
 * reaches): the paper comes in the address. Anyone can open this page, so the paper is checked like a message,
 * generic-site papers are refused, and nothing starts until the reader clicks.
 */
function standalonePaper(): PaperRef | undefined {
  if (window.parent !== window) return undefined;
  const paper = paperFromSidebarHash(location.hash);
  return isPaperRef(paper) && paper.site !== 'generic' ? pickPaperRef(paper) : undefined;
}

export function SidebarApp() {
  const [standalone] = useState(standalonePaper);
  if (standalone) {
    return (
      <div className="sidebar">
        <header className="sidebar-bar">
          <h1 className="brand">Shedder&apos;s Take</h1>
        </header>
        <PaperHeader paper={standalone} />
        <TakePanel paper={standalone} />
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
    // The background owns the selection; asking it (rather than reading storage) consumes a launcher's start request.
    const askBackground = async () => {
      const reply = await sendToBackground({ type: 'getSelectedPaper' });
      if (cancelled) return undefined;
      if (!reply.ok) {
        setSelection({ state: 'failed', error: reply.error });
        return undefined;
      }
      requestId += 1;
      setFullFromBatch(undefined);
      setSelection({ state: 'ready', tabId: reply.tabId, paper: reply.paper, batch: reply.batch, start: reply.start, model: reply.model, requestId });
      return reply.tabId;
    };
    void askBackground().then((tabId) => {
      if (tabId === undefined || cancelled) return;
      unwatch = watchSelection(tabId, () => void askBackground());
    });
    return () => {
      cancelled = true;
      unwatch?.();
    };
  }, []);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || !isFrameMessage<HostToFrame>(event.data, ['focus'])) return;
      if (event.data.type === 'focus') {
        setCollapsed(false);
        headingRef.current?.focus();
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') postToHost('close');
    };
    window.addEventListener('message', onMessage);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('message', onMessage);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);

  const toggleCollapsed = () => {
    const next = !collapsed;
    setCollapsed(next);
    postToHost(next ? 'collapse' : 'expand');
  };

  if (collapsed) {
    return (
      <div className="collapsed-strip">
        <button type="button" className="icon-button" onClick={toggleCollapsed} aria-label="Expand Shedder's Take" aria-expanded="false">
          «
        </button>
      </div>
    );
  }

  return (
    <div className="sidebar">
      <header className="sidebar-bar">
        <h1 ref={headingRef} tabIndex={-1} className="brand">
          Shedder&apos;s Take
        </h1>
        <button type="button" className="icon-button" onClick={toggleCollapsed} aria-label="Collapse Shedder's Take" aria-expanded="true">
          »
        </button>
        <button type="button" className="icon-button" onClick={() => postToHost('close')} aria-label="Close Shedder's Take">
          ×
        </button>
      </header>
      {selection.state === 'loading' && <p role="status">Loading…</p>}
      {selection.state === 'failed' && (
        <p role="alert" className="error">
          The sidebar could not reach the extension: {selection.error}. Reload the page and try again.
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
        <p role="status">Click a &ldquo;Shedder&apos;s Take&rdquo; button on the page to choose a paper.</p>
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
    </div>
  );
}
