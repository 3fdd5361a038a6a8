/** @vitest-environment happy-dom */
import { describe, expect, it } from 'vitest';
import { listingStart } from '@/utils/content/placement';

function page(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
}

describe('listingStart: where the quick-takes control stands in the page flow', () => {
  it("an arXiv /new page: before the first section's list, after its heading", () => {
    const document = page(`<div id="dlpage"><h1>Quantitative Finance</h1><h3>New submissions</h3>
      <dl id="articles"><dt>[1]</dt><dd><div class="list-title">A</div></dd><dt>[2]</dt><dd><div class="list-title">B</div></dd></dl>
      <h3>Replacements</h3><dl><dt>[3]</dt><dd><div class="list-title">C</div></dd></dl></div>`);
    const anchors = [...document.querySelectorAll('.list-title')];
    expect(listingStart(anchors)).toBe(document.getElementById('articles'));
  });

  it('a table of rows: before the table, never among its rows', () => {
    const document = page(`<main><h2>Program</h2><table><tbody><tr><td><a class="t">A</a></td></tr><tr><td><a class="t">B</a></td></tr></tbody></table></main>`);
    expect(listingStart([...document.querySelectorAll('.t')])?.localName).toBe('table');
  });

  it('sessions of their own: before the first session', () => {
    const document = page(`<main><h1>NSDI</h1><section id="s1"><h2>Session 1</h2><h3 class="t">A</h3></section><section><h3 class="t">B</h3></section></main>`);
    expect(listingStart([...document.querySelectorAll('.t')])).toBe(document.getElementById('s1'));
  });

  it('no anchors, or anchors with no shared place below the root: nowhere (the control floats instead)', () => {
    const document = page('<p>nothing</p>');
    expect(listingStart([])).toBeUndefined();
    expect(listingStart([document.documentElement])).toBeUndefined();
  });
});
