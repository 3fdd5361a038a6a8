/**
 * Math in takes and follow-ups: "$O(n \log n)$" inline and "$$…$$" on its own lines, typeset by KaTeX. Model output
 * is untrusted, so KaTeX runs with `trust: false` (no \href, \url, \includegraphics, \htmlClass and the like: they
 * show as inert red text), sizes capped, macro expansion bounded; and math too long, too deeply nested or asking for
 * sizes too large to be an honest formula is shown as code instead of typeset. Dollar signs that are prices ("$5 and $10") stay text.
 */
import type { KatexOptions } from 'katex';

export const katexOptions: KatexOptions = {
  trust: false,
  // A typo in a formula shows the formula in red; it never throws or stops the rest of the take.
  throwOnError: false,
  strict: 'ignore',
  // User-given sizes (\rule, \kern, \hspace) are capped at this many ems: nothing can cover the sidebar.
  maxSize: 5,
  // Macro expansions per formula: \def\a{\a\a}\a stops here with an error, instead of growing without end.
  maxExpand: 200,
  // MathML beside the HTML, for screen readers.
  output: 'htmlAndMathml',
};

/** An honest formula in a take is a line or two; these bounds leave room for a displayed matrix. */
export const maxMathLength = 2_000;
export const maxMathBraceDepth = 12;

function braceDepth(tex: string): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < tex.length; index++) {
    const char = tex[index];
    if (char === '\\') {
      index++;
    } else if (char === '{') {
      deepest = Math.max(deepest, ++depth);
    } else if (char === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

/** TeX units in ems, roughly (10 pt type): enough to tell a kern of a few ems from one across the sidebar. */
const emsPerUnit: Record<string, number> = { em: 1, ex: 0.43, mu: 1 / 18, pt: 0.1, bp: 0.1, dd: 0.107, pc: 1.2, cc: 1.28, mm: 0.285, cm: 2.85, in: 7.23, px: 0.1, sp: 0.1 / 65536 };
const dimension = /(-?\d*\.?\d+)\s*(em|ex|mu|pt|bp|dd|pc|cc|mm|cm|in|px|sp)(?![a-z])/g;

/** The largest size the formula asks for, in ems. KaTeX caps \rule at maxSize, but not kerns and spaces. */
function largestDimension(tex: string): number {
  let largest = 0;
  for (const [, number = '0', unit = 'em'] of tex.matchAll(dimension)) {
    largest = Math.max(largest, Math.abs(Number(number)) * (emsPerUnit[unit] ?? 1));
  }
  return largest;
}

/** Whether a formula is typeset; otherwise it is shown as code, every character kept. */
export function isTypesettable(tex: string): boolean {
  return tex.length <= maxMathLength && braceDepth(tex) <= maxMathBraceDepth && largestDimension(tex) <= (katexOptions.maxSize ?? 0);
}

interface MathTreeNode {
  type: string;
  value?: string;
  lang?: string | null;
  meta?: string | null;
  data?: unknown;
  children?: MathTreeNode[];
}

/**
 * A remark plugin, run after remark-math: math past the bounds becomes inline code or a code block, which
 * rehype-katex leaves alone. Walks with a stack: the tree's depth is already capped by limitNesting.
 */
export function limitMath() {
  return (tree: MathTreeNode) => {
    const stack: MathTreeNode[] = [tree];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if ((node.type === 'inlineMath' || node.type === 'math') && !isTypesettable(node.value ?? '')) {
        node.type = node.type === 'math' ? 'code' : 'inlineCode';
        // remark-math's data carries the hast node it would become; without it the code renders as code.
        delete node.data;
        if (node.type === 'code') {
          node.lang = null;
          node.meta = null;
        }
      }
      stack.push(...(node.children ?? []));
    }
  };
}

/** "$5", "$1.5M", "$2,000", "$3bn" followed by a space, punctuation or the end: a price, not the start of math. */
const price = /^\$\d[\d,.]*(?:[kKmMbB]|bn)?(?=[\s.,;:!?)\]]|$)/;

/**
 * Escapes every "$" that does not open or close inline math by Pandoc's rule (an opening "$" has a non-space after
 * it, a closing one a non-space before it and no digit after it), and every "$" that starts a price. Code spans,
 * fenced code and "$$" are left as they are.
 */
export function escapeTextDollars(markdown: string): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let index = 0;
  const keep = (end: number) => {
    index = end;
  };
  while (index < markdown.length) {
    const char = markdown[index];
    const startsLine = index === 0 || markdown[index - 1] === '\n';
    if (startsLine && (char === '`' || char === '~')) {
      const fence = /^(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n\1[^\n]*(?=\n|$)|$)/.exec(markdown.slice(index, index + 200_000));
      if (fence) {
        keep(index + fence[0].length);
        continue;
      }
    }
    if (char === '`') {
      let ticks = 1;
      while (markdown[index + ticks] === '`') ticks++;
      const close = markdown.indexOf('`'.repeat(ticks), index + ticks);
      keep(close === -1 ? index + ticks : close + ticks);
    } else if (char === '\\') {
      keep(index + 2);
    } else if (char !== '$') {
      keep(index + 1);
    } else if (markdown[index + 1] === '$') {
      const close = markdown.indexOf('$$', index + 2);
      keep(close === -1 ? index + 2 : close + 2);
    } else {
      const isPrice = price.test(markdown.slice(index, index + 40));
      const closing = isPrice || /\s/.test(markdown[index + 1] ?? ' ') ? -1 : findClosingDollar(markdown, index + 1);
      if (closing === -1) {
        parts.push(markdown.slice(copiedUpTo, index), '\\$');
        copiedUpTo = index + 1;
        keep(index + 1);
      } else {
        keep(closing + 1);
      }
    }
  }
  parts.push(markdown.slice(copiedUpTo));
  return parts.join('');
}

/** Looks no further than a typesettable formula's length, so a page of prices costs linear time. */
function findClosingDollar(markdown: string, from: number): number {
  const end = Math.min(markdown.length, from + maxMathLength + 1);
  for (let index = from; index < end; index++) {
    const char = markdown[index];
    if (char === '\\') {
      index++;
      continue;
    }
    // Inline math stays within its paragraph.
    if (char === '\n' && markdown[index + 1] === '\n') return -1;
    if (char === '$' && markdown[index + 1] !== '$' && !/\s/.test(markdown[index - 1] ?? ' ') && !/\d/.test(markdown[index + 1] ?? '')) {
      return index;
    }
  }
  return -1;
}
