/** @vitest-environment happy-dom */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsPage } from '@/components/options/OptionsPage';
import { apiKeyStore } from '@/utils/storage/api-key';
import { defaultSettings } from '@/utils/storage/settings';
import { findProvider } from '@/utils/llm/providers';
import { backgroundAnswersFrom } from '../../support/background-answers';

/** fakeBrowser types `permissions.request/contains` as returning nothing; browsers resolve a boolean. */
function answerPermissions(method: 'request' | 'contains', granted: boolean) {
  return vi.spyOn(fakeBrowser.permissions, method).mockImplementation((() => Promise.resolve(granted)) as unknown as typeof fakeBrowser.permissions.request);
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  backgroundAnswersFrom('/options.html');
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function renderOptions() {
  render(<OptionsPage />);
  return screen.findByLabelText('Base URL');
}

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

async function storedSettings() {
  return (await fakeBrowser.storage.local.get(null)) as { settings?: unknown; apiKey?: unknown };
}

describe('options page', () => {
  it('shows every field under its visible label, the key masked, and where the key is kept', async () => {
    await renderOptions();
    expect(screen.getByLabelText('Provider')).toHaveProperty('value', 'openai');
    expect(screen.getByLabelText('Base URL')).toHaveProperty('value', defaultSettings.baseURL);
    expect(screen.getByLabelText('Model')).toHaveProperty('value', defaultSettings.model);
    expect(screen.getByLabelText('API key')).toHaveProperty('type', 'password');
    fireEvent.click(screen.getByRole('button', { name: 'Show key' }));
    expect(screen.getByLabelText('API key')).toHaveProperty('type', 'text');
    expect(screen.getByText(/own database, which only its background opens: the pages you visit and the extension's script in them cannot read it, and it is not synced/)).toBeTruthy();
    // Where the browser did not close local storage to content scripts (Firefox), the page says so of the other settings.
    expect(screen.getByText(/does not let the extension close to its script in web pages\./)).toBeTruthy();
  });

  it('says local storage is closed to the content script too where the background closed it (Chrome)', async () => {
    await fakeBrowser.storage.session.set({ localStorageClosedToContentScripts: true });
    await renderOptions();
    expect(screen.getByText(/own database, which only its background opens.*this browser lets the extension close to that script too\./)).toBeTruthy();
  });

  it('fills base URL and model from the chosen preset', async () => {
    await renderOptions();
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'ollama' } });
    expect(screen.getByLabelText('Base URL')).toHaveProperty('value', 'http://localhost:11434/v1');
    expect(screen.getByLabelText('Model')).toHaveProperty('value', 'qwen3:8b');
  });

  it('shows the chosen preset\'s note and address hint, from the one provider table', async () => {
    const ollamaNote = findProvider('ollama').note ?? '';
    expect(ollamaNote).toMatch(/OLLAMA_ORIGINS/);
    await renderOptions();
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'ollama' } });
    expect(screen.getByText(ollamaNote)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'azure' } });
    expect(screen.getByLabelText('Base URL').getAttribute('placeholder')).toBe(findProvider('azure').baseURLHint);
    expect(screen.getByLabelText('API key').getAttribute('placeholder')).toBe('sk-…');
    expect(screen.queryByText(ollamaNote)).toBeNull();
  });

  it('saves valid settings and the key, and says Saved', async () => {
    await renderOptions();
    type('API key', '  sk-proj-123  ');
    type('Model', 'gpt-5');
    fireEvent.change(screen.getByLabelText('Reasoning effort'), { target: { value: 'high' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'));
    expect(await storedSettings()).toMatchObject({ settings: { ...defaultSettings, model: 'gpt-5', reasoningEffort: 'high' } });
    expect(await storedSettings()).not.toHaveProperty('apiKey');
    expect(await apiKeyStore.get()).toBe('sk-proj-123');
  });

  it('saves Send figures and At most, and says what they mean for the model typed', async () => {
    await renderOptions();
    type('API key', 'sk-proj-123');
    type('Model', 'my-local-model');
    expect(screen.getByLabelText('Send figures').getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/my-local-model is not a model we know to read images/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Send figures'), { target: { value: 'always' } });
    fireEvent.change(screen.getByLabelText('At most'), { target: { value: '3' } });
    expect(screen.getByText(/Up to 3 figures, the evaluation's first, go to my-local-model/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'));
    expect(await storedSettings()).toMatchObject({ settings: { model: 'my-local-model', sendFigures: 'always', maxFigures: 3 } });
  });

  it.each([
    ['not a URL', 'api.openai.com/v1', /is not a URL/],
    ['plain http to a remote host', 'http://10.0.0.5:8000/v1', /Plain http:\/\/ is allowed only for localhost and 127\.0\.0\.1/],
  ])('refuses %s with its message next to the field and saves nothing', async (_name, baseURL, message) => {
    await renderOptions();
    type('Base URL', baseURL);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const error = await screen.findByText(message);
    expect(screen.getByLabelText('Base URL').getAttribute('aria-describedby')).toBe(error.id);
    expect(screen.getByLabelText('Base URL').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toMatch(/Nothing was saved/);
    expect(screen.getByRole('status').textContent).toBe('');
    expect(await storedSettings()).toEqual({});
  });

  it('shows price table errors', async () => {
    await renderOptions();
    fireEvent.click(screen.getByRole('button', { name: 'Add a price' }));
    // The added row follows the default rows, which come from utils/llm/pricing.ts.
    const row = `Price row ${defaultSettings.prices.length + 1}`;
    type(`${row}: model`, 'qwen3:8b');
    type(`${row}: $ per 1M input tokens`, 'free');
    type(`${row}: $ per 1M output tokens`, '0');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(new RegExp(`${row}: prices are dollars per million tokens`))).toBeTruthy();
    expect(await storedSettings()).toEqual({});
  });

  it('asks for the host permission of a custom endpoint on Save, port-less', async () => {
    const request = answerPermissions('request', true);
    await renderOptions();
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'custom' } });
    type('Base URL', 'https://llm.cs.example.edu:8443/v1/');
    type('Model', 'mixtral-8x7b');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'));
    expect(request).toHaveBeenCalledWith({ origins: ['https://llm.cs.example.edu/*'] });
    expect((await storedSettings()).settings).toMatchObject({ provider: 'custom', baseURL: 'https://llm.cs.example.edu:8443/v1' });
  });

  it('saves nothing when the user refuses the host permission', async () => {
    answerPermissions('request', false);
    await renderOptions();
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'lmstudio' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/without access to http:\/\/localhost the extension cannot reach your model/);
    expect(await storedSettings()).toEqual({});
    expect(await apiKeyStore.get()).toBe('');
  });

  it('when the key cannot be saved, the settings go back as they were: nothing is saved half-way', async () => {
    await apiKeyStore.set('sk-before');
    await renderOptions();
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The disk is full', 'QuotaExceededError');
    });
    type('API key', 'sk-after');
    type('Model', 'gpt-5-nano');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not save the settings: the browser's storage for this extension is full/);
    expect(put).toHaveBeenCalled();
    expect((await storedSettings()).settings).toEqual(defaultSettings);
    put.mockRestore();
    expect(await apiKeyStore.get()).toBe('sk-before');
    expect(screen.getByLabelText('Model')).toHaveProperty('value', 'gpt-5-nano');
  });

  it('when the key cannot be read, says so and shows no form that could save an empty key over it', async () => {
    vi.spyOn(globalThis.indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The database is locked', 'UnknownError');
    });
    render(<OptionsPage />);
    expect((await screen.findByRole('alert')).textContent).toBe('Could not load your settings (UnknownError: The database is locked). Nothing was changed; reload this page to try again.');
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    // Control: the same page, the database readable again, shows the form.
    vi.restoreAllMocks();
    cleanup();
    await renderOptions();
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
  });

  it('says the storage is full when the write fails, and keeps what was typed', async () => {
    await renderOptions();
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('Resource::kQuotaBytes quota exceeded'));
    type('Model', 'gpt-5-nano');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not save the settings: the browser's storage for this extension is full/);
    expect(screen.getByLabelText('Model')).toHaveProperty('value', 'gpt-5-nano');
  });
});

describe('options page: Test connection', () => {
  it('tests the typed endpoint and fills the model list from its /models', async () => {
    const { createServer } = await import('node:http');
    // A loopback model server. happy-dom's fetch applies CORS like a web page would (the extension's host permission
    // lifts that in a browser), so it answers with CORS headers.
    const server = createServer((request, response) => {
      response.writeHead(request.url === '/v1/models' ? 200 : 404, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' });
      response.end(JSON.stringify({ data: [{ id: 'qwen3:8b' }, { id: 'qwen3:32b' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    try {
      const request = answerPermissions('request', true);
      await renderOptions();
      fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'custom' } });
      type('Base URL', `http://127.0.0.1:${port}/v1`);
      type('Model', 'qwen3:8b');
      fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
      expect(await screen.findByText(/Connected to 127\.0\.0\.1:\d+: 2 models available\./)).toBeTruthy();
      expect(request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
      // The model is now picked from what the server listed; "Other" still takes any name.
      const picker = screen.getByLabelText('Model') as HTMLSelectElement;
      expect(picker.tagName).toBe('SELECT');
      expect([...picker.options].map((option) => option.textContent)).toEqual(['qwen3:32b', 'qwen3:8b', 'Other: type a model name…']);
      expect(picker.value).toBe('qwen3:8b');
      fireEvent.change(picker, { target: { value: 'qwen3:32b' } });
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'));
      expect(await storedSettings()).toMatchObject({ settings: { model: 'qwen3:32b' } });
      fireEvent.change(screen.getByLabelText('Model'), { target: { value: '__other__' } });
      type('Model', 'qwen3:14b-custom');
      expect((screen.getByLabelText('Model') as HTMLInputElement).value).toBe('qwen3:14b-custom');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('does not test a base URL that is not a URL', async () => {
    await renderOptions();
    type('Base URL', 'localhost 11434');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText(/is not a URL/)).toBeTruthy();
  });
});
