/** @vitest-environment happy-dom */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Popup } from '@/components/popup/Popup';
import { apiKeyStore } from '@/utils/storage/api-key';
import { restoreTakes } from '@/utils/storage/takes';
import { backgroundAnswersFrom } from '../../support/background-answers';
import { makeRealisticTakes } from '../../support/realistic-takes';

/** fakeBrowser types `permissions.request/contains` as returning nothing; browsers resolve a boolean. */
function answerPermissions(method: 'request' | 'contains', granted: boolean) {
  return vi.spyOn(fakeBrowser.permissions, method).mockImplementation((() => Promise.resolve(granted)) as unknown as typeof fakeBrowser.permissions.request);
}

beforeEach(() => {
  // The real background answers the popup, which may ask whether a key is saved but never for the key.
  globalThis.indexedDB = new IDBFactory();
  backgroundAnswersFrom('/popup.html');
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The popup asks for the active tab of the current window, so the fake browser needs a focused window first. */
async function openActiveTab(url: string) {
  await fakeBrowser.windows.create({ focused: true });
  return fakeBrowser.tabs.create({ url, active: true });
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

  it("opens the sidebar on a paper page: it asks the tab to open it, never to toggle it", async () => {
    const tab = await openActiveTab('https://arxiv.org/abs/2106.09608');
    answerPermissions('contains', true);
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    const close = vi.spyOn(window, 'close').mockImplementation(() => undefined);
    render(<Popup />);
    fireEvent.click(await screen.findByRole('button', { name: "Open Shedder's Take" }));
    await vi.waitFor(() => expect(close).toHaveBeenCalledOnce());
    expect(send).toHaveBeenCalledWith(tab.id, { type: 'openSidebar' });
  });

  it('asks for a reload when no content script answers in the tab', async () => {
    await openActiveTab('https://arxiv.org/abs/2106.09608');
    answerPermissions('contains', true);
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
    render(<Popup />);
    fireEvent.click(await screen.findByRole('button', { name: "Open Shedder's Take" }));
    expect((await screen.findByRole('status')).textContent).toMatch(/Reload the page/);
    expect(send).toHaveBeenCalledOnce();
  });

  it("a paper site whose access the reader withdrew: says why there is no button and asks again from the click", async () => {
    await openActiveTab('https://arxiv.org/abs/2106.09608');
    const contains = answerPermissions('contains', false);
    const request = answerPermissions('request', true);
    render(<Popup />);
    fireEvent.click(await screen.findByRole('button', { name: 'Allow on arxiv.org' }));
    expect((await screen.findByRole('status')).textContent).toBe("Allowed on arxiv.org. Reload the page, then open Shedder's Take.");
    expect(contains).toHaveBeenCalledWith({ origins: ['https://arxiv.org/*'] });
    expect(request).toHaveBeenCalledWith({ origins: ['https://arxiv.org/*'] });
    expect(screen.getByRole('button', { name: "Open Shedder's Take" })).toBeTruthy();
  });

  it('a declined site access says so and offers no sidebar', async () => {
    await openActiveTab('https://dl.acm.org/doi/10.1145/3706599.3719976');
    answerPermissions('contains', false);
    answerPermissions('request', false);
    render(<Popup />);
    fireEvent.click(await screen.findByRole('button', { name: 'Allow on dl.acm.org' }));
    expect((await screen.findByRole('status')).textContent).toBe('Not allowed: access to dl.acm.org was not granted.');
    expect(screen.queryByRole('button', { name: "Open Shedder's Take" })).toBeNull();
  });

  it("shows the tab's paper and whether it has a take, the model and key, and the last five takes", async () => {
    const takes = makeRealisticTakes(7);
    const arxivTake = takes.find((take) => take.paper.site === 'arxiv')!;
    await restoreTakes(takes);
    await openActiveTab(arxivTake.paper.pageUrl);
    answerPermissions('contains', true);
    render(<Popup />);
    const model = await screen.findByRole('region', { name: 'Model and key' });
    const thisTab = screen.getByRole('region', { name: 'This tab' });
    expect(thisTab.textContent).toContain(arxivTake.paper.title);
    expect(thisTab.textContent).toMatch(/(✓ take|full take|skim|skip|quick take).*saved/);
    expect(model.textContent).toContain('missing: add it in Settings');
    expect(screen.getAllByRole('listitem')).toHaveLength(5);
    cleanup();

    await apiKeyStore.set('sk-test-popup');
    await openActiveTab('https://arxiv.org/abs/2401.99999');
    answerPermissions('contains', true);
    render(<Popup />);
    expect((await screen.findByRole('region', { name: 'Model and key' })).textContent).toMatch(/Key\s*set$/);
    expect(screen.getByRole('region', { name: 'This tab' }).textContent).toContain('No take of this paper yet.');
    expect(screen.getByRole('region', { name: 'Model and key' }).textContent).toMatch(/Key\s*set$/);
    // The popup learns only whether there is a key, never the key.
    expect(document.body.textContent).not.toContain('sk-test-popup');
  });

  it('a key the background cannot read is said as such, and the rest of the overview still shows', async () => {
    await restoreTakes(makeRealisticTakes(3));
    vi.spyOn(apiKeyStore, 'get').mockRejectedValue(new Error('The key database could not be opened.'));
    await openActiveTab('https://arxiv.org/abs/2401.99999');
    answerPermissions('contains', true);
    render(<Popup />);
    const model = await screen.findByRole('region', { name: 'Model and key' });
    expect(model.textContent).toContain('could not be checked: open Settings');
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
  });
});
