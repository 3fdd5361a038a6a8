/**
 * Where a page paints graphics: every stroked or filled path and every image, as a box in page space, cut to the
 * clip in force. Figures are found as clusters of these boxes next to their captions. Pure: reads an operator list.
 */
import type { OperatorList } from './hidden-text';
import type { PageBox } from './layout';
import { walkOperators } from './graphics-state';
import { identityMatrix, transformBox, type Matrix } from './matrix';
import { OPS, imagePaintOps } from './pdfjs';

export interface PaintedBox extends PageBox {
  kind: 'path' | 'image';
}

interface PaintState {
  ctm: Matrix;
  clip: PageBox | undefined;
}

const paintingPathOps = new Set<number>([
  OPS.stroke,
  OPS.closeStroke,
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);


/** A clip nothing can be painted through. */
const nowhere: PageBox = { left: Infinity, bottom: Infinity, right: -Infinity, top: -Infinity };

function intersect(box: PageBox, clip: PageBox | undefined): PageBox | undefined {
  if (!clip) return box;
  const cut = { left: Math.max(box.left, clip.left), bottom: Math.max(box.bottom, clip.bottom), right: Math.min(box.right, clip.right), top: Math.min(box.top, clip.top) };
  // A hairline has no width or no height, so only a negative extent means the two do not meet.
  return cut.right >= cut.left && cut.top >= cut.bottom ? cut : undefined;
}

/** The four numbers pdf.js puts after a path's segments: its extent in the path's own space. */
function pathExtent(args: unknown[] | null): PageBox | undefined {
  const minMax = args?.[2] as ArrayLike<number> | undefined;
  if (!minMax || minMax.length !== 4) return undefined;
  const [x0, y0, x1, y1] = [minMax[0]!, minMax[1]!, minMax[2]!, minMax[3]!];
  return [x0, y0, x1, y1].every(Number.isFinite) && x1 >= x0 && y1 >= y0 ? { left: x0, bottom: y0, right: x1, top: y1 } : undefined;
}

/**
 * Painted boxes in paint order. The page box cuts everything (content drawn off the page is not on it). A `clip`
 * operator applies to the path that follows it, which pdf.js emits as a path painted with `endPath`.
 */
export function collectPaintedBoxes(operators: OperatorList, page: PageBox): PaintedBox[] {
  let clipsNextPath = false;
  const boxes: PaintedBox[] = [];
  const add = (box: PageBox, clip: PageBox | undefined, kind: PaintedBox['kind']) => {
    const cut = intersect(box, clip);
    if (cut) boxes.push({ ...cut, kind });
  };
  const initial: PaintState = { ctm: identityMatrix, clip: page };
  walkOperators(
    operators,
    initial,
    (fn, args, state) => {
      switch (fn) {
        case OPS.clip:
        case OPS.eoClip:
          clipsNextPath = true;
          break;
        case OPS.constructPath: {
          const extent = pathExtent(args);
          const paintOp = args?.[0];
          if (extent) {
            const box = transformBox(state.ctm, extent.left, extent.bottom, extent.right, extent.top);
            if (typeof paintOp === 'number' && paintingPathOps.has(paintOp)) add(box, state.clip, 'path');
            if (clipsNextPath) state.clip = intersect(box, state.clip) ?? nowhere;
          }
          clipsNextPath = false;
          break;
        }
        case OPS.shadingFill:
          // A shading fills the whole clip area.
          if (state.clip) add(state.clip, state.clip, 'path');
          break;
        default:
          if (imagePaintOps.has(fn)) add(transformBox(state.ctm, 0, 0, 1, 1), state.clip, 'image');
      }
    },
    {
      formBegun(state, bbox) {
        if (bbox && bbox.length === 4) {
          // A form draws only inside its bounding box.
          state.clip = intersect(transformBox(state.ctm, bbox[0]!, bbox[1]!, bbox[2]!, bbox[3]!), state.clip) ?? nowhere;
        }
      },
    },
  );
  return boxes;
}
