import { browser, type Browser } from '#imports';
import { lookupBadges } from '@/utils/background/badges';
import { readEnabledOrigins } from '@/utils/background/generic-sites';
import { isPaperRef, pickPaperRef } from '@/utils/message-guards';
import type { BackgroundHandlers } from '@/utils/messaging';
import { getSidebarGrant, pageAddress, setSelection, sidebarGrantToken, takeSelection } from '@/utils/selection';
import { bindPdfToPaper } from '@/utils/sites/pdf-binding';
import { isSiteHost } from '@/utils/sites/registry';
import { apiKeyStore } from '@/utils/storage/api-key';
import type { PaperRef } from '@/utils/sites/types';

const sidebarPath = '/sidebar-frame.html';
const optionsPath = '/options.html';
const popupPath = '/popup.html';
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

/** A content script in a tab, on an https page: the only place selections and sidebars are asked for. */
function contentScriptPage(sender: Browser.runtime.MessageSender): URL | undefined {
  if (sender.id !== browser.runtime.id || sender.tab?.id === undefined || !sender.url) return undefined;
  const senderUrl = new URL(sender.url);
  return senderUrl.protocol === 'https:' ? senderUrl : undefined;
}

async function isFromContentScriptOfSite(sender: Browser.runtime.MessageSender, paper: PaperRef): Promise<boolean> {
  const senderUrl = contentScriptPage(sender);
  if (!senderUrl) return false;
  // A dedicated site's papers come from its own hosts only; generic papers from hosts the reader granted, and only
  // the page's own paper.
  if (paper.site !== 'generic') return isSiteHost(paper.site, senderUrl.hostname);
  if (new URL(paper.pageUrl).origin !== senderUrl.origin) return false;
  return browser.permissions.contains({ origins: [`${senderUrl.origin}/*`] });
}

/** Why this paper's PDF is not its own (another paper's, another site's), in words for the reader; undefined when it is. */
async function pdfRefusal(paper: PaperRef): Promise<string | undefined> {
  const binding = bindPdfToPaper(paper, paper.site === 'generic' ? await readEnabledOrigins() : []);
  return binding.kind === 'refused' ? binding.reason : undefined;
}

/** Where a sidebar frame lives: our sidebar page, in a tab whose page the extension can see. */
function sidebarTab(sender: Browser.runtime.MessageSender): { tabId: number; page: string | undefined } | undefined {
  const tabId = sender.tab?.id;
  if (!isOurExtensionPage(sender, sidebarPath) || tabId === undefined) return undefined;
  // tab.url is there only for pages the extension has access to; anywhere else it is missing, and so is the page.
  return { tabId, page: pageAddress(sender.tab?.url) };
}

const notOurSidebar = "This sidebar was not opened by Shedder's Take on this page, so it shows nothing here.";

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
    const refusal = await pdfRefusal(paper);
    if (refusal) return { ok: false, error: refusal };
    if (model !== undefined && !isModelName(model)) return { ok: false, error: 'That model name is malformed.' };
    const pageUrl = pageAddress(sender.url)!;
    await setSelection(sender.tab!.id!, { paper: pickPaperRef(paper), startRequested: start === true, selectedAt: Date.now(), model, pageUrl });
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
      const refusal = await pdfRefusal(paper);
      if (refusal) return { ok: false, error: `“${paper.title.slice(0, 80)}”: ${refusal}` };
    }
    const pageUrl = pageAddress(sender.url)!;
    await setSelection(sender.tab!.id!, { batch: { papers: papers.map(pickPaperRef), pageTitle }, startRequested: false, selectedAt: Date.now(), pageUrl });
    return { ok: true };
  },

  async grantSidebar(_request, sender) {
    const page = contentScriptPage(sender);
    if (!page) return { ok: false, error: 'Not accepted from this sender.' };
    // One grant per page: the same content script opening its sidebar again keeps the token its frame already holds.
    return { ok: true, token: await sidebarGrantToken(sender.tab!.id!, pageAddress(page.href)!) };
  },

  async getSelectedPaper(request, sender) {
    const where = sidebarTab(sender);
    if (!where) return { ok: false, error: 'Not accepted from this sender.' };
    const grant = await getSidebarGrant(where.tabId);
    if (!grant || typeof request.grant !== 'string' || request.grant !== grant.token) return { ok: false, error: notOurSidebar };
    // The tab moved on (the grant is forgotten on navigation too; this covers the moment in between).
    if (where.page !== grant.pageUrl) return { ok: false, error: notOurSidebar };
    const selection = await takeSelection(where.tabId, grant.pageUrl);
    return { ok: true, tabId: where.tabId, paper: selection?.paper, batch: selection?.batch, start: selection?.startRequested ?? false, model: selection?.model, selectedAt: selection?.selectedAt };
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

  async hasApiKey(_request, sender) {
    if (!isOurExtensionPage(sender, popupPath)) return { ok: false, error: 'Not accepted from this sender.' };
    return apiKeyStore.get().then(
      (key) => ({ ok: true, hasKey: key !== '' }),
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
