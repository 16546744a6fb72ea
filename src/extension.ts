import * as vscode from 'vscode';
import { AnalysisPanels } from './host/analysisPanels';
import { ApiKeyStore } from './host/apiKeyStore';
import { registerAnalyzeImageCommand } from './host/commands/analyzeImage';
import { registerSelectModelCommand } from './host/commands/selectModel';
import { registerSetApiKeyCommand } from './host/commands/setApiKey';
import { registerLogger } from './host/logger';

export interface ExtensionApi {
  /** The open analysis panels; used by the integration tests to observe what a user sees. */
  readonly panels: AnalysisPanels;
  /** The per-origin key store, so tests can plant keys without typing into an input box. */
  readonly apiKeys: ApiKeyStore;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  registerLogger(context);
  const apiKeys = new ApiKeyStore(context.secrets);
  const panels = new AnalysisPanels(context.extensionUri, { apiKeys, confirmedInsecureOrigins: new Set() });
  context.subscriptions.push(panels);
  registerAnalyzeImageCommand(context, panels);
  registerSetApiKeyCommand(context, apiKeys);
  registerSelectModelCommand(context, apiKeys);
  return { panels, apiKeys };
}

export function deactivate(): void {}
