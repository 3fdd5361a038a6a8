import { useState, type FormEvent } from 'react';
import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import { streamChat } from '@/utils/llm/openai-client';
import { toTakeError } from '@/utils/llm/take-error';
import { modelSettingsOf } from '@/utils/llm/model-settings';
import type { TakeRun } from '@/utils/pipeline/run-take';
import { buildFollowUpMessages, type ChatMessage } from '@/utils/prompt/critique-prompt';
import { apiKeyItem, settingsItem } from '@/utils/storage/settings';
import type { Take } from '@/utils/storage/take-schema';
import { useTakeStore } from '@/utils/store/take-store';

/** Questions after the take, answered with the paper and the take still in the model's context. */
export function FollowUps({
  run,
  savedTake,
  onAnswered,
  onSaved,
}: {
  run: TakeRun | undefined;
  savedTake?: Take;
  /** The conversation with the new question and answer, for the next follow-up. */
  onAnswered(messages: ChatMessage[]): void;
  onSaved(take: Take): Promise<void>;
}) {
  const followUps = useTakeStore((state) => state.followUps);
  const pending = useTakeStore((state) => state.followUpPending);
  const [question, setQuestion] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [answer, setAnswer] = useState('');

  const ask = async (event: FormEvent) => {
    event.preventDefault();
    const asked = question.trim();
    if (!asked) return;
    if (!run) {
      setError('Follow-ups need the paper in context: press Regenerate to read it again, then ask.');
      return;
    }
    setError(undefined);
    setAnswer('');
    const store = useTakeStore.getState();
    store.update({ followUpPending: true, followUps: [...store.followUps, { role: 'user', content: asked }] });
    const [settings, apiKey] = await Promise.all([settingsItem.getValue(), apiKeyItem.getValue()]);
    const messages = buildFollowUpMessages(run.messages, run.take.markdown, asked);
    try {
      let text = '';
      const result = await streamChat({
        settings: modelSettingsOf(settings, apiKey),
        messages,
        onDelta: (delta) => {
          text += delta;
          setAnswer(text);
        },
      });
      onAnswered([...messages, { role: 'assistant', content: result.text }]);
      const thread = [...useTakeStore.getState().followUps, { role: 'assistant' as const, content: result.text }];
      useTakeStore.getState().update({ followUps: thread, followUpPending: false });
      setAnswer('');
      const take = savedTake ?? run.take;
      await onSaved({ ...take, followUps: thread });
      // Cleared only after the save (or its failure notice), so a reload right after an answer keeps the thread.
      setQuestion('');
    } catch (caught) {
      const shown = toTakeError(caught, { baseURL: settings.baseURL });
      setError(`${shown.title}: ${shown.message}`);
      useTakeStore.getState().update({ followUpPending: false });
    }
  };

  return (
    <section className="follow-ups" aria-labelledby="follow-ups-title">
      <h3 id="follow-ups-title">Follow-up questions</h3>
      <ol className="thread">
        {followUps.map((message, index) => (
          <li key={index} className={`thread-${message.role}`}>
            <span className="thread-who">{message.role === 'user' ? 'You' : 'Q'}:</span>
            <TakeMarkdown markdown={message.content} />
          </li>
        ))}
        {pending && answer && (
          <li className="thread-assistant" aria-busy="true">
            <span className="thread-who">Q:</span>
            <TakeMarkdown markdown={answer} />
          </li>
        )}
      </ol>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form onSubmit={(event) => void ask(event)}>
        <label htmlFor="follow-up">Ask a follow-up question</label>
        <textarea id="follow-up" value={question} onChange={(event) => setQuestion(event.target.value)} rows={3} disabled={pending} />
        <button type="submit" disabled={pending || !question.trim()}>
          {pending ? 'Asking…' : 'Ask'}
        </button>
      </form>
    </section>
  );
}
