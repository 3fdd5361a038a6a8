import { useEffect, useState } from 'react';
import { browser } from '#imports';
import type { ShownError } from '@/utils/store/take-store';

const settingsKinds = new Set(['no-key', 'bad-key', 'unknown-model', 'forbidden']);

/**
 * What went wrong and what to do; a rate limit counts down to the moment a retry makes sense.
 * The parent keys it per attempt, so each error starts its own countdown.
 */
export function ErrorNotice({ error, onRetry, onSendTrimmed }: { error: ShownError; onRetry(): void; onSendTrimmed(): void }) {
  const [secondsLeft, setSecondsLeft] = useState(error.retryAfterSeconds ?? 0);

  useEffect(() => {
    if (!error.retryAfterSeconds) return;
    const timer = setInterval(() => setSecondsLeft((seconds) => Math.max(0, seconds - 1)), 1000);
    return () => clearInterval(timer);
  }, [error]);

  if (error.kind === 'aborted') {
    return (
      <p role="status" className="notice">
        Stopped. {error.partialKept ? 'What arrived so far is kept below.' : ''}
      </p>
    );
  }

  return (
    <div role="alert" className="error" data-error-kind={error.kind}>
      <strong>{error.title}</strong>
      <p>{error.message}</p>
      {error.partialKept && <p>The part of the take that arrived is kept below.</p>}
      {error.detail && <p className="error-detail">The server said: {error.detail}</p>}
      <div className="take-actions">
        {settingsKinds.has(error.kind) && (
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            Open settings
          </button>
        )}
        {error.kind === 'context-too-long' && (
          <button type="button" onClick={onSendTrimmed}>
            Send a trimmed paper
          </button>
        )}
        {error.retryable && error.kind !== 'context-too-long' && (
          <button type="button" onClick={onRetry} disabled={secondsLeft > 0}>
            {secondsLeft > 0 ? `Retry in ${secondsLeft} s` : 'Retry'}
          </button>
        )}
      </div>
    </div>
  );
}
