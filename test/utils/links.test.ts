import { describe, expect, it } from 'vitest';
import { libraryUrl, modelFromRerunUrl, paperFromSidebarHash, rerunUrl, standaloneSidebarUrl, takeIdFromHash } from '@/utils/links';
import type { PaperRef } from '@/utils/sites/types';

describe('links between our pages', () => {
  it('round-trips a take id through the library URL fragment', () => {
    const id = 'acm|10.1145/3600006.3613165|mb1x2c3|gpt-5';
    const url = new URL(libraryUrl(id));
    expect(url.pathname).toBe('/library.html');
    expect(takeIdFromHash(url.hash)).toBe(id);
    expect(takeIdFromHash('#other=1')).toBeUndefined();
    expect(takeIdFromHash('#take=%E0%A4%A')).toBeUndefined();
  });

  it("round-trips the library's re-run model through the paper page's fragment", () => {
    const url = new URL(rerunUrl('https://arxiv.org/abs/2106.09608', 'openai/gpt-4.1 mini'));
    expect(url.hash).toBe('#shedders-take-model=openai%2Fgpt-4.1%20mini');
    expect(modelFromRerunUrl(url)).toBe('openai/gpt-4.1 mini');
    expect(modelFromRerunUrl(new URL('https://arxiv.org/abs/2106.09608#section-2'))).toBeUndefined();
    expect(modelFromRerunUrl(new URL('https://arxiv.org/abs/2106.09608#shedders-take-model=%E0%A4%A'))).toBeUndefined();
  });

  it('hands a paper to the standalone sidebar page in its address', () => {
    const paper: PaperRef = { site: 'arxiv', paperId: '2106.09608v2', version: 2, title: 'x', authors: [], pageUrl: 'https://arxiv.org/abs/2106.09608v2', pdfUrl: 'https://arxiv.org/pdf/2106.09608v2' };
    const url = new URL(standaloneSidebarUrl(paper));
    expect(url.pathname).toBe('/sidebar-frame.html');
    expect(paperFromSidebarHash(url.hash)).toEqual(paper);
    expect(paperFromSidebarHash('#paper=%7Bnot json')).toBeUndefined();
    expect(paperFromSidebarHash('#take=1')).toBeUndefined();
  });
});
