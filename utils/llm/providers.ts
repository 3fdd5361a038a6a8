/**
 * OpenAI-compatible endpoints the settings page offers. All speak Chat Completions under their base URL.
 * The one table of presets: the options page, settings migration and the model client all read it from here.
 */
export type ProviderId = 'openai' | 'openrouter' | 'azure' | 'ollama' | 'lmstudio' | 'vllm' | 'llamacpp' | 'custom';

export interface ProviderPreset {
  id: ProviderId;
  label: string;
  /** Empty when the user must fill it in (Azure's resource name, a custom server). */
  baseURL: string;
  /** Shown as a placeholder when baseURL is empty. */
  baseURLHint?: string;
  /** Filled into the model field when the user picks the preset; empty keeps what they typed. */
  defaultModel: string;
  /** Local servers ignore the key; the options page says so instead of demanding one. */
  requiresKey: boolean;
  /** One line for the settings page: where the key comes from or what the server needs. */
  note?: string;
}

export const providerPresets = [
  {
    id: 'openai',
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    defaultModel: 'gpt-5-mini',
    requiresKey: true,
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    baseURL: 'https://openrouter.ai/api/v1',
    defaultModel: 'openai/gpt-5-mini',
    requiresKey: true,
  },
  {
    id: 'azure',
    label: 'Azure OpenAI',
    baseURL: '',
    baseURLHint: 'https://<resource>.openai.azure.com/openai/v1/',
    // The v1 endpoint (Aug 2025) takes the plain OpenAI client with the key as bearer token, and the deployment name
    // as the model: learn.microsoft.com/azure/foundry/openai/api-version-lifecycle.
    defaultModel: 'gpt-5-mini',
    requiresKey: true,
    note: "Use your resource's v1 endpoint; the model is your deployment name.",
  },
  {
    id: 'ollama',
    label: 'Ollama',
    baseURL: 'http://localhost:11434/v1',
    defaultModel: 'qwen3:8b',
    requiresKey: false,
    // ollama/ollama#2425: extension origins get 403 unless allowed.
    note: 'Start Ollama with OLLAMA_ORIGINS=chrome-extension://*,moz-extension://*',
  },
  {
    id: 'lmstudio',
    label: 'LM Studio',
    baseURL: 'http://localhost:1234/v1',
    defaultModel: 'qwen/qwen3-8b',
    requiresKey: false,
    note: 'Enable CORS in the server settings.',
  },
  {
    id: 'vllm',
    label: 'vLLM',
    baseURL: 'http://localhost:8000/v1',
    defaultModel: 'Qwen/Qwen3-8B',
    requiresKey: false,
    note: 'The model is the name vLLM was started with.',
  },
  {
    id: 'llamacpp',
    label: 'llama.cpp server',
    baseURL: 'http://localhost:8080/v1',
    // llama-server answers with whatever model it loaded, whatever name is sent.
    defaultModel: 'default',
    requiresKey: false,
  },
  {
    id: 'custom',
    label: 'Custom (OpenAI-compatible)',
    baseURL: '',
    baseURLHint: 'https://example.org/v1',
    defaultModel: '',
    requiresKey: false,
  },
] as const satisfies readonly ProviderPreset[];

/** The provider a fresh install starts with; its API host is granted in the manifest. */
export const defaultProviderId: ProviderId = 'openai';

export function findProvider(id: ProviderId): ProviderPreset {
  const preset = providerPresets.find((candidate) => candidate.id === id);
  if (!preset) {
    throw new Error(`unknown provider ${id}`);
  }
  return preset;
}

/** The base URL, with the trailing slash dropped so "…/v1/" and "…/v1" are the same endpoint. */
export function normalizeBaseURL(baseURL: string): string {
  return baseURL.trim().replace(/\/+$/, '');
}
