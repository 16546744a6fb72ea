// "Choose Provider": where requests go, asking only what that provider needs. Ollama and LM
// Studio need no key (their usual port is probed and the answer shown); Azure needs its
// resource endpoint, a deployment, an API version and a key; the rest need a key; another
// OpenAI-compatible server needs its URL and maybe a key. Then Select Model is offered.
// Analyze runs the same flow on a fresh install instead of asking for an OpenAI key. Where
// this VS Code has them (1.106 and later), VS Code's own language models come first: no key, no
// URL, the models the user already has; on older VS Code they are not offered at all.
import * as vscode from 'vscode';
import { endpointOrigin, isLoopbackHost, withoutTrailingSlashes } from '../../core/endpoint';
import { probeLocalServer, type LocalServerProbe } from '../../core/localServers';
import { endpointForLog } from '../../core/requestLog';
import {
  DEFAULT_AZURE_API_VERSION,
  isProviderId,
  PROVIDER_IDS,
  PROVIDER_PRESETS,
  providerPreset,
  type ProviderId,
  type ProviderPreset,
} from '../../core/providers/presets';
import {
  LANGUAGE_MODELS_PROVIDER,
  type LanguageModelsProvider,
} from '../../core/languageModels/provider';
import { promptForApiKey } from '../apiKeyStore';
import { CHOOSE_PROVIDER_COMMAND, type CommandHandlers } from '../contributionIds';
import { languageModelApi } from '../languageModelApi';
import { languageModelsMissing } from '../languageModels/chatModels';
import { createLogger } from '../logger';
import { readSettings, updateSetting, type ReasoningSettings } from '../settings';
import { selectModel, type ModelPickServices } from './selectModel';

const log = createLogger('provider');

export interface ChooseProviderOptions {
  /** Skip the pick (keybindings, tests): e.g. `{ "provider": "ollama" }`. */
  readonly provider?: ProviderId | LanguageModelsProvider;
  /** Open Select Model at the end (default true). */
  readonly offerModelPick?: boolean;
}

export function chooseProviderCommands(
  services: ModelPickServices,
): Pick<CommandHandlers, typeof CHOOSE_PROVIDER_COMMAND> {
  return {
    [CHOOSE_PROVIDER_COMMAND]: (options?: unknown) =>
      chooseProvider(services, chooseProviderOptions(options)),
  };
}

/** A keybinding's (or any caller's) argument, kept only where it is what the options say. */
function chooseProviderOptions(value: unknown): ChooseProviderOptions {
  if (typeof value !== 'object' || value === null) {
    return {};
  }
  const { provider, offerModelPick } = value as Record<string, unknown>;
  return {
    ...(isProviderId(provider) || provider === LANGUAGE_MODELS_PROVIDER ? { provider } : {}),
    ...(typeof offerModelPick === 'boolean' ? { offerModelPick } : {}),
  };
}

/**
 * Resolves true when the provider is set up (endpoint saved, key settled); false when dismissed.
 */
export async function chooseProvider(
  services: ModelPickServices,
  options: ChooseProviderOptions = {},
): Promise<boolean> {
  const current = readSettings();
  const choice = options.provider ?? (await pickProvider(current));
  if (!choice) {
    return false;
  }
  if (choice === LANGUAGE_MODELS_PROVIDER) {
    return chooseLanguageModels(services, options);
  }
  const preset = providerPreset(choice);
  if (!(await saveEndpoint(preset, current))) {
    return false;
  }
  const settings = readSettings();
  log.info(`provider ${preset.id} at ${endpointForLog(settings.baseUrl)}`);
  if (preset.localPort !== undefined) {
    showProbe(preset, await probeLocalServer(preset, settings.baseUrl));
  } else if (!(await settleKey(services, settings))) {
    return false;
  }
  if (options.offerModelPick !== false) {
    await selectModel(services);
  }
  return true;
}

/** VS Code's language models: no endpoint and no key to settle, only a model to pick. */
async function chooseLanguageModels(
  services: ModelPickServices,
  options: ChooseProviderOptions,
): Promise<boolean> {
  if (!languageModelApi()) {
    void vscode.window.showWarningMessage(languageModelsMissing().message);
    return false;
  }
  await updateSetting('provider', LANGUAGE_MODELS_PROVIDER);
  log.info(`provider ${LANGUAGE_MODELS_PROVIDER}`);
  if (options.offerModelPick !== false) {
    await selectModel(services);
  }
  return true;
}

type ProviderItem = vscode.QuickPickItem & { readonly id: ProviderId | LanguageModelsProvider };

/**
 * The choices as the quick pick lists them: VS Code's language models first where this VS Code
 * has them, then the presets, each marked with what a local server's probe found.
 */
export function providerItems(
  current: ReasoningSettings,
  probes: ReadonlyMap<ProviderId, LocalServerProbe> = new Map(),
): ProviderItem[] {
  const presets = PROVIDER_IDS.map((id) =>
    providerItem(PROVIDER_PRESETS[id], current, probes.get(id)),
  );
  return languageModelApi() ? [languageModelsItem(current), ...presets] : presets;
}

function languageModelsItem(current: ReasoningSettings): ProviderItem {
  return {
    id: LANGUAGE_MODELS_PROVIDER,
    label: vscode.l10n.t('VS Code language models'),
    description: current.languageModels
      ? vscode.l10n.t('GitHub Copilot and other extensions · current')
      : vscode.l10n.t('GitHub Copilot and other extensions'),
    detail: vscode.l10n.t(
      'The models VS Code already has · no API key · answers only, no reasoning',
    ),
  };
}

/** The presets; local servers are probed while the pick is open and marked when found. */
async function pickProvider(
  current: ReasoningSettings,
): Promise<ProviderId | LanguageModelsProvider | undefined> {
  const quickPick = vscode.window.createQuickPick<ProviderItem>();
  quickPick.title = vscode.l10n.t('Choose Provider');
  quickPick.placeholder = vscode.l10n.t(
    'Where should Multimodal Reasoning send your images and tasks?',
  );
  const probes = new Map<ProviderId, LocalServerProbe>();
  let open = true;
  const showItems = () => {
    if (!open) {
      return; // A probe answered after the pick closed.
    }
    const active = quickPick.activeItems[0]?.id;
    quickPick.items = providerItems(current, probes);
    const currentId = current.languageModels ? LANGUAGE_MODELS_PROVIDER : current.provider.id;
    quickPick.activeItems = quickPick.items.filter((item) => item.id === (active ?? currentId));
  };
  showItems();
  quickPick.show();
  for (const preset of Object.values(PROVIDER_PRESETS)) {
    if (preset.localPort !== undefined && preset.defaultBaseUrl) {
      void probeLocalServer(preset, preset.defaultBaseUrl).then((probe) => {
        probes.set(preset.id, probe);
        showItems();
      });
    }
  }
  const chosen = await new Promise<ProviderId | LanguageModelsProvider | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.id));
    quickPick.onDidHide(() => resolve(undefined));
  });
  open = false;
  quickPick.dispose();
  return chosen;
}

function providerItem(
  preset: ProviderPreset,
  current: ReasoningSettings,
  probe: LocalServerProbe | undefined,
): ProviderItem {
  const where =
    preset.id === 'azure'
      ? vscode.l10n.t('your Azure resource')
      : (preset.defaultBaseUrl ?? vscode.l10n.t('any URL'));
  const needs =
    preset.apiKey === 'none'
      ? probe?.found
        ? vscode.l10n.t(
            '$(check) Running on this machine ({0} models) · no API key',
            probe.modelCount,
          )
        : vscode.l10n.t('Runs on this machine (port {0}) · no API key', preset.localPort ?? '')
      : preset.id === 'azure'
        ? vscode.l10n.t('Needs endpoint, deployment, API version and key')
        : preset.apiKey === 'required'
          ? vscode.l10n.t('Needs an API key')
          : vscode.l10n.t('vLLM, llama.cpp, a proxy… · key if it needs one');
  return {
    id: preset.id,
    label: preset.label,
    description:
      preset.id === current.provider.id && current.endpointChosen && !current.languageModels
        ? vscode.l10n.t('{0} · current', where)
        : where,
    detail: needs,
  };
}

/**
 * Saves where requests go. A preset with a URL of its own clears any explicit base URL (the
 * preset's default applies); another server asks for its URL; Azure asks for its three fields.
 */
async function saveEndpoint(preset: ProviderPreset, current: ReasoningSettings): Promise<boolean> {
  if (preset.id === 'azure') {
    const azure = await askAzure(current);
    if (!azure) {
      return false;
    }
    await updateSetting('azure.endpoint', azure.endpoint);
    await updateSetting('azure.deployment', azure.deployment);
    await updateSetting(
      'azure.apiVersion',
      azure.apiVersion === DEFAULT_AZURE_API_VERSION ? undefined : azure.apiVersion,
    );
  } else if (preset.id === 'custom') {
    const baseUrl = await askUrl({
      title: vscode.l10n.t('Base URL of the OpenAI-compatible server'),
      value: current.provider.id === 'custom' ? current.baseUrl : 'http://localhost:8000/v1',
      prompt: vscode.l10n.t('Usually ends in /v1, e.g. http://localhost:8000/v1 for vLLM.'),
    });
    if (baseUrl === undefined) {
      return false;
    }
    await updateSetting('baseUrl', baseUrl);
  } else {
    await updateSetting('baseUrl', undefined);
  }
  await updateSetting('provider', preset.id);
  return true;
}

async function askAzure(
  current: ReasoningSettings,
): Promise<{ endpoint: string; deployment: string; apiVersion: string } | undefined> {
  const endpoint = await askUrl({
    title: vscode.l10n.t('Azure OpenAI endpoint (1/3)'),
    value: current.azure?.endpoint || 'https://',
    prompt: vscode.l10n.t(
      'Your resource, e.g. https://my-resource.openai.azure.com (Keys and Endpoint in the Azure portal).',
    ),
  });
  if (endpoint === undefined) {
    return undefined;
  }
  const deployment = await vscode.window.showInputBox({
    title: vscode.l10n.t('Azure OpenAI deployment (2/3)'),
    value: current.azure?.deployment ?? '',
    prompt: vscode.l10n.t('The name you gave the model deployment, e.g. gpt-4o.'),
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.trim() ? undefined : vscode.l10n.t('Enter the deployment name.'),
  });
  if (deployment === undefined) {
    return undefined;
  }
  const apiVersion = await vscode.window.showInputBox({
    title: vscode.l10n.t('Azure OpenAI API version (3/3)'),
    value: current.azure?.apiVersion ?? DEFAULT_AZURE_API_VERSION,
    prompt: vscode.l10n.t('Reasoning models need 2024-12-01-preview or later.'),
    ignoreFocusOut: true,
    validateInput: (value) =>
      /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(value.trim())
        ? undefined
        : vscode.l10n.t('A version such as {0}.', DEFAULT_AZURE_API_VERSION),
  });
  if (apiVersion === undefined) {
    return undefined;
  }
  return {
    endpoint: withoutTrailingSlashes(endpoint),
    deployment: deployment.trim(),
    apiVersion: apiVersion.trim(),
  };
}

/** An https URL, or http to this machine: a key must not cross the network in clear text. */
async function askUrl(options: {
  title: string;
  value: string;
  prompt: string;
}): Promise<string | undefined> {
  const entered = await vscode.window.showInputBox({
    ...options,
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        endpointOrigin(value);
      } catch {
        return vscode.l10n.t('Enter a full URL starting with https://');
      }
      return value.trim().toLowerCase().startsWith('https:') || isLoopbackHost(value)
        ? undefined
        : vscode.l10n.t('Use https (plain http only to this machine).');
    },
  });
  return entered === undefined ? undefined : withoutTrailingSlashes(entered.trim());
}

/** Asks for the key unless one is stored for this origin already (Set API Key replaces it). */
async function settleKey(
  services: ModelPickServices,
  settings: ReasoningSettings,
): Promise<boolean> {
  if (await services.apiKeys.get(settings.baseUrl)) {
    return true;
  }
  return (await promptForApiKey(services.apiKeys, settings.baseUrl)) !== undefined;
}

function showProbe(preset: ProviderPreset, probe: LocalServerProbe): void {
  const origin = endpointOrigin(probe.baseUrl);
  if (probe.found) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        '{0} is running at {1} with {2} models.',
        preset.label,
        origin,
        probe.modelCount,
      ),
    );
    return;
  }
  const hint =
    preset.id === 'ollama'
      ? vscode.l10n.t('Start it with "ollama serve".')
      : vscode.l10n.t('Start its server in the Developer tab (or "lms server start").');
  void vscode.window.showWarningMessage(
    vscode.l10n.t('No {0} server answered at {1}. {2}', preset.label, origin, hint),
  );
}
