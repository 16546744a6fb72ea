// "Select Model": the endpoint's own list in a quick pick that also accepts any typed id, since
// many servers list nothing or not everything they serve. Models are marked by what is known
// about their image input: what Ollama and LM Studio say, and what an endpoint refused before.
// For Azure OpenAI the choice is the deployment name (deployments are not listed by the key);
// for VS Code's own language models, one of theirs (languageModels/languageModelPick.ts).
import * as vscode from 'vscode';
import { toUserFacingError } from '../../core/errors';
import type { ModelCapabilities } from '../../core/modelCapabilities';
import { listModels, type ListedModel } from '../../core/modelCatalog';
import type { ApiKeyStore } from '../apiKeyStore';
import { SELECT_MODEL_COMMAND, type CommandHandlers } from '../contributionIds';
import { selectLanguageModel } from '../languageModels/languageModelPick';
import { createLogger } from '../logger';
import { readSettings, updateSetting, type ReasoningSettings } from '../settings';

const LIST_TIMEOUT_MS = 15_000;

const log = createLogger('models');

export interface ModelPickServices {
  readonly apiKeys: ApiKeyStore;
  readonly modelCapabilities: ModelCapabilities;
}

export function selectModelCommands(
  services: ModelPickServices,
): Pick<CommandHandlers, typeof SELECT_MODEL_COMMAND> {
  return { [SELECT_MODEL_COMMAND]: () => selectModel(services) };
}

/** Shows the pick; resolves to the chosen id (now in settings), or undefined when dismissed. */
export async function selectModel(services: ModelPickServices): Promise<string | undefined> {
  const settings = readSettings();
  if (settings.languageModels) {
    return selectLanguageModel();
  }
  const isAzure = settings.provider.catalog === 'azureDeployment';
  const refusing = services.modelCapabilities.modelsRefusingImages(settings.baseUrl);
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  quickPick.title = isAzure ? vscode.l10n.t('Select Deployment') : vscode.l10n.t('Select Model');
  quickPick.placeholder = isAzure
    ? vscode.l10n.t(
        'Type the name of a deployment of {0}',
        settings.azure?.endpoint ?? settings.baseUrl,
      )
    : vscode.l10n.t('Pick a model of {0}, or type a model id', settings.baseUrl);
  quickPick.busy = !isAzure;
  let listedItems: vscode.QuickPickItem[] = [
    modelItem({ id: settings.model }, settings.model, refusing),
  ];
  // Whatever is typed is offered as a choice of its own, above the listed models.
  const showItems = () => {
    const typed = quickPick.value.trim();
    const typedItem =
      typed && !listedItems.some((item) => item.label === typed)
        ? [
            {
              label: typed,
              description: isAzure
                ? vscode.l10n.t('use this deployment')
                : vscode.l10n.t('use this model id'),
              alwaysShow: true,
            },
          ]
        : [];
    quickPick.items = [...typedItem, ...listedItems];
  };
  showItems();
  quickPick.onDidChangeValue(showItems);
  quickPick.show();

  const abort = new AbortController();
  quickPick.onDidHide(() => abort.abort());
  if (!isAzure) {
    void loadModels(services.apiKeys, settings, abort.signal).then(
      (models) => {
        listedItems = models.map((model) => modelItem(model, settings.model, refusing));
        showItems();
        if (models.length === 0) {
          quickPick.placeholder = vscode.l10n.t('The endpoint listed no models: type a model id');
        }
        quickPick.busy = false;
      },
      (error: unknown) => {
        if (abort.signal.aborted) {
          return;
        }
        const message = toUserFacingError(error, {
          baseUrl: settings.baseUrl,
          model: settings.model,
          timeoutMs: LIST_TIMEOUT_MS,
        }).message;
        log.warn(`listing models failed: ${message}`);
        quickPick.placeholder = vscode.l10n.t(
          'Could not list models ({0}). Type a model id.',
          message,
        );
        quickPick.busy = false;
      },
    );
  }
  const chosen = await new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() =>
      resolve(quickPick.selectedItems[0]?.label ?? (quickPick.value.trim() || undefined)),
    );
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.dispose();
  if (chosen) {
    // Picking a model that refused images is the user saying "try it again".
    await services.modelCapabilities.forgetRefusal(settings.baseUrl, chosen);
    await updateSetting(isAzure ? 'azure.deployment' : 'model', chosen);
  }
  return chosen;
}

/** The label is the id exactly (it is what gets saved); what is known goes in the description. */
function modelItem(
  model: ListedModel,
  current: string,
  refusing: ReadonlySet<string>,
): vscode.QuickPickItem {
  const notes: string[] = [];
  if (model.id === current) {
    notes.push(vscode.l10n.t('current'));
  }
  if (refusing.has(model.id)) {
    notes.push(vscode.l10n.t('$(warning) did not accept images'));
  } else if (model.acceptsImages === true) {
    notes.push(vscode.l10n.t('$(eye) accepts images'));
  } else if (model.acceptsImages === false) {
    notes.push(vscode.l10n.t('$(circle-slash) text only'));
  }
  return {
    label: model.id,
    description: notes.join(' · ') || undefined,
    picked: model.id === current,
  };
}

async function loadModels(
  apiKeys: ApiKeyStore,
  settings: ReasoningSettings,
  signal: AbortSignal,
): Promise<ListedModel[]> {
  const stored = await apiKeys.get(settings.baseUrl);
  return listModels({
    baseUrl: settings.baseUrl,
    apiKey: stored?.kind === 'key' ? stored.value : undefined,
    timeoutMs: LIST_TIMEOUT_MS,
    signal,
    catalog: settings.provider.catalog,
    azure: settings.azure,
  });
}
