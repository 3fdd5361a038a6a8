import { useEffect, useId, useState, type FormEvent } from 'react';
import { browser } from '#imports';
import { describeFigureChoice, maxFiguresLimit, sendFiguresLabels, sendFiguresModes, type SendFiguresMode } from '@/utils/llm/figure-sending';
import { findProvider, providerPresets, type ProviderId } from '@/utils/llm/providers';
import { testConnection } from '@/utils/llm/model-service';
import { describeKeyStorage, readApiKey, saveApiKey } from '@/utils/storage/api-key';
import {
  checkBaseURL,
  defaultSettings,
  hostPermissionFor,
  reasoningEfforts,
  settingsItem,
  settingsToDraft,
  validateSettings,
  type ReasoningEffort,
  type SettingsDraft,
  type SettingsField,
} from '@/utils/storage/settings';
import { toStorageWriteError } from '@/utils/storage/errors';
import { readAppearance, themeChoices, updateAppearance, type Appearance, type ThemeChoice } from '@/utils/storage/appearance';
import { PriceTable } from './PriceTable';

const themeWords: Record<ThemeChoice, string> = { system: 'Follow the system', light: 'Light', dark: 'Dark' };
/** The model list offers this to type a name the server did not list. */
const otherModel = '__other__';

type SaveStatus = { kind: 'idle' } | { kind: 'saved' } | { kind: 'error'; message: string };

export function OptionsPage() {
  const [draft, setDraft] = useState<SettingsDraft>();
  const [apiKey, setApiKey] = useState('');
  const [showKey, setShowKey] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<SettingsField, string>>>({});
  const [saveStatus, setSaveStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [connection, setConnection] = useState<{ ok: boolean; message: string } | 'testing'>();
  const [modelChoices, setModelChoices] = useState<string[]>([]);
  const [keyNote, setKeyNote] = useState('');
  const [loadError, setLoadError] = useState<string>();
  const [appearance, setAppearance] = useState<Appearance>();
  const [typingModel, setTypingModel] = useState(false);
  const ids = useId();

  useEffect(() => {
    let live = true;
    Promise.all([settingsItem.getValue(), readApiKey(), describeKeyStorage(), readAppearance()]).then(
      ([settings, key, note, look]) => {
        if (!live) return;
        setDraft(settingsToDraft(settings));
        setApiKey(key);
        setKeyNote(note);
        setAppearance(look);
      },
      // The key comes from the background; a form without it would save an empty key over the real one.
      (error: unknown) => live && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, []);

  if (loadError) return <p role="alert">Could not load your settings ({loadError}). Nothing was changed; reload this page to try again.</p>;
  if (!draft || !appearance) return <p>Loading settings…</p>;

  // Appearance applies at once, on every page of the extension: there is nothing to get wrong, so no Save.
  const changeAppearance = (patch: Partial<Appearance>) => {
    setAppearance({ ...appearance, ...patch });
    void updateAppearance(patch);
  };

  const edit = (patch: Partial<SettingsDraft>) => {
    setDraft({ ...draft, ...patch });
    setSaveStatus({ kind: 'idle' });
  };

  const chooseProvider = (provider: ProviderId) => {
    const preset = findProvider(provider);
    // Custom keeps what the user typed; every other preset brings its own address and a model it serves.
    edit(provider === 'custom' ? { provider } : { provider, baseURL: preset.baseURL, model: preset.defaultModel || draft.model });
    setModelChoices([]);
    setTypingModel(false);
    setConnection(undefined);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = validateSettings(draft);
    setErrors(result.ok ? {} : result.errors);
    if (!result.ok) {
      setSaveStatus({ kind: 'error', message: 'Nothing was saved: fix the fields marked below.' });
      return;
    }
    // The first await of the click handler, so the browser still sees the user's gesture.
    const origin = hostPermissionFor(result.settings.baseURL);
    if (origin) {
      const granted = await browser.permissions.request({ origins: [origin] }).catch(() => false);
      if (!granted) {
        setSaveStatus({ kind: 'error', message: `Nothing was saved: without access to ${origin.replace('/*', '')} the extension cannot reach your model. Save again and allow it.` });
        return;
      }
    }
    // Settings and key live in different stores: if the key cannot be saved, the settings go back to what they were,
    // so an endpoint is never saved without the key meant for it.
    const previous = await settingsItem.getValue();
    try {
      await settingsItem.setValue(result.settings);
      try {
        await saveApiKey(apiKey);
      } catch (error) {
        await settingsItem.setValue(previous);
        throw error;
      }
      setDraft(settingsToDraft(result.settings));
      setSaveStatus({ kind: 'saved' });
    } catch (error) {
      setSaveStatus({ kind: 'error', message: toStorageWriteError(error, 'the settings').userMessage });
    }
  };

  const runConnectionTest = async () => {
    // The settings as typed, saved or not; prices play no part in a connection.
    const base = checkBaseURL(draft.baseURL);
    if (!base.ok) {
      setErrors({ ...errors, baseURL: base.message });
      return;
    }
    const origin = hostPermissionFor(base.baseURL);
    // Requested before any await: Firefox forgets the click after one. An already granted origin answers true at once.
    const granted = origin ? await browser.permissions.request({ origins: [origin] }).catch(() => false) : true;
    if (!granted) {
      setConnection({ ok: false, message: `Allow access to ${origin?.replace('/*', '')} to test it.` });
      return;
    }
    setConnection('testing');
    const settings = { ...defaultSettings, provider: draft.provider, baseURL: base.baseURL, model: draft.model.trim(), reasoningEffort: draft.reasoningEffort };
    const tested = await testConnection({ settings, apiKey: apiKey.trim() });
    setConnection(tested);
    if (tested.ok) setModelChoices(tested.models);
  };

  const preset = findProvider(draft.provider);
  // Once Test connection listed the server's models, the model is picked from them; "Other" still takes any name.
  const picking = modelChoices.length > 0 && !typingModel;
  const pricedModels = draft.prices.filter((row) => row.model.trim()).length;
  const statusText = saveStatus.kind === 'saved' ? 'Saved' : '';
  const field = (name: SettingsField) => `${ids}-${name}`;
  const describedBy = (name: SettingsField) => (errors[name] ? `${field(name)}-error` : undefined);

  return (
    <form className="options" onSubmit={save} noValidate>
      <header className="page-header">
        <h1>
          Shedder&apos;s Take: <span className="page-subtitle">settings</span>
        </h1>
      </header>

      <section className="panel" aria-labelledby={`${ids}-model-heading`}>
        <h2 id={`${ids}-model-heading`}>Your model</h2>
        <p className="meta">Shedder&apos;s Take sends each paper to the model you choose here, with your own key. There is no server of ours.</p>
        <label htmlFor={`${ids}-provider`}>Provider</label>
        <select id={`${ids}-provider`} value={draft.provider} onChange={(e) => chooseProvider(e.target.value as ProviderId)}>
          {providerPresets.map(({ id, label }) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
        {preset.note && <p className="note">{preset.note}</p>}

        <label htmlFor={field('baseURL')}>Base URL</label>
        <input
          id={field('baseURL')}
          type="url"
          value={draft.baseURL}
          placeholder={preset.baseURLHint ?? preset.baseURL}
          aria-invalid={errors.baseURL ? true : undefined}
          aria-describedby={describedBy('baseURL')}
          onChange={(e) => edit({ baseURL: e.target.value })}
        />
        {errors.baseURL && (
          <p id={`${field('baseURL')}-error`} className="field-error">
            {errors.baseURL}
          </p>
        )}

        <label htmlFor={`${ids}-apiKey`}>API key</label>
        <div className="inline">
          <input
            id={`${ids}-apiKey`}
            type={showKey ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            placeholder={preset.requiresKey ? 'sk-…' : 'not needed for a local server'}
            aria-describedby={`${ids}-key-note`}
            onChange={(e) => {
              setApiKey(e.target.value);
              setSaveStatus({ kind: 'idle' });
            }}
          />
          <button type="button" aria-pressed={showKey} onClick={() => setShowKey(!showKey)}>
            {showKey ? 'Hide key' : 'Show key'}
          </button>
        </div>
        <p id={`${ids}-key-note`} className="note">
          {keyNote}
        </p>

        {picking ? (
          <>
            <label htmlFor={field('model')}>Model</label>
            <select
              id={field('model')}
              value={modelChoices.includes(draft.model) ? draft.model : otherModel}
              onChange={(e) => (e.target.value === otherModel ? setTypingModel(true) : edit({ model: e.target.value }))}
            >
              {!modelChoices.includes(draft.model) && draft.model && <option value={otherModel}>{draft.model} (not listed by the server)</option>}
              {modelChoices.map((model) => (
                <option key={model} value={model}>
                  {model}
                </option>
              ))}
              <option value={otherModel}>Other: type a model name…</option>
            </select>
            <p className="note meta">The {modelChoices.length} models your server listed when you tested the connection.</p>
          </>
        ) : (
          <>
            <label htmlFor={field('model')}>Model</label>
            <input
              id={field('model')}
              list={`${ids}-models`}
              value={draft.model}
              aria-invalid={errors.model ? true : undefined}
              aria-describedby={describedBy('model')}
              onChange={(e) => edit({ model: e.target.value })}
            />
            <datalist id={`${ids}-models`}>
              {modelChoices.map((model) => (
                <option key={model} value={model} />
              ))}
            </datalist>
            <p className="note meta">{modelChoices.length > 0 ? 'Any model name your server accepts.' : 'Test connection lists the models your server offers.'}</p>
          </>
        )}
        {errors.model && (
          <p id={`${field('model')}-error`} className="field-error">
            {errors.model}
          </p>
        )}

        <label htmlFor={`${ids}-effort`}>Reasoning effort</label>
        <select id={`${ids}-effort`} value={draft.reasoningEffort} onChange={(e) => edit({ reasoningEffort: e.target.value as ReasoningEffort })}>
          {reasoningEfforts.map((effort) => (
            <option key={effort} value={effort}>
              {effort}
            </option>
          ))}
        </select>

        <div className="inline">
          <button type="button" onClick={() => void runConnectionTest()} disabled={connection === 'testing'}>
            Test connection
          </button>
          <div aria-live="polite" className={connection && connection !== 'testing' ? (connection.ok ? 'ok' : 'field-error') : undefined}>
            {connection === 'testing' ? 'Testing…' : connection?.message}
          </div>
        </div>
      </section>

      <section className="panel" aria-labelledby={`${ids}-figures-heading`}>
        <h2 id={`${ids}-figures-heading`}>Figures</h2>
        <label htmlFor={`${ids}-send-figures`}>Send figures</label>
        <select id={`${ids}-send-figures`} value={draft.sendFigures} onChange={(e) => edit({ sendFigures: e.target.value as SendFiguresMode })} aria-describedby={`${ids}-figures-note`}>
          {sendFiguresModes.map((mode) => (
            <option key={mode} value={mode}>
              {sendFiguresLabels[mode]}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-max-figures`}>At most</label>
        <select id={`${ids}-max-figures`} value={draft.maxFigures} onChange={(e) => edit({ maxFigures: Number(e.target.value) })}>
          {Array.from({ length: maxFiguresLimit }, (_, index) => index + 1).map((count) => (
            <option key={count} value={count}>
              {count} {count === 1 ? 'figure' : 'figures'}
            </option>
          ))}
        </select>
        <p id={`${ids}-figures-note`} className="note">
          {describeFigureChoice(draft.model.trim(), draft)}
        </p>
      </section>

      <section className="panel" aria-labelledby={`${ids}-look-heading`}>
        <h2 id={`${ids}-look-heading`}>Appearance</h2>
        <fieldset className="choice-row">
          <legend>Theme</legend>
          {themeChoices.map((theme) => (
            <label key={theme} className="check">
              <input type="radio" name="theme" value={theme} checked={appearance.theme === theme} onChange={() => changeAppearance({ theme })} />
              {themeWords[theme]}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={appearance.pushPage} onChange={(e) => changeAppearance({ pushPage: e.target.checked })} />
          Push the page aside when the sidebar opens, instead of covering its right side
        </label>
        <p className="note meta">
          Drag the sidebar&apos;s left edge to make it wider or narrower; it keeps the width you leave it at
          {appearance.sidebarWidth ? ` (now ${appearance.sidebarWidth} px)` : ''}.
          {appearance.sidebarWidth ? (
            <>
              {' '}
              <button type="button" className="link-button" onClick={() => changeAppearance({ sidebarWidth: undefined })}>
                Follow the window again
              </button>
            </>
          ) : null}
        </p>
        <p className="meta">Appearance changes apply at once, on every page of the extension.</p>
      </section>

      <section className="panel" aria-labelledby={`${ids}-library-heading`}>
        <h2 id={`${ids}-library-heading`}>Library</h2>
        <label className="check">
          <input type="checkbox" checked={draft.autoSave} onChange={(e) => edit({ autoSave: e.target.checked })} />
          Save every take automatically
        </label>
      </section>

      <section className="panel" aria-labelledby={`${ids}-prices-heading`}>
        <h2 id={`${ids}-prices-heading`}>Prices</h2>
        <details className="prices" open={Boolean(errors.prices)}>
          <summary>
            <span className="meta">
              {pricedModels} models priced, used to show what each take cost.
            </span>{' '}
            <span className="button">Edit prices</span>
          </summary>
          <PriceTable rows={draft.prices} onChange={(prices) => edit({ prices })} error={errors.prices} />
        </details>
      </section>

      <div className="save-bar">
        <button type="submit" className="primary">
          Save
        </button>
        <p role="status" className={saveStatus.kind === 'saved' ? 'save-status ok' : 'save-status'}>
          {statusText}
        </p>
        {saveStatus.kind === 'error' && (
          <p role="alert" className="field-error">
            {saveStatus.message}
          </p>
        )}
      </div>
    </form>
  );
}
