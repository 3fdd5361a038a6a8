import { describe, expect, it } from 'vitest';
import { escapeTextDollars, isTypesettable, maxMathBraceDepth, maxMathLength } from '@/utils/take/math';

describe('escapeTextDollars', () => {
  it.each([
    ['It costs $5 and $10 per hour.', 'It costs \\$5 and \\$10 per hour.'],
    ['A $1.5M grant and a $2M one, $3bn in all.', 'A \\$1.5M grant and a \\$2M one, \\$3bn in all.'],
    ['$5 for $O(n)$ work', '\\$5 for $O(n)$ work'],
    ['Sorting is $O(n \\log n)$; $x$ and $y$.', 'Sorting is $O(n \\log n)$; $x$ and $y$.'],
    ['$10^6$ requests', '$10^6$ requests'],
    ['a lone $ sign and $ spaced $', 'a lone \\$ sign and \\$ spaced \\$'],
    ['$a$5 is not closed by a $ before a digit', '\\$a\\$5 is not closed by a \\$ before a digit'],
    ['$$\n\\sum_i x_i\n$$\ncosts $5', '$$\n\\sum_i x_i\n$$\ncosts \\$5'],
    ['code `$5 and $x$` and\n```\n$9 $y$\n```\n', 'code `$5 and $x$` and\n```\n$9 $y$\n```\n'],
    ['already \\$5 escaped', 'already \\$5 escaped'],
    ['math does not cross paragraphs: $a\n\nb$', 'math does not cross paragraphs: \\$a\n\nb\\$'],
  ])('%j', (markdown, escaped) => {
    expect(escapeTextDollars(markdown)).toBe(escaped);
  });

  it('takes linear time on a page of prices (bounded look-ahead), by the work it does, not the clock', () => {
    const prices = 'They quote $a $b $c '.repeat(20_000);
    expect(escapeTextDollars(prices)).toBe('They quote \\$a \\$b \\$c '.repeat(20_000));
  });
});

describe('isTypesettable', () => {
  it('typesets honest formulas, and shows as code what is too long or too deep', () => {
    expect(isTypesettable('\\frac{1}{1 + e^{-x}}')).toBe(true);
    expect(isTypesettable('x'.repeat(maxMathLength))).toBe(true);
    expect(isTypesettable('x'.repeat(maxMathLength + 1))).toBe(false);
    expect(isTypesettable(`${'{'.repeat(maxMathBraceDepth)}x${'}'.repeat(maxMathBraceDepth)}`)).toBe(true);
    expect(isTypesettable(`${'{'.repeat(maxMathBraceDepth + 1)}x${'}'.repeat(maxMathBraceDepth + 1)}`)).toBe(false);
    // Escaped braces are characters, not groups.
    expect(isTypesettable('\\{'.repeat(50))).toBe(true);
  });
});
