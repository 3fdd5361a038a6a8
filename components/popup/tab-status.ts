import { siteAdapters } from '@/utils/sites';
import type { PageKind, SiteId } from '@/utils/sites/types';

/** What the popup can offer for the active tab, decided from its URL alone. */
export type TabStatus =
  /** arXiv, ACM DL or USENIX paper, PDF or listing: the content script is already there. */
  | { kind: 'paper-site'; site: SiteId; pageKind: PageKind }
  /** One of our sites, but not a page with papers (a home page, a search form). */
  | { kind: 'site-without-paper'; site: SiteId }
  /** Any other http(s) site: the generic content script runs there once the user grants the origin. */
  | { kind: 'other-site'; origin: string; permissionPattern: string }
  /** Plain http on a remote host, browser pages, files: nothing to offer. */
  | { kind: 'unsupported'; reason: string };

const dedicatedAdapters = siteAdapters.filter((adapter) => adapter.id !== 'generic');

/** `url` is undefined when the browser hides it (no host access to the tab). */
export function tabStatus(url: string | undefined): TabStatus {
  if (!url) return { kind: 'unsupported', reason: 'The browser does not let the extension see this tab’s address.' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'unsupported', reason: 'This tab has no web address.' };
  }
  for (const adapter of dedicatedAdapters) {
    const match = adapter.matchUrl(parsed);
    if (match) return { kind: 'paper-site', site: adapter.id, pageKind: match.kind };
    if (adapter.matchPatterns.some((pattern) => hostOfPattern(pattern) === parsed.hostname)) return { kind: 'site-without-paper', site: adapter.id };
  }
  const loopback = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) {
    // Match patterns carry no port; the optional permissions are https://*/*, http://localhost/*, http://127.0.0.1/*.
    return { kind: 'other-site', origin: parsed.origin, permissionPattern: `${parsed.protocol}//${parsed.hostname}/*` };
  }
  if (parsed.protocol === 'http:') return { kind: 'unsupported', reason: 'Shedder’s Take reads papers only from https:// sites.' };
  return { kind: 'unsupported', reason: 'Shedder’s Take works on web pages only.' };
}

function hostOfPattern(pattern: string): string | undefined {
  return /^[a-z*]+:\/\/([^/]+)\//.exec(pattern)?.[1];
}
