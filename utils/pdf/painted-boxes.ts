/**
 * Where a page paints graphics: every stroked or filled path (a stroke with half its line width around it),
 * shading and image, as a box in page space, cut to the clip in force and to the page, and left out where a
 * hidden layer hides it. Figures are found as clusters of these boxes next to their captions. The walk is the one
 * the hidden-text check reads pages with (page-drawing.ts); only its marks are needed here, so no font is looked up.
 */
import type { PageBox } from './layout';
import { intersect, walkPageDrawing, type Mark } from './page-drawing';
import type { OperatorList } from './render';

export interface PaintedBox extends PageBox {
  kind: 'path' | 'image';
}

export function collectPaintedBoxes(operators: OperatorList, page: PageBox): PaintedBox[] {
  const drawing = walkPageDrawing(operators.fnArray, operators.argsArray, [page.left, page.bottom, page.right, page.top], {
    font: () => undefined,
    isLayerVisible: () => true,
  });
  return paintedBoxesOf(drawing.marks, page);
}

/** The marks of a page walk, cut to the page: the page readers give the hidden-text scan's marks to the figure search this way. */
export function paintedBoxesOf(marks: readonly Mark[], page: PageBox): PaintedBox[] {
  const view: [number, number, number, number] = [page.left, page.bottom, page.right, page.top];
  return marks.flatMap(({ kind, box }) => {
    // Content drawn off the page is not on it.
    const [left, bottom, right, top] = intersect(box, view) ?? [];
    return left === undefined || bottom === undefined || right === undefined || top === undefined ? [] : [{ left, bottom, right, top, kind: kind === 'image' ? ('image' as const) : ('path' as const) }];
  });
}
