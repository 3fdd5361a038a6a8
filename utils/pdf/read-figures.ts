/**
 * The figure search: detection (figures.ts, pure) over the pages the text extraction read. Their runs are the
 * visible text only, so a caption never carries text a reader cannot see (a hidden instruction set as a caption's
 * last line would otherwise go to the model with the figure), and their painted boxes come from the same page walk
 * as the hidden-text check: the PDF is read once for both.
 */
import { extractPaper, type ExtractOptions } from './extract';
import { detectFigures, type DetectFiguresOptions, type FigureDetection } from './figures';

export type FindFiguresOptions = Pick<DetectFiguresOptions, 'sections'> & Pick<ExtractOptions, 'signal' | 'readers'>;

/** Reads the PDF (hidden-text check included) and searches its pages: for a paper whose text came from the cache. */
export async function findFigures(bytes: Uint8Array, options: FindFiguresOptions = {}): Promise<FigureDetection> {
  const paper = await extractPaper(bytes, { ...(options.signal ? { signal: options.signal } : {}), ...(options.readers ? { readers: options.readers } : {}) });
  return detectFigures(paper.figurePages ?? [], { sections: options.sections ?? paper.sections });
}
