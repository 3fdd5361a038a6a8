import { useEffect, useState } from 'react';
import { browser } from '#imports';
import { enabledSitesItem } from '@/utils/background/generic-sites';
import { libraryUrl, standaloneSidebarUrl } from '@/utils/links';
import { sendToTab } from '@/utils/messaging';
import { findProvider } from '@/utils/llm/providers';
import { paperTitleFromTabTitle, tabStatus, type TabStatus } from '@/utils/popup/tab-status';
import { paperOfPdfTab } from '@/utils/sites/pdf-tab';
import { sites } from '@/utils/sites/registry';
import { hasApiKey } from '@/utils/storage/api-key';
import { settingsItem, type Settings } from '@/utils/storage/settings';
import { findTakesForPaper, listTakeSummaries, type Take, type TakeSummary } from '@/utils/storage/takes';
import { takeThatSpeaks, verdictAtGlance } from '@/utils/take/verdict';

type ActiveTab = { id: number; url?: string; title?: string; status: TabStatus; granted: boolean };

/** How many of the newest takes the popup lists. */
const recentCount = 5;

interface Overview {
  settings: Settings;
  /** Undefined when the background could not say. */
  hasKey: boolean | undefined;
  recent: TakeSummary[];
  /** The tab's paper's take that speaks for it, when the tab shows one paper. */
  paperTake?: Take;
}

export function Popup() {
  const [tab, setTab] = useState<ActiveTab | null>();
  const [overview, setOverview] = useState<Overview>();
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
      const [settings, hasKey, summaries, paperTakes] = await Promise.all([
        settingsItem.getValue(),
        // The key's status is one line of the overview: a failure to read it must not hide the rest.
        hasApiKey().catch(() => undefined),
        listTakeSummaries(),
        status.kind === 'paper-site' && status.paperId ? findTakesForPaper(status.site, status.paperId) : Promise.resolve([]),
      ]);
      setOverview({ settings, hasKey, recent: summaries.slice(0, recentCount), paperTake: takeThatSpeaks(paperTakes) });
    })().catch(() => setTab((current) => current ?? null));
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

  const openInLibrary = (takeId?: string) => void browser.tabs.create({ url: libraryUrl(takeId) });

  const status = tab?.status;
  const paperTake = overview?.paperTake;
  const glance = paperTake ? verdictAtGlance(paperTake) : undefined;
  const paperTitle = paperTake?.paper.title ?? paperTitleFromTabTitle(tab?.title);
  return (
    <main className="popup">
      <h1 className="popup-brand">Shedder&apos;s Take</h1>
      {tab === undefined && <p>Looking at this tab…</p>}
      {tab === null && <p>No active tab.</p>}

      {tab && status?.kind === 'paper-site' && (
        <section className="popup-card" aria-label="This tab">
          {status.pageKind === 'listing' ? (
            <p className="popup-paper">A listing on {sites[status.site].name}: each paper has a Take button, and quick takes give every paper a verdict.</p>
          ) : (
            <>
              {paperTitle && <p className="popup-paper">{paperTitle}</p>}
              {overview && (
                <p className="meta popup-take">
                  {glance && paperTake ? (
                    <>
                      <span className={`chip chip-${glance.tone}`}>{glance.word}</span> {paperTake.kind === 'quick' ? 'Quick take' : 'Take'} saved{' '}
                      <span className="take-date">{paperTake.createdAt.slice(0, 10)}</span>
                    </>
                  ) : (
                    'No take of this paper yet.'
                  )}
                </p>
              )}
            </>
          )}
          {tab.granted ? (
            <button type="button" className="primary" onClick={() => void openSidebar(tab)}>
              Open Shedder&apos;s Take
            </button>
          ) : (
            <>
              <p>Shedder&apos;s Take has no access to this site (it was withdrawn in the browser&apos;s extension settings), so its button cannot appear here. Allow it to read papers here again.</p>
              <button type="button" className="primary" onClick={() => void allowPaperSite({ ...tab, status })}>
                Allow on {status.host}
              </button>
            </>
          )}
        </section>
      )}
      {tab && status?.kind === 'site-without-paper' && <p>This {sites[status.site].name} page shows no paper. Open a paper&apos;s page or PDF.</p>}
      {tab && status?.kind === 'other-site' &&
        (tab.granted ? (
          <button type="button" className="primary" onClick={() => void openSidebar(tab)}>
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

      {overview && (
        <section className="popup-model" aria-label="Model and key">
          <p>
            <span className="meta">Model</span> {overview.settings.model} <span className="meta">({findProvider(overview.settings.provider).label})</span>
          </p>
          <p>
            <span className="meta">Key</span>{' '}
            {overview.hasKey || !findProvider(overview.settings.provider).requiresKey ? (
              <span className="chip chip-ok">{overview.hasKey ? 'set' : 'not needed'}</span>
            ) : overview.hasKey === undefined ? (
              <span className="chip chip-bad">could not be checked: open Settings</span>
            ) : (
              <span className="chip chip-bad">missing: add it in Settings</span>
            )}
          </p>
        </section>
      )}

      {overview && (
        <section className="popup-recent" aria-labelledby="recent-title">
          <h2 id="recent-title">Recent takes</h2>
          {overview.recent.length === 0 ? (
            <p className="meta">None yet. Your takes appear here as they finish.</p>
          ) : (
            <ul>
              {overview.recent.map((summary) => (
                <li key={summary.id}>
                  <button type="button" className="link-button recent-title" title={summary.title} onClick={() => openInLibrary(summary.id)}>
                    {summary.title}
                  </button>
                  <span className={`chip chip-${summary.glance.tone}`}>{summary.glance.word}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <nav className="popup-nav">
        <button type="button" onClick={() => openInLibrary()}>
          Open the library
        </button>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
      </nav>
    </main>
  );
}
