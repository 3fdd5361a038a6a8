import { useEffect, useMemo, useRef, useState } from 'react';
import { SeenButton } from '@/components/common/SeenButton';
import { ErrorNotice } from '@/components/sidebar/ErrorNotice';
import { distinctPapers } from '@/utils/quick/batch-papers';
import { paperKey } from '@/utils/sites/paper-key';
import { estimateQuickBatch } from '@/utils/quick/estimate';
import { countByStatus, retryFailed, runQuickBatch, type BatchResult, type QuickEntryState } from '@/utils/quick/run-batch';
import { loadModelChoice } from '@/utils/llm/model-service';
import { settingsItem, type Settings } from '@/utils/storage/settings';
import { listTakeSummaries, saveTake, watchTakes } from '@/utils/storage/takes';
import { glanceByPaper, verdictAtGlance, type PaperGlance, type VerdictAtGlance } from '@/utils/take/verdict';
import type { BatchSelection } from '@/utils/selection';
import type { PaperRef } from '@/utils/sites/types';

const statusWords: Record<QuickEntryState['status'], string> = {
  queued: 'queued',
  'fetching-abstract': 'fetching the abstract…',
  running: 'asking the model…',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  'not-sent': 'not sent',
};

/**
 * Quick takes for a listing: papers already taken are left out unless the reader includes them, the cost of the
 * batch is shown before it runs, requests run a few at a time, each finished take is saved as it arrives, Cancel
 * stops what has not finished. An error every request would hit is said once, with what to do; the entries it kept
 * from going out are "not sent", and go out with the next run.
 */
export function BatchPanel({ batch, onOpenFull }: { batch: BatchSelection; onOpenFull(paper: PaperRef): void }) {
  const papers = useMemo(() => distinctPapers(batch.papers), [batch]);
  const [taken, setTaken] = useState<Map<string, PaperGlance> | undefined>(undefined);
  /** Papers the reader ticked or unticked by hand; the rest follow "new or already taken". */
  const [choices, setChoices] = useState<Map<string, boolean>>(new Map());
  const [includeTaken, setIncludeTaken] = useState(false);
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const [states, setStates] = useState<Map<string, QuickEntryState>>(new Map());
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<BatchResult | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
    const load = () => void listTakeSummaries().then((summaries) => setTaken(glanceByPaper(summaries)));
    load();
    const unwatch = watchTakes(load);
    return () => {
      unwatch();
      controller.current?.abort();
    };
  }, []);

  const isTaken = (key: string) => taken?.has(key) ?? false;
  const isChosen = (key: string) => choices.get(key) ?? (includeTaken || !isTaken(key));
  const selected = papers.filter((paper) => isChosen(paperKey(paper)));
  const takenCount = papers.filter((paper) => isTaken(paperKey(paper))).length;
  const newCount = papers.length - takenCount;
  const estimate = settings ? estimateQuickBatch(selected, settings) : undefined;
  const counts = countByStatus([...states.values()]);
  const finished = counts.done + counts.failed + counts.cancelled + counts['not-sent'];
  const toRetry = (result?.counts.failed ?? 0) + (result?.counts['not-sent'] ?? 0);

  const run = async (retry?: BatchResult) => {
    if (!settings) return;
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    const model = await loadModelChoice();
    const onUpdate = (entry: QuickEntryState) => setStates((previous) => new Map(previous).set(entry.key, entry));
    const options = { ...model, signal: abort.signal, onUpdate, save: saveTake };
    if (!retry) setStates(new Map());
    try {
      setResult(retry ? await retryFailed(retry, options) : await runQuickBatch({ ...options, papers: selected }));
    } finally {
      setRunning(false);
      // Taken now: the next run offers only what is still new.
      setChoices(new Map());
    }
  };

  const toggle = (key: string) => setChoices((previous) => new Map(previous).set(key, !isChosen(key)));
  const allChosen = selected.length === papers.length;

  const retryLabel = (() => {
    const failed = result?.counts.failed ?? 0;
    const notSent = result?.counts['not-sent'] ?? 0;
    if (failed && notSent) return `Retry ${failed} failed and send ${notSent} not sent`;
    return failed ? `Retry ${failed} failed` : `Send the ${notSent} not sent`;
  })();

  return (
    <section className="batch" aria-labelledby="batch-title">
      <h2 id="batch-title" className="paper-title">
        Quick takes: {batch.pageTitle}
      </h2>
      <p className="batch-explain">
        A verdict per paper from its title and abstract (full take, skim or skip) with the reason in one line: what evidence it claims and what to be
        suspicious of.
      </p>
      {taken && (
        <p className="batch-counts" data-testid="batch-counts">
          {newCount} new, {takenCount} already taken
        </p>
      )}
      {takenCount > 0 && (
        <label className="batch-include">
          <input
            type="checkbox"
            checked={includeTaken}
            disabled={running}
            onChange={(event) => {
              setIncludeTaken(event.target.checked);
              setChoices(new Map());
            }}
          />
          Take the {takenCount} already taken again
        </label>
      )}
      {estimate && estimate.requests > 0 && (
        <p className="batch-estimate" data-testid="batch-estimate">
          {estimate.requests} {estimate.requests === 1 ? 'request' : 'requests'} to {settings?.model}: about {estimate.inputTokens.toLocaleString()}{' '}
          tokens in, at most {estimate.outputTokens.toLocaleString()} out
          {estimate.costUsd !== undefined ? `, about $${estimate.costUsd.toFixed(4)}` : ' (no price set for this model, so no cost estimate)'}
          {estimate.abstractsToFetch > 0 ? `; ${estimate.abstractsToFetch} abstracts fetched from arXiv first` : ''}.
        </p>
      )}
      <div className="take-actions">
        {!running && (
          <SeenButton className="primary" startControl disabled={selected.length === 0 || !settings || !taken} onPress={() => void run()}>
            Run {selected.length} quick {selected.length === 1 ? 'take' : 'takes'}
          </SeenButton>
        )}
        {running && (
          <button type="button" onClick={() => controller.current?.abort()}>
            Cancel
          </button>
        )}
        {!running && result && toRetry > 0 && <SeenButton onPress={() => void run(result)}>{retryLabel}</SeenButton>}
        {!running && (
          <button type="button" onClick={() => setChoices(new Map(papers.map((paper) => [paperKey(paper), !allChosen])))}>
            {allChosen ? 'Select none' : 'Select all'}
          </button>
        )}
      </div>
      {states.size > 0 && (
        <>
          <p role="status" className="status-line">
            {finished} of {states.size} finished: {counts.done} done, {counts.failed} failed, {counts.cancelled} cancelled
            {counts['not-sent'] > 0 ? `, ${counts['not-sent']} not sent` : ''}
            {running ? '…' : '.'}
          </p>
          <progress max={states.size} value={finished} aria-label="Quick takes progress" />
        </>
      )}
      {result?.stoppedBy && !running && <ErrorNotice error={result.stoppedBy} />}
      <ul className="batch-list">
        {papers.map((paper) => {
          const key = paperKey(paper);
          const state = states.get(key);
          const glance: VerdictAtGlance | undefined = state?.take ? verdictAtGlance(state.take) : taken?.get(key);
          // The batch-wide error is said once, above; the entries it stopped only say so in their status.
          const ownError = state?.error && state.error.kind !== result?.stoppedBy?.kind ? state.error : undefined;
          const checkboxId = `batch-${key}`;
          return (
            <li key={key} className={`batch-entry batch-${state?.status ?? 'idle'}`}>
              <div className="batch-row">
                <input id={checkboxId} type="checkbox" checked={isChosen(key)} disabled={running} onChange={() => toggle(key)} />
                <label htmlFor={checkboxId} className="batch-title">
                  {paper.title}
                </label>
                <span className="batch-side">
                  {glance && (
                    <span className={`chip chip-${glance.tone}`} title={glance.spoken}>
                      {glance.word}
                    </span>
                  )}
                  {state && state.status !== 'done' && <span className="batch-status">{statusWords[state.status]}</span>}
                </span>
              </div>
              {glance?.reason && <p className="batch-reason">{glance.reason}</p>}
              {ownError && (
                <p className="batch-error">
                  {ownError.title}: {ownError.message}
                </p>
              )}
              {state?.saveError && <p className="batch-error">Not saved: {state.saveError}</p>}
              {state?.abstractNote && <p className="batch-note">{state.abstractNote}</p>}
              {state?.status === 'done' &&
                (state.fullTake.available ? (
                  <SeenButton className="batch-full" aria-label={`Full take on ${paper.title}`} onPress={() => onOpenFull(state.paper)}>
                    Full take
                  </SeenButton>
                ) : (
                  <p className="batch-note">No full take: {state.fullTake.reason}</p>
                ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
