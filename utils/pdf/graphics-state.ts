/**
 * The walk every reading of a page's operator list shares: the graphics-state stack (save and restore), the
 * current transform, and form XObjects, which draw inside their own saved state. Each other operator goes to the
 * visitor with the state in force, which the visitor may change (a colour, a clip): changes last until the
 * enclosing restore, as in PDF.
 */
import type { OperatorList } from './hidden-text';
import { asMatrix, multiply, type Matrix } from './matrix';
import { OPS } from './pdfjs';

export interface WalkedState {
  ctm: Matrix;
}

export interface WalkHooks<S> {
  /** After a restore: state the visitor keeps outside the stack may need resetting. */
  restored?(): void;
  /** A form begins, its transform applied: `bbox` is the form's bounding box in its own space. */
  formBegun?(state: S, bbox: ArrayLike<number> | undefined): void;
}

export function walkOperators<S extends WalkedState>(
  operators: OperatorList,
  initial: S,
  visit: (fn: number, args: unknown[] | null, state: S) => void,
  hooks: WalkHooks<S> = {},
): void {
  let state = initial;
  const stack: S[] = [];
  const { fnArray, argsArray } = operators;
  for (let index = 0; index < fnArray.length; index++) {
    const fn = fnArray[index];
    const args = argsArray[index] as unknown[] | null;
    switch (fn) {
      case undefined:
        break;
      case OPS.save:
        stack.push(state);
        state = { ...state };
        break;
      case OPS.restore:
        state = stack.pop() ?? state;
        hooks.restored?.();
        break;
      case OPS.transform: {
        const matrix = asMatrix(args);
        if (matrix) state.ctm = multiply(matrix, state.ctm);
        break;
      }
      case OPS.paintFormXObjectBegin: {
        stack.push(state);
        const matrix = asMatrix(args?.[0]);
        state = { ...state, ctm: matrix ? multiply(matrix, state.ctm) : state.ctm };
        hooks.formBegun?.(state, (args?.[1] as ArrayLike<number> | null | undefined) ?? undefined);
        break;
      }
      case OPS.paintFormXObjectEnd:
        state = stack.pop() ?? state;
        break;
      default:
        visit(fn, args, state);
    }
  }
}
