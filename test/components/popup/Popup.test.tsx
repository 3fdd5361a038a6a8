/** @vitest-environment happy-dom */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openTakeInTab } from '@/components/popup/open-take-in-tab';
import { Popup } from '@/components/popup/Popup';
import { tabStatus } from '@/components/popup/tab-status';

/** fakeBrowser types `permissions.request/contains` as returning nothing; browsers resolve a boolean. */
function answerPermissions(method: 'request' | 'contains', granted: boolean) {
  return vi.spyOn(fakeBrowser.permissions, method).mockImplementation((() => Promise.resolve(granted)) as unknown as typeof fakeBrowser.permissions.request);
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('tabStatus', () => {
  it.each([
    ['https://arxiv.org/abs/2106.09608', { kind: 'paper-site', site: 'arxiv', pageKind: 'abstract' }],
    ['https://arxiv.org/pdf/2106.09608v2', { kind: 'paper-site', site: 'arxiv', pageKind: 'pdf' }],
    ['https://www.usenix.org/conference/nsdi22/presentation/goyal', { kind: 'paper-site', site: 'usenix', pageKind: 'abstract' }],
    ['https://dl.acm.org/doi/10.1145/3600006.3613165', { kind: 'paper-site', site: 'acm', pageKind: 'abstract' }],
    ['https://openreview.net/forum?id=abc123', { kind: 'other-site', origin: 'https://openreview.net', permissionPattern: 'https://openreview.net/*' }],
    ['http://localhost:8000/paper.html', { kind: 'other-site', origin: 'http://localhost:8000', permissionPattern: 'http://localhost/*' }],
  ])('%s', (url, expected) => {
    expect(tabStatus(url)).toEqual(expected);
  });

  it.each([
    ['http://example.org/paper', /only from https/],
    ['chrome://extensions/', /web pages only/],
    [undefined, /does not let the extension see/],
  ])('offers nothing on %s', (url, reason) => {
    const status = tabStatus(url);
    expect(status.kind).toBe('unsupported');
    expect(status.kind === 'unsupported' ? status.reason : '').toMatch(reason);
  });
});

describe('openTakeInTab', () => {
  it('sends toggleSidebar to the tab', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    expect(await openTakeInTab(42)).toEqual({ ok: true });
    expect(send).toHaveBeenCalledWith(42, { type: 'toggleSidebar' });
  });

  it('asks for a reload when no content script answers', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    expect(await openTakeInTab(42)).toEqual({ ok: false, message: expect.stringMatching(/Reload the page/) });
  });
});

/** The popup asks for the active tab of the current window, so the fake browser needs a focused window first. */
async function openActiveTab(url: string) {
  await fakeBrowser.windows.create({ focused: true });
  await fakeBrowser.tabs.create({ url, active: true });
}

describe('popup', () => {
  it('requests the host permission for an unknown site from the click', async () => {
    await openActiveTab('https://openreview.net/forum?id=abc123');
    answerPermissions('contains', false);
    const request = answerPermissions('request', true);
    render(<Popup />);
    fireEvent.click(await screen.findByRole('button', { name: 'Enable on this site' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/Enabled on https:\/\/openreview\.net/);
    expect(request).toHaveBeenCalledWith({ origins: ['https://openreview.net/*'] });
    expect(screen.getByRole('button', { name: "Open Shedder's Take" })).toBeTruthy();
  });

  it('offers the sidebar on a paper page', async () => {
    await openActiveTab('https://arxiv.org/abs/2106.09608');
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
    render(<Popup />);
    fireEvent.click(await screen.findByRole('button', { name: "Open Shedder's Take" }));
    expect((await screen.findByRole('status')).textContent).toMatch(/Reload the page/);
    expect(send).toHaveBeenCalledOnce();
  });
});
