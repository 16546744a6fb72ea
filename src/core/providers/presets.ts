// What each kind of endpoint a user brings needs from us: where it lives, whether it wants a key,
// how it is told how hard to think, which max-tokens field it expects, and what it wants back
// on the next turn. Facts come from each provider's public documentation (linked per preset);
// anything a preset gets wrong for a given model is corrected at run time from the endpoint's
// own 400 (see requestShape.ts), never from model-name patterns.

import { withoutTrailingSlashes } from '../endpoint';

export const PROVIDER_IDS = [
  'openai',
  'azure',
  'gemini',
  'ollama',
  'lmstudio',
  'openrouter',
  'deepseek',
  'custom',
] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** The user's setting: `default` sends nothing and lets the model decide. */
export const REASONING_EFFORTS = ['default', 'none', 'low', 'medium', 'high'] as const;
export type ReasoningEffortSetting = (typeof REASONING_EFFORTS)[number];

/**
 * How a reasoning effort reaches the provider:
 * - `reasoningEffort`: top-level `reasoning_effort` (OpenAI, Azure, Ollama, LM Studio, vLLM);
 * - `openRouterReasoning`: the `reasoning: { effort }` object;
 * - `geminiThinking`: `reasoning_effort` plus `extra_body.google.thinking_config.include_thoughts`,
 *   without which Gemini thinks but returns no thoughts;
 * - `deepSeekThinking`: `thinking: { type }` toggles thinking, `reasoning_effort` sets its depth.
 */
export type EffortMapping =
  'reasoningEffort' | 'openRouterReasoning' | 'geminiThinking' | 'deepSeekThinking';

export type MaxTokensField = 'max_tokens' | 'max_completion_tokens';

/**
 * What the next turn's assistant messages carry of this turn's reasoning:
 * - `omit`: the answer only. DeepSeek returns 400 for `reasoning_content` in input messages
 *   (outside tool calls: see ToolCallReasoning); others ignore or bill it;
 * - `reasoningDetails`: the `reasoning_details` array exactly as received, as OpenRouter asks
 *   so the model can continue from its own reasoning (and verify signed/encrypted blocks).
 */
export type ReasoningRoundTrip = 'omit' | 'reasoningDetails';

/**
 * What an assistant message with tool calls (a zoom round, within one question) carries of the
 * reasoning that led to them:
 * - `omit`: nothing;
 * - `reasoningContent`: DeepSeek's thinking mode returns 400 unless the `reasoning_content` of
 *   a message with tool calls comes back in the requests that follow it;
 * - `reasoningDetails`: OpenRouter's blocks, verbatim, as it asks for tool use.
 */
export type ToolCallReasoning = 'omit' | 'reasoningContent' | 'reasoningDetails';

/** Where Select Model finds models and which of them accept images. */
export type ModelCatalogKind = 'openai' | 'ollama' | 'lmstudio' | 'azureDeployment';

export interface ProviderPreset {
  readonly id: ProviderId;
  readonly label: string;
  /** Filled in when the user has not set `multimodalReasoning.baseUrl`; Azure builds its own. */
  readonly defaultBaseUrl?: string;
  /** `none`: local servers, called without a key unless one is stored for their origin. */
  readonly apiKey: 'required' | 'optional' | 'none';
  readonly effort: EffortMapping;
  readonly maxTokensField: MaxTokensField;
  /** Whether the user's temperature setting is sent at all (models that reject it are learned). */
  readonly sendsTemperature: boolean;
  readonly roundTrip: ReasoningRoundTrip;
  readonly toolCallReasoning: ToolCallReasoning;
  readonly catalog: ModelCatalogKind;
  /** Servers that usually run on this machine: probed on this port when the provider is chosen. */
  readonly localPort?: number;
  /** The documentation these facts follow. */
  readonly docs: readonly string[];
}

/**
 * What a preset says unless it says otherwise: reasoning_effort at the top level, the user's
 * temperature sent, no reasoning sent back, models listed at `/models`.
 */
const CHAT_COMPLETIONS = {
  effort: 'reasoningEffort',
  sendsTemperature: true,
  roundTrip: 'omit',
  toolCallReasoning: 'omit',
  catalog: 'openai',
} as const satisfies Partial<ProviderPreset>;

export const PROVIDER_PRESETS: Readonly<Record<ProviderId, ProviderPreset>> = {
  openai: {
    ...CHAT_COMPLETIONS,
    id: 'openai',
    label: 'OpenAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    apiKey: 'required',
    // `max_tokens` is deprecated and rejected by o-series and GPT-5 models.
    maxTokensField: 'max_completion_tokens',
    docs: [
      'https://platform.openai.com/docs/api-reference/chat/create',
      'https://platform.openai.com/docs/guides/reasoning',
    ],
  },
  azure: {
    ...CHAT_COMPLETIONS,
    id: 'azure',
    label: 'Azure OpenAI',
    apiKey: 'required',
    maxTokensField: 'max_completion_tokens',
    catalog: 'azureDeployment',
    docs: [
      'https://learn.microsoft.com/azure/ai-foundry/openai/reference',
      'https://learn.microsoft.com/azure/ai-foundry/openai/how-to/reasoning',
    ],
  },
  gemini: {
    ...CHAT_COMPLETIONS,
    id: 'gemini',
    label: 'Google Gemini',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    apiKey: 'required',
    effort: 'geminiThinking',
    maxTokensField: 'max_tokens',
    docs: ['https://ai.google.dev/gemini-api/docs/openai#thinking'],
  },
  ollama: {
    ...CHAT_COMPLETIONS,
    id: 'ollama',
    label: 'Ollama',
    defaultBaseUrl: 'http://localhost:11434/v1',
    apiKey: 'none',
    maxTokensField: 'max_tokens',
    catalog: 'ollama',
    localPort: 11434,
    docs: ['https://docs.ollama.com/api/openai-compatibility', 'https://docs.ollama.com/api/show'],
  },
  lmstudio: {
    ...CHAT_COMPLETIONS,
    id: 'lmstudio',
    label: 'LM Studio',
    defaultBaseUrl: 'http://localhost:1234/v1',
    apiKey: 'none',
    maxTokensField: 'max_tokens',
    catalog: 'lmstudio',
    localPort: 1234,
    docs: [
      'https://lmstudio.ai/docs/developer/openai-compat',
      'https://lmstudio.ai/docs/developer/rest/endpoints',
    ],
  },
  openrouter: {
    ...CHAT_COMPLETIONS,
    id: 'openrouter',
    label: 'OpenRouter',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    apiKey: 'required',
    effort: 'openRouterReasoning',
    maxTokensField: 'max_tokens',
    roundTrip: 'reasoningDetails',
    toolCallReasoning: 'reasoningDetails',
    docs: ['https://openrouter.ai/docs/use-cases/reasoning-tokens'],
  },
  deepseek: {
    ...CHAT_COMPLETIONS,
    id: 'deepseek',
    label: 'DeepSeek',
    defaultBaseUrl: 'https://api.deepseek.com',
    apiKey: 'required',
    effort: 'deepSeekThinking',
    maxTokensField: 'max_tokens',
    // Thinking mode ignores temperature without an error; non-thinking models honour it.
    sendsTemperature: true,
    toolCallReasoning: 'reasoningContent',
    docs: [
      'https://api-docs.deepseek.com/guides/reasoning_model',
      'https://api-docs.deepseek.com/guides/thinking_mode',
    ],
  },
  custom: {
    ...CHAT_COMPLETIONS,
    id: 'custom',
    label: 'Other OpenAI-compatible server',
    apiKey: 'optional',
    // What vLLM, llama.cpp and most proxies accept; the newer field is learned from a 400.
    maxTokensField: 'max_tokens',
    docs: ['https://platform.openai.com/docs/api-reference/chat/create'],
  },
};

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}

export function isReasoningEffort(value: unknown): value is ReasoningEffortSetting {
  return typeof value === 'string' && (REASONING_EFFORTS as readonly string[]).includes(value);
}

export function providerPreset(id: ProviderId): ProviderPreset {
  return PROVIDER_PRESETS[id];
}

/**
 * Azure's default data-plane version: the GA one; reasoning models need 2024-12-01-preview or
 * later.
 */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/**
 * `https://res.openai.azure.com/` → `https://res.openai.azure.com/openai`, as the SDK's Azure
 * client builds it.
 */
export function azureBaseUrl(endpoint: string): string {
  return `${withoutTrailingSlashes(endpoint.trim())}/openai`;
}
