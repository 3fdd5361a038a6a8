/**
 * The API key's own IndexedDB database, in the extension's origin. Content scripts run with the page's origin, so
 * their `indexedDB` is the page's and never this one; extension storage, by contrast, is readable by content
 * scripts on Firefox (no `setAccessLevel` for `local` there). Only the background opens this database: an
 * extension frame inside a web page may be refused IndexedDB altogether (Chromium treats it as third-party).
 */

export const keyDatabaseName = 'shedders-take-secrets';
const storeName = 'secrets';
const apiKeyRecord = 'apiKey';

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function openDatabase(): Promise<IDBDatabase> {
  const request = indexedDB.open(keyDatabaseName, 1);
  request.onupgradeneeded = () => request.result.createObjectStore(storeName);
  return requestResult(request);
}

/** Runs one request in its own transaction and resolves only once the transaction has committed. */
async function inTransaction<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const database = await openDatabase();
  try {
    const transaction = database.transaction(storeName, mode);
    const result = requestResult(use(transaction.objectStore(storeName)));
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    return await result;
  } finally {
    database.close();
  }
}

export async function readKeyRecord(): Promise<string | undefined> {
  const value: unknown = await inTransaction('readonly', (store) => store.get(apiKeyRecord));
  return typeof value === 'string' ? value : undefined;
}

export async function writeKeyRecord(value: string): Promise<void> {
  await inTransaction('readwrite', (store) => store.put(value, apiKeyRecord));
}

export async function deleteKeyRecord(): Promise<void> {
  await inTransaction('readwrite', (store) => store.delete(apiKeyRecord));
}
