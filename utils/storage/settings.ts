import { storage } from '#imports';
import { defaultMaxFigures, type SendFiguresMode } from '../llm/figure-sending';
import { defaultPriceTable, estimateCost, priceRowsOf, priceTableOf, type PriceRow } from '../llm/pricing';
import { hostPermissionPattern, isLoopbackHost, modelHostPermissions } from '../host-permissions';
import { defaultProviderId, findProvider, normalizeBaseURL, providerPresets, type ProviderId } from '../llm/providers';

/** The reader's model settings. The API key is not among them: utils/storage/api-key.ts keeps it apart. */

export const reasoningEfforts = ['none', 'minimal', 'low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof reasoningEfforts)[number];

export interface Settings {
  provider: ProviderId;
  baseURL: string;
  model: string;
  reasoningEffort: ReasoningEffort;
  /** The user's editable prices; they start as pricing.ts's table. */
  prices: PriceRow[];
  autoSave: boolean;
  /** Figures to vision models: auto (models known to read images), always, or never. */
  sendFigures: SendFiguresMode;
  /** At most this many figures per take, the evaluation's first. */
  maxFigures: number;
}

/** Public list prices as a starting point; the user edits them on the options page. */
export const defaultPrices: PriceRow[] = priceRowsOf(defaultPriceTable);

export const defaultSettings: Settings = {
  provider: defaultProviderId,
  baseURL: findProvider(defaultProviderId).baseURL,
  model: findProvider(defaultProviderId).defaultModel,
  reasoningEffort: 'low',
  prices: defaultPrices,
  autoSave: true,
  sendFigures: 'auto',
  maxFigures: defaultMaxFigures,
};

export const SETTINGS_VERSION = 4;

/** v1 (the 0.0.x prototype): one endpoint, no provider, no prices; `endpoint` could lack the /v1 suffix. */
export interface SettingsV1 {
  endpoint: string;
  model: string;
  openSidebarExpanded?: boolean;
}

/** v3: today's settings but the figure settings. */
export type SettingsV3 = Omit<Settings, 'sendFigures' | 'maxFigures'>;

/** v2 (0.1.0): v3 plus "Open the sidebar expanded", a choice nothing ever read; a launcher click opens it expanded. */
export type SettingsV2 = SettingsV3 & { sidebarStartsExpanded: boolean };

export function migrateSettingsV1(old: SettingsV1): SettingsV2 {
  const baseURL = normalizeBaseURL(old.endpoint);
  const { sendFigures: _sendFigures, maxFigures: _maxFigures, ...defaultsV2 } = defaultSettings;
  return {
    ...defaultsV2,
    provider: providerForBaseURL(baseURL),
    baseURL,
    model: old.model,
    sidebarStartsExpanded: old.openSidebarExpanded ?? true,
  };
}

export function migrateSettingsV2({ sidebarStartsExpanded: _unread, ...settings }: SettingsV2): SettingsV3 {
  return settings;
}

/** v3 → v4: figures arrive with their defaults (auto, at most six). */
export function migrateSettingsV3(old: SettingsV3): Settings {
  return { ...old, sendFigures: defaultSettings.sendFigures, maxFigures: defaultSettings.maxFigures };
}

/** Separate from the exported item so migration tests can define it again after seeding old data. */
export function defineSettingsItem() {
  return storage.defineItem<Settings>('local:settings', {
    fallback: defaultSettings,
    version: SETTINGS_VERSION,
    migrations: { 2: migrateSettingsV1, 3: migrateSettingsV2, 4: migrateSettingsV3 },
  });
}

export const settingsItem = defineSettingsItem();

/** `URL.parse` needs Chrome 126 and Node 22; we support Chrome 120 and test on Node 20. */
export function parseURL(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export function providerForBaseURL(baseURL: string): ProviderId {
  const url = parseURL(baseURL);
  if (!url) return 'custom';
  if (url.hostname.endsWith('.openai.azure.com')) return 'azure';
  const preset = providerPresets.find((p) => p.baseURL && parseURL(p.baseURL)?.host === url.host);
  return preset?.id ?? 'custom';
}

// ---------------------------------------------------------------------------------------------------------------
// Validation: the options page keeps what the user typed as strings and saves only what passes.

export interface PriceDraft {
  model: string;
  inputPerMillion: string;
  outputPerMillion: string;
}

export type SettingsDraft = Omit<Settings, 'prices'> & { prices: PriceDraft[] };

export type SettingsField = 'baseURL' | 'model' | 'prices';

export type SettingsValidation =
  | { ok: true; settings: Settings }
  | { ok: false; errors: Partial<Record<SettingsField, string>> };

/** Returns the normalised URL (no trailing slash) or the message to show under the field. */
export function checkBaseURL(input: string): { ok: true; baseURL: string } | { ok: false; message: string } {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, message: 'Enter the base URL of your model server, e.g. https://api.openai.com/v1.' };
  const url = parseURL(trimmed);
  if (!url || !url.hostname) {
    return { ok: false, message: `“${trimmed}” is not a URL. Enter the full address with https://, e.g. https://api.openai.com/v1.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `${url.protocol} addresses are not supported: use https:// (or http:// for a server on this computer).` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      message: `Plain http:// is allowed only for localhost and 127.0.0.1: your API key and the papers you read would cross the network unencrypted. Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}.`,
    };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Put the API key in the “API key” field, not in the URL.' };
  }
  if (url.search || url.hash) {
    return { ok: false, message: 'The base URL takes no ?query or #fragment: it ends at the API root, usually …/v1.' };
  }
  return { ok: true, baseURL: url.href.replace(/\/+$/, '') };
}

function parsePrice(text: string): number | undefined {
  if (!text.trim()) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function validateSettings(draft: SettingsDraft): SettingsValidation {
  const errors: Partial<Record<SettingsField, string>> = {};
  const base = checkBaseURL(draft.baseURL);
  if (!base.ok) errors.baseURL = base.message;
  const model = draft.model.trim();
  if (!model) errors.model = 'Enter the model name your server expects, e.g. gpt-5-mini or qwen3:8b.';

  const prices: PriceRow[] = [];
  const seenModels = new Set<string>();
  draft.prices.forEach((row, index) => {
    if (errors.prices) return;
    const rowName = `Price row ${index + 1}`;
    const priceModel = row.model.trim();
    const input = parsePrice(row.inputPerMillion);
    const output = parsePrice(row.outputPerMillion);
    if (!priceModel) errors.prices = `${rowName}: enter the model name.`;
    else if (seenModels.has(priceModel)) errors.prices = `${rowName}: ${priceModel} is already priced above.`;
    else if (input === undefined || output === undefined) {
      errors.prices = `${rowName}: prices are dollars per million tokens, a number of 0 or more (e.g. 0.25).`;
    } else {
      seenModels.add(priceModel);
      prices.push({ model: priceModel, inputPerMillion: input, outputPerMillion: output });
    }
  });

  if (!base.ok || errors.model || errors.prices) return { ok: false, errors };
  return { ok: true, settings: { ...draft, baseURL: base.baseURL, model, prices } };
}

export function settingsToDraft(settings: Settings): SettingsDraft {
  return {
    ...settings,
    prices: settings.prices.map((p) => ({
      model: p.model,
      inputPerMillion: String(p.inputPerMillion),
      outputPerMillion: String(p.outputPerMillion),
    })),
  };
}

/**
 * The optional host permission a base URL needs, or undefined when the manifest already grants it.
 * Match patterns carry no port, so a server on localhost:11434 is covered by `http://localhost/*`.
 */
export function hostPermissionFor(baseURL: string): string | undefined {
  const url = parseURL(baseURL);
  if (!url) return undefined;
  const pattern = hostPermissionPattern(url);
  return modelHostPermissions.includes(pattern) ? undefined : pattern;
}

/**
 * Price of one request from the user's table, or undefined when no row prices the model (local models, unknown
 * names). Rows are looked up as pricing.ts looks up its own: "gpt-5-mini-2025-08-07" is priced by a "gpt-5-mini" row.
 */
export function costOf(prices: readonly PriceRow[], model: string, inputTokens: number, outputTokens: number): number | undefined {
  return estimateCost({ promptTokens: inputTokens, completionTokens: outputTokens }, model, priceTableOf(prices))?.totalUSD;
}
