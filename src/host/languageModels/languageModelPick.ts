// Select Model while the provider is VS Code's own language models: the models VS Code offers
// that take images (those that say so first, then those that do not say), by name and vendor.
// The id is what is saved (`multimodalReasoning.model`). Listing asks nothing of the user: VS
// Code's consent prompt comes with the first request to a model (languageModelTurn.ts).
import * as vscode from 'vscode';
import { languageModelApi, type ChatModel } from '../languageModelApi';
import { createLogger } from '../logger';
import { readSettings, updateSetting } from '../settings';
import { acceptsImages, imageModels, languageModelsMissing } from './chatModels';

const log = createLogger('models');

type ModelItem = vscode.QuickPickItem & { readonly id: string };

/** Shows the pick; resolves to the chosen model's id (now in settings), or undefined. */
export async function selectLanguageModel(): Promise<string | undefined> {
  if (!languageModelApi()) {
    void vscode.window.showWarningMessage(languageModelsMissing().message);
    return undefined;
  }
  const current = readSettings().model;
  const quickPick = vscode.window.createQuickPick<ModelItem>();
  quickPick.title = vscode.l10n.t('Select Model (VS Code language models)');
  quickPick.placeholder = vscode.l10n.t('Pick a language model that takes images');
  quickPick.matchOnDescription = true;
  quickPick.busy = true;
  quickPick.show();
  void imageModels().then(
    (models) => {
      quickPick.items = models.map((model) => modelItem(model, current));
      quickPick.activeItems = quickPick.items.filter((item) => item.id === current);
      if (models.length === 0) {
        quickPick.placeholder = vscode.l10n.t(
          'VS Code offers no language model that takes images: sign in to GitHub Copilot, or install an extension that provides language models.',
        );
      }
      quickPick.busy = false;
    },
    (error: unknown) => {
      log.warn(`listing VS Code's language models failed: ${String(error)}`);
      quickPick.placeholder = vscode.l10n.t('VS Code could not list its language models.');
      quickPick.busy = false;
    },
  );
  const chosen = await new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.id));
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.dispose();
  if (chosen) {
    await updateSetting('model', chosen);
  }
  return chosen;
}

function modelItem(model: ChatModel, current: string): ModelItem {
  const notes = [model.vendor, model.id];
  if (model.id === current) notes.push(vscode.l10n.t('current'));
  return {
    id: model.id,
    label: model.name,
    description: notes.join(' · '),
    detail:
      acceptsImages(model) === true
        ? vscode.l10n.t('$(eye) accepts images')
        : vscode.l10n.t('$(question) does not say whether it accepts images'),
  };
}
