import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from '#imports';
import { SeenButton } from '@/components/common/SeenButton';
import { ErrorNotice } from '@/components/sidebar/ErrorNotice';
import { FigureStrip } from '@/components/sidebar/FigureStrip';
import { FollowUps } from '@/components/sidebar/FollowUps';
import { HiddenTextWarning } from '@/components/sidebar/HiddenTextWarning';
import { TakeStatus } from '@/components/sidebar/TakeStatus';
import { EvidenceBar, QuoteChecks } from '@/components/common/Evidence';
import { ContextFit, TakeSections } from '@/components/sidebar/TakeSections';
import { defaultPaperTokenBudget, runTake, unreadableKinds, type TakeRun } from '@/utils/pipeline/run-take';
import { loadModelChoice } from '@/utils/llm/model-service';
import { readEnabledOrigins } from '@/utils/background/generic-sites';
import type { ChatMessage } from '@/utils/prompt/critique-prompt';
import { fullTakeOffer } from '@/utils/quick/batch-papers';
import { takeIdPrefix, type QuoteCheck, type SavedFigure, type Take } from '@/utils/storage/take-schema';
import { deleteTakes, findTakesForPaper, newerVersionNotice, saveTake, watchTakes } from '@/utils/storage/takes';
import { useTakeStore } from '@/utils/store/take-store';
import type { TakeEvidence } from '@/utils/take/evidence';
import type { PaperRef } from '@/utils/sites/types';

/** One empty list, so the take's memoised sections see the same props from render to render. */
const noQuoteChecks: readonly QuoteCheck[] = [];
const noFigures: readonly SavedFigure[] = [];

const runningPhases = new Set(['fetching', 'reading', 'figures', 'prompting', 'waiting', 'writing', 'checking']);

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const when = (take: Take) => dateFormat.format(new Date(take.createdAt));

/**
 * The take for one paper: its saved takes (versions, newest first), and a new one when the reader asks.
 * Nothing saved is lost: a new take runs beside the saved one, which stays on screen until the new text arrives and
 * comes back if the new run fails before any; a finished new take is saved as a version, and only the reader's
 * "Replace" removes the earlier one. Stop keeps what streamed; a paper without a PDF gets one notice and no buttons.
 * `startRequest` (a launcher the reader pressed in plain view) starts the take once this panel's own start button is
 * in view too: a frame the page hid or covered asks the reader instead.
 */
export function TakePanel({ paper, startRequest, modelOverride }: { paper: PaperRef; startRequest?: number; modelOverride?: string }) {
  const state = useTakeStore();
  const controller = useRef<AbortController | undefined>(undefined);
  const [run, setRun] = useState<TakeRun | undefined>(undefined);
  const [conversation, setConversation] = useState<ChatMessage[] | undefined>(undefined);
  const [errorShown, setErrorShown] = useState(0);
  const [versions, setVersions] = useState<Take[]>([]);
  const [shownId, setShownId] = useState<string | undefined>(undefined);
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
  const [replaceQuestion, setReplaceQuestion] = useState<{ earlier: Take; newer: Take } | undefined>(undefined);
  const running = runningPhases.has(state.phase);
  const readable = fullTakeOffer(paper).available && !(state.error && unreadableKinds.has(state.error.kind));

  const shownSaved = versions.find((take) => take.id === shownId) ?? versions[0];
  const runHasText = state.markdown.length > 0;
  /** The take on screen: the new run's once it has text (its saved form once saved), else the saved one. */
  const displayedTake = runHasText ? (run ? (versions.find((take) => take.id === run.take.id) ?? run.take) : undefined) : shownSaved;
  const displayedMarkdown = runHasText ? state.markdown : (shownSaved?.markdown ?? '');
  /** The saved record behind what is on screen: the saved take, or the new run's once it is saved. */
  const originTake = runHasText ? (run ? versions.find((take) => take.id === run.take.id) : undefined) : shownSaved;

  const refreshVersions = useCallback(async () => {
    const takes = await findTakesForPaper(paper.site, paper.paperId).catch(() => undefined);
    if (takes) setVersions(takes.filter((take) => take.kind === 'full'));
    // The paper is fixed for this panel (it is keyed by the paper's id).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- site and paperId identify the panel's paper
  }, []);

  // The take whose save failed, exactly as it was to be saved (with the follow-up that made it fail): Save again
  // retries that one, never an older copy that would write over the thread already saved.
  const [unsavedTake, setUnsavedTake] = useState<Take | undefined>(undefined);
  /** Saves a take; true when it landed. A failure is shown and the take stays on screen. */
  const persist = useCallback(
    async (take: Take): Promise<boolean> => {
      const store = useTakeStore.getState();
      store.update({ save: { state: 'saving' } });
      try {
        await saveTake(take);
        setUnsavedTake(undefined);
        store.update({ save: { state: 'saved', takeId: take.id } });
        await refreshVersions();
        return true;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        setUnsavedTake(take);
        store.update({ save: { state: 'failed', message } });
        return false;
      }
    },
    [refreshVersions],
  );

  /** Saves a new take as a version; when it is complete and an earlier take exists, asks whether to replace that one. */
  const saveNew = useCallback(
    async (newer: Take, earlier: Take | undefined) => {
      if ((await persist(newer)) && earlier && newer.status === 'complete') setReplaceQuestion({ earlier, newer });
    },
    [persist],
  );

  const [paperTokenBudget, setPaperTokenBudget] = useState(defaultPaperTokenBudget);

  const start = async (budget?: number) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const earlier = shownSaved;
    const [model, enabledOrigins] = await Promise.all([loadModelChoice(modelOverride), readEnabledOrigins()]);
    const store = useTakeStore.getState();
    store.reset();
    setRun(undefined);
    setConversation(undefined);
    setReplaceQuestion(undefined);
    setErrorShown((count) => count + 1);
    const finished = await runTake({
      paper,
      paperTokenBudget: budget,
      enabledOrigins,
      ...model,
      signal: abort.signal,
      sink: { update: store.update, appendMarkdown: store.appendMarkdown, get: useTakeStore.getState },
      // Saved before the sidebar says "Done.", which is when a reader may close it. A run another one replaced is not saved.
      ...(model.settings.autoSave ? { keep: async ({ take }: TakeRun) => controller.current === abort && (await saveNew(take, earlier)) } : {}),
    });
    if (controller.current !== abort) return;
    setRun(finished);
    setConversation(finished?.messages);
  };

  // Reopening a paper shows its newest saved take instead of spending tokens again. The panel is keyed by the
  // paper's id, so this runs once per paper even when the selection message hands us a fresh copy of it.
  useEffect(() => {
    let cancelled = false;
    useTakeStore.getState().reset();
    useTakeStore.getState().update({ savedShown: false });
    // eslint-disable-next-line react-hooks/set-state-in-effect -- storage is the outside system; versions are set only after its answer
    void refreshVersions().finally(() => !cancelled && setLookupDone(true));
    // Saved or deleted elsewhere (the library, another tab): the versions here follow.
    const prefix = takeIdPrefix(paper);
    const unwatch = watchTakes((change) => {
      if ([...change.removedIds, ...change.saved.map((take) => take.id)].some((id) => id.startsWith(prefix))) void refreshVersions();
    });
    return () => {
      cancelled = true;
      unwatch();
      controller.current?.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per panel, which is keyed by the paper
  }, []);

  useEffect(() => {
    useTakeStore.getState().update({ savedShown: versions.length > 0 });
  }, [versions]);

  useEffect(() => {
    if (pendingStart === undefined || pendingStart === handledStartRequest.current || !lookupDone) return;
    if (versions.length > 0 || !readable || runningPhases.has(useTakeStore.getState().phase)) {
      handledStartRequest.current = pendingStart;
      return;
    }
    if (!actionSeen) return;
    handledStartRequest.current = pendingStart;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a launcher click is an outside event; start() sets state only after its first await
    void start();
    // Each launcher click is one request, started once the panel is seen: re-run only when a new one arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- versions and start are read at request time on purpose
  }, [pendingStart, lookupDone, actionSeen]);

  const copy = async () => {
    await navigator.clipboard.writeText(displayedMarkdown);
  };

  const showSaved = (id: string | undefined) => {
    controller.current?.abort();
    useTakeStore.getState().reset();
    setRun(undefined);
    setConversation(undefined);
    setShownId(id);
  };

  const replaceEarlier = async (question: { earlier: Take; newer: Take }) => {
    setReplaceQuestion(undefined);
    try {
      await deleteTakes([question.earlier.id]);
    } catch (error) {
      useTakeStore.getState().update({ save: { state: 'failed', message: error instanceof Error ? error.message : String(error) } });
    }
    await refreshVersions();
  };

  const versionNotice = shownSaved ? newerVersionNotice(shownSaved, paper) : undefined;
  // The run's evidence once it has read the paper (a run that failed before any text still says what was sent),
  // unless the saved take is what is on screen.
  const runSpeaks = runHasText || (!shownSaved && state.readingSummary !== undefined);
  const evidence: TakeEvidence | undefined = runSpeaks
    ? {
        // No text, no quotes to speak of.
        ...(runHasText ? { quoteChecks: state.quoteChecks } : {}),
        writing: running,
        ...(state.readingSummary ? { reading: { summary: state.readingSummary, hiddenText: state.hiddenText.length } } : {}),
        ...(state.usage ? { usage: { inputTokens: state.usage.promptTokens, outputTokens: state.usage.completionTokens, costUsd: state.costUsd } } : {}),
      }
    : shownSaved && { quoteChecks: shownSaved.quoteChecks, writing: false, ...(shownSaved.reading ? { reading: shownSaved.reading } : {}), usage: shownSaved.usage };
  const quoteChecks = runHasText ? state.quoteChecks : (shownSaved?.quoteChecks ?? noQuoteChecks);
  const pdfUrl = (runHasText ? paper.pdfUrl : shownSaved?.paper.pdfUrl) ?? paper.pdfUrl;
  // The run's figures once it has read the paper; otherwise those the saved take on screen was written from.
  const shownFigures = runSpeaks ? state.figures : (shownSaved?.figures ?? noFigures);
  const regenerateLabel = modelOverride ? `Regenerate with ${modelOverride}` : 'Regenerate';
  const canStartFirst = !running && !runHasText && (!shownSaved || modelOverride) && readable;

  return (
    <section className="take-panel" aria-label="Take">
      {originTake && !running && (
        <div className="take-origin">
          <p className="meta saved-note">
            Saved take from <span className="take-date">{when(originTake)}</span>, {originTake.model}
            {originTake.status === 'partial' ? ' (partial: the stream did not finish)' : ''}.
          </p>
          {versions.length > 1 && (
            <label className="versions meta">
              Version{' '}
              <select value={originTake.id} onChange={(event) => showSaved(event.target.value)}>
                {versions.map((take, index) => (
                  <option key={take.id} value={take.id}>
                    {versions.length - index} of {versions.length}: {when(take)}, {take.model}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      {versionNotice && (
        <p role="note" className="notice version-notice">
          {versionNotice}
        </p>
      )}
      {runHasText && shownSaved && running && (
        <p className="meta regenerating-note">
          Writing a new take. Your saved take from <span className="take-date">{when(shownSaved)}</span> stays saved until you choose.
        </p>
      )}
      {replaceQuestion && (
        <div role="group" aria-label="The new take is saved" className="success replace-question">
          <p>
            <strong>The new take is saved.</strong> Keep the earlier take from <span className="take-date">{when(replaceQuestion.earlier)}</span> (
            {replaceQuestion.earlier.model}) as a version, or replace it?
          </p>
          <div className="take-actions">
            <button type="button" className="primary" onClick={() => setReplaceQuestion(undefined)}>
              Keep both
            </button>
            {/* Deletes from the library: acts only when seen, like every button that writes there. */}
            <SeenButton onPress={() => void replaceEarlier(replaceQuestion)}>Replace the earlier take</SeenButton>
          </div>
        </div>
      )}
      <div className="take-actions">
        {canStartFirst && (
          <SeenButton className="primary" startControl onPress={() => void start()} onSeenChange={setActionSeen}>
            {modelOverride ? `Get Shedder's take with ${modelOverride}` : "Get Shedder's take"}
          </SeenButton>
        )}
        {running && (
          <button type="button" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        )}
        {!running && readable && (runHasText || shownSaved) && !(modelOverride && !runHasText) && (
          <SeenButton onPress={() => void start()} onSeenChange={setActionSeen}>
            {regenerateLabel}
          </SeenButton>
        )}
        {displayedMarkdown && !running && (
          <button type="button" onClick={() => void copy()}>
            Copy as Markdown
          </button>
        )}
        {run && runHasText && !running && state.save.state === 'unsaved' && <SeenButton onPress={() => void saveNew(run.take, shownSaved)}>Save</SeenButton>}
        {unsavedTake && state.save.state === 'failed' && <SeenButton onPress={() => void persist(unsavedTake)}>Save again</SeenButton>}
        {runHasText && !running && shownSaved && run?.take.id !== shownSaved.id && !replaceQuestion && (
          <button type="button" className="quiet" onClick={() => showSaved(shownSaved.id)}>
            Show the saved take
          </button>
        )}
      </div>
      <TakeStatus state={state} />
      {evidence && (displayedMarkdown || state.readingSummary) && <EvidenceBar evidence={evidence} />}
      <FigureStrip figures={shownFigures} pdfUrl={pdfUrl} />
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
      {!runHasText && shownSaved && state.error && <p className="meta">Your saved take is unchanged below.</p>}
      {state.save.state === 'failed' && (
        <p role="alert" className="error">
          The take could not be saved: {state.save.message} It stays here; copy it or free some space and save again.
        </p>
      )}
      {state.save.state === 'saved' && !replaceQuestion && versions.length === 1 && runHasText && <p role="status">Saved to your library.</p>}
      {displayedMarkdown && <TakeSections markdown={displayedMarkdown} streaming={running} quoteChecks={running ? noQuoteChecks : quoteChecks} {...(pdfUrl ? { pdfUrl } : {})} />}
      {!running && <QuoteChecks checks={quoteChecks} {...(pdfUrl ? { pdfUrl } : {})} />}
      {runHasText && <ContextFit rows={state.contextFit} />}
      {!running && displayedTake && (
        <FollowUps
          key={displayedTake.id}
          take={displayedTake}
          conversation={conversation}
          onConversation={setConversation}
          onSaved={async (take) => {
            await persist(take);
          }}
        />
      )}
      <p className="settings-link">
        <button type="button" className="link-button" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
      </p>
    </section>
  );
}
