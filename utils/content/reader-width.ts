/**
 * The sidebar's width on this page against the stored width coming back from storage. A width the reader sets is
 * shown at once and sent to be stored; storage then reports every write back, each one late. Until the reader's
 * latest width comes back, an earlier one that does (the drag's end, echoed after the arrow key that followed it)
 * must not undo it; once it has come back, storage leads again (another tab, the options page's reset).
 */
export interface ReaderWidth {
  /** The reader set this width here; it is on its way to storage. */
  chose(width: number): void;
  /** Storage holds `stored` (undefined: no width kept): the width to lay the sidebar out at. */
  fromStorage(stored: number | undefined): number | undefined;
}

export function followReaderWidth(): ReaderWidth {
  let chosen: number | undefined;
  return {
    chose(width) {
      chosen = width;
    },
    fromStorage(stored) {
      if (chosen === undefined) return stored;
      const shown = chosen;
      if (stored === chosen) chosen = undefined;
      return shown;
    },
  };
}
