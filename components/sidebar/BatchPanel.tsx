import { useEffect, useMemo, useRef, useState } from 'react';
import { SeenButton } from '@/components/common/SeenButton';
import { distinctPapers } from '@/utils/quick/batch-papers';
import { paperKey } from '@/utils/sites/paper-key';
import { estimateQuickBatch } from '@/utils/quick/estimate';
import { countByStatus, retryFailed, runQuickBatch, type BatchResult, type QuickEntryState } from '@/utils/quick/run-batch';
import { loadModelChoice } from '@/utils/llm/model-service';
import { settingsItem, type Settings } from '@/utils/storage/settings';
import { saveTake } from '@/utils/storage/takes';
import type { BatchSelection } from '@/utils/selection';
import type { PaperRef } from '@/utils/sites/types';

const statusWords: Record<QuickEntryState['status'], string> = {
  queued: 'queued',
  'fetching-abstract': 'fetching the abstract…',
  running: 'asking the model…',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/**
 * Quick takes for a listing: the cost of the batch is shown before it runs, requests run a few at a time,
 * each finished take is saved as it arrives, Cancel stops what has not finished, failed entries can be retried.
 */
export function BatchPanel({ batch, onOpenFull }: { batch: BatchSelection; onOpenFull(paper: PaperRef): void }) {
  const papers = useMemo(() => distinctPapers(batch.papers), [batch]);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(papers.map(paperKey)));
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const [states, setStates] = useState<Map<string, QuickEntryState>>(new Map());
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<BatchResult | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
    return () => controller.current?.abort();
  }, []);

  const selected = papers.filter((paper) => chosen.has(paperKey(paper)));
  const estimate = settings ? estimateQuickBatch(selected, settings) : undefined;
  const counts = countByStatus([...states.values()]);
  const finished = counts.done + counts.failed + counts.cancelled;

  const run = async (retry?: BatchResult) => {
    if (!settings) return;
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    const model = await loadModelChoice();
    const onUpdate = (entry: QuickEntryState) => setStates((previous) => new Map(previous).set(entry.key, entry));
    const options = { ...model, signal: abort.signal, onUpdate, save: saveTake };
    try {
      setResult(retry ? await retryFailed(retry, options) : await runQuickBatch({ ...options, papers: selected }));
    } finally {
      setRunning(false);
    }
  };

  const toggle = (key: string) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <section className="batch" aria-labelledby="batch-title">
      <h2 id="batch-title" className="paper-title">
        Quick takes: {batch.pageTitle}
      </h2>
      <p className="batch-explain">
        A one-line verdict per paper from its title and abstract: what evidence it claims, what to be suspicious of, and whether it deserves a
        full take.
      </p>
      {estimate && (
        <p className="batch-estimate" data-testid="batch-estimate">
          {estimate.requests} {estimate.requests === 1 ? 'request' : 'requests'} to {settings?.model}: about {estimate.inputTokens.toLocaleString()}{' '}
          tokens in, at most {estimate.outputTokens.toLocaleString()} out
          {estimate.costUsd !== undefined ? `, about $${estimate.costUsd.toFixed(4)}` : ' (no price set for this model, so no cost estimate)'}
          {estimate.abstractsToFetch > 0 ? `; ${estimate.abstractsToFetch} abstracts fetched from arXiv first` : ''}.
        </p>
      )}
      <div className="take-actions">
        {!running && (
          <SeenButton className="primary" startControl disabled={selected.length === 0 || !settings} onPress={() => void run()}>
            Run {selected.length} quick {selected.length === 1 ? 'take' : 'takes'}
          </SeenButton>
        )}
        {running && (
          <button type="button" onClick={() => controller.current?.abort()}>
            Cancel
          </button>
        )}
        {!running && result && result.counts.failed > 0 && (
          <SeenButton onPress={() => void run(result)}>Retry {result.counts.failed} failed</SeenButton>
        )}
        {!running && (
          <button type="button" onClick={() => setChosen(chosen.size === papers.length ? new Set() : new Set(papers.map(paperKey)))}>
            {chosen.size === papers.length ? 'Select none' : 'Select all'}
          </button>
        )}
      </div>
      {states.size > 0 && (
        <>
          <p role="status" className="status-line">
            {finished} of {states.size} finished: {counts.done} done, {counts.failed} failed, {counts.cancelled} cancelled
            {running ? '…' : '.'}
          </p>
          <progress max={states.size} value={finished} aria-label="Quick takes progress" />
        </>
      )}
      {result?.stoppedBy && (
        <p role="alert" className="error">
          {result.stoppedBy.title}: {result.stoppedBy.message}
        </p>
      )}
      <ul className="batch-list">
        {papers.map((paper) => {
          const key = paperKey(paper);
          const state = states.get(key);
          return (
            <li key={key} className={`batch-entry batch-${state?.status ?? 'idle'}`}>
              <label>
                <input type="checkbox" checked={chosen.has(key)} disabled={running} onChange={() => toggle(key)} /> {paper.title}
              </label>
              {state && <span className="batch-status"> — {statusWords[state.status]}</span>}
              {state?.take && <p className="batch-verdict">{state.take.verdict}</p>}
              {state?.error && <p className="batch-error">{state.error.title}: {state.error.message}</p>}
              {state?.saveError && <p className="batch-error">Not saved: {state.saveError}</p>}
              {state?.abstractNote && <p className="batch-note">{state.abstractNote}</p>}
              {state?.status === 'done' &&
                (state.fullTake.available ? (
                  <SeenButton className="link-button" onPress={() => onOpenFull(state.paper)}>
                    Full take on “{paper.title}”
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
