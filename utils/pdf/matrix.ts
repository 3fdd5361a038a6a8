/**
 * Affine transforms of PDF space (PDF 32000 §8.3.3), as operator lists carry them: [a, b, c, d, e, f].
 * Shared by every walk over a page's operators (hidden text, figure regions).
 */
import type { PageBox } from './layout';

export type Matrix = [number, number, number, number, number, number];

export const identityMatrix: Matrix = [1, 0, 0, 1, 0, 0];

/** m then n: a point is transformed by m first. */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/** The upright box around a box's four corners once transformed. */
export function transformBox(m: Matrix, x0: number, y0: number, x1: number, y1: number): PageBox {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [[x0, y0], [x0, y1], [x1, y0], [x1, y1]] as const) {
    xs.push(m[0] * x + m[2] * y + m[4]);
    ys.push(m[1] * x + m[3] * y + m[5]);
  }
  return { left: Math.min(...xs), bottom: Math.min(...ys), right: Math.max(...xs), top: Math.max(...ys) };
}

/** An operator argument read as a matrix, whether pdf.js passed an array or a typed array. */
export function asMatrix(value: unknown): Matrix | undefined {
  if (value && typeof value === 'object' && 'length' in value) {
    const numbers = Array.from(value as ArrayLike<number>).slice(0, 6);
    if (numbers.length === 6 && numbers.every((n) => typeof n === 'number')) {
      return numbers as Matrix;
    }
  }
  return undefined;
}
