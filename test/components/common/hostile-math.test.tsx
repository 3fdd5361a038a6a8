/** @vitest-environment happy-dom */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import { katexOptions } from '@/utils/take/math';

/**
 * Math from a hostile model renders inert: KaTeX output only (spans, MathML, SVG strokes), no links, images, ids
 * or classes of the model's choosing, sizes within bounds, and no formula that expands or nests without end.
 * Every check reads the rendered structure; none times anything.
 */

afterEach(cleanup);

const rendered = (markdown: string) => render(<TakeMarkdown markdown={markdown} />).container;

/** What KaTeX writes into style attributes: sizes, offsets and colours. */
const katexStyleProperties = new Set(['height', 'vertical-align', 'margin-right', 'margin-left', 'width', 'top', 'bottom', 'min-width', 'padding-left', 'border-right-width', 'border-top-width', 'border-bottom-width', 'color', 'position', 'left', 'margin-top', 'padding-right']);

/** Problems in rendered math: an empty list means it is inert and bounded. */
function mathProblems(container: Element): string[] {
  const problems: string[] = [];
  for (const element of container.querySelectorAll('a, img, iframe, script, style, link, object, embed, input, form, button, [href], [src], [id], [data-x]')) {
    problems.push(`element ${element.outerHTML.slice(0, 100)}`);
  }
  for (const element of container.querySelectorAll('math, svg')) {
    if (!element.closest('.katex')) problems.push(`${element.tagName} outside KaTeX output`);
  }
  for (const element of container.querySelectorAll('[style]')) {
    if (!element.closest('.katex, .katex-error')) problems.push(`style outside KaTeX output: ${element.getAttribute('style')}`);
    for (const declaration of (element.getAttribute('style') ?? '').split(';').filter((part) => part.trim())) {
      const [property = '', value = ''] = declaration.split(':').map((part) => part.trim());
      if (!katexStyleProperties.has(property)) problems.push(`style property ${property}`);
      if (/url\(|expression|javascript/i.test(value)) problems.push(`style value ${value}`);
      const em = /^(-?[\d.]+)em$/.exec(value);
      // Every size comes from KaTeX's own metrics or from the model's sizes capped at maxSize; neither reaches 4 × maxSize.
      if (em && Math.abs(Number(em[1])) > 4 * (katexOptions.maxSize ?? 0)) problems.push(`size ${property}: ${value}`);
    }
  }
  for (const element of container.querySelectorAll('[class]')) {
    for (const name of element.classList) {
      if (!/^(katex|mord|mbin|mrel|mopen|mclose|mpunct|minner|mop|base|strut|mspace|vlist|pstrut|sizing|reset-size\d+|size\d+|mtight|mathnormal|mathit|mathrm|mathbf|text|textrm|rule|frac-line|sqrt|hide-tail|svg-align|nulldelimiter|delimcenter|delimsizing|mult|op-symbol|large-op|small-op|accent|accent-body|overline|underline|enclosing|msupsub|mfrac|col-align|arraycolsep|newline|boldsymbol|amsrm|mathsf|mathtt|mathcal|mathscr|mathbb|mathfrak|textit|textbf|textsf|texttt|fontsize-ensurer|stretchy|mathdefault|cancel|fbox|boxpad|x-arrow|halfarrow|llap|rlap|clap|inner|fix|root|nobreak|allowbreak|tag|eqn-num|mtable|vertical-separator|hdashline|hline|katex-[a-z]+|op-limits|vlist-[rst]\d?|vlist-s)$/.test(name)) {
        problems.push(`class ${name}`);
      }
    }
  }
  return problems;
}

const hostileMath: [string, string][] = [
  ['\\href with a javascript: target', 'See $\\href{javascript:alert(1)}{the proof}$ now.'],
  ['\\url with a javascript: target', 'See $\\url{javascript:alert(document.cookie)}$.'],
  ['\\includegraphics of a tracker', 'Plot: $\\includegraphics[width=1em]{https://tracker.example/pixel.png}$'],
  ['HTML extensions', '$\\htmlClass{options-page}{x} \\htmlId{api-key}{y} \\htmlStyle{position:fixed;inset:0;background:red}{z} \\htmlData{x=1}{w}$'],
  ['colour injection', '$\\color{red;background:url(https://tracker.example/x)}{x}$ and $\\textcolor{#f00}{y}$'],
  ['huge sizes', '$$\n\\rule{100000em}{100000em}\\kern{-10000em}\\hspace{10000em}\\Huge\\mathrm{X}\n$$'],
  ['an exponential macro', '$\\def\\a{\\a\\a}\\a$ and $\\def\\b#1{#1#1#1#1}\\b{\\b{\\b{\\b{\\b{\\b{\\b{x}}}}}}}$'],
  ['a recursive \\newcommand', '$$\n\\newcommand{\\loop}{\\loop\\loop}\\loop\n$$'],
];

describe('hostile math renders inert and bounded', () => {
  it.each(hostileMath)('%s', (_name, markdown) => {
    const container = rendered(markdown);
    expect(mathProblems(container)).toEqual([]);
    // The formula is still there to read: typeset, as KaTeX's red error text, or as code.
    expect(container.querySelector('.katex, .katex-error, code')).not.toBeNull();
    expect(container.querySelectorAll('*').length).toBeLessThan(2_000);
  });

  it('the check itself finds what KaTeX would write if it trusted the model', () => {
    const container = document.createElement('div');
    container.innerHTML = '<span class="katex"><a href="javascript:alert(1)">x</a><span class="enclosing" style="position:fixed;background:url(https://t.example/x);height:9000em">y</span><img src="https://t.example/p.png"></span>';
    expect(mathProblems(container)).toEqual([
      'element <a href="javascript:alert(1)">x</a>',
      'element <img src="https://t.example/p.png">',
      'style property background',
      'style value url(https',
      'size height: 9000em',
    ]);
  });

  it('shows deeply nested math as text or code, every character kept, and renders nothing deep', () => {
    const deep = `${'{'.repeat(5_000)}x${'}'.repeat(5_000)}`;
    const container = rendered(`Before $${deep}$ after, and\n\n$$\n${deep}\n$$\n\nthe end.`);
    expect(container.querySelector('.katex')).toBeNull();
    expect(container.querySelector('pre code')?.textContent?.trim()).toBe(deep);
    expect(container.querySelector('p')?.textContent).toBe(`Before $${deep}$ after, and`);
    expect(container.querySelectorAll('*').length).toBeLessThan(20);
    expect(container.textContent).toContain('the end.');
  });

  it('shows kerns and spaces larger than the size cap as code (KaTeX caps \\rule, not them)', () => {
    const container = rendered('$$\n\\kern{-2in}\\text{over the sidebar}\n$$\n\n$a\\hspace{3em}b$');
    expect(container.querySelector('pre code')?.textContent?.trim()).toBe('\\kern{-2in}\\text{over the sidebar}');
    expect(container.querySelector('p .katex')).not.toBeNull();
  });

  it('shows a formula too long to be honest as code', () => {
    const long = Array.from({ length: 600 }, (_, index) => `x_{${index}}`).join(' + ');
    const container = rendered(`$$\n${long}\n$$`);
    expect(container.querySelector('.katex')).toBeNull();
    expect(container.querySelector('pre code')?.textContent?.trim()).toBe(long);
  });
});

describe('math in a take', () => {
  it('typesets inline and display math with KaTeX, MathML beside it for screen readers', () => {
    const container = rendered('## The Core Mechanism\n\nSorting costs $O(n \\log n)$ per batch.\n\n$$\n\\sum_{i=1}^{n} t_i \\le T_{\\mathrm{SLO}}\n$$\n');
    const inline = container.querySelector('p .katex');
    expect(inline?.querySelector('annotation')?.textContent).toBe('O(n \\log n)');
    expect(inline?.querySelector('.katex-html')).not.toBeNull();
    const display = container.querySelector('.katex-display .katex');
    expect(display?.querySelector('math')?.getAttribute('display')).toBe('block');
    expect(display?.querySelector('annotation')?.textContent).toBe('\\sum_{i=1}^{n} t_i \\le T_{\\mathrm{SLO}}');
    expect(mathProblems(container)).toEqual([]);
  });

  it('leaves prices as text', () => {
    const container = rendered('The testbed cost $5,000 and the cloud bill $12k a month.');
    expect(container.querySelector('.katex')).toBeNull();
    expect(container.textContent).toBe('The testbed cost $5,000 and the cloud bill $12k a month.');
  });
});
