/** @vitest-environment happy-dom */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import { safeLinkUrl } from '@/utils/take/limit-nesting';

afterEach(cleanup);

describe('TakeMarkdown renders untrusted model output safely', () => {
  it('renders Markdown structure', () => {
    const { container } = render(<TakeMarkdown markdown={'## The Core Mechanism\n\nThey **page** the KV cache.\n\n1. First\n2. Second'} />);
    expect(container.querySelector('h2')?.textContent).toBe('The Core Mechanism');
    expect(container.querySelector('strong')?.textContent).toBe('page');
    expect(container.querySelectorAll('ol > li')).toHaveLength(2);
  });

  it('drops raw HTML, scripts and event handlers', () => {
    const { container } = render(<TakeMarkdown markdown={'Before <script>alert(1)</script> <b onclick="steal()">bold</b>\n\n<iframe src="https://evil.example"></iframe>\n\nAfter'} />);
    expect(container.querySelector('script, iframe, b, [onclick]')).toBeNull();
    expect(container.textContent).toContain('Before');
    expect(container.textContent).toContain('After');
  });

  it('renders no images, Markdown or HTML', () => {
    const { container } = render(<TakeMarkdown markdown={'![tracker](https://evil.example/pixel.png) and <img src="https://evil.example/x.png">'} />);
    expect(container.querySelector('img')).toBeNull();
  });

  it('keeps http(s) links, opening in a new tab without opener, and disarms every other scheme', () => {
    const { container } = render(
      <TakeMarkdown markdown={'[paper](https://arxiv.org/abs/2106.09608) [js](javascript:alert(1)) [data](data:text/html,hi) [rel](../options.html) [local](http://localhost:8000/x)'} />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).toEqual([
      ['paper', 'https://arxiv.org/abs/2106.09608', '_blank', 'noopener noreferrer'],
      ['local', 'http://localhost:8000/x', '_blank', 'noopener noreferrer'],
    ]);
    expect(container.textContent).toContain('js');
    expect(container.innerHTML).not.toMatch(/javascript:|data:text/);
  });

  it.each([
    ['https://dl.acm.org/doi/10.1145/3600006.3613165', 'https://dl.acm.org/doi/10.1145/3600006.3613165'],
    ['JavaScript:alert(1)', undefined],
    ['vbscript:msgbox', undefined],
    ['#section', undefined],
  ])('safeLinkUrl(%j)', (input, expected) => {
    expect(safeLinkUrl(input)).toBe(expected);
  });
});
