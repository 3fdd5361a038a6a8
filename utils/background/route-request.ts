import { browser, type Browser } from '#imports';
import { lookupBadges } from '@/utils/background/badges';
import { isPaperRef, pickPaperRef } from '@/utils/message-guards';
import type { BackgroundReplies } from '@/utils/messaging';
import { getSelection, setSelection } from '@/utils/selection';
import { isAllowedPdfUrl } from '@/utils/sites/allowed-pdf-url';
import type { PaperRef } from '@/utils/sites/types';

const sidebarPath = '/sidebar-frame.html';
/** A listing page of arXiv shows at most 2,000 entries; a few more for pages that repeat ids across sections. */
const maxBadgeKeys = 5_000;

/** Hosts whose content script may select a paper of each site; generic papers come from hosts the user granted. */
const siteHosts: Record<Exclude<PaperRef['site'], 'generic'>, readonly string[]> = {
  arxiv: ['arxiv.org', 'www.arxiv.org', 'export.arxiv.org'],
  acm: ['dl.acm.org'],
  usenix: ['www.usenix.org'],
};

/** Model ids are short and plain ("gpt-5-mini", "openai/gpt-4.1", "llama3.1:8b"); anything else is refused. */
function isModelName(value: unknown): value is string {
  return typeof value === 'string' && /^[\w.:/@+-]{1,200}$/.test(value);
}

function isOurExtensionPage(sender: Browser.runtime.MessageSender, path: string): boolean {
  return sender.id === browser.runtime.id && sender.url?.startsWith(browser.runtime.getURL(path as '/sidebar-frame.html')) === true;
}

async function isFromContentScriptOfSite(sender: Browser.runtime.MessageSender, paper: PaperRef): Promise<boolean> {
  if (sender.id !== browser.runtime.id || sender.tab?.id === undefined || !sender.url) return false;
  const senderUrl = new URL(sender.url);
  if (senderUrl.protocol !== 'https:') return false;
  if (paper.site !== 'generic') return siteHosts[paper.site].includes(senderUrl.hostname);
  return browser.permissions.contains({ origins: [`${senderUrl.origin}/*`] });
}

/**
 * The background's single entry point for requests. A page cannot send runtime messages, but a compromised
 * renderer can forge its content script's, so each request is checked for sender and shape, and nothing here
 * fetches a URL or calls the model: the sidebar does that, for the paper the background recorded.
 */
export async function routeRequest(
  request: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<BackgroundReplies[keyof BackgroundReplies]> {
  const type = (request as { type?: unknown } | null)?.type;
  switch (type) {
    case 'selectPaper': {
      const paper = (request as { paper?: unknown }).paper;
      if (!isPaperRef(paper)) return { ok: false, error: 'That paper description is malformed.' };
      if (!(await isFromContentScriptOfSite(sender, paper))) return { ok: false, error: 'Not accepted from this sender.' };
      if (paper.pdfUrl !== undefined && !isAllowedPdfUrl(paper.site, paper.pdfUrl)) {
        return { ok: false, error: 'That PDF address is not one this site serves papers from.' };
      }
      const { start, model } = request as { start?: unknown; model?: unknown };
      if (model !== undefined && !isModelName(model)) return { ok: false, error: 'That model name is malformed.' };
      await setSelection(sender.tab!.id!, { paper: pickPaperRef(paper), startRequested: start === true, selectedAt: Date.now(), model });
      return { ok: true };
    }
    case 'selectBatch': {
      const { papers, pageTitle } = request as { papers?: unknown; pageTitle?: unknown };
      if (!Array.isArray(papers) || papers.length === 0 || papers.length > maxBadgeKeys || typeof pageTitle !== 'string' || pageTitle.length > 500) {
        return { ok: false, error: 'That list of papers is malformed.' };
      }
      if (!papers.every(isPaperRef)) return { ok: false, error: 'That list of papers is malformed.' };
      for (const paper of papers) {
        if (!(await isFromContentScriptOfSite(sender, paper))) return { ok: false, error: 'Not accepted from this sender.' };
        if (paper.pdfUrl !== undefined && !isAllowedPdfUrl(paper.site, paper.pdfUrl)) {
          return { ok: false, error: 'A PDF address in that list is not one its site serves papers from.' };
        }
      }
      await setSelection(sender.tab!.id!, { batch: { papers: papers.map(pickPaperRef), pageTitle }, startRequested: false, selectedAt: Date.now() });
      return { ok: true };
    }
    case 'getSelectedPaper': {
      const tabId = sender.tab?.id;
      if (!isOurExtensionPage(sender, sidebarPath) || tabId === undefined) {
        return { ok: false, error: 'Not accepted from this sender.' };
      }
      const selection = await getSelection(tabId);
      if (selection?.startRequested) await setSelection(tabId, { ...selection, startRequested: false });
      return { ok: true, tabId, paper: selection?.paper, batch: selection?.batch, start: selection?.startRequested ?? false, model: selection?.model };
    }
    case 'lookupBadges': {
      const keys = (request as { keys?: unknown }).keys;
      if (sender.id !== browser.runtime.id || !Array.isArray(keys) || keys.length > maxBadgeKeys || !keys.every((key) => typeof key === 'string' && key.length < 400)) {
        return { ok: false, error: 'Malformed badge look-up.' };
      }
      return { ok: true, badges: await lookupBadges(keys as string[]) };
    }
    default:
      return { ok: false, error: 'Unknown request.' };
  }
}
