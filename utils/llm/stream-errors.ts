/** Failures the SDK does not have a class for. Plain Error subclasses: classified by instanceof in take-error.ts. */

/** The provider needs a key and the settings have none. Raised before any request leaves. */
export class MissingApiKeyError extends Error {
  override readonly name = 'MissingApiKeyError';
  constructor() {
    super('no API key is set for this provider');
  }
}

/**
 * The background could not hand the saved key over (its database would not open, or the extension was reloaded
 * under the page). Raised before any request leaves: without the key nothing can be sent.
 */
export class ApiKeyUnreadableError extends Error {
  override readonly name = 'ApiKeyUnreadableError';
  constructor(readonly reason: string) {
    super(`the API key could not be read: ${reason}`);
  }
}

/** The stream ended (connection closed, [DONE] sent) without a finish_reason: the answer is incomplete. */
export class StreamCutError extends Error {
  override readonly name = 'StreamCutError';
  constructor(readonly partialText: string) {
    super('the model stream ended before the answer was finished');
  }
}

/** No chunk arrived for too long after the stream started, so the client gave up on it. */
export class StreamStalledError extends Error {
  override readonly name = 'StreamStalledError';
  constructor(
    readonly partialText: string,
    readonly idleSeconds: number,
  ) {
    super(`the model sent nothing for ${idleSeconds} s`);
  }
}

/** An error (HTTP, SSE error event, malformed chunk, dropped connection) after some of the answer had arrived. */
export class StreamInterruptedError extends Error {
  override readonly name = 'StreamInterruptedError';
  constructor(
    override readonly cause: unknown,
    readonly partialText: string,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}
