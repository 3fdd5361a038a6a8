import { useEffect, useState } from 'react';
import { browser } from '#imports';
import { SeenButton } from '@/components/common/SeenButton';
import type { ShownError } from '@/utils/store/take-store';

/**
 * What went wrong and what to do: the error's own action decides the button (Settings, Retry, a countdown to the
 * moment a retry makes sense, or a trimmed paper). The parent keys it per attempt, so each error counts down anew.
 * A button whose handler the parent does not offer (follow-ups cannot trim the paper) falls back to Retry.
 */
export function ErrorNotice({ error, onRetry, onSendTrimmed }: { error: ShownError; onRetry?(): void; onSendTrimmed?(): void }) {
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

  const action = error.action === 'send-trimmed-paper' && !onSendTrimmed ? 'retry' : error.action;
  return (
    <div role="alert" className="error" data-error-kind={error.kind}>
      <strong>{error.title}</strong>
      <p>{error.message}</p>
      {error.partialKept && <p>The part of the answer that arrived is kept below.</p>}
      {error.detail && <p className="error-detail">The server said: {error.detail}</p>}
      <div className="take-actions">
        {action === 'open-settings' && (
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            Open settings
          </button>
        )}
        {action === 'send-trimmed-paper' && onSendTrimmed && <SeenButton onPress={onSendTrimmed}>Send a trimmed paper</SeenButton>}
        {(action === 'retry' || action === 'retry-after-countdown') && onRetry && (
          <SeenButton onPress={onRetry} disabled={secondsLeft > 0}>
            {secondsLeft > 0 ? `Retry in ${secondsLeft} s` : 'Retry'}
          </SeenButton>
        )}
      </div>
    </div>
  );
}
