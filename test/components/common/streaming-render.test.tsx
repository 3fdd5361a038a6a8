/** @vitest-environment happy-dom */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TakeMarkdown, WholeTakeMarkdown } from '@/components/common/TakeMarkdown';
import { TakeSections } from '@/components/sidebar/TakeSections';
import { createBlockTracker, parseMarkdownTree, prepareMarkdown } from '@/utils/take/markdown-blocks';
import { headingsOf, parseTakeSections, sectionsOfBlocks, type ParsedTake } from '@/utils/take/sections';
import type { QuoteCheck } from '@/utils/storage/take-schema';
import { hostileAnswers } from '../../fixtures/hostile';
import { makeRealisticTake, seededRandom } from '../../support/realistic-takes';

/**
 * While a take streams, the sidebar renders it block by block and parses only the block being written. Whatever way
 * the answer is cut into deltas, every render must show exactly what parsing the text so far at once shows.
 */

afterEach(cleanup);

const rich = [
  '**TL;DR**: They batch requests by their *predicted* length, and call it a scheduler. It costs $5 per run, or $10 with retries.',
  '',
  '## The "No-BS" Summary',
  '',
  'The claim is a 2.3× lower p99 ($O(n \\log n)$ scheduling) on a trace "collected over one week in production" (p. 4).',
  'A second line of the same paragraph, with <b onclick="steal()">raw HTML</b> that must stay text.',
  '',
  '- tight item one',
  '- tight item two with `code $x$`',
  '  continued lazily',
  '',
  '1. a loose list',
  '',
  '2. whose items are apart',
  '',
  '   with a second paragraph',
  '',
  '## The Core Mechanism',
  '',
  '```python',
  'def schedule(queue):',
  '',
  '## not a heading, inside the fence',
  '',
  '    return sorted(queue)',
  '```',
  '',
  '$$',
  'T_{p99} = \\sum_{i=1}^{n} w_i',
  '',
  '\\frac{a}{b}',
  '$$',
  '',
  '| system | p99 (ms) |',
  '|--------|---------:|',
  '| theirs | 80 |',
  '| ours   | 35 |',
  '',
  '> "The scheduler never starves a request" (p. 6), they write.',
  '>',
  '> A quote of two paragraphs.',
  '',
  '<script>window.__pwned = 1',
  '',
  '</script> and text after it',
  '',
  '<!-- a comment',
  '',
  'over a blank line -->',
  '',
  '    indented code',
  '',
  '    more of it',
  '',
  '## The Critique',
  '',
  'Setext heading inside the critique',
  '----------------------------------',
  '',
  '**Why it got in:** the trace. **Where it is weak:** everything else.',
  '',
  '* * *',
  '',
  '- nested',
  '  - deeper',
  '    - deepest with $a_1$ and a price of $3bn.',
  '',
  '## Discussion Questions',
  '',
  '1. Would it hold with a doubled context window?',
  '2. What does "never starves" mean under a retry storm?',
  '3. Who pays the $2,000 per day?',
].join('\n');

const realistic = (index: number) => makeRealisticTake(index).markdown;

const answers: [string, string][] = [
  ['a take with fences, math, lists, tables, quotes and raw HTML', rich],
  ['the same with CRLF line endings', rich.replace(/\n/g, '\r\n')],
  ['a realistic four-part take', realistic(0)],
  ['another realistic take', realistic(3)],
  ['an unclosed code fence at the end', `${rich}\n\n\`\`\`\nstill open\n\n## not a heading\n\nstill code`],
  ['unclosed display math at the end', `${rich}\n\n$$\n\\alpha\n\n\\beta`],
  ['links with reference definitions (kept whole)', hostileAnswers().links],
  ['raw active content', hostileAnswers()['active-content']],
  ['images', hostileAnswers().images],
];

/** Where the renders fall: after random deltas, after every line, or after each line break and the character after it. */
function cuts(text: string, how: 'random' | 'lines' | 'around-breaks', seed = 1): number[] {
  const random = seededRandom(seed);
  const ends: number[] = [];
  if (how === 'random') {
    for (let end = 0; end < text.length; ) ends.push((end = Math.min(text.length, end + 1 + Math.floor(random() * 60))));
  } else {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) ends.push(...(how === 'lines' ? [at + 1] : [at + 1, at + 2]));
    ends.push(text.length);
  }
  return [...new Set(ends)].filter((end) => end > 0 && end <= text.length).sort((a, b) => a - b);
}

/** The sections as parsing the whole text at once finds them. */
function sectionsAtOnce(markdown: string): ParsedTake {
  const text = prepareMarkdown(markdown);
  return sectionsOfBlocks([{ text, summary: headingsOf(parseMarkdownTree(text).children, 0) }]);
}

function renderedAtOnce(markdown: string, quotes?: { checks: readonly QuoteCheck[] }): string {
  const { container, unmount } = render(<WholeTakeMarkdown markdown={markdown} className="reading" {...(quotes ? { quotes } : {})} />);
  const html = container.innerHTML;
  unmount();
  return html;
}

/** Each rendered section: its kind, its title, and its body's HTML. */
function shownSections(container: Element): string[][] {
  return [...container.querySelectorAll('details.take-section')].map((section) => [section.className, section.querySelector('h3')?.textContent ?? '', section.querySelector('.reading')?.outerHTML ?? '']);
}

function sectionsExpected(markdown: string, quotes?: { checks: readonly QuoteCheck[] }): string[][] {
  return sectionsAtOnce(markdown).sections.map((section) => [`take-section take-section-${section.key}`, section.heading || 'Notes', renderedAtOnce(section.body, quotes)]);
}

describe('the streamed take renders as the whole text parsed at once, after every delta', () => {
  it.each(answers)('%s: the sidebar take view, random deltas and deltas at line breaks', (_name, answer) => {
    for (const [how, seed] of [['random', 7], ['around-breaks', 1]] as const) {
      const { container, rerender, unmount } = render(<TakeSections markdown="" streaming quoteChecks={[]} />);
      for (const end of cuts(answer, how, seed)) {
        const sofar = answer.slice(0, end);
        rerender(<TakeSections markdown={sofar} streaming quoteChecks={[]} />);
        expect(shownSections(container), `${how} cut at ${end}`).toEqual(sectionsExpected(sofar));
      }
      unmount();
    }
  });

  it.each(answers)('%s: a follow-up answer (TakeMarkdown), cut after every line', (_name, answer) => {
    const { container, rerender } = render(<TakeMarkdown markdown="" className="reading" />);
    for (const end of cuts(answer, 'lines')) {
      const sofar = answer.slice(0, end);
      rerender(<TakeMarkdown markdown={sofar} className="reading" />);
      expect(container.innerHTML, `cut at ${end}`).toBe(renderedAtOnce(sofar));
    }
  });

  it('an answer of more blocks than a render group holds (TakeMarkdown), random deltas', () => {
    const answer = Array.from({ length: 100 }, (_, index) => (index % 3 === 0 ? `- item ${index}\n- and its twin` : `Paragraph ${index} costs $${index}.`)).join('\n\n');
    const { container, rerender } = render(<TakeMarkdown markdown="" className="reading" />);
    for (const end of cuts(answer, 'random', 5)) {
      const sofar = answer.slice(0, end);
      rerender(<TakeMarkdown markdown={sofar} className="reading" />);
      expect(container.innerHTML, `cut at ${end}`).toBe(renderedAtOnce(sofar));
    }
    expect(container.querySelectorAll('p, ul').length).toBe(100);
  });

  it.each(answers)('%s: the section split agrees with the whole-text parse, deltas of one to eight characters', (_name, answer) => {
    const random = seededRandom(answer.length);
    const track = createBlockTracker(headingsOf);
    for (let end = 1; end <= answer.length; end += 1 + Math.floor(random() * 8)) {
      const sofar = answer.slice(0, end);
      const blocks = track.blocksOf(sofar);
      expect(blocks.map((block) => block.text).join('')).toBe(prepareMarkdown(sofar));
      const streamed = sectionsOfBlocks(blocks).sections.map(({ key, heading, body }) => ({ key, heading, body }));
      expect(streamed, `cut at ${end}`).toEqual(sectionsAtOnce(sofar).sections.map(({ key, heading, body }) => ({ key, heading, body })));
    }
  });

  it('once the stream ends and the quotes are checked, each quote is marked as in the whole text', () => {
    const checks: QuoteCheck[] = [
      { quote: 'collected over one week in production', page: 4, status: 'verified', foundOnPage: 4 },
      { quote: 'The scheduler never starves a request', page: 6, status: 'not-found' },
    ];
    const { container, rerender } = render(<TakeSections markdown="" streaming quoteChecks={[]} />);
    for (const end of cuts(rich, 'random', 3)) rerender(<TakeSections markdown={rich.slice(0, end)} streaming quoteChecks={[]} />);
    expect(container.querySelector('.quote-verified, .quote-missing')).toBeNull();
    rerender(<TakeSections markdown={rich} streaming={false} quoteChecks={checks} />);
    expect(container.querySelector('.quote-verified')?.textContent).toBe('collected over one week in production');
    expect(container.querySelector('.quote-missing')?.textContent).toBe('The scheduler never starves a request');
    expect(shownSections(container)).toEqual(sectionsExpected(rich, { checks }));
  });
});

describe('blocks settle only when closed', () => {
  const settledOf = (markdown: string) => createBlockTracker(() => undefined).blocksOf(markdown).map((block) => block.text);

  it('a finished paragraph, list or fence is its own block; the one being written is the last', () => {
    expect(settledOf('Para one.\n\n- a\n- b\n\n```\ncode\n```\nStill being\nwritten')).toEqual(['Para one.\n\n', '- a\n- b\n\n', '```\ncode\n```\n', 'Still being\nwritten']);
  });

  it('a block settles only once a whole line has started the next: "2" may yet become "2. " and continue a list', () => {
    expect(settledOf('1. one\n\n2')).toEqual(['1. one\n\n2']);
    expect(settledOf('1. one\n\n2\n')).toEqual(['1. one\n\n', '2\n']);
  });

  it.each([
    ['an unclosed code fence', '```\ncode\n\n## not a heading\n\nmore code'],
    ['unclosed display math', '$$\n\\alpha\n\n\\beta'],
    ['a loose list', '- a\n\n- b\n\n  more of b'],
    ['an HTML block that runs over blank lines', '<script>\n\nx\n\n'],
  ])('%s stays one block, blank lines and all', (_name, markdown) => {
    expect(settledOf(markdown)).toEqual([markdown]);
  });

  it('settled blocks keep their text from delta to delta, so their rendering is reused', () => {
    const track = createBlockTracker(() => undefined);
    const first = track.blocksOf('One.\n\nTwo.\n\nThree\n');
    const second = track.blocksOf('One.\n\nTwo.\n\nThree\nis longer.');
    expect(second.slice(0, 2)).toEqual(first.slice(0, 2));
    expect(second[0]).toBe(first[0]);
    expect(second[2]?.text).toBe('Three\nis longer.');
  });

  it('parseTakeSections still splits a finished take into its parts', () => {
    expect(parseTakeSections(realistic(0)).missing).toEqual([]);
  });
});
