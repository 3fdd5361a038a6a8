import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from '#imports';
import { SeenButton } from '@/components/common/SeenButton';
import { ErrorNotice } from '@/components/sidebar/ErrorNotice';
import { FollowUps } from '@/components/sidebar/FollowUps';
import { HiddenTextWarning } from '@/components/sidebar/HiddenTextWarning';
import { TakeStatus } from '@/components/sidebar/TakeStatus';
import { ContextFit, QuoteChecks, TakeSections } from '@/components/sidebar/TakeSections';
import { defaultPaperTokenBudget, runTake, type TakeRun } from '@/utils/pipeline/run-take';
import { loadModelChoice } from '@/utils/llm/model-service';
import { readEnabledOrigins } from '@/utils/background/generic-sites';
import type { Take } from '@/utils/storage/take-schema';
import { findTakesForPaper, newerVersionNotice, saveTake } from '@/utils/storage/takes';
import { useTakeStore } from '@/utils/store/take-store';
import type { PaperRef } from '@/utils/sites/types';

const runningPhases = new Set(['fetching', 'reading', 'prompting', 'waiting', 'writing', 'checking']);

/**
 * The take for one paper: a saved one if there is one, else a new one when the reader asked for it.
 * Stop keeps what streamed; every error keeps the partial text on screen; a finished take is auto-saved.
 * `startRequest` (a launcher the reader pressed in plain view) starts the take once this panel's own start button is
 * in view too: a frame the page hid or covered asks the reader instead.
 */
export function TakePanel({ paper, startRequest, modelOverride }: { paper: PaperRef; startRequest?: number; modelOverride?: string }) {
  const state = useTakeStore();
  const controller = useRef<AbortController | undefined>(undefined);
  const [run, setRun] = useState<TakeRun | undefined>(undefined);
  const [errorShown, setErrorShown] = useState(0);
  const [savedTake, setSavedTake] = useState<Take | undefined>(undefined);
  const [lookupDone, setLookupDone] = useState(false);
  /** Whether the start (or Regenerate) button is on screen and uncovered now. */
  const [actionSeen, setActionSeen] = useState(false);
  // A launcher's request is handed out once and the next selection update clears it, possibly before the panel is
  // seen: it is kept here until it is handled.
  const [pendingStart, setPendingStart] = useState(startRequest);
  const [lastStartRequest, setLastStartRequest] = useState(startRequest);
  if (startRequest !== lastStartRequest) {
    setLastStartRequest(startRequest);
    if (startRequest !== undefined) setPendingStart(startRequest);
  }
  const handledStartRequest = useRef<number | undefined>(undefined);
  const running = runningPhases.has(state.phase);

  const persist = useCallback(async (take: Take) => {
    const store = useTakeStore.getState();
    store.update({ save: { state: 'saving' } });
    try {
      await saveTake(take);
      store.update({ save: { state: 'saved', takeId: take.id } });
      setSavedTake(take);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      store.update({ save: { state: 'failed', message } });
    }
  }, []);

  const [paperTokenBudget, setPaperTokenBudget] = useState(defaultPaperTokenBudget);

  const start = useCallback(async (budget?: number) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const [model, enabledOrigins] = await Promise.all([loadModelChoice(modelOverride), readEnabledOrigins()]);
    const store = useTakeStore.getState();
    store.reset();
    setSavedTake(undefined);
    setErrorShown((count) => count + 1);
    const finished = await runTake({
      paper,
      paperTokenBudget: budget,
      enabledOrigins,
      ...model,
      signal: abort.signal,
      sink: { update: store.update, appendMarkdown: store.appendMarkdown, get: useTakeStore.getState },
    });
    if (controller.current !== abort) return;
    setRun(finished);
    if (finished && model.settings.autoSave) await persist(finished.take);
  }, [paper, persist, modelOverride]);

  // Reopening a paper shows its newest saved take instead of spending tokens again. The panel is keyed by the
  // paper's id, so this runs once per paper even when the selection message hands us a fresh copy of it.
  const paperRef = useRef(paper);
  useEffect(() => {
    let cancelled = false;
    const { site, paperId } = paperRef.current;
    useTakeStore.getState().reset();
    void findTakesForPaper(site, paperId)
      .then((takes) => {
        if (cancelled) return;
        const newest = takes.find((take) => take.kind === 'full');
        if (newest) {
          setSavedTake(newest);
          useTakeStore.getState().update({
            phase: 'done',
            markdown: newest.markdown,
            quoteChecks: newest.quoteChecks,
            followUps: newest.followUps,
            save: { state: 'saved', takeId: newest.id },
          });
        }
      })
      .catch(() => undefined)
      .finally(() => !cancelled && setLookupDone(true));
    return () => {
      cancelled = true;
      controller.current?.abort();
    };
  }, []);

  useEffect(() => {
    if (pendingStart === undefined || pendingStart === handledStartRequest.current || !lookupDone) return;
    if (savedTake || runningPhases.has(useTakeStore.getState().phase)) {
      handledStartRequest.current = pendingStart;
      return;
    }
    if (!actionSeen) return;
    handledStartRequest.current = pendingStart;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a launcher click is an outside event; start() sets state only after its first await
    void start();
    // Each launcher click is one request, started once the panel is seen: re-run only when a new one arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- savedTake and start are read at request time on purpose
  }, [pendingStart, lookupDone, actionSeen]);

  const copy = async () => {
    await navigator.clipboard.writeText(useTakeStore.getState().markdown);
  };

  const versionNotice = savedTake ? newerVersionNotice(savedTake, paper) : undefined;

  return (
    <section className="take-panel" aria-label="Take">
      {savedTake && state.save.state === 'saved' && !running && (
        <p className="saved-note">
          Saved take from {new Date(savedTake.createdAt).toLocaleDateString()}, {savedTake.model}
          {savedTake.status === 'partial' ? ' (partial: the stream did not finish)' : ''}.
        </p>
      )}
      {versionNotice && (
        <p role="note" className="notice version-notice">
          {versionNotice}
        </p>
      )}
      <div className="take-actions">
        {state.phase === 'idle' && (!savedTake || modelOverride) && (
          <SeenButton className="primary" startControl onPress={() => void start()} onSeenChange={setActionSeen}>
            {modelOverride ? `Get Shedder's take with ${modelOverride}` : "Get Shedder's take"}
          </SeenButton>
        )}
        {running && (
          <button type="button" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        )}
        {!running && (state.phase !== 'idle' || savedTake) && (
          <SeenButton onPress={() => void start()} onSeenChange={setActionSeen}>
            {modelOverride ? `Regenerate with ${modelOverride}` : 'Regenerate'}
          </SeenButton>
        )}
        {state.markdown && !running && (
          <button type="button" onClick={() => void copy()}>
            Copy as Markdown
          </button>
        )}
        {run && state.save.state === 'failed' && <SeenButton onPress={() => void persist(run.take)}>Save again</SeenButton>}
      </div>
      <TakeStatus state={state} />
      <HiddenTextWarning findings={state.hiddenText} uncheckedPages={state.uncheckedPages} />
      {state.error && (
        <ErrorNotice
          key={errorShown}
          error={state.error}
          onRetry={() => void start(paperTokenBudget)}
          onSendTrimmed={() => {
            // Half of what was sent, each time the model says it is still too long; the reading summary says what was cut.
            const smaller = Math.floor(Math.min(paperTokenBudget, state.paperTokens ?? paperTokenBudget) / 2);
            setPaperTokenBudget(smaller);
            void start(smaller);
          }}
        />
      )}
      {state.save.state === 'failed' && (
        <p role="alert" className="error">
          The take could not be saved: {state.save.message} It stays here; copy it or free some space and save again.
        </p>
      )}
      {state.save.state === 'saved' && !savedTake && <p role="status">Saved to your library.</p>}
      {state.markdown && <TakeSections markdown={state.markdown} streaming={running} />}
      {(state.usage || state.costUsd !== undefined) && (
        <p className="usage">
          {state.usage ? `${state.usage.promptTokens.toLocaleString()} tokens in, ${state.usage.completionTokens.toLocaleString()} out` : ''}
          {state.costUsd !== undefined ? ` · about $${state.costUsd.toFixed(4)}` : ''}
        </p>
      )}
      <QuoteChecks checks={state.quoteChecks} pdfUrl={paper.pdfUrl} />
      <ContextFit rows={state.contextFit} />
      {!running && state.markdown && (
        <FollowUps run={run} savedTake={savedTake} onAnswered={(messages) => run && setRun({ ...run, messages })} onSaved={persist} />
      )}
      <p className="settings-link">
        <button type="button" className="link-button" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
      </p>
    </section>
  );
}
