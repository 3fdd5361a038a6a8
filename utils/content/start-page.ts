import type { ContentScriptContext } from '#imports';
import { createLauncher } from '@/utils/content/launcher';
import { createSidebarHost, type SidebarHost } from '@/utils/content/sidebar-host';
import { onTabCommand, sendToBackground } from '@/utils/messaging';
import { detectPage } from '@/utils/sites';
import { PageShapeError, type PageEntry, type PaperRef } from '@/utils/sites/types';

/**
 * What the content script does on a matched page: read the page once, add one launcher per paper, and host
 * the sidebar. No React, no pdf.js, no key here: it runs on every matched page and beside the page's scripts.
 */
/** User-timing names: the benchmark reads how long reading the page and adding launchers took. */
export const timingMarks = { start: 'shedders-take:start', measure: 'shedders-take:launchers' } as const;

export function startOnPage(ctx: ContentScriptContext, url: URL, document: Document): void {
  performance.mark(timingMarks.start);
  const detected = detectPage(url, document);
  if (!detected) return;

  let entries: PageEntry[];
  try {
    entries = detected.adapter.readPage(document, url, detected.match);
  } catch (error) {
    if (!(error instanceof PageShapeError)) throw error;
    addUnreadablePageLauncher(error);
    return;
  }
  if (entries.length === 0) return;

  const sidebar = createSidebarHost(ctx);
  const isSinglePaper = detected.match.kind !== 'listing';
  // Chrome's PDF viewer lives in another process; we can only float a button over its wrapper document.
  const isPdfTab = detected.match.kind === 'pdf' || document.contentType === 'application/pdf';

  for (const entry of entries) {
    const launcher = createLauncher({
      label: isSinglePaper ? "Shedder's Take" : `Shedder's Take: ${entry.paper.title}`,
      text: isSinglePaper ? "Shedder's Take" : "Q's take",
      floating: isPdfTab,
      onActivate: (opener) => void openTake(sidebar, entry.paper, opener),
    });
    if (isPdfTab) document.documentElement.append(launcher);
    else entry.anchor.after(launcher);
  }

  performance.measure(timingMarks.measure, timingMarks.start);

  onTabCommand((command) => {
    if (command.type === 'toggleSidebar') sidebar.toggle();
    else sidebar.open();
  });
  if (isSinglePaper && entries[0]) {
    // The keyboard shortcut opens the page's paper even before any launcher was clicked.
    void sendToBackground({ type: 'selectPaper', paper: entries[0].paper, start: false });
  }
}

async function openTake(sidebar: SidebarHost, paper: PaperRef, opener: HTMLElement): Promise<void> {
  const reply = await sendToBackground({ type: 'selectPaper', paper, start: true });
  if (!reply.ok) {
    opener.title = `Shedder's Take could not open this paper: ${reply.error}`;
    return;
  }
  sidebar.open(opener);
}

/** A page we recognise by URL but cannot read: say so rather than stay silent. */
function addUnreadablePageLauncher(error: PageShapeError): void {
  const reason = `Shedder's Take can't read this page: ${error.message}. Open the paper's PDF or abstract page instead.`;
  const launcher = createLauncher({
    label: "Shedder's Take: can't read this page",
    text: "Shedder's Take: can't read this page",
    floating: true,
    unavailableReason: reason,
    onActivate: (host) => {
      host.shadowRoot?.querySelector('button')?.setAttribute('aria-describedby', 'reason');
      if (!host.shadowRoot?.getElementById('reason')) {
        const note = document.createElement('p');
        note.id = 'reason';
        note.setAttribute('role', 'status');
        note.style.cssText = 'font:13px/1.4 system-ui,sans-serif;background:#fff;color:#222;border:1px solid #999;padding:8px;margin:6px 0 0;max-width:320px;';
        note.textContent = reason;
        host.shadowRoot?.append(note);
      }
    },
  });
  document.documentElement.append(launcher);
}
