import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from '#imports';
import { dispatchBackgroundRequest, onTabCommand, sendToTab, type BackgroundHandlers } from '@/utils/messaging';

const ok = () => Promise.resolve({ ok: true as const });
const handlers: BackgroundHandlers = {
  selectPaper: vi.fn(ok),
  selectBatch: vi.fn(ok),
  grantSidebar: vi.fn(() => Promise.resolve({ ok: true as const, token: 't' })),
  getSelectedPaper: vi.fn(() => Promise.resolve({ ok: false as const, error: 'none' })),
  lookupBadges: vi.fn(() => Promise.resolve({ ok: true as const, badges: {} })),
  getApiKey: vi.fn(() => Promise.resolve({ ok: true as const, key: 'sk-test' })),
  hasApiKey: vi.fn(() => Promise.resolve({ ok: true as const, hasKey: true })),
  setApiKey: vi.fn(ok),
};
const sender: Browser.runtime.MessageSender = { id: fakeBrowser.runtime.id };

describe('dispatchBackgroundRequest', () => {
  it('hands a request to the handler of its type, with its sender', async () => {
    expect(await dispatchBackgroundRequest(handlers, { type: 'lookupBadges', keys: ['arxiv|1'] }, sender)).toEqual({ ok: true, badges: {} });
    expect(handlers.lookupBadges).toHaveBeenCalledWith({ type: 'lookupBadges', keys: ['arxiv|1'] }, sender);
  });

  it.each([null, 'selectPaper', 42, {}, { type: 7 }, { type: 'readApiKey' }, { type: '__proto__' }, { type: 'constructor' }, { type: 'toString' }, { type: 'hasOwnProperty' }])(
    'refuses %j without calling a handler',
    async (message) => {
      vi.clearAllMocks();
      expect(await dispatchBackgroundRequest(handlers, message, sender)).toEqual({ ok: false, error: 'Unknown request.' });
      for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
    },
  );
});

describe('tab commands', () => {
  it('sends a command to the tab, and says whether anything there answered', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error('Receiving end does not exist.'));
    expect(await sendToTab(42, 'openSidebar')).toBe(true);
    expect(send).toHaveBeenCalledWith(42, { type: 'openSidebar' });
    expect(await sendToTab(42, 'openSidebar')).toBe(false);
  });

  it('the content script takes commands from our background and our pages, and from nobody else', async () => {
    const received: string[] = [];
    const stop = onTabCommand((command) => received.push(command));
    const ourPage = fakeBrowser.runtime.getURL('/popup.html');
    const deliver = (message: unknown, from: Browser.runtime.MessageSender) => fakeBrowser.runtime.onMessage.trigger(message, from, () => undefined);
    await deliver({ type: 'toggleSidebar' }, { id: fakeBrowser.runtime.id });
    await deliver({ type: 'openSidebar' }, { id: fakeBrowser.runtime.id, url: ourPage, tab: { id: 3 } as Browser.tabs.Tab });
    await deliver({ type: 'openSidebar' }, { id: 'another-extension' });
    await deliver({ type: 'openSidebar' }, { id: fakeBrowser.runtime.id, url: 'https://arxiv.org/abs/2106.09608', tab: { id: 3 } as Browser.tabs.Tab });
    await deliver({ type: 'closeEverything' }, { id: fakeBrowser.runtime.id });
    stop();
    expect(received).toEqual(['toggleSidebar', 'openSidebar']);
  });
});
