import * as vscode from 'vscode';
import { endpointOrigin } from '../../core/endpoint';
import { type ApiKeyStore, promptForApiKey } from '../apiKeyStore';
import { SET_API_KEY_COMMAND, type CommandHandlers } from '../contributionIds';
import { readSettings } from '../settings';

export function setApiKeyCommands(
  apiKeys: ApiKeyStore,
): Pick<CommandHandlers, typeof SET_API_KEY_COMMAND> {
  return {
    [SET_API_KEY_COMMAND]: async () => {
      const { baseUrl, azure, languageModels } = readSettings();
      if (languageModels) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'VS Code language models need no API key: VS Code and the extension that provides the model handle sign-in. To use an endpoint with a key, run Choose Provider.',
          ),
        );
        return false;
      }
      let origin: string;
      try {
        origin = endpointOrigin(baseUrl);
      } catch {
        void vscode.window.showErrorMessage(
          azure
            ? vscode.l10n.t(
                'Set the Azure OpenAI endpoint first (Multimodal Reasoning: Choose Provider).',
              )
            : vscode.l10n.t(
                'The endpoint URL "{0}" is not valid. Fix multimodalReasoning.baseUrl first.',
                baseUrl,
              ),
        );
        return false;
      }
      const stored = await promptForApiKey(apiKeys, baseUrl);
      if (stored) {
        void vscode.window.showInformationMessage(
          stored.kind === 'key'
            ? vscode.l10n.t('API key saved for {0}.', origin)
            : vscode.l10n.t('{0} will be called without an API key.', origin),
        );
      }
      return stored !== undefined;
    },
  };
}
