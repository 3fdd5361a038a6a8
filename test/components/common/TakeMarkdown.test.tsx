/** @vitest-environment happy-dom */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import { maxContainerPrefix } from '@/utils/take/limit-nesting';
import { TakeSections } from '@/components/sidebar/TakeSections';
import { hostileAnswerNames, hostileAnswers, nestedLists, nestedMixed, nestingDepth, type HostileAnswerName } from '../../fixtures/hostile';

/**
 * Hostile model output: whatever a hostile model streams, the sidebar renders inert text. Every corpus item goes through
 * TakeMarkdown (the shared renderer) and TakeSections (what the sidebar shows: sections, then TakeMarkdown).
 */

afterEach(cleanup);

/** Elements that run code, load something, or collect input. None may come out of model output. */
const forbiddenElements = 'script, iframe, frame, img, picture, source, svg, math, video, audio, object, embed, style, link, meta, base, form, input, textarea, select, button, details[ontoggle]';

function dangerousAttributes(root: Element): string[] {
  return [root, ...root.querySelectorAll('*')].flatMap((element) =>
    [...element.attributes]
      .filter((attribute) => /^on/i.test(attribute.name) || attribute.name === 'style' || attribute.name === 'srcset' || attribute.name === 'src' || attribute.name === 'formaction' || attribute.name === 'action')
      .map((attribute) => `<${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}">`),
  );
}

function linkTargets(root: Element): string[] {
  return [...root.querySelectorAll('[href]')].map((element) => element.getAttribute('href') ?? '');
}

/** Text the reader should still see: the Markdown around the dropped markup, link texts, the lies a reader must judge. */
const preservedText: Record<HostileAnswerName, string[]> = {
  'active-content': ['Before the active content.', 'After the active content: the take goes on as plain text.', 'bold bait', 'styled'],
  links: ['the paper', 'js link', 'data link', 'ref js', 'ref ok', 'https://arxiv.org/abs/2106.09608'],
  images: ['Questions continue after the images.'],
  'fake-key-form': ['re-enter your API key below', 'the key check page'],
  wide: ['A word no line can hold', 'long link', 'Text after the wide content.'],
  bidi: ['Right-to-left override', '\u202etpecca\u202c', 'Shed\u200bder', 'Combining overload'],
  huge: ['This take is long on purpose.', 'Did the whole answer arrive?'],
  'nested-lists': ['level 0', `level ${nestingDepth - 1}`, 'After the lists.'],
  'nested-quotes': ['the innermost quote', 'After the quotes.'],
  'nested-mixed': ['mixed 0', 'After the mix.'],
  'kitchen-sink': ['Before the active content.', 'the paper', 'Questions continue after the images.', 'Right-to-left override'],
};

const renderers = {
  TakeMarkdown: (markdown: string) => <TakeMarkdown markdown={markdown} />,
  TakeSections: (markdown: string) => <TakeSections markdown={markdown} streaming={false} quoteChecks={[]} />,
};

/**
 * react-markdown's parser is super-linear in list nesting: 500-deep lists take about 15 s and 500-deep mixed
 * lists and quotes about 80 s on this machine (see "size and depth" below). Safety does not depend on depth,
 * so the per-item checks render those two at a depth that parses in under a second.
 */
const quickDepth = 60;
const slowToParse = new Set<HostileAnswerName>(['nested-lists', 'nested-mixed']);
const corpus: [string, HostileAnswerName, () => string][] = hostileAnswerNames.map((name) => {
  if (name === 'nested-lists') return [`${name} (${quickDepth} deep)`, name, () => nestedLists(quickDepth)];
  if (name === 'nested-mixed') return [`${name} (${quickDepth} deep)`, name, () => nestedMixed(quickDepth)];
  return [name, name, () => hostileAnswers()[name]];
});

/** Everything that would make rendered model output able to act: an empty list means inert. */
function safetyProblems(container: Element): string[] {
  const elements = [...container.querySelectorAll(forbiddenElements)].map((element) => `element ${element.outerHTML.slice(0, 120)}`);
  const attributes = dangerousAttributes(container).map((attribute) => `attribute ${attribute}`);
  const hrefs = linkTargets(container)
    .filter((href) => !/^https?:$/.test(new URL(href).protocol))
    .map((href) => `href ${href}`);
  const links = [...container.querySelectorAll('a')]
    .filter((link) => !link.getAttribute('rel')?.includes('noopener') || link.getAttribute('target') !== '_blank')
    .map((link) => `link without noopener/_blank ${link.outerHTML.slice(0, 120)}`);
  const schemes = [container, ...container.querySelectorAll('*')].flatMap((element) =>
    [...element.attributes].filter((attribute) => /javascript:|vbscript:|data:/i.test(attribute.value)).map((attribute) => `scheme in ${attribute.name}="${attribute.value}"`),
  );
  return [...elements, ...attributes, ...hrefs, ...links, ...schemes];
}

describe.each(Object.entries(renderers))('%s with hostile model output', (_renderer, renderMarkdown) => {
  it.each(corpus)('%s', (_label, name, markdownOf) => {
    const { container } = render(renderMarkdown(markdownOf()));
    expect(safetyProblems(container)).toEqual([]);
    for (const text of preservedText[name]) {
      if (slowToParse.has(name) && text.includes(String(nestingDepth - 1))) continue;
      expect(container.textContent).toContain(text);
    }
  });
});

it('the safety check itself finds active content when there is some', () => {
  const container = document.createElement('div');
  container.innerHTML = '<img src="https://tracker.example/p.png"><a href="javascript:alert(1)">x</a><p onclick="x()">y</p><a href="https://ok.example/">z</a>';
  expect(safetyProblems(container)).toHaveLength(7);
});

describe('the link rules keep what they should', () => {
  it('http(s) links survive, in inline, reference and autolink form', () => {
    const { container } = render(<TakeMarkdown markdown={hostileAnswers().links} />);
    expect(linkTargets(container)).toEqual([
      'https://arxiv.org/abs/2106.09608',
      'https://www.usenix.org/conference/nsdi22/presentation/goyal',
      'https://arxiv.org/abs/1103.1901',
      // A link whose text shows another address stays a link: its real target is what the browser shows on hover.
      'https://tracker.example/phish',
    ]);
  });

  it('the phishing link of the fake key form leads to the web, never to a form in the sidebar', () => {
    const { container } = render(<TakeMarkdown markdown={hostileAnswers()['fake-key-form']} />);
    expect(linkTargets(container)).toEqual(['https://tracker.example/key-check']);
    expect(container.querySelector('input, form, textarea, button')).toBeNull();
  });

  it('a Markdown image inside a link keeps the link and drops the image', () => {
    const { container } = render(<TakeMarkdown markdown={hostileAnswers().images} />);
    expect(linkTargets(container)).toEqual(['https://arxiv.org/abs/2106.09608']);
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('size and depth', () => {
  it('the 1 MB answer renders whole', () => {
    const markdown = hostileAnswers().huge;
    expect(markdown.length).toBe(1_048_576);
    const { container } = render(<TakeSections markdown={markdown} streaming={false} quoteChecks={[]} />);
    expect(container.querySelectorAll('p').length).toBeGreaterThan(5_000);
  });

  // A hostile endpoint could freeze the sidebar with deep nesting (500 levels took react-markdown 15 to 80 s);
  // TakeMarkdown caps each line's container prefix before parsing, so the depth that reaches the parser is bounded.
  it.each(['nested-quotes', 'nested-lists', 'nested-mixed'] as const)(`%s, ${nestingDepth} deep: depth capped, text kept, nothing active`, (name) => {
    const { container } = render(<TakeMarkdown markdown={hostileAnswers()[name]} />);
    const deepest = Math.max(...Array.from(container.querySelectorAll('*'), (element) => depthOf(element, container)));
    expect(deepest).toBeLessThanOrEqual(2 * maxContainerPrefix);
    expect(container.textContent).toMatch(/After the (quotes|lists|mix)\./);
    expect(safetyProblems(container)).toEqual([]);
  });
});

function depthOf(element: Element, root: Element): number {
  let depth = 0;
  for (let node: Element | null = element; node && node !== root; node = node.parentElement) depth += 1;
  return depth;
}

describe('raw HTML in model output is shown as literal text, never run and never dropped', () => {
  it.each([
    ['a style block and the text after it on the same line', '<style>body { display: none }</style> The evaluation omits p99.', '<style>body { display: none }</style> The evaluation omits p99.'],
    ['a script block', '<script>window.__pwned = 1</script>', '<script>window.__pwned = 1</script>'],
    ['inline tags in a sentence', 'Latency is <b>2×</b> lower<br>on average.', 'Latency is <b>2×</b> lower<br>on average.'],
    ['an HTML comment', 'Before <!-- hidden instruction --> after', 'Before <!-- hidden instruction --> after'],
    ['a block inside a list item', '- item\n\n  <div onclick="x()">clickable</div>', '<div onclick="x()">clickable</div>'],
  ])('%s', (_name, markdown, shown) => {
    const { container } = render(<TakeMarkdown markdown={markdown} />);
    expect(container.textContent).toContain(shown);
    expect(safetyProblems(container)).toEqual([]);
    expect(container.querySelector('style, script, b, br, div[onclick]')).toBeNull();
  });

  it('the whole active-content item keeps every tag as text', () => {
    const { container } = render(<TakeMarkdown markdown={hostileAnswers()['active-content']} />);
    expect(container.textContent).toContain("<script>window.__pwned = 'script';");
    expect(container.textContent).toContain('<style>body { display: none !important; } aside { width: 100vw !important; }</style>');
  });
});
