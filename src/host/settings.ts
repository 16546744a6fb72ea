// Setting keys are named once and read through one typed accessor, so a rename is a one-line
// change and nothing reads `multimodalReasoning.*` by a loose string elsewhere. The provider
// preset is resolved here: the rest of the host sees the effective endpoint, not the raw values.
import * as vscode from 'vscode';
import type { AzureTarget } from '../core/openaiClient';
import {
  azureBaseUrl,
  DEFAULT_AZURE_API_VERSION,
  isProviderId,
  isReasoningEffort,
  providerPreset,
  type ProviderId,
  type ProviderPreset,
  type ReasoningEffortSetting,
} from '../core/providers/presets';
import { parseTaskPresets, type TaskPreset } from '../core/taskPresets';
import { parseModelPrices, type ModelPrices } from '../core/usageCost';
import { clampImageSide, imagePolicy } from '../core/imageLimits';
import {
  LANGUAGE_MODELS_ENDPOINT,
  LANGUAGE_MODELS_PROVIDER,
} from '../core/languageModels/provider';
import { withoutTrailingSlashes } from '../core/endpoint';
import { clampMaxZooms, DEFAULT_MAX_ZOOMS, zoomGuidance, zoomTool } from '../core/zoom/zoomTool';
import type { CostModel, ImagePolicy, SettingsChangedMessage } from '../core/protocol';
import { imageTokenRule } from '../core/inputTokens';
import { withoutUndefined } from '../core/turnAccumulator';

export const SETTINGS_SECTION = 'multimodalReasoning';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_MODEL = 'gpt-4o';
export const DEFAULT_TIMEOUT_SECONDS = 120;
export const DEFAULT_STREAM_IDLE_SECONDS = 120;
export const DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS = 60;
export const DEFAULT_MAX_IMAGE_SIDE = 2048;
export const DEFAULT_PROVIDER: ProviderId = 'openai';

/** Every key under `multimodalReasoning.` that the extension reads or writes. */
export type SettingKey =
  | 'provider'
  | 'baseUrl'
  | 'model'
  | 'maxOutputTokens'
  | 'temperature'
  | 'systemPrompt'
  | 'requestTimeoutSeconds'
  | 'streamIdleTimeoutSeconds'
  | 'rateLimitMaxWaitSeconds'
  | 'maxImageSide'
  | 'maxImageMegabytes'
  | 'imageDetail'
  | 'sendDiagramSource'
  | 'zoom.enabled'
  | 'zoom.maxPerQuestion'
  | 'reasoningEffort'
  | 'modelPrices'
  | 'taskPresets'
  | 'azure.endpoint'
  | 'azure.deployment'
  | 'azure.apiVersion';

export interface ReasoningSettings {
  /**
   * True when requests go to VS Code's own language models (provider `vscode`): then `model` is
   * a language model's id, `baseUrl` is LANGUAGE_MODELS_ENDPOINT (a name, not a URL) and
   * `provider` is the generic preset, whose wire quirks do not apply.
   */
  readonly languageModels: boolean;
  readonly provider: ProviderPreset;
  /**
   * False on a fresh install: neither a provider nor an endpoint URL was set by the user. Then
   * Analyze offers Choose Provider rather than asking for an OpenAI key out of the blue.
   */
  readonly endpointChosen: boolean;
  /**
   * The effective endpoint: the user's URL, else the preset's; for Azure `<endpoint>/openai` (''
   * when unset).
   */
  readonly baseUrl: string;
  /** Azure OpenAI's resource, deployment and API version (provider `azure` only). */
  readonly azure: AzureTarget | undefined;
  /** The model asked; for Azure, the deployment (falling back to the model setting). */
  readonly model: string;
  readonly maxOutputTokens: number | undefined;
  readonly temperature: number | undefined;
  readonly systemPrompt: string;
  readonly requestTimeoutSeconds: number;
  /** How long a started answer may go quiet before it is cut and marked incomplete. */
  readonly streamIdleTimeoutSeconds: number;
  /** The longest rate-limit wait (Retry-After) taken automatically; 0: never wait. */
  readonly rateLimitMaxWaitSeconds: number;
  readonly maxImageSide: number;
  /** How the webview prepares images: long side, the provider's byte limit, detail, pixel cap. */
  readonly imagePolicy: ImagePolicy;
  /** Whether a diagram's source (SVG text, draw.io or Excalidraw scene) goes beside its picture. */
  readonly sendDiagramSource: boolean;
  /** Whether the model is offered the zoom tool, and how many crops one question may use. */
  readonly zoom: { readonly enabled: boolean; readonly maxPerQuestion: number };
  readonly reasoningEffort: ReasoningEffortSetting;
  readonly modelPrices: ModelPrices;
  readonly taskPresets: readonly TaskPreset[];
}

export function readSettings(): ReasoningSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  // Application-scoped (see package.json): only the user's own settings can change where
  // requests and keys go, never a cloned repository's .vscode/settings.json.
  const chosenProvider = readApplicationSetting<string>(config, 'provider');
  const chosenBaseUrl = readApplicationSetting<string>(config, 'baseUrl')?.trim();
  const languageModels = chosenProvider === LANGUAGE_MODELS_PROVIDER;
  const provider = providerPreset(
    isProviderId(chosenProvider) ? chosenProvider : languageModels ? 'custom' : DEFAULT_PROVIDER,
  );
  const model = config.get<string>('model', DEFAULT_MODEL).trim() || DEFAULT_MODEL;
  const azure = provider.id === 'azure' ? readAzure(config, model) : undefined;
  // The manifest's bounds are only advice to the Settings editor: clamp what a settings file says.
  const maxImageSide = clampImageSide(
    positiveOrUndefined(config.get<number>('maxImageSide', DEFAULT_MAX_IMAGE_SIDE)) ??
      DEFAULT_MAX_IMAGE_SIDE,
  );
  return {
    languageModels,
    provider,
    endpointChosen: chosenProvider !== undefined || Boolean(chosenBaseUrl),
    baseUrl: languageModels
      ? LANGUAGE_MODELS_ENDPOINT
      : azure
        ? azure.endpoint
          ? azureBaseUrl(azure.endpoint)
          : ''
        : withoutTrailingSlash(chosenBaseUrl || provider.defaultBaseUrl || DEFAULT_BASE_URL),
    azure,
    model: azure?.deployment || model,
    maxOutputTokens: positiveOrUndefined(config.get<number | null>('maxOutputTokens', null)),
    temperature: numberOrUndefined(config.get<number | null>('temperature', null)),
    systemPrompt: config.get<string>('systemPrompt', ''),
    requestTimeoutSeconds:
      positiveOrUndefined(config.get<number>('requestTimeoutSeconds', DEFAULT_TIMEOUT_SECONDS)) ??
      DEFAULT_TIMEOUT_SECONDS,
    streamIdleTimeoutSeconds:
      positiveOrUndefined(
        config.get<number>('streamIdleTimeoutSeconds', DEFAULT_STREAM_IDLE_SECONDS),
      ) ?? DEFAULT_STREAM_IDLE_SECONDS,
    rateLimitMaxWaitSeconds: nonNegativeOrDefault(
      config.get<number>('rateLimitMaxWaitSeconds', DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS),
      DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS,
    ),
    maxImageSide,
    imagePolicy: imagePolicy({
      maxSide: maxImageSide,
      provider: languageModels ? LANGUAGE_MODELS_PROVIDER : provider.id,
      maxMegabytes: positiveOrUndefined(config.get<number | null>('maxImageMegabytes', null)),
      detail: config.get<string>('imageDetail', 'auto'),
    }),
    sendDiagramSource: config.get<boolean>('sendDiagramSource', true) !== false,
    zoom: {
      enabled: config.get<boolean>('zoom.enabled', true) !== false,
      maxPerQuestion: clampMaxZooms(config.get<number>('zoom.maxPerQuestion', DEFAULT_MAX_ZOOMS)),
    },
    reasoningEffort: readEffort(config.get<string>('reasoningEffort', 'default')),
    // Application-scoped: what an answer costs is never a repository's to say.
    modelPrices: parseModelPrices(readApplicationSetting<unknown>(config, 'modelPrices') ?? {}),
    taskPresets: parseTaskPresets(config.get<unknown>('taskPresets')),
  };
}

function readAzure(config: vscode.WorkspaceConfiguration, model: string): AzureTarget {
  return {
    endpoint: withoutTrailingSlash(
      readApplicationSetting<string>(config, 'azure.endpoint')?.trim() ?? '',
    ),
    deployment: readApplicationSetting<string>(config, 'azure.deployment')?.trim() || model,
    apiVersion:
      readApplicationSetting<string>(config, 'azure.apiVersion')?.trim() ||
      DEFAULT_AZURE_API_VERSION,
  };
}

/** Writes the user's (global) value; `undefined` removes it so the default applies again. */
export async function updateSetting(key: SettingKey, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration(SETTINGS_SECTION)
    .update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * How a conversation's page prepares images and counts the estimate beside Analyze, once it is
 * known whether its questions offer the zoom tool (`zoom`): with it, detail "auto" sends the
 * overview only and the estimate includes what zooming to the cap can add.
 */
export function conversationView(
  settings: ReasoningSettings,
  zoom: boolean,
): { readonly imagePolicy: ImagePolicy; readonly cost: CostModel } {
  const price = settings.modelPrices[settings.model]?.input;
  return {
    imagePolicy: { ...settings.imagePolicy, zoom },
    cost: withoutUndefined({
      rule: imageTokenRule(settings.languageModels ? 'custom' : settings.provider.id),
      inputPricePerMillion: price,
      maxZooms: zoom ? settings.zoom.maxPerQuestion : undefined,
      // With zooming, every request also carries the guidance and the tool's definition.
      systemPromptChars:
        settings.systemPrompt.trim().length +
          (zoom ? zoomOverheadChars(settings.zoom.maxPerQuestion) : 0) || undefined,
    }),
  };
}

/** The characters zooming adds to every request: the guidance and the tool's definition. */
function zoomOverheadChars(maxZooms: number): number {
  return zoomGuidance(maxZooms).length + JSON.stringify(zoomTool(1)).length;
}

/** What a webview is told when the settings change (see onDidChangeSettings). */
export function settingsChangedMessage(zoom: boolean): SettingsChangedMessage {
  const settings = readSettings();
  return {
    type: 'settings/changed',
    model: settings.model,
    presets: settings.taskPresets,
    ...conversationView(settings, zoom),
  };
}

export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SETTINGS_SECTION)) {
      listener();
    }
  });
}

/**
 * Reads a setting from the user's global scope only (undefined when the user has not set it).
 * VS Code already ignores workspace values of application-scoped settings; reading
 * `globalValue` explicitly keeps that true even for a settings file that uses the nested form.
 */
function readApplicationSetting<T>(
  config: vscode.WorkspaceConfiguration,
  key: SettingKey,
): T | undefined {
  return config.inspect<T>(key)?.globalValue;
}

function readEffort(value: string | undefined): ReasoningEffortSetting {
  return isReasoningEffort(value) ? value : 'default';
}

function withoutTrailingSlash(url: string): string {
  return withoutTrailingSlashes(url);
}

function numberOrUndefined(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function nonNegativeOrDefault(value: number | null | undefined, fallback: number): number {
  const number = numberOrUndefined(value);
  return number !== undefined && number >= 0 ? number : fallback;
}

function positiveOrUndefined(value: number | null | undefined): number | undefined {
  const number = numberOrUndefined(value);
  return number !== undefined && number > 0 ? number : undefined;
}
