// "Select Model": the endpoint's own list (`GET /models`) in a quick pick that also accepts
// any typed id, since many servers list nothing or not everything they serve.
import * as vscode from 'vscode';
import { toUserFacingError } from '../../core/errors';
import { listModelIds } from '../../core/modelCatalog';
import type { ApiKeyStore } from '../apiKeyStore';
import { createLogger } from '../logger';
import { readSettings, updateSetting } from '../settings';

export const SELECT_MODEL_COMMAND = 'multimodalReasoning.selectModel';

const log = createLogger('models');

export function registerSelectModelCommand(context: vscode.ExtensionContext, apiKeys: ApiKeyStore): void {
  context.subscriptions.push(vscode.commands.registerCommand(SELECT_MODEL_COMMAND, () => selectModel(apiKeys)));
}

async function selectModel(apiKeys: ApiKeyStore): Promise<string | undefined> {
  const settings = readSettings();
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  quickPick.title = vscode.l10n.t('Select Model');
  quickPick.placeholder = vscode.l10n.t('Pick a model of {0}, or type a model id', settings.baseUrl);
  quickPick.busy = true;
  let listedItems: vscode.QuickPickItem[] = [currentItem(settings.model)];
  // Whatever is typed is offered as a choice of its own, above the listed models.
  const showItems = () => {
    const typed = quickPick.value.trim();
    const typedItem = typed && !listedItems.some((item) => item.label === typed) ? [{ label: typed, description: vscode.l10n.t('use this model id'), alwaysShow: true }] : [];
    quickPick.items = [...typedItem, ...listedItems];
  };
  showItems();
  quickPick.onDidChangeValue(showItems);
  quickPick.show();

  const abort = new AbortController();
  quickPick.onDidHide(() => abort.abort());
  void loadModels(apiKeys, settings, abort.signal).then(
    (ids) => {
      listedItems = ids.map((id) => (id === settings.model ? currentItem(id) : { label: id }));
      showItems();
      if (ids.length === 0) {
        quickPick.placeholder = vscode.l10n.t('The endpoint listed no models: type a model id');
      }
      quickPick.busy = false;
    },
    (error: unknown) => {
      if (abort.signal.aborted) {
        return;
      }
      const message = toUserFacingError(error, { baseUrl: settings.baseUrl, model: settings.model, timeoutMs: 15_000 }).message;
      log.warn(`listing models failed: ${message}`);
      quickPick.placeholder = vscode.l10n.t('Could not list models ({0}). Type a model id.', message);
      quickPick.busy = false;
    },
  );
  const chosen = await new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.label ?? (quickPick.value.trim() || undefined)));
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.dispose();
  if (chosen) {
    await updateSetting('model', chosen);
  }
  return chosen;
}

function currentItem(model: string): vscode.QuickPickItem {
  return { label: model, description: vscode.l10n.t('current'), picked: true };
}

async function loadModels(apiKeys: ApiKeyStore, settings: ReturnType<typeof readSettings>, signal: AbortSignal): Promise<string[]> {
  const stored = await apiKeys.get(settings.baseUrl);
  return listModelIds({ baseUrl: settings.baseUrl, apiKey: stored?.kind === 'key' ? stored.value : undefined, timeoutMs: 15_000, signal });
}
