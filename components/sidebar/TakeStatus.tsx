import type { TakeState } from '@/utils/store/take-store';

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

/** The one-line answer to "what is it doing now?", announced politely to screen readers. */
export function describePhase(state: Pick<TakeState, 'phase' | 'download' | 'pages' | 'readingSummary'>): string {
  switch (state.phase) {
    case 'idle':
      return '';
    case 'fetching': {
      const { download } = state;
      if (!download) return 'Fetching the PDF…';
      return download.total
        ? `Fetching the PDF… ${megabytes(download.loaded)} of ${megabytes(download.total)} MB`
        : `Fetching the PDF… ${megabytes(download.loaded)} MB`;
    }
    case 'reading':
      return state.pages ? `Reading the paper… page ${state.pages.read} of ${state.pages.total}` : 'Reading the paper…';
    case 'prompting':
      return 'Preparing the prompt…';
    case 'waiting':
      return 'Waiting for the model…';
    case 'writing':
      return 'Writing…';
    case 'checking':
      return 'Checking the quotes against the paper…';
    case 'done':
      return 'Done.';
    case 'stopped':
      return 'Stopped. What arrived so far is kept.';
    case 'failed':
      return 'Stopped by an error.';
  }
}

export function TakeStatus({ state }: { state: TakeState }) {
  const line = describePhase(state);
  const downloadPercent =
    state.phase === 'fetching' && state.download?.total ? Math.round((100 * state.download.loaded) / state.download.total) : undefined;
  const readPercent = state.phase === 'reading' && state.pages ? Math.round((100 * state.pages.read) / state.pages.total) : undefined;
  const percent = downloadPercent ?? readPercent;
  return (
    <div className="take-status">
      <p role="status" aria-live="polite" className="status-line">
        {line}
      </p>
      {percent !== undefined && (
        <progress max={100} value={percent} aria-label={state.phase === 'fetching' ? 'Download progress' : 'Reading progress'} />
      )}
      {state.readingSummary && state.phase !== 'fetching' && state.phase !== 'reading' && (
        <p className="reading-summary" data-testid="reading-summary">
          {state.readingSummary}
        </p>
      )}
    </div>
  );
}
