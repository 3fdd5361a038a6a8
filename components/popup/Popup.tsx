import { useEffect, useState } from 'react';
import { browser } from '#imports';
import { enabledSitesItem } from '@/utils/background/generic-sites';
import { libraryUrl, standaloneSidebarUrl } from '@/utils/links';
import { sendToTab } from '@/utils/messaging';
import { tabStatus, type TabStatus } from '@/utils/popup/tab-status';
import { paperOfPdfTab } from '@/utils/sites/pdf-tab';
import { sites } from '@/utils/sites/registry';

type ActiveTab = { id: number; url?: string; title?: string; status: TabStatus; granted: boolean };

export function Popup() {
  const [tab, setTab] = useState<ActiveTab | null>();
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    void (async () => {
      const [active] = await browser.tabs.query({ active: true, currentWindow: true });
      if (active?.id === undefined) return setTab(null);
      const status = tabStatus(active.url);
      // A paper site's access can be withdrawn in the browser's extension settings, an enabled site's never granted.
      const granted =
        status.kind === 'other-site' || status.kind === 'paper-site' ? await browser.permissions.contains({ origins: [status.permissionPattern] }).catch(() => false) : false;
      setTab({ id: active.id, url: active.url, title: active.title, status, granted });
    })().catch(() => setTab(null));
  }, []);

  const openSidebar = async (current: ActiveTab) => {
    // Opens the sidebar, or leaves it open when it already is: the reader asked to see it.
    if (await sendToTab(current.id, 'openSidebar')) return window.close();
    // Firefox shows PDFs in a viewer no content script reaches: open the sidebar as a tab of its own instead.
    const paper = current.status.kind === 'paper-site' && current.status.pageKind === 'pdf' ? paperOfPdfTab(current.url ?? '', current.title) : undefined;
    if (paper) {
      await browser.tabs.create({ url: standaloneSidebarUrl(paper) });
      return window.close();
    }
    // No content script answered: the page loaded before the extension was installed, updated or enabled there.
    setMessage('Shedder’s Take is not running in this tab yet. Reload the page and try again.');
  };

  const enableOnSite = async (current: ActiveTab & { status: { kind: 'other-site' } }) => {
    // Called straight from the click, so the browser sees the user's gesture.
    const granted = await browser.permissions.request({ origins: [current.status.permissionPattern] }).catch(() => false);
    // The background registers the paper content script on every enabled origin that is still granted.
    if (granted) await enabledSitesItem.setValue([...new Set([...(await enabledSitesItem.getValue()), current.status.permissionPattern])]);
    setTab({ ...current, granted });
    setMessage(granted ? `Enabled on ${current.status.origin}. Reload the page, then open Shedder's Take.` : `Not enabled: access to ${current.status.origin} was not granted.`);
  };

  const allowPaperSite = async (current: ActiveTab & { status: { kind: 'paper-site' } }) => {
    // Called straight from the click, so the browser sees the user's gesture.
    const granted = await browser.permissions.request({ origins: [current.status.permissionPattern] }).catch(() => false);
    setTab({ ...current, granted });
    setMessage(granted ? `Allowed on ${current.status.host}. Reload the page, then open Shedder's Take.` : `Not allowed: access to ${current.status.host} was not granted.`);
  };

  const status = tab?.status;
  return (
    <main className="popup">
      <h1>Shedder&apos;s Take</h1>
      {tab === undefined && <p>Looking at this tab…</p>}
      {tab === null && <p>No active tab.</p>}
      {tab &&
        status?.kind === 'paper-site' &&
        (tab.granted ? (
          <button type="button" onClick={() => void openSidebar(tab)}>
            Open Shedder&apos;s Take
          </button>
        ) : (
          <>
            <p>Shedder&apos;s Take has no access to this site (it was withdrawn in the browser&apos;s extension settings), so its button cannot appear here. Allow it to read papers here again.</p>
            <button type="button" onClick={() => void allowPaperSite({ ...tab, status })}>
              Allow on {status.host}
            </button>
          </>
        ))}
      {tab && status?.kind === 'site-without-paper' && <p>This {sites[status.site].name} page shows no paper. Open a paper&apos;s page or PDF.</p>}
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
