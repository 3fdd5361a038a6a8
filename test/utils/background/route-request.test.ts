import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from '#imports';
import { backgroundHandlers } from '@/utils/background/route-request';
import { dispatchBackgroundRequest, type SelectedPaper } from '@/utils/messaging';
import { forgetOtherPages } from '@/utils/selection';
import { isPaperRef, pickPaperRef } from '@/utils/message-guards';
import { apiKeyStore } from '@/utils/storage/api-key';
import { readKeyRecord } from '@/utils/storage/key-database';
import type { PaperRef } from '@/utils/sites/types';

/**
 * The background trusts no message. A page cannot call runtime.sendMessage, but a compromised renderer
 * can forge its content script's messages with any payload, so every forged sender, malformed payload and unknown
 * type must be refused, and a refused request must leave storage exactly as it was.
 */

/** One message as the background receives it, from any sender: the handler of its type, or a refusal. */
const routeRequest = (request: unknown, sender: Browser.runtime.MessageSender) => dispatchBackgroundRequest(backgroundHandlers, request, sender);

const arxivPaper: PaperRef = {
  site: 'arxiv',
  paperId: '2106.09608v2',
  version: 2,
  title: 'Learning Knowledge Graph-based World Models of Textual Environments',
  authors: ['Prithviraj Ammanabrolu', 'Mark O. Riedl'],
  pageUrl: 'https://arxiv.org/abs/2106.09608',
  pdfUrl: 'https://arxiv.org/pdf/2106.09608v2',
};

const genericPaper: PaperRef = {
  site: 'generic',
  paperId: '10.9999/example.1',
  title: 'A Paper on a Site the User Granted',
  authors: ['A. Author'],
  pageUrl: 'https://papers.example.org/p/1',
  pdfUrl: 'https://papers.example.org/p/1.pdf',
};

const tabId = 7;

function contentScriptSender(url: string, overrides: Partial<Browser.runtime.MessageSender> = {}): Browser.runtime.MessageSender {
  return { id: fakeBrowser.runtime.id, url, tab: { id: tabId, url } as Browser.tabs.Tab, frameId: 0, ...overrides };
}

/** Our sidebar page in a frame of tab `tab`, which shows `tabUrl` (null where the extension may not see the page). */
function sidebarSender(tab: number | undefined, path = '/sidebar-frame.html', tabUrl: string | null = 'https://arxiv.org/abs/2106.09608'): Browser.runtime.MessageSender {
  return {
    id: fakeBrowser.runtime.id,
    url: fakeBrowser.runtime.getURL(path as '/sidebar-frame.html'),
    ...(tab === undefined ? {} : { tab: { id: tab, ...(tabUrl ? { url: tabUrl } : {}) } as Browser.tabs.Tab }),
  };
}

const arxivTab = contentScriptSender('https://arxiv.org/abs/2106.09608');

/** The content script opens its sidebar: the token its frame will hold. */
async function grantFor(sender: Browser.runtime.MessageSender): Promise<string> {
  const reply = await routeRequest({ type: 'grantSidebar' }, sender);
  if (!reply.ok || !('token' in reply)) throw new Error(`no grant: ${JSON.stringify(reply)}`);
  return reply.token;
}
const grantedOrigins = new Set(['https://papers.example.org/*']);

/** The browser's permission store, not the code under test: answers from a fixed set of granted origins. */
function grantOrigins(): void {
  const contains = (query: { origins?: string[] }) => Promise.resolve((query.origins ?? []).every((origin) => grantedOrigins.has(origin)));
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(contains as unknown as typeof fakeBrowser.permissions.contains);
}

async function everyStoredValue(): Promise<unknown> {
  return { local: await fakeBrowser.storage.local.get(null), session: await fakeBrowser.storage.session.get(null), apiKey: await readKeyRecord() };
}

/** Sends the request and checks that it was refused and that nothing was written anywhere. */
async function expectRefusedWithoutWrites(request: unknown, sender: Browser.runtime.MessageSender): Promise<void> {
  const before = await everyStoredValue();
  const reply = await routeRequest(request, sender);
  expect(reply).toMatchObject({ ok: false, error: expect.any(String) });
  expect(await everyStoredValue()).toEqual(before);
}

beforeEach(() => {
  grantOrigins();
  // The key's database, in memory: a full implementation of the standard (fake-indexeddb).
  globalThis.indexedDB = new IDBFactory();
});

describe('routeRequest accepts what it should (so the refusals below mean something)', () => {
  it('records the paper a content script on its own site selected, in session storage for that tab', async () => {
    expect(await routeRequest({ type: 'selectPaper', paper: arxivPaper, start: true }, arxivTab)).toEqual({ ok: true });
    const grant = await grantFor(arxivTab);
    const reply = await routeRequest({ type: 'getSelectedPaper', grant }, sidebarSender(tabId));
    expect(reply).toEqual({ ok: true, tabId, paper: arxivPaper, batch: undefined, start: true, selectedAt: expect.any(Number) });
    // The start request is handed out once; the answer after it names the same selection, so the sidebar knows it has
    // nothing new.
    const { selectedAt } = reply as SelectedPaper;
    expect(await routeRequest({ type: 'getSelectedPaper', grant }, sidebarSender(tabId))).toMatchObject({ ok: true, paper: arxivPaper, start: false, selectedAt });
    // A second press on the same paper is a new selection.
    await new Promise((resolve) => setTimeout(resolve, 2));
    await routeRequest({ type: 'selectPaper', paper: arxivPaper, start: true }, arxivTab);
    const again = await routeRequest({ type: 'getSelectedPaper', grant }, sidebarSender(tabId));
    expect(again).toMatchObject({ ok: true, start: true });
    expect((again as SelectedPaper).selectedAt).not.toBe(selectedAt);
  });

  it("a press that lands while the sidebar takes the previous press's start request is kept, and its start handed out once", async () => {
    await routeRequest({ type: 'selectPaper', paper: arxivPaper, start: true }, arxivTab);
    const grant = await grantFor(arxivTab);
    const stored = `selectedPaper:${tabId}`;
    const firstPressAt = ((await fakeBrowser.storage.session.get(stored))[stored] as { selectedAt: number }).selectedAt;
    await new Promise((resolve) => setTimeout(resolve, 2));
    // The order that loses a press: the sidebar has read the first press, and its write of the start as taken is slow
    // enough for the second press to land first (held until that press is written, or at most 50 ms).
    const set = fakeBrowser.storage.session.set.bind(fakeBrowser.storage.session);
    let secondPressWritten: () => void = () => undefined;
    const secondPress = new Promise<void>((resolve) => (secondPressWritten = resolve));
    const slowSet = vi.spyOn(fakeBrowser.storage.session, 'set').mockImplementation(async (items: Record<string, unknown>) => {
      const selection = items[stored] as { startRequested: boolean; selectedAt: number } | undefined;
      if (selection && !selection.startRequested) await Promise.race([secondPress, new Promise((resolve) => setTimeout(resolve, 50))]);
      await set(items);
      if (selection?.startRequested && selection.selectedAt > firstPressAt) secondPressWritten();
    });
    onTestFinished(() => slowSet.mockRestore());
    const taking = routeRequest({ type: 'getSelectedPaper', grant }, sidebarSender(tabId));
    await vi.waitUntil(() => slowSet.mock.calls.length > 0);
    const pressing = routeRequest({ type: 'selectPaper', paper: arxivPaper, start: true }, arxivTab);
    expect(await taking).toMatchObject({ ok: true, start: true, selectedAt: firstPressAt });
    expect(await pressing).toEqual({ ok: true });
    // What is kept is the second press, its start not yet handed out; not the first press written back over it.
    const after = await routeRequest({ type: 'getSelectedPaper', grant }, sidebarSender(tabId));
    expect(after).toMatchObject({ ok: true, start: true });
    expect((after as SelectedPaper).selectedAt).toBeGreaterThan(firstPressAt);
  });

  it('accepts a generic-site paper from a host the user granted', async () => {
    const sender = contentScriptSender('https://papers.example.org/p/1');
    expect(await routeRequest({ type: 'selectPaper', paper: genericPaper, start: false }, sender)).toEqual({ ok: true });
  });

  it('gives the key to the sidebar and the options page, and takes a new one from the options page only', async () => {
    await apiKeyStore.set('sk-proj-abc');
    expect(await routeRequest({ type: 'getApiKey' }, sidebarSender(tabId))).toEqual({ ok: true, key: 'sk-proj-abc' });
    expect(await routeRequest({ type: 'getApiKey' }, sidebarSender(undefined, '/options.html'))).toEqual({ ok: true, key: 'sk-proj-abc' });
    expect(await routeRequest({ type: 'setApiKey', key: '  sk-proj-new  ' }, sidebarSender(undefined, '/options.html'))).toEqual({ ok: true });
    expect(await apiKeyStore.get()).toBe('sk-proj-new');
  });

  it('tells the popup whether a key is saved, and nothing more', async () => {
    const popup = sidebarSender(undefined, '/popup.html');
    expect(await routeRequest({ type: 'hasApiKey' }, popup)).toEqual({ ok: true, hasKey: false });
    await apiKeyStore.set('sk-proj-abc');
    expect(await routeRequest({ type: 'hasApiKey' }, popup)).toEqual({ ok: true, hasKey: true });
  });
});

describe('routeRequest refuses forged senders', () => {
  const forged: [string, Browser.runtime.MessageSender][] = [
    ['another extension', contentScriptSender('https://arxiv.org/abs/2106.09608', { id: 'some-other-extension' })],
    ['no extension id', contentScriptSender('https://arxiv.org/abs/2106.09608', { id: undefined })],
    ['no tab (a popup or another extension page)', { id: fakeBrowser.runtime.id, url: 'https://arxiv.org/abs/2106.09608' }],
    ['no sender URL', { id: fakeBrowser.runtime.id, tab: { id: tabId } as Browser.tabs.Tab }],
    ['an http page on the right host', contentScriptSender('http://arxiv.org/abs/2106.09608')],
    ['a page on another paper site', contentScriptSender('https://dl.acm.org/doi/10.1145/3706599.3719976')],
    ['a look-alike host', contentScriptSender('https://arxiv.org.evil.example/abs/2106.09608')],
    ['credentials that hide the real host', contentScriptSender('https://arxiv.org@evil.example/abs/2106.09608')],
    ['a page of a site never granted', contentScriptSender('https://evil.example/abs/2106.09608')],
    ['our own sidebar frame (it never selects papers)', sidebarSender(tabId)],
  ];

  it.each(forged)('selectPaper from %s', async (_name, sender) => {
    await expectRefusedWithoutWrites({ type: 'selectPaper', paper: arxivPaper, start: true }, sender);
  });

  it('a generic-site paper from a host without a granted permission', async () => {
    const paper = { ...genericPaper, pageUrl: 'https://ungranted.example/p/1', pdfUrl: 'https://ungranted.example/p/1.pdf' };
    await expectRefusedWithoutWrites({ type: 'selectPaper', paper, start: true }, contentScriptSender('https://ungranted.example/p/1'));
  });

  it('a generic-site paper over http from a granted host', async () => {
    await expectRefusedWithoutWrites({ type: 'selectPaper', paper: genericPaper, start: true }, contentScriptSender('http://papers.example.org/p/1'));
  });

  it.each(forged)('selectBatch from %s', async (_name, sender) => {
    await expectRefusedWithoutWrites({ type: 'selectBatch', papers: [arxivPaper], pageTitle: 'cs.DC new' }, sender);
  });

  it.each([
    ['a content script', arxivTab],
    ['another extension', { ...sidebarSender(tabId), id: 'some-other-extension' }],
    ['our options page', sidebarSender(tabId, '/options.html')],
    ['the sidebar page outside a tab', sidebarSender(undefined)],
  ] as [string, Browser.runtime.MessageSender][])('getSelectedPaper from %s', async (_name, sender) => {
    await routeRequest({ type: 'selectPaper', paper: arxivPaper, start: true }, arxivTab);
    const grant = await grantFor(arxivTab);
    await expectRefusedWithoutWrites({ type: 'getSelectedPaper', grant }, sender);
  });

  it("a sidebar in one tab never reads another tab's selection, even with that tab's grant", async () => {
    await routeRequest({ type: 'selectPaper', paper: arxivPaper, start: true }, arxivTab);
    const grant = await grantFor(arxivTab);
    await expectRefusedWithoutWrites({ type: 'getSelectedPaper', grant }, sidebarSender(tabId + 1));
    const otherTab = contentScriptSender('https://arxiv.org/abs/2106.09608', { tab: { id: tabId + 1, url: 'https://arxiv.org/abs/2106.09608' } as Browser.tabs.Tab });
    const otherGrant = await grantFor(otherTab);
    expect(await routeRequest({ type: 'getSelectedPaper', grant: otherGrant }, sidebarSender(tabId + 1))).toEqual({
      ok: true,
      tabId: tabId + 1,
      paper: undefined,
      batch: undefined,
      start: false,
    });
  });

  it.each([
    ['no grant', undefined],
    ['a guessed grant', '00000000-0000-4000-8000-000000000000'],
    ['a grant that is not text', { token: 'x' }],
  ])('getSelectedPaper with %s: a frame the page made itself is shown nothing', async (_name, grant) => {
    await routeRequest({ type: 'selectPaper', paper: arxivPaper, start: true }, arxivTab);
    await grantFor(arxivTab);
    const before = await everyStoredValue();
    const reply = await routeRequest({ type: 'getSelectedPaper', grant }, sidebarSender(tabId));
    expect(reply).toEqual({ ok: false, error: "This sidebar was not opened by Shedder's Take on this page, so it shows nothing here." });
    expect(await everyStoredValue()).toEqual(before);
  });

  it.each([
    ['a foreign site the extension cannot see', null],
    ['another arXiv page', 'https://arxiv.org/abs/2403.10561'],
  ])('getSelectedPaper once the tab shows %s: nothing, not even with the grant', async (_name, tabUrl) => {
    await routeRequest({ type: 'selectPaper', paper: arxivPaper, start: true }, arxivTab);
    const grant = await grantFor(arxivTab);
    await expectRefusedWithoutWrites({ type: 'getSelectedPaper', grant }, sidebarSender(tabId, '/sidebar-frame.html', tabUrl));
    // Control: back on the page the paper was selected on, with the same grant, the paper is there.
    expect(await routeRequest({ type: 'getSelectedPaper', grant }, sidebarSender(tabId))).toMatchObject({ ok: true, paper: arxivPaper, start: true });
  });

  it('a fragment is the same page: the selection and grant hold across #…', async () => {
    await routeRequest({ type: 'selectPaper', paper: arxivPaper, start: false }, contentScriptSender('https://arxiv.org/abs/2106.09608#shedders-take-model=x'));
    const grant = await grantFor(arxivTab);
    expect(await routeRequest({ type: 'getSelectedPaper', grant }, sidebarSender(tabId, '/sidebar-frame.html', 'https://arxiv.org/abs/2106.09608#abstract'))).toMatchObject({
      ok: true,
      paper: arxivPaper,
    });
  });

  it('grantSidebar only for content scripts on https pages', async () => {
    for (const sender of [sidebarSender(tabId), { ...arxivTab, id: 'some-other-extension' }, contentScriptSender('http://arxiv.org/abs/2106.09608'), { id: fakeBrowser.runtime.id, url: 'https://arxiv.org/abs/1' }]) {
      await expectRefusedWithoutWrites({ type: 'grantSidebar' }, sender);
    }
  });

  const notForTheKey: [string, Browser.runtime.MessageSender][] = [
    ['a content script', arxivTab],
    ['our popup', sidebarSender(undefined, '/popup.html')],
    ['our library page', sidebarSender(undefined, '/library.html')],
    ['another extension', { ...sidebarSender(tabId), id: 'some-other-extension' }],
    ['a sender with no URL', { id: fakeBrowser.runtime.id }],
  ];

  it.each(notForTheKey)('getApiKey from %s', async (_name, sender) => {
    await apiKeyStore.set('sk-proj-abc');
    const reply = await routeRequest({ type: 'getApiKey' }, sender);
    expect(reply).toEqual({ ok: false, error: 'Not accepted from this sender.' });
    expect(JSON.stringify(reply)).not.toContain('sk-proj-abc');
  });

  it.each([
    ['a content script', arxivTab],
    ['our library page', sidebarSender(undefined, '/library.html')],
    ['another extension', { ...sidebarSender(undefined, '/popup.html'), id: 'some-other-extension' }],
  ] as [string, Browser.runtime.MessageSender][])('hasApiKey from %s', async (_name, sender) => {
    await apiKeyStore.set('sk-proj-abc');
    expect(await routeRequest({ type: 'hasApiKey' }, sender)).toEqual({ ok: false, error: 'Not accepted from this sender.' });
  });

  it.each([...notForTheKey, ['our sidebar frame (it reads the key, never saves it)', sidebarSender(tabId)]] as [string, Browser.runtime.MessageSender][])(
    'setApiKey from %s',
    async (_name, sender) => {
      await apiKeyStore.set('sk-proj-abc');
      await expectRefusedWithoutWrites({ type: 'setApiKey', key: 'sk-mallory' }, sender);
    },
  );

  it('lookupBadges from another extension', async () => {
    await expectRefusedWithoutWrites({ type: 'lookupBadges', keys: ['arxiv:2106.09608'] }, { ...arxivTab, id: 'some-other-extension' });
  });
});

const huge = 'x'.repeat(20_001);

describe('routeRequest refuses malformed payloads', () => {
  const malformedPapers: [string, unknown][] = [
    ['no paper at all', undefined],
    ['null', null],
    ['a string', JSON.stringify(arxivPaper)],
    ['an array', [arxivPaper]],
    ['an unknown site', { ...arxivPaper, site: 'evil' }],
    ['no paperId', { ...arxivPaper, paperId: undefined }],
    ['an empty paperId', { ...arxivPaper, paperId: '' }],
    ['no title', { ...arxivPaper, title: undefined }],
    ['a title that is not a string', { ...arxivPaper, title: { toString: 'x' } }],
    ['authors as a string', { ...arxivPaper, authors: 'Mallory' }],
    ['an author that is not a string', { ...arxivPaper, authors: [42] }],
    ['no pageUrl', { ...arxivPaper, pageUrl: undefined }],
    ['a huge title', { ...arxivPaper, title: 'x'.repeat(2_001) }],
    ['a huge paperId', { ...arxivPaper, paperId: 'x'.repeat(301) }],
    ['a huge abstract', { ...arxivPaper, abstract: huge }],
    ['a huge author list', { ...arxivPaper, authors: Array.from({ length: 2_001 }, (_, index) => `Author ${index}`) }],
    ['a huge author name', { ...arxivPaper, authors: ['x'.repeat(501)] }],
    ['a version that is not a positive integer', { ...arxivPaper, version: -1 }],
    ['a fractional year', { ...arxivPaper, year: 2021.5 }],
    ['a year given as a string', { ...arxivPaper, year: '2021' }],
    ['an http pageUrl', { ...arxivPaper, pageUrl: 'http://arxiv.org/abs/2106.09608' }],
    ['a javascript: pageUrl', { ...arxivPaper, pageUrl: 'javascript:alert(1)' }],
    ['a javascript: PDF URL', { ...arxivPaper, pdfUrl: 'javascript:alert(document.cookie)' }],
    ['a data: PDF URL', { ...arxivPaper, pdfUrl: 'data:application/pdf;base64,JVBERi0=' }],
    ['a file: PDF URL', { ...arxivPaper, pdfUrl: 'file:///etc/passwd' }],
    ['an http PDF URL', { ...arxivPaper, pdfUrl: 'http://arxiv.org/pdf/2106.09608v2' }],
    ['a PDF URL on another host', { ...arxivPaper, pdfUrl: 'https://evil.example/x.pdf' }],
    ['a PDF URL off the PDF paths', { ...arxivPaper, pdfUrl: 'https://arxiv.org/abs/2106.09608' }],
    ['a PDF URL on the wrong site', { ...arxivPaper, pdfUrl: 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976' }],
    ['a PDF URL with credentials', { ...arxivPaper, pdfUrl: 'https://user:secret@arxiv.org/pdf/2106.09608v2' }],
    ['a PDF URL with a port', { ...arxivPaper, pdfUrl: 'https://arxiv.org:8443/pdf/2106.09608v2' }],
    ['a presentation URL that is not https', { ...arxivPaper, presentationUrl: 'javascript:alert(1)' }],
  ];

  it.each(malformedPapers)('selectPaper with %s', async (_name, paper) => {
    await expectRefusedWithoutWrites({ type: 'selectPaper', paper, start: true }, arxivTab);
  });

  it.each([
    ['no papers', { papers: [], pageTitle: 'list' }],
    ['papers not an array', { papers: arxivPaper, pageTitle: 'list' }],
    ['too many papers', { papers: Array.from({ length: 5_001 }, () => arxivPaper), pageTitle: 'list' }],
    ['a huge page title', { papers: [arxivPaper], pageTitle: 'x'.repeat(501) }],
    ['no page title', { papers: [arxivPaper] }],
    ['one malformed paper among good ones', { papers: [arxivPaper, { ...arxivPaper, title: undefined }], pageTitle: 'list' }],
    ['one PDF URL off the site among good ones', { papers: [arxivPaper, { ...arxivPaper, pdfUrl: 'https://evil.example/x.pdf' }], pageTitle: 'list' }],
  ])('selectBatch with %s', async (_name, payload) => {
    await expectRefusedWithoutWrites({ type: 'selectBatch', ...payload }, arxivTab);
  });

  it.each([
    ['no key', {}],
    ['a key that is not a string', { key: 42 }],
    ['a huge key', { key: 'x'.repeat(4_097) }],
  ])('setApiKey with %s', async (_name, payload) => {
    await apiKeyStore.set('sk-proj-abc');
    await expectRefusedWithoutWrites({ type: 'setApiKey', ...payload }, sidebarSender(undefined, '/options.html'));
  });

  it.each([
    ['keys not an array', { keys: 'arxiv:2106.09608' }],
    ['a key that is not a string', { keys: [{}] }],
    ['a huge key', { keys: ['x'.repeat(400)] }],
    ['too many keys', { keys: Array.from({ length: 5_001 }, (_, index) => `arxiv:${index}`) }],
  ])('lookupBadges with %s', async (_name, payload) => {
    await expectRefusedWithoutWrites({ type: 'lookupBadges', ...payload }, arxivTab);
  });
});

describe('routeRequest refuses requests it does not know', () => {
  it.each([
    undefined,
    null,
    'selectPaper',
    42,
    [],
    {},
    { type: 'readApiKey' },
    { type: 'fetchUrl', url: 'https://evil.example/' },
    { type: 'setSettings', settings: { baseURL: 'https://evil.example/v1' } },
    { type: 'saveTake', take: {} },
    { type: 'requestTake', paper: arxivPaper },
    { type: 'toString' },
    { type: '__proto__' },
    { type: 'constructor' },
    { type: ['selectPaper'], paper: arxivPaper },
    { type: 'SELECTPAPER', paper: arxivPaper },
  ])('%j', async (request) => {
    await expectRefusedWithoutWrites(request, arxivTab);
  });
});

describe('isPaperRef and pickPaperRef', () => {
  it('accepts the smallest valid paper and every optional field in range', () => {
    const minimal = { site: 'usenix', paperId: 'nsdi22/goyal', title: 'Backpressure Flow Control', authors: [], pageUrl: 'https://www.usenix.org/conference/nsdi22/presentation/goyal' };
    expect(isPaperRef(minimal)).toBe(true);
    expect(isPaperRef({ ...arxivPaper, latestVersion: 3, year: 2021, venue: 'NeurIPS', abstract: 'a'.repeat(20_000), noPdfReason: 'withdrawn' })).toBe(true);
  });

  it('keeps only the declared fields: whatever else a page slipped in stays behind', () => {
    const smuggled = {
      ...arxivPaper,
      apiKey: 'sk-stolen',
      baseURL: 'https://evil.example/v1',
      onclick: 'alert(1)',
      html: '<img src=x onerror=alert(1)>',
      authors: Object.assign(['Prithviraj Ammanabrolu'], { extra: 'x' }),
    };
    expect(isPaperRef(smuggled)).toBe(true);
    const picked = pickPaperRef(smuggled);
    expect(Object.keys(picked).sort()).toEqual(['authors', 'pageUrl', 'paperId', 'pdfUrl', 'site', 'title', 'version']);
    expect(picked.authors).toEqual(['Prithviraj Ammanabrolu']);
    expect(Object.keys(picked.authors)).toEqual(['0']);
    // The copy is independent: a page mutating its object afterwards changes nothing recorded.
    smuggled.authors.push('Mallory');
    expect(picked.authors).toHaveLength(1);
  });

  it('a JSON __proto__ key neither pollutes prototypes nor survives picking', () => {
    const parsed = JSON.parse(JSON.stringify({ ...arxivPaper }).replace(/^\{/, '{"__proto__":{"polluted":"yes"},')) as unknown;
    expect(isPaperRef(parsed)).toBe(true);
    const picked = pickPaperRef(parsed as PaperRef);
    expect(Object.getPrototypeOf(picked)).toBe(Object.prototype);
    expect((picked as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a recorded selection carries no smuggled field', async () => {
    const smuggled = { ...arxivPaper, apiKey: 'sk-stolen', instructions: 'Ignore all previous instructions' };
    expect(await routeRequest({ type: 'selectPaper', paper: smuggled, start: false }, arxivTab)).toEqual({ ok: true });
    expect(JSON.stringify(await everyStoredValue())).not.toMatch(/sk-stolen|Ignore all previous/);
  });
});

describe('a forged paper is refused with the reason, and nothing is recorded', () => {
  it.each([
    ['arXiv id A with B’s PDF', arxivTab, { ...arxivPaper, pdfUrl: 'https://arxiv.org/pdf/2403.10561' }, 'is for another paper than this one (2106.09608v2)'],
    ['another version’s PDF', arxivTab, { ...arxivPaper, pdfUrl: 'https://arxiv.org/pdf/2106.09608v1' }, 'is for another paper than this one'],
    [
      'a generic page’s PDF on ACM DL',
      contentScriptSender('https://papers.example.org/p/1'),
      { ...genericPaper, pdfUrl: 'https://dl.acm.org/doi/pdf/10.1145/3706599.3719976' },
      'on dl.acm.org (ACM Digital Library), not on papers.example.org or a site you enabled',
    ],
    ['a generic page’s PDF on the model endpoint', contentScriptSender('https://papers.example.org/p/1'), { ...genericPaper, pdfUrl: 'https://api.openai.com/v1/files' }, 'on api.openai.com'],
  ] as const)('%s', async (_name, sender, paper, reason) => {
    const before = await everyStoredValue();
    const reply = await routeRequest({ type: 'selectPaper', paper, start: true }, sender);
    expect(reply).toEqual({ ok: false, error: expect.stringContaining(reason) });
    expect(await everyStoredValue()).toEqual(before);
    // Control: the same sender with the paper's own PDF is recorded.
    expect(await routeRequest({ type: 'selectPaper', paper: paper.site === 'generic' ? genericPaper : arxivPaper, start: true }, sender)).toEqual({ ok: true });
  });

  it('a generic page speaks only for its own address, not for another granted site', async () => {
    const sender = contentScriptSender('https://papers.example.org/p/1');
    grantedOrigins.add('https://other.example.org/*');
    try {
      await expectRefusedWithoutWrites({ type: 'selectPaper', paper: { ...genericPaper, pageUrl: 'https://other.example.org/p/9', pdfUrl: 'https://other.example.org/p/9.pdf' }, start: true }, sender);
    } finally {
      grantedOrigins.delete('https://other.example.org/*');
    }
  });

  it('a generic page’s PDF on another site the reader enabled is its own', async () => {
    await fakeBrowser.storage.local.set({ enabledPaperSites: ['https://papers.example.org/*', 'https://hal.science/*'] });
    const paper = { ...genericPaper, pdfUrl: 'https://hal.science/jpa-00235190/document' };
    expect(await routeRequest({ type: 'selectPaper', paper, start: true }, contentScriptSender('https://papers.example.org/p/1'))).toEqual({ ok: true });
  });

  it('a batch with one forged entry is refused whole, naming the entry', async () => {
    const forged = { ...arxivPaper, title: 'The forged one', pdfUrl: 'https://arxiv.org/pdf/2403.10561' };
    const before = await everyStoredValue();
    const reply = await routeRequest({ type: 'selectBatch', papers: [arxivPaper, forged], pageTitle: 'cs.DC new' }, arxivTab);
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/^“The forged one”: The PDF link .* is for another paper/) });
    expect(await everyStoredValue()).toEqual(before);
  });
});

describe('a tab that leaves the page forgets its selection and its sidebar grant', () => {
  it.each([
    ['a foreign site the extension cannot see', undefined],
    ['another arXiv page', 'https://arxiv.org/abs/2403.10561'],
  ] as const)('moving to %s', async (_name, nextUrl) => {
    await routeRequest({ type: 'selectPaper', paper: arxivPaper, start: true }, arxivTab);
    await grantFor(arxivTab);
    // Control: reloading the same page, or moving within it, keeps both.
    await forgetOtherPages(tabId, 'https://arxiv.org/abs/2106.09608#section-2');
    expect(Object.keys(await fakeBrowser.storage.session.get(null)).sort()).toEqual([`selectedPaper:${tabId}`, `sidebarGrant:${tabId}`]);
    await forgetOtherPages(tabId, nextUrl);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
