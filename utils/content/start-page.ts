import type { ContentScriptContext } from '#imports';
import { createLauncher, setLauncherBadge, showLauncherNote } from '@/utils/content/launcher';
import { listingStart } from '@/utils/content/placement';
import { createSidebarHost, type SidebarHost } from '@/utils/content/sidebar-host';
import { modelFromRerunUrl } from '@/utils/links';
import { distinctPapers } from '@/utils/quick/batch-papers';
import { onTabCommand, sendToBackground } from '@/utils/messaging';
import { detectPage } from '@/utils/sites';
import { paperKey } from '@/utils/sites/paper-key';
import { PageShapeError, type PageEntry, type PageKind, type PaperRef } from '@/utils/sites/types';

/**
 * User-timing names the benchmark reads: `measure`, from start to the first launchers on screen; `all`, to the
 * last; `batch`, each later batch (the longest one is the longest the page waits on us).
 */
export const timingMarks = {
  start: 'shedders-take:start',
  measure: 'shedders-take:launchers',
  all: 'shedders-take:all-launchers',
  batch: 'shedders-take:launcher-batch',
} as const;
/** Entries that get their launcher in the first task: more than a tall screen shows. */
const firstBatch = 150;
const laterBatch = 250;

/**
 * What the content script does on a matched page: read the page once, add one launcher per paper, and host
 * the sidebar. No React, no pdf.js, no key here: it runs on every matched page and beside the page's scripts.
 */
export function startOnPage(ctx: ContentScriptContext, url: URL, document: Document): void {
  performance.mark(timingMarks.start);
  const detected = detectPage(url, document);
  if (!detected) return;
  const isListing = detected.match.kind === 'listing';
  const read = (): PageEntry[] | PageShapeError => {
    try {
      return detected.adapter.readPage(document, url, detected.match);
    } catch (error) {
      if (!(error instanceof PageShapeError)) throw error;
      return error;
    }
  };

  const entries = read();
  if (entries instanceof PageShapeError && !isListing) {
    addUnreadablePageLauncher(entries);
    return;
  }
  const page = setUpPage(ctx, url, document, detected.match.kind);
  // A listing without readable entries says so, until entries appear (see below).
  let unreadable = entries instanceof PageShapeError ? addUnreadablePageLauncher(entries) : undefined;
  if (Array.isArray(entries)) page.add(entries, { measured: true });
  if (isListing) {
    // ACM tables of contents load a session's entries when it is expanded: launchers follow entries that appear later.
    followNewEntries(ctx, document, () => {
      const again = read();
      if (!Array.isArray(again)) return;
      const added = again.filter((entry) => !page.has(entry.anchor));
      if (added.length > 0) {
        unreadable?.remove();
        unreadable = undefined;
      }
      page.add(added, { measured: false });
    });
  }
}

interface PageLaunchers {
  add(entries: PageEntry[], options: { measured: boolean }): void;
  has(anchor: Element): boolean;
}

/** The sidebar, the shortcut and the launchers of one page; entries may be added more than once (see followNewEntries). */
function setUpPage(ctx: ContentScriptContext, url: URL, document: Document, kind: PageKind): PageLaunchers {
  const sidebar = createSidebarHost(ctx);
  const isSinglePaper = kind !== 'listing';
  // Chrome's PDF viewer lives in another process; we can only float a button over its wrapper document.
  const isPdfTab = kind === 'pdf' || document.contentType === 'application/pdf';
  const launchersByKey = new Map<string, HTMLElement[]>();
  const anchorsWithLauncher = new WeakSet<Element>();
  const allEntries: PageEntry[] = [];
  let quickTakeLauncher: HTMLElement | undefined;
  // The library's "Re-run with" link names a model in the fragment. Any page can link here with one, so it is only
  // offered: a launcher press opens the sidebar with "Get Shedder's take with <model>", never starts by itself.
  const rerunModel = modelFromRerunUrl(url);

  const addLaunchers = (slice: PageEntry[]) => {
    for (const entry of slice) {
      // Beside the paper's title; floating where there is no title to stand beside (a PDF tab, a page read from its tags).
      const floating = isPdfTab || entry.anchor === document.body || entry.anchor === document.documentElement;
      // On a listing, a short word per entry; its accessible name starts with that word, then says which paper.
      const launcher = createLauncher({
        label: isSinglePaper ? "Shedder's Take" : `Take: ${entry.paper.title} (Shedder's Take)`,
        text: isSinglePaper ? "Shedder's Take" : 'Take',
        floating,
        onActivate: (opener, { seen }) => void openTake(sidebar, entry.paper, opener, { start: seen && !rerunModel, model: rerunModel }),
      });
      if (floating) document.documentElement.append(launcher);
      else entry.anchor.after(launcher);
      const key = paperKey(entry.paper);
      launchersByKey.set(key, [...(launchersByKey.get(key) ?? []), launcher]);
    }
  };
  const refreshBadges = () => void showBadges(launchersByKey);

  const add = (entries: PageEntry[], { measured }: { measured: boolean }) => {
    if (entries.length === 0) return;
    for (const entry of entries) anchorsWithLauncher.add(entry.anchor);
    allEntries.push(...entries);
    if (!isSinglePaper) {
      quickTakeLauncher?.remove();
      quickTakeLauncher = addQuickTakeLauncher(sidebar, allEntries, document);
    }
    // The first screenfuls at once; the rest of a long listing a few hundred at a time, so the page never
    // stalls on us (arXiv shows up to 2,000 entries on one page).
    addLaunchers(entries.slice(0, firstBatch));
    if (measured) performance.measure(timingMarks.measure, timingMarks.start);
    const addRest = (from: number) => {
      if (from >= entries.length) {
        if (measured) performance.measure(timingMarks.all, timingMarks.start);
        refreshBadges();
        return;
      }
      ctx.setTimeout(() => {
        const started = performance.now();
        addLaunchers(entries.slice(from, from + laterBatch));
        if (measured) performance.measure(timingMarks.batch, { start: started });
        addRest(from + laterBatch);
      }, 0);
    };
    addRest(firstBatch);
  };

  const pagePaper = () => (isSinglePaper ? allEntries[0]?.paper : undefined);
  onTabCommand((command) => {
    if (command === 'takesChanged') refreshBadges();
    else if (sidebar.isOpen && command === 'toggleSidebar') sidebar.close();
    // The popup's "Open" leaves an open sidebar as it is, on whatever the reader chose there, and brings it forward.
    else if (sidebar.isOpen) sidebar.open();
    else {
      const paper = pagePaper();
      void openTake(sidebar, paper, paper && launchersByKey.get(paperKey(paper))?.[0], { start: false, model: rerunModel });
    }
  });
  return { add, has: (anchor) => anchorsWithLauncher.has(anchor) };
}

/**
 * Calls `rescan` (debounced) when the page adds content other than our own launchers. The adapter reads the
 * whole page again; the caller keeps only entries whose anchor has no launcher yet.
 */
function followNewEntries(ctx: ContentScriptContext, document: Document, rescan: () => void): void {
  let pending: number | undefined;
  const observer = new MutationObserver((records) => {
    const pageChanged = records.some((record) =>
      Array.from(record.addedNodes).some((node) => node.nodeType === Node.ELEMENT_NODE && !(node as Element).localName.startsWith('shedders-take-')),
    );
    if (!pageChanged || pending !== undefined) return;
    pending = ctx.setTimeout(() => {
      pending = undefined;
      rescan();
    }, 300);
  });
  observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true });
  ctx.onInvalidated(() => observer.disconnect());
}

/**
 * Selects the paper and shows the sidebar. `start`: the reader pressed a launcher the browser confirmed they could see,
 * so the take starts at once; otherwise (a press before that was confirmed, a browser that cannot confirm it, the
 * keyboard shortcut, the popup) the sidebar opens with its start button focused and waits for the reader. Selecting
 * only now, rather than on page load, keeps a shortcut's request from overtaking a launcher click's. A refusal (a
 * page naming one paper with another's PDF) is said in one line under the launcher, and nothing opens.
 */
async function openTake(sidebar: SidebarHost, paper: PaperRef | undefined, opener: HTMLElement | undefined, { start, model }: { start: boolean; model?: string }): Promise<void> {
  if (paper) {
    const reply = await sendToBackground({ type: 'selectPaper', paper, start, ...(model ? { model } : {}) });
    if (!reply.ok) {
      if (opener) showLauncherNote(opener, `Shedder's Take could not open this paper: ${reply.error}`);
      return;
    }
  }
  sidebar.open(opener);
}

/**
 * One button per listing page: quick takes for its entries (the same paper listed twice counts once). It stands
 * in the page's flow above the first entry, so it never lies over the page's text; a page whose entries share no
 * place to put it gets it floating in the corner.
 */
function addQuickTakeLauncher(sidebar: SidebarHost, entries: PageEntry[], document: Document): HTMLElement {
  const papers = distinctPapers(entries.map((entry) => entry.paper));
  const start = listingStart(entries.map((entry) => entry.anchor));
  const text = `Shedder's Take: quick takes for the ${papers.length} papers on this page`;
  const launcher = createLauncher({
    label: text,
    text,
    ...(start ? { block: true } : { floating: true }),
    // Opening the batch spends nothing: the run starts from the sidebar's own button, which checks it can be seen.
    onActivate: async (opener) => {
      const reply = await sendToBackground({ type: 'selectBatch', papers, pageTitle: document.title });
      if (reply.ok) sidebar.open(opener);
      else showLauncherNote(opener, `Shedder's Take could not start quick takes: ${reply.error}`);
    },
  });
  if (start) start.before(launcher);
  else document.documentElement.append(launcher);
  return launcher;
}

/** Badges for entries whose paper has a saved take; every arXiv version of a paper shares one. */
async function showBadges(launchersByKey: Map<string, HTMLElement[]>): Promise<void> {
  const reply = await sendToBackground({ type: 'lookupBadges', keys: [...launchersByKey.keys()] });
  if (!reply.ok) return;
  for (const [key, launchers] of launchersByKey) {
    for (const launcher of launchers) setLauncherBadge(launcher, reply.badges[key]);
  }
}

/** A page we recognise by URL but cannot read: say so rather than stay silent. */
function addUnreadablePageLauncher(error: PageShapeError): HTMLElement {
  const reason = `Shedder's Take can't read this page: ${error.message}. Open the paper's PDF or abstract page instead.`;
  const launcher = createLauncher({
    label: "Shedder's Take: can't read this page",
    text: "Shedder's Take: can't read this page",
    floating: true,
    unavailableReason: reason,
    onActivate: (host) => showLauncherNote(host, reason),
  });
  document.documentElement.append(launcher);
  return launcher;
}
