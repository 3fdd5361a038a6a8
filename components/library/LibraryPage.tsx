import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { browser } from '#imports';
import { sites } from '@/utils/sites/registry';
import type { SiteId } from '@/utils/sites/types';
import { toStorageWriteError } from '@/utils/storage/errors';
import { applyTakesChange, createIncrementalFilter, filterOptions, groupByPaper, type LibraryQuery } from '@/utils/storage/take-search';
import { deleteTakes, exportTakes, getTake, listTakeSummaries, restoreTakes, watchTakes, type Take, type TakeSummary } from '@/utils/storage/takes';
import { downloadText, exportFileName } from '@/utils/library/download';
import { rerunUrl, takeIdFromHash } from '@/utils/links';
import { ImportTakes } from './ImportTakes';
import { TakeList } from './TakeList';
import { SavedTake } from './SavedTake';

/** Rows rendered at once; "Show more" adds as many again. Keeps each keystroke's render small at 5,000 takes. */
export const LIBRARY_PAGE_SIZE = 200;

type Notice = { kind: 'deleted'; takes: Take[] } | { kind: 'restored'; count: number } | { kind: 'error'; message: string };


export function LibraryPage() {
  const [summaries, setSummaries] = useState<TakeSummary[]>();
  const [query, setQuery] = useState<LibraryQuery>({ text: '', sort: 'date' });
  const [limit, setLimit] = useState(LIBRARY_PAGE_SIZE);
  const [selected, setSelected] = useState<Take>();
  const [notice, setNotice] = useState<Notice>();

  useEffect(() => {
    let live = true;
    // Takes saved or deleted in other tabs while the library is open appear here at once.
    const stopWatching = watchTakes((change) => {
      setSummaries((previous) => previous && applyTakesChange(previous, change));
      setSelected((open) => (open && change.removedIds.includes(open.id) ? undefined : (change.saved.find((take) => take.id === open?.id) ?? open)));
    });
    listTakeSummaries()
      .then((loaded) => live && setSummaries(loaded))
      .catch((error: unknown) => live && setNotice({ kind: 'error', message: `Could not read your saved takes: ${(error as Error).message}` }));
    // Opened from the sidebar's "Open in library" link (libraryUrl(takeId)).
    const linkedId = takeIdFromHash(location.hash);
    if (linkedId) {
      getTake(linkedId)
        .then((take) => live && take && setSelected(take))
        .catch((error: unknown) => live && setNotice({ kind: 'error', message: (error as Error).message }));
    }
    return () => {
      live = false;
      stopWatching();
    };
  }, []);

  const [filter] = useState(createIncrementalFilter);
  // The search box updates at once; the list follows at lower priority, so typing never waits for it.
  const deferredQuery = useDeferredValue(query);
  const visible = useMemo(() => filter(summaries ?? [], deferredQuery), [filter, summaries, deferredQuery]);
  const groups = useMemo(() => groupByPaper(visible), [visible]);
  const selectedGroup = useMemo(() => (selected ? groupByPaper((summaries ?? []).filter((summary) => summary.paperId === selected.paper.paperId && summary.site === selected.paper.site))[0] : undefined), [summaries, selected]);
  const filtered = query.text.trim() !== '' || query.site !== undefined || query.venue !== undefined || query.year !== undefined || query.model !== undefined;
  const choices = useMemo(() => filterOptions(summaries ?? []), [summaries]);

  const changeQuery = (patch: Partial<LibraryQuery>) => {
    setQuery((current) => ({ ...current, ...patch }));
    setLimit(LIBRARY_PAGE_SIZE);
  };

  const open = useCallback(async (id: string) => {
    try {
      const take = await getTake(id);
      if (take) setSelected(take);
      else setNotice({ kind: 'error', message: 'That take is no longer in your library.' });
    } catch (error) {
      setNotice({ kind: 'error', message: (error as Error).message });
    }
  }, []);

  /** Deletes the given takes; the notice offers Undo, which puts every one of them back. */
  const remove = async (ids: string[]) => {
    try {
      const removed = await deleteTakes(ids);
      setSummaries((previous) => previous && applyTakesChange(previous, { saved: [], removedIds: ids }));
      setSelected(undefined);
      setNotice({ kind: 'deleted', takes: removed });
    } catch (error) {
      setNotice({ kind: 'error', message: toStorageWriteError(error, 'the deletion').userMessage });
    }
  };

  const undoDelete = async (takes: Take[]) => {
    try {
      await restoreTakes(takes);
      setSummaries((previous) => previous && applyTakesChange(previous, { saved: takes, removedIds: [] }));
      setNotice({ kind: 'restored', count: takes.length });
    } catch (error) {
      setNotice({ kind: 'error', message: toStorageWriteError(error, 'the restored take').userMessage });
    }
  };

  const download = async (format: 'md' | 'json', take?: Take) => {
    const exported = await exportTakes(take ? [take.id] : undefined);
    const subject = take ? take.paper.paperId : 'all';
    if (format === 'md') downloadText(exportFileName(subject, 'md'), exported.markdown, 'text/markdown');
    else downloadText(exportFileName(subject, 'json'), exported.json, 'application/json');
  };

  const rerun = (take: Take, model: string) => void browser.tabs.create({ url: rerunUrl(take.paper.pageUrl, model) });

  return (
    <div className="library">
      <header className="page-header">
        <h1>
          Shedder&apos;s Take: <span className="page-subtitle">library</span>
        </h1>
        <div className="actions">
          <button type="button" disabled={!summaries?.length} onClick={() => void download('md')}>
            Export all as Markdown
          </button>
          <button type="button" disabled={!summaries?.length} onClick={() => void download('json')}>
            Export all as JSON
          </button>
          <button type="button" disabled={!summaries?.length} onClick={() => summaries && void remove(summaries.map((summary) => summary.id))}>
            Delete all
          </button>
          <ImportTakes />
        </div>
      </header>

      <div role="status" aria-live="polite" className="notice">
        {notice?.kind === 'deleted' && (
          <>
            {notice.takes.length === 1 ? `Deleted “${notice.takes[0]?.paper.title}”.` : `Deleted ${notice.takes.length} takes.`}{' '}
            <button type="button" onClick={() => void undoDelete(notice.takes)}>
              Undo
            </button>
          </>
        )}
        {notice?.kind === 'restored' && `Restored ${notice.count === 1 ? 'the take' : `${notice.count} takes`}.`}
      </div>
      {notice?.kind === 'error' && (
        <p role="alert" className="field-error">
          {notice.message}
        </p>
      )}

      <div role="search" className="filters">
        <label className="filter filter-search">
          <span>Search</span>
          <input type="search" placeholder="title, author or words in the take" value={query.text} onChange={(e) => changeQuery({ text: e.target.value })} />
        </label>
        <FilterSelect label="Site" value={query.site} options={choices.sites.map((site) => [site, sites[site].shortName])} onChange={(site) => changeQuery({ site: site as SiteId | undefined })} />
        <FilterSelect label="Venue" value={query.venue} options={choices.venues.map((venue) => [venue, venue])} onChange={(venue) => changeQuery({ venue })} />
        <FilterSelect
          label="Year"
          value={query.year === undefined ? undefined : String(query.year)}
          options={choices.years.map((year) => [String(year), String(year)])}
          onChange={(year) => changeQuery({ year: year === undefined ? undefined : Number(year) })}
        />
        <FilterSelect label="Model" value={query.model} options={choices.models.map((model) => [model, model])} onChange={(model) => changeQuery({ model })} />
        <label className="filter">
          <span>Sort by</span>
          <select value={query.sort} onChange={(e) => changeQuery({ sort: e.target.value as LibraryQuery['sort'] })}>
            <option value="date">Newest first</option>
            <option value="title">Title</option>
          </select>
        </label>
      </div>

      <main className="library-body">
        {summaries === undefined ? (
          <p>Loading your takes…</p>
        ) : (
          <section aria-label="Takes" className="library-list">
            <p className="count meta">
              {visible.length === summaries.length ? '' : `${visible.length} of `}
              {summaries.length === 1 ? '1 take' : `${summaries.length} takes`}
              {groups.length < visible.length ? ` (${groups.length === 1 ? 'one paper' : `${groups.length} papers`})` : ''}
            </p>
            {summaries.length === 0 && (
              <div className="empty-state">
                <h2>Your library is empty</h2>
                <p>
                  Open a paper on arXiv, the ACM Digital Library or USENIX and click <strong>Shedder&apos;s Take</strong> beside its title: the take is
                  saved here as it finishes. On a listing page, <strong>quick takes</strong> give each paper a verdict (full take, skim or skip).
                </p>
                <p>Have an export from another browser? Import it with the button above.</p>
              </div>
            )}
            {summaries.length > 0 && visible.length === 0 && (
              <div className="empty-state">
                <h2>No takes match</h2>
                <p>Nothing in your library matches {query.text.trim() ? <>&ldquo;{query.text.trim()}&rdquo; with </> : ''}these filters.</p>
                {filtered && (
                  <button type="button" onClick={() => changeQuery({ text: '', site: undefined, venue: undefined, year: undefined, model: undefined })}>
                    Clear the search and filters
                  </button>
                )}
              </div>
            )}
            <TakeList groups={groups} limit={limit} selectedId={selected?.id} onOpen={open} onShowMore={() => setLimit(limit + LIBRARY_PAGE_SIZE)} />
          </section>
        )}
        <div className="library-detail">
          {selected ? (
            <SavedTake
              key={selected.id}
              take={selected}
              versions={selectedGroup?.versions ?? []}
              models={choices.models}
              onOpenVersion={(id) => void open(id)}
              onDelete={() => void remove([selected.id])}
              onExport={(format) => void download(format, selected)}
              onRerun={(model) => rerun(selected, model)}
            />
          ) : (
            summaries !== undefined && summaries.length > 0 && <p className="detail-empty meta">Choose a paper on the left to read its take here.</p>
          )}
        </div>
      </main>
    </div>
  );
}

function FilterSelect({ label, value, options, onChange }: { label: string; value: string | undefined; options: [string, string][]; onChange: (value: string | undefined) => void }) {
  return (
    <label className="filter">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">All</option>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
