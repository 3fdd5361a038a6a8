import { useEffect, useState } from 'react';
import { browser } from '#imports';
import { libraryUrl } from '@/components/library/library-url';
import { openTakeInTab } from './open-take-in-tab';
import { tabStatus, type TabStatus } from './tab-status';
import { enabledSitesItem } from '@/utils/background/generic-sites';
import { paperOfPdfTab, standaloneSidebarUrl } from './pdf-tab-paper';

const siteNames = { arxiv: 'arXiv', acm: 'ACM Digital Library', usenix: 'USENIX', generic: 'this site' } as const;

type ActiveTab = { id: number; url?: string; title?: string; status: TabStatus; granted: boolean };

export function Popup() {
  const [tab, setTab] = useState<ActiveTab | null>();
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    void (async () => {
      const [active] = await browser.tabs.query({ active: true, currentWindow: true });
      if (active?.id === undefined) return setTab(null);
      const status = tabStatus(active.url);
      const granted = status.kind === 'other-site' ? await browser.permissions.contains({ origins: [status.permissionPattern] }).catch(() => false) : false;
      setTab({ id: active.id, url: active.url, title: active.title, status, granted });
    })().catch(() => setTab(null));
  }, []);

  const openSidebar = async (current: ActiveTab) => {
    const result = await openTakeInTab(current.id);
    if (result.ok) return window.close();
    // Firefox shows PDFs in a viewer no content script reaches: open the sidebar as a tab of its own instead.
    const paper = current.status.kind === 'paper-site' && current.status.pageKind === 'pdf' ? paperOfPdfTab(current.url ?? '', current.title) : undefined;
    if (paper) {
      await browser.tabs.create({ url: standaloneSidebarUrl(browser.runtime.getURL('/sidebar-frame.html'), paper) });
      return window.close();
    }
    setMessage(result.message);
  };

  const enableOnSite = async (current: ActiveTab & { status: { kind: 'other-site' } }) => {
    // Called straight from the click, so the browser sees the user's gesture.
    const granted = await browser.permissions.request({ origins: [current.status.permissionPattern] }).catch(() => false);
    // The background registers the paper content script on every enabled origin that is still granted.
    if (granted) await enabledSitesItem.setValue([...new Set([...(await enabledSitesItem.getValue()), current.status.permissionPattern])]);
    setTab({ ...current, granted });
    setMessage(granted ? `Enabled on ${current.status.origin}. Reload the page, then open Shedder's Take.` : `Not enabled: access to ${current.status.origin} was not granted.`);
  };

  const status = tab?.status;
  return (
    <main className="popup">
      <h1>Shedder&apos;s Take</h1>
      {tab === undefined && <p>Looking at this tab…</p>}
      {tab === null && <p>No active tab.</p>}
      {tab && status?.kind === 'paper-site' && (
        <button type="button" onClick={() => void openSidebar(tab)}>
          Open Shedder&apos;s Take
        </button>
      )}
      {tab && status?.kind === 'site-without-paper' && <p>This {siteNames[status.site]} page shows no paper. Open a paper&apos;s page or PDF.</p>}
      {tab && status?.kind === 'other-site' &&
        (tab.granted ? (
          <button type="button" onClick={() => void openSidebar(tab)}>
            Open Shedder&apos;s Take
          </button>
        ) : (
          <>
            <p>Not a site Shedder&apos;s Take knows. On sites that tag their papers (OpenReview, ACL Anthology, PMLR…) it can read them once you allow it.</p>
            <button type="button" onClick={() => void enableOnSite({ ...tab, status })}>
              Enable on this site
            </button>
          </>
        ))}
      {tab && status?.kind === 'unsupported' && <p>{status.reason}</p>}
      {message && <p role="status">{message}</p>}
      <nav>
        <button type="button" onClick={() => void browser.tabs.create({ url: libraryUrl() })}>
          Open the library
        </button>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
      </nav>
    </main>
  );
}
