/**
 * Type tests for the message protocol, checked by `tsc --noEmit` (npm run typecheck): nothing here runs. Each
 * request's reply type comes from the protocol map, and a handler that returns another request's reply, or a
 * sender that leaves out a field, does not compile.
 */
import { expectTypeOf } from 'vitest';
import type { BadgeInfo } from '@/utils/background/badges';
import { backgroundHandlers } from '@/utils/background/route-request';
import { sendToBackground, sendToTab, type BackgroundHandlers, type Refusal, type SelectedPaper } from '@/utils/messaging';
import type { PaperRef } from '@/utils/sites/types';

declare const paper: PaperRef;

export async function repliesAreTypedPerRequest(): Promise<void> {
  const badges = await sendToBackground({ type: 'lookupBadges', keys: [] });
  if (badges.ok) expectTypeOf(badges.badges).toEqualTypeOf<Record<string, BadgeInfo>>();
  else expectTypeOf(badges).toEqualTypeOf<Refusal>();

  const selected = await sendToBackground({ type: 'getSelectedPaper', grant: 'token' });
  if (selected.ok) expectTypeOf(selected.paper).toEqualTypeOf<SelectedPaper['paper']>();
  // @ts-expect-error a selectPaper reply carries no paper, even when it succeeds
  expectTypeOf((await sendToBackground({ type: 'selectPaper', paper, start: true })).paper);

  const key = await sendToBackground({ type: 'getApiKey' });
  if (key.ok) expectTypeOf(key.key).toBeString();

  expectTypeOf(sendToTab(1, 'openSidebar')).resolves.toBeBoolean();
}

export function sendersMustSendEveryField(): void {
  // @ts-expect-error selectPaper needs the paper and whether to start
  void sendToBackground({ type: 'selectPaper' });
  // @ts-expect-error setApiKey needs the key
  void sendToBackground({ type: 'setApiKey' });
  // @ts-expect-error a type nobody handles
  void sendToBackground({ type: 'readApiKey' });
  // @ts-expect-error a tab command nobody handles
  void sendToTab(1, 'closeSidebar');
}

export function handlersReturnTheirOwnReply(): void {
  expectTypeOf(backgroundHandlers).toEqualTypeOf<BackgroundHandlers>();
  // Handlers get every field as unknown, so they cannot use one unchecked.
  expectTypeOf<Parameters<BackgroundHandlers['selectPaper']>[0]>().toEqualTypeOf<{ readonly paper?: unknown; readonly start?: unknown; readonly model?: unknown }>();
  const wrongReply: BackgroundHandlers['lookupBadges'] =
    // @ts-expect-error lookupBadges must answer with badges
    async () => ({ ok: true });
  void wrongReply;
  const keyAsNumber: BackgroundHandlers['getApiKey'] =
    // @ts-expect-error getApiKey answers with the key as text
    async () => ({ ok: true, key: 42 });
  void keyAsNumber;
}
