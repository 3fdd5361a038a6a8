/**
 * Async work that must not interleave (a read of a stored record, then a write of it changed): each piece starts once
 * the one asked for before it has settled, whether it succeeded or failed.
 */
export function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const done = last.then(work, work);
    last = done.catch(() => undefined);
    return done;
  };
}
