import { hostPermissionPattern, isLoopbackHost } from '@/utils/host-permissions';
import { siteAdapters } from '@/utils/sites';
import { dedicatedSiteOfHost, type DedicatedSiteId } from '@/utils/sites/registry';
import type { PageKind } from '@/utils/sites/types';

/** What the popup can offer for the active tab, decided from its URL alone. */
export type TabStatus =
  /**
   * arXiv, ACM DL or USENIX paper, PDF or listing: the content script is there while the site's host permission is
   * (a reader can withdraw it in the browser's extension settings; `permissionPattern` asks for it back).
   */
  | { kind: 'paper-site'; site: DedicatedSiteId; pageKind: PageKind; host: string; permissionPattern: string; paperId?: string }
  /** One of our sites, but not a page with papers (a home page, a search form). */
  | { kind: 'site-without-paper'; site: DedicatedSiteId }
  /** Any other http(s) site: the generic content script runs there once the user grants the origin. */
  | { kind: 'other-site'; origin: string; permissionPattern: string }
  /** Plain http on a remote host, browser pages, files: nothing to offer. */
  | { kind: 'unsupported'; reason: string };

/** `url` is undefined when the browser hides it (no host access to the tab). */
export function tabStatus(url: string | undefined): TabStatus {
  if (!url) return { kind: 'unsupported', reason: 'The browser does not let the extension see this tab’s address.' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'unsupported', reason: 'This tab has no web address.' };
  }
  const site = dedicatedSiteOfHost(parsed.hostname);
  if (site) {
    const match = siteAdapters.find((adapter) => adapter.id === site)?.matchUrl(parsed);
    return match
      ? {
          kind: 'paper-site',
          site,
          pageKind: match.kind,
          host: parsed.host,
          permissionPattern: hostPermissionPattern(parsed),
          ...(match.paperId ? { paperId: match.paperId } : {}),
        }
      : { kind: 'site-without-paper', site };
  }
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    return { kind: 'other-site', origin: parsed.origin, permissionPattern: hostPermissionPattern(parsed) };
  }
  if (parsed.protocol === 'http:') return { kind: 'unsupported', reason: 'Shedder’s Take reads papers only from https:// sites.' };
  return { kind: 'unsupported', reason: 'Shedder’s Take works on web pages only.' };
}

/** A paper's title from its tab's title, without the site's decoration ("[2106.09608] Title", "Title | ACM DL", "Title | USENIX"). */
export function paperTitleFromTabTitle(title: string | undefined): string | undefined {
  const cleaned = title
    ?.replace(/^\[[^\]]+\]\s*/, '')
    .replace(/\s*\|\s*(Proceedings of[^|]*|ACM[^|]*|USENIX)\s*$/i, '')
    .trim();
  return cleaned || undefined;
}
