import { describe, expect, it } from 'vitest';
import type { ExtractedPaper } from '@/utils/pdf/extract';
import { cachePaper, textCacheKey } from '@/utils/pdf/text-cache';
import { cachedConversationOfSavedTake, conversationOfSavedTake } from '@/utils/pipeline/take-conversation';
import { takeOrigin, type Take } from '@/utils/storage/take-schema';
import { syntheticPages, syntheticPaper } from '../../support/synthetic-paper';

const extracted: ExtractedPaper = {
  pageCount: 3,
  pagesRead: 3,
  title: syntheticPaper.title,
  pages: syntheticPages,
  sections: [{ heading: '', level: 1, page: 1, kind: 'body', text: syntheticPages.map((page) => page.text).join('\n'), pageTexts: syntheticPages.map(({ number, text }) => ({ page: number, text })) }],
  captions: [],
  references: [],
  hiddenText: [],
  uncheckedPages: [],
  rawWordCount: 120,
  notes: [],
};

const savedTake: Take = {
  ...takeOrigin(syntheticPaper, { model: 'fake-critic', provider: 'openai', promptVersion: 2 }, '2026-11-01T10:00:00.000Z'),
  kind: 'full',
  status: 'complete',
  verdict: 'They traced twelve clusters.',
  markdown: '## The "No-BS" Summary\n\nThey traced twelve clusters.',
  quoteChecks: [],
  usage: { inputTokens: 100, outputTokens: 20 },
  followUps: [
    { role: 'user', content: 'Which clusters?' },
    { role: 'assistant', content: 'Twelve inference clusters.' },
  ],
  figures: [],
};

/** A fetch that must not be called, and says so if it is. */
function recordingFetch(answer: Response) {
  const asked: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    asked.push(String(input));
    return answer;
  }) as typeof globalThis.fetch;
  return { asked, fetch };
}

describe('conversationOfSavedTake', () => {
  it('rebuilds the prompt from the cached text, then the take, then the thread so far, without downloading anything', async () => {
    await cachePaper(textCacheKey(syntheticPaper, syntheticPaper.pdfUrl!), extracted);
    const { asked, fetch } = recordingFetch(new Response('', { status: 500 }));
    const { messages } = await conversationOfSavedTake(savedTake, { signal: new AbortController().signal, fetch, enabledOrigins: [] });
    expect(asked).toEqual([]);
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(messages[1]?.content).toContain('We collected request traces from twelve inference clusters');
    expect(messages[2]?.content).toBe(savedTake.markdown);
    expect(messages.slice(3)).toEqual(savedTake.followUps);
  });

  it('is rebuilt from the cache alone for a reopened take, and not at all when the cache no longer has the text', async () => {
    const withoutText = { ...savedTake, paper: { ...syntheticPaper, paperId: '2611.00077v1', pageUrl: 'https://arxiv.org/abs/2611.00077v1', pdfUrl: 'https://arxiv.org/pdf/2611.00077v1' } };
    expect(await cachedConversationOfSavedTake(withoutText, [])).toBeUndefined();
    // Control: once the text is cached, the same take's conversation is the one a question would send.
    await cachePaper(textCacheKey(withoutText.paper, withoutText.paper.pdfUrl), extracted);
    const { fetch } = recordingFetch(new Response('', { status: 500 }));
    const cached = await cachedConversationOfSavedTake(withoutText, []);
    expect(cached?.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    // Each prompt fences the paper with a fresh random code; apart from it, the two are the same messages.
    const unfenced = (messages: { role: string; content: unknown }[] | undefined) => JSON.stringify(messages).replaceAll(/PAPER-[0-9a-f]+/g, 'PAPER-code');
    expect(unfenced(cached)).toBe(unfenced((await conversationOfSavedTake(withoutText, { signal: new AbortController().signal, fetch, enabledOrigins: [] })).messages));
  });

  it('downloads the PDF again when the cache no longer has the text, and says why when that fails', async () => {
    const { asked, fetch } = recordingFetch(new Response('gone', { status: 404, headers: { 'content-type': 'text/html' } }));
    await expect(conversationOfSavedTake(savedTake, { signal: new AbortController().signal, fetch, enabledOrigins: [] })).rejects.toMatchObject({ kind: 'not-found' });
    expect(asked).toEqual([syntheticPaper.pdfUrl]);
  });
});
