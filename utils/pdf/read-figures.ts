/**
 * The figure search: detection (figures.ts, pure) over the pages the text extraction read. Their runs are the
 * visible text only, so a caption never carries text a reader cannot see (a hidden instruction set as a caption's
 * last line would otherwise go to the model with the figure), and their painted boxes come from the same page walk
 * as the hidden-text check: the PDF is read once for both.
 */
import { extractPaper, type ExtractOptions } from './extract';
import { detectFigures, type DetectFiguresOptions, type FigureDetection, type FigurePageInput } from './figures';

export type FigureSearch = FigureDetection & {
  pagesSearched: number;
  pageCount: number;
  /** What the reader should know about the pages the search could see ("This PDF has 352 pages; only the first 150 were read."). */
  notes: string[];
};

export interface FigurePages {
  pages: FigurePageInput[];
  pageCount: number;
  notes: string[];
}

/** Figures among pages already read: no document is opened, no page read again. */
export function searchFigurePages({ pages, pageCount, notes }: FigurePages, options: Pick<DetectFiguresOptions, 'sections'> = {}): FigureSearch {
  const detection = detectFigures(pages, { sections: options.sections });
  return { ...detection, pagesSearched: pages.length, pageCount, notes };
}

export type FindFiguresOptions = Pick<DetectFiguresOptions, 'sections'> & Pick<ExtractOptions, 'signal' | 'readers'>;

/** Reads the PDF (hidden-text check included) and searches its pages: for a paper whose text came from the cache. */
export async function findFigures(bytes: Uint8Array, options: FindFiguresOptions = {}): Promise<FigureSearch> {
  const paper = await extractPaper(bytes, { ...(options.signal ? { signal: options.signal } : {}), ...(options.readers ? { readers: options.readers } : {}) });
  return searchFigurePages({ pages: paper.figurePages ?? [], pageCount: paper.pageCount, notes: paper.notes }, { sections: options.sections ?? paper.sections });
}
