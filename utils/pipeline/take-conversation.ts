import { buildCritiquePrompt, type ChatMessage } from '@/utils/prompt/critique-prompt';
import { fitToBudget } from '@/utils/pdf/budget';
import type { ExtractedPaper } from '@/utils/pdf/extract';
import type { Take } from '@/utils/storage/take-schema';
import { defaultPaperTokenBudget } from './run-take';
import { cachedPaperText, readPaperText, type ReadPaperOptions } from './read-paper';

/**
 * The conversation behind a saved take, rebuilt for a follow-up question after the sidebar (or the browser) was
 * closed: the paper's text from the text cache, or downloaded and read again when the cache no longer has it, the
 * same prompt, the take as the model's answer, then the follow-up thread so far. Nothing is sent to the model here.
 */
export async function conversationOfSavedTake(take: Take, options: ReadPaperOptions): Promise<ChatMessage[]> {
  return conversationWith(take, await readPaperText(take.paper, options));
}

/**
 * The same conversation when the text cache has the paper, without fetching anything: what a reopened take's
 * follow-up estimate is counted from before the reader asks. Undefined when the paper would have to be read again.
 */
export async function cachedConversationOfSavedTake(take: Take, enabledOrigins: readonly string[]): Promise<ChatMessage[] | undefined> {
  const paperText = await cachedPaperText(take.paper, enabledOrigins);
  return paperText && conversationWith(take, paperText);
}

function conversationWith(take: Take, paperText: ExtractedPaper): ChatMessage[] {
  const budget = fitToBudget(paperText, defaultPaperTokenBudget);
  const prompt = buildCritiquePrompt({ paper: take.paper, text: budget.text, readingSummary: budget.summary });
  return [...prompt, { role: 'assistant', content: take.markdown }, ...take.followUps.map(({ role, content }) => ({ role, content }))];
}
