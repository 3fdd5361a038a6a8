/**
 * Where a page paints graphics: every stroked or filled path (a stroke with half its line width around it),
 * shading and image, as a box in page space, cut to the clip in force and to the page, and left out where a
 * hidden layer hides it. Figures are found as clusters of these boxes next to their captions. They are the marks of
 * the walk the hidden-text check reads each page with (page-drawing.ts), so the page is read once for both.
 */
import type { PageBox } from './layout';
import { intersect, type Mark } from './page-drawing';

export interface PaintedBox extends PageBox {
  kind: 'path' | 'image';
}

/** The marks of a page walk, cut to the page. */
export function paintedBoxesOf(marks: readonly Mark[], page: PageBox): PaintedBox[] {
  const view: [number, number, number, number] = [page.left, page.bottom, page.right, page.top];
  return marks.flatMap(({ kind, box }) => {
    // Content drawn off the page is not on it.
    const [left, bottom, right, top] = intersect(box, view) ?? [];
    return left === undefined || bottom === undefined || right === undefined || top === undefined ? [] : [{ left, bottom, right, top, kind: kind === 'image' ? ('image' as const) : ('path' as const) }];
  });
}
