import { browser, type Browser } from '#imports';
import { lookupBadges } from '@/utils/background/badges';
import { isPaperRef, pickPaperRef } from '@/utils/message-guards';
import type { BackgroundHandlers } from '@/utils/messaging';
import { getSelection, setSelection } from '@/utils/selection';
import { isAllowedPdfUrl, isSiteHost } from '@/utils/sites/registry';
import { apiKeyStore } from '@/utils/storage/api-key';
import type { PaperRef } from '@/utils/sites/types';

const sidebarPath = '/sidebar-frame.html';
const optionsPath = '/options.html';
/** Keys are a few hundred characters at most (Azure and gateway tokens included). */
const maxApiKeyLength = 4_096;
/** A listing page of arXiv shows at most 2,000 entries; a few more for pages that repeat ids across sections. */
const maxBadgeKeys = 5_000;

/** Model ids are short and plain ("gpt-5-mini", "openai/gpt-4.1", "llama3.1:8b"); anything else is refused. */
function isModelName(value: unknown): value is string {
  return typeof value === 'string' && /^[\w.:/@+-]{1,200}$/.test(value);
}

/** Errors cross to the page as text; the name stays in it so a quota error can still be told apart. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function isOurExtensionPage(sender: Browser.runtime.MessageSender, path: string): boolean {
  return sender.id === browser.runtime.id && sender.url?.startsWith(browser.runtime.getURL(path as '/sidebar-frame.html')) === true;
}

async function isFromContentScriptOfSite(sender: Browser.runtime.MessageSender, paper: PaperRef): Promise<boolean> {
  if (sender.id !== browser.runtime.id || sender.tab?.id === undefined || !sender.url) return false;
  const senderUrl = new URL(sender.url);
  if (senderUrl.protocol !== 'https:') return false;
  // A dedicated site's papers come from its own hosts only; generic papers from hosts the reader granted.
  if (paper.site !== 'generic') return isSiteHost(paper.site, senderUrl.hostname);
  return browser.permissions.contains({ origins: [`${senderUrl.origin}/*`] });
}

/**
 * The background's handlers, one per request type. A page cannot send runtime messages, but a compromised renderer
 * can forge its content script's, so each request is checked for sender and shape, and nothing here fetches a URL
 * or calls the model: the sidebar does that, for the paper the background recorded.
 */
export const backgroundHandlers: BackgroundHandlers = {
  async selectPaper(request, sender) {
    const { paper, start, model } = request;
    if (!isPaperRef(paper)) return { ok: false, error: 'That paper description is malformed.' };
    if (!(await isFromContentScriptOfSite(sender, paper))) return { ok: false, error: 'Not accepted from this sender.' };
    if (paper.pdfUrl !== undefined && !isAllowedPdfUrl(paper.site, paper.pdfUrl)) {
      return { ok: false, error: 'That PDF address is not one this site serves papers from.' };
    }
    if (model !== undefined && !isModelName(model)) return { ok: false, error: 'That model name is malformed.' };
    await setSelection(sender.tab!.id!, { paper: pickPaperRef(paper), startRequested: start === true, selectedAt: Date.now(), model });
    return { ok: true };
  },

  async selectBatch(request, sender) {
    const { papers, pageTitle } = request;
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
  },

  async getSelectedPaper(_request, sender) {
    const tabId = sender.tab?.id;
    if (!isOurExtensionPage(sender, sidebarPath) || tabId === undefined) {
      return { ok: false, error: 'Not accepted from this sender.' };
    }
    const selection = await getSelection(tabId);
    if (selection?.startRequested) await setSelection(tabId, { ...selection, startRequested: false });
    return { ok: true, tabId, paper: selection?.paper, batch: selection?.batch, start: selection?.startRequested ?? false, model: selection?.model };
  },

  async lookupBadges(request, sender) {
    const { keys } = request;
    if (sender.id !== browser.runtime.id || !Array.isArray(keys) || keys.length > maxBadgeKeys || !keys.every((key) => typeof key === 'string' && key.length < 400)) {
      return { ok: false, error: 'Malformed badge look-up.' };
    }
    return { ok: true, badges: await lookupBadges(keys as string[]) };
  },

  async getApiKey(_request, sender) {
    // The sidebar calls the model and the options page shows the key; content scripts and other pages never get it.
    if (!isOurExtensionPage(sender, sidebarPath) && !isOurExtensionPage(sender, optionsPath)) return { ok: false, error: 'Not accepted from this sender.' };
    return apiKeyStore.get().then(
      (key) => ({ ok: true, key }),
      (error: unknown) => ({ ok: false, error: describeError(error) }),
    );
  },

  async setApiKey(request, sender) {
    if (!isOurExtensionPage(sender, optionsPath)) return { ok: false, error: 'Not accepted from this sender.' };
    const { key } = request;
    if (typeof key !== 'string' || key.length > maxApiKeyLength) return { ok: false, error: 'That API key is malformed.' };
    return apiKeyStore.set(key.trim()).then(
      () => ({ ok: true }),
      (error: unknown) => ({ ok: false, error: describeError(error) }),
    );
  },
};
