/**
 * A write that did not land: storage full, a failed write, or a take the library refuses to hold. The UI shows
 * `userMessage` and keeps the take on screen; nothing is retried silently.
 */
export class StorageWriteError extends Error {
  override readonly name = 'StorageWriteError';
  constructor(
    readonly reason: 'quota' | 'other' | 'refused',
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
  }
}

/** An import refused as a whole; nothing was written. */
export class TakeImportError extends Error {
  override readonly name = 'TakeImportError';
  constructor(
    readonly reason: 'too-large' | 'malformed-json' | 'not-an-export' | 'newer-version',
    message: string,
  ) {
    super(message);
  }
}

/** Chrome says "QUOTA_BYTES quota exceeded" (newer: "Resource::kQuotaBytes quota exceeded"); Firefox throws QuotaExceededError. */
export function isQuotaError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /quota/i.test(text);
}

export function toStorageWriteError(error: unknown, what: string): StorageWriteError {
  if (error instanceof StorageWriteError) return error;
  if (isQuotaError(error)) {
    return new StorageWriteError(
      'quota',
      `Could not save ${what}: the browser's storage for this extension is full. Export and delete old takes in the library, then save again.`,
      { cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageWriteError('other', `Could not save ${what}: ${detail}`, { cause: error });
}
