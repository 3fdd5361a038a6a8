import { useRef, useState, type FormEvent } from 'react';
import { SeenButton } from '@/components/common/SeenButton';
import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import { ErrorNotice } from '@/components/sidebar/ErrorNotice';
import { askModel, loadModelChoice } from '@/utils/llm/model-service';
import type { TakeRun } from '@/utils/pipeline/run-take';
import { throttledText } from '@/utils/take/throttled-text';
import { buildFollowUpMessages, type ChatMessage } from '@/utils/prompt/critique-prompt';
import type { Take } from '@/utils/storage/take-schema';
import { useTakeStore, type ShownError } from '@/utils/store/take-store';

/**
 * Questions after the take, answered with the paper and the take still in the model's context, through the same
 * model service as the take: Stop keeps what arrived, and failures show the same notice with the same buttons.
 */
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
  const [error, setError] = useState<ShownError | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState('');
  const controller = useRef<AbortController | undefined>(undefined);

  const ask = async (asked: string) => {
    if (!asked) return;
    if (!run) {
      setError({ kind: 'no-context', title: 'The paper is not in context', message: 'Follow-ups need the paper in context: press Regenerate to read it again, then ask.', retryable: false });
      return;
    }
    setError(undefined);
    setAnswer('');
    setAttempt((count) => count + 1);
    const abort = new AbortController();
    controller.current = abort;
    const store = useTakeStore.getState();
    const threadBefore = store.followUps;
    store.update({ followUpPending: true, followUps: [...threadBefore, { role: 'user', content: asked }] });
    const messages = buildFollowUpMessages(run.messages, run.take.markdown, asked);
    // Shown at most every 100 ms: each render parses the whole answer so far.
    const streamed = throttledText(setAnswer);
    const result = await askModel({
      model: await loadModelChoice(),
      messages,
      purpose: 'follow-up',
      signal: abort.signal,
      onDelta: (delta) => streamed.append(delta),
    });
    streamed.set('');
    if (result.error) setError({ ...result.error, partialKept: result.text.length > 0 });
    if (!result.text) {
      // Nothing arrived: the question leaves the thread and stays in the box, to ask again.
      useTakeStore.getState().update({ followUps: threadBefore, followUpPending: false });
      return;
    }
    // A stopped or cut answer is kept, like a partial take: what arrived is the reader's.
    onAnswered([...messages, { role: 'assistant', content: result.text }]);
    const thread = [...threadBefore, { role: 'user' as const, content: asked }, { role: 'assistant' as const, content: result.text }];
    useTakeStore.getState().update({ followUps: thread, followUpPending: false });
    await onSaved({ ...(savedTake ?? run.take), followUps: thread });
    // Cleared only after the save (or its failure notice), so a reload right after an answer keeps the thread.
    setQuestion('');
  };

  // Asking spends tokens, so it happens only from the Ask button itself (checked for being in view), not from a
  // form submission a script or a stray Enter could cause.
  const submit = (event: FormEvent) => event.preventDefault();

  const lastQuestion = followUps.findLast((message) => message.role === 'user')?.content;
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
      {error && <ErrorNotice key={attempt} error={error} onRetry={() => void ask(question.trim() || lastQuestion || '')} />}
      <form onSubmit={submit}>
        <label htmlFor="follow-up">Ask a follow-up question</label>
        <textarea id="follow-up" value={question} onChange={(event) => setQuestion(event.target.value)} rows={3} disabled={pending} />
        {/* Two buttons, never one reused: a Stop click must not end on a submit button that re-asks the question. */}
        {pending ? (
          <button key="stop" type="button" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        ) : (
          <SeenButton key="ask" disabled={!question.trim()} onPress={() => void ask(question.trim())}>
            Ask
          </SeenButton>
        )}
      </form>
    </section>
  );
}
