import { describeEstimate, describePhase, type TakeState } from '@/utils/store/take-store';

/** What the take is doing now, with a progress bar while the PDF downloads and is read. */
export function TakeStatus({ state }: { state: TakeState }) {
  const line = describePhase(state);
  const downloadPercent =
    state.phase === 'fetching' && state.download?.total ? Math.round((100 * state.download.loaded) / state.download.total) : undefined;
  const readPercent = state.phase === 'reading' && state.pages ? Math.round((100 * state.pages.read) / state.pages.total) : undefined;
  const figurePercent = state.phase === 'figures' && state.figureProgress ? Math.round((100 * state.figureProgress.done) / state.figureProgress.total) : undefined;
  const percent = downloadPercent ?? readPercent ?? figurePercent;
  return (
    <div className="take-status">
      <p role="status" aria-live="polite" className="status-line">
        {line}
      </p>
      {percent !== undefined && (
        <progress max={100} value={percent} aria-label={state.phase === 'fetching' ? 'Download progress' : state.phase === 'figures' ? 'Figure progress' : 'Reading progress'} />
      )}
      {state.estimate && (
        <p className="take-estimate" data-testid="take-estimate">
          {describeEstimate(state.estimate)}
        </p>
      )}
      {state.notice && (
        <p role="note" className="notice take-notice">
          {state.notice}
        </p>
      )}
    </div>
  );
}
