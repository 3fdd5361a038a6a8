import { storage } from '#imports';
import type { PaperRef } from '@/utils/sites/types';

/**
 * The paper selected in each tab, written by the background only. Session storage is limited to trusted
 * contexts by default, so the page and the content script cannot read or forge it; it survives the service
 * worker being stopped and is forgotten when the browser quits.
 */
function selectionKey(tabId: number) {
  return `session:selectedPaper:${tabId}` as const;
}

/** The entries of a listing page offered for a quick-take batch. */
export interface BatchSelection {
  papers: PaperRef[];
  pageTitle: string;
}

/** A launcher selects one paper; the listing's quick-take button selects a batch instead. */
export interface Selection {
  paper?: PaperRef;
  batch?: BatchSelection;
  /** A launcher click asks for a take at once; the sidebar consumes the request so a reload does not spend tokens again. */
  startRequested: boolean;
  /** Distinguishes two clicks on the same paper. */
  selectedAt: number;
  /** A model chosen for this paper in the library ("Re-run with"). */
  model?: string;
}

export function setSelection(tabId: number, selection: Selection): Promise<void> {
  return storage.setItem(selectionKey(tabId), selection);
}

export function getSelection(tabId: number): Promise<Selection | null> {
  return storage.getItem<Selection>(selectionKey(tabId));
}

export function clearSelectedPaper(tabId: number): Promise<void> {
  return storage.removeItem(selectionKey(tabId));
}

export function watchSelection(tabId: number, onChange: (selection: Selection | null) => void): () => void {
  return storage.watch<Selection>(selectionKey(tabId), (selection) => onChange(selection));
}
