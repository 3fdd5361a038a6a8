import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { SeenButton } from '@/components/common/SeenButton';
import { TakeMarkdown } from '@/components/common/TakeMarkdown';
import { ErrorNotice } from '@/components/sidebar/ErrorNotice';
import { readEnabledOrigins } from '@/utils/background/generic-sites';
import { askModel, loadModelChoice, missingKeyError } from '@/utils/llm/model-service';
import { estimateRequest } from '@/utils/llm/request-estimate';
import { cachedConversationOfSavedTake, conversationOfSavedTake } from '@/utils/pipeline/take-conversation';
import { throttledText } from '@/utils/take/throttled-text';
import { buildFollowUpMessages, type ChatMessage } from '@/utils/prompt/critique-prompt';
import type { FollowUpMessage, Take } from '@/utils/storage/take-schema';
import { settingsItem, type Settings } from '@/utils/storage/settings';
import { describeEstimate, type ShownError } from '@/utils/store/take-store';

/**
 * Questions after the take, answered with the paper and the take in the model's context, through the same model
 * service as the take: Stop keeps what arrived, and failures show the same notice with the same buttons. A take
 * reopened later (even after a browser restart) has no conversation in memory: it is rebuilt from the paper's
 * cached text, or the PDF read again, without asking the reader to regenerate anything.
 */
export function FollowUps({
  take,
  conversation,
  onConversation,
  onSaved,
}: {
  /** The take on screen; its follow-ups are the thread. */
  take: Take;
  /** The messages behind the take, when this sidebar made it or already rebuilt them. */
  conversation: ChatMessage[] | undefined;
  onConversation(messages: ChatMessage[]): void;
  onSaved(take: Take): Promise<void>;
}) {
  const [question, setQuestion] = useState('');
  const [asked, setAsked] = useState<string | undefined>(undefined);
  const [rereading, setRereading] = useState(false);
  // Said before anything is sent: some of the take's figures could not be had again, so questions go without them.
  const [missingFigures, setMissingFigures] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ShownError | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState('');
  const controller = useRef<AbortController | undefined>(undefined);
  const pending = asked !== undefined;
  // The thread as answered here, ahead of the saved take until its save comes back (or when the save failed): an
  // answer moves from where it streamed into the thread in one step, and stays on screen whatever the save does.
  const [answeredHere, setAnsweredHere] = useState<FollowUpMessage[] | undefined>(undefined);
  const thread = answeredHere && answeredHere.length > take.followUps.length ? answeredHere : take.followUps;
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  useEffect(() => {
    void settingsItem.getValue().then(setSettings);
    return settingsItem.watch((next) => setSettings(next));
  }, []);
  // A reopened take's conversation is rebuilt from the text cache at once, so that its estimate shows before the first
  // question; a paper the cache no longer has is read again only when the reader asks. A question asked meanwhile
  // rebuilds the conversation itself, and its thread must not be replaced by this older one.
  const askedYet = useRef(false);
  useEffect(() => {
    if (conversation) return;
    let current = true;
    void readEnabledOrigins()
      .then((origins) => cachedConversationOfSavedTake(take, origins))
      .then((cached) => {
        if (cached && current && !askedYet.current) onConversation(cached);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [conversation, take, onConversation]);
  // What the next question costs to send: the whole conversation again, the take's figures included. Known once the
  // conversation is in memory.
  const estimate = useMemo(
    () => (conversation && settings ? estimateRequest(buildFollowUpMessages(conversation, take.markdown, question), settings) : undefined),
    [conversation, settings, take.markdown, question],
  );

  const ask = async (text: string) => {
    if (!text) return;
    askedYet.current = true;
    setError(undefined);
    setAnswer('');
    setAttempt((count) => count + 1);
    setAsked(text);
    const abort = new AbortController();
    controller.current = abort;
    // Without a key there is nothing to send to: said before the paper is read again, and the question stays.
    const model = await loadModelChoice();
    const noKey = missingKeyError(model);
    if (noKey) {
      setError(noKey);
      setAsked(undefined);
      return;
    }
    let history = conversation;
    if (!history) {
      setRereading(true);
      try {
        const rebuilt = await conversationOfSavedTake(take, { signal: abort.signal, enabledOrigins: await readEnabledOrigins() });
        onConversation(rebuilt.messages);
        if (rebuilt.missingFigures) {
          // The estimate now counts what Ask will send; the reader decides whether to send without those figures.
          setMissingFigures(rebuilt.missingFigures);
          setAsked(undefined);
          return;
        }
        history = rebuilt.messages;
      } catch (problem) {
        setError(rereadError(problem));
        setAsked(undefined);
        return;
      } finally {
        setRereading(false);
      }
    }
    const messages = buildFollowUpMessages(history, take.markdown, text);
    // Shown at most every 100 ms: each render still parses the block being written and reconciles the answer.
    const streamed = throttledText(setAnswer);
    const result = await askModel({
      model,
      messages,
      purpose: 'follow-up',
      signal: abort.signal,
      onDelta: (delta) => streamed.append(delta),
    });
    streamed.set('');
    setAsked(undefined);
    if (result.error) setError({ ...result.error, partialKept: result.text.length > 0 });
    // Nothing arrived: the question stays in the box, to ask again.
    if (!result.text) return;
    // A stopped or cut answer is kept, like a partial take: what arrived is the reader's.
    onConversation([...messages, { role: 'assistant', content: result.text }]);
    const answered: FollowUpMessage[] = [...thread, { role: 'user', content: text }, { role: 'assistant', content: result.text }];
    setAnsweredHere(answered);
    await onSaved({ ...take, followUps: answered });
    // Cleared only after the save (or its failure notice), so a reload right after an answer keeps the thread.
    setQuestion('');
  };

  // Asking spends tokens, so it happens only from the Ask button itself (checked for being in view), not from a
  // form submission a script or a stray Enter could cause.
  const submit = (event: FormEvent) => event.preventDefault();

  const lastQuestion = thread.findLast((message) => message.role === 'user')?.content;
  return (
    <section className="follow-ups" aria-labelledby="follow-ups-title">
      <h3 id="follow-ups-title">Follow-up questions</h3>
      <ol className="thread">
        {thread.map((message, index) => (
          <li key={index} className={`thread-${message.role}`}>
            <span className="thread-who">{message.role === 'user' ? 'You' : 'Q'}</span>
            <TakeMarkdown markdown={message.content} className={message.role === 'assistant' ? 'reading' : undefined} />
          </li>
        ))}
        {pending && (
          <li className="thread-user thread-pending">
            <span className="thread-who">You</span>
            <p>{asked}</p>
          </li>
        )}
        {pending && answer && (
          <li className="thread-assistant" aria-busy="true">
            <span className="thread-who">Q</span>
            <TakeMarkdown markdown={answer} className="reading" />
          </li>
        )}
      </ol>
      {rereading && (
        <p role="status" className="meta">
          Reading the paper again for your question…
        </p>
      )}
      {missingFigures && (
        <p role="status" className="meta" data-testid="follow-up-missing-figures">
          {missingFigures}
        </p>
      )}
      {error && <ErrorNotice key={attempt} error={error} onRetry={() => void ask(question.trim() || lastQuestion || '')} />}
      <form onSubmit={submit}>
        <label htmlFor="follow-up">Ask a follow-up question</label>
        <textarea id="follow-up" value={question} onChange={(event) => setQuestion(event.target.value)} rows={3} disabled={pending} />
        {estimate && (
          <p className="meta" data-testid="follow-up-estimate">
            Each question sends the paper, the take and the thread again. {describeEstimate(estimate)}
          </p>
        )}
        {/* Two buttons, never one reused: a Stop click must not end on a submit button that re-asks the question. */}
        {pending ? (
          <button key="stop" type="button" onClick={() => controller.current?.abort()}>
            Stop
          </button>
        ) : (
          <SeenButton key="ask" className="primary" disabled={!question.trim()} onPress={() => void ask(question.trim())}>
            Ask
          </SeenButton>
        )}
      </form>
    </section>
  );
}

function rereadError(problem: unknown): ShownError {
  const message = problem instanceof Error ? problem.message : String(problem);
  const aborted = problem instanceof Error && problem.name === 'AbortError';
  return aborted
    ? { kind: 'aborted', title: 'Stopped', message: 'Stopped.', retryable: true }
    : { kind: 'reread-failed', title: 'The paper could not be read again', message: `${message} The question was not sent.`, retryable: true, action: 'retry' };
}
