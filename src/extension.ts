// First: core and webview strings are localised with the bundle this module loads.
import './host/l10nBundle';
import * as vscode from 'vscode';
import { AnalysisPanels } from './host/analysisPanels';
import { AnswerKeeper } from './host/answerExport';
import { registerChatView, type ChatViewProvider } from './host/chatView';
import { registerFocusTaskCommand } from './host/commands/focusTask';
import { HistoryStore } from './host/history/historyStore';
import { registerPanelSerializer } from './host/panelSerializer';
import { ApiKeyStore } from './host/apiKeyStore';
import { registerAnalyzeImageCommand } from './host/commands/analyzeImage';
import { chooseProvider, registerChooseProviderCommand } from './host/commands/chooseProvider';
import { registerSelectModelCommand } from './host/commands/selectModel';
import { ModelCapabilities } from './core/modelCapabilities';
import { RequestShapeMemory } from './core/providers/requestShape';
import { registerSetApiKeyCommand } from './host/commands/setApiKey';
import { registerLogger, tapLog } from './host/logger';
import { countLiveRegistrations } from './host/lifecycle';
import { registerOpenSampleCommand } from './host/commands/openSample';
import { TurnActivity } from './host/turnActivity';

export interface ExtensionApi {
  /** The open analysis panels; used by the integration tests to observe what a user sees. */
  readonly panels: AnalysisPanels;
  /** The per-origin key store, so tests can plant keys without typing into an input box. */
  readonly apiKeys: ApiKeyStore;
  /** Which models refused images (globalState), so tests can see what was learned. */
  readonly modelCapabilities: ModelCapabilities;
  /** The side view (chat + history). */
  readonly chat: ChatViewProvider;
  /** Saved conversations of this workspace. */
  readonly history: HistoryStore;
  /** Save as Markdown / Insert into Editor; tests answer its prompts. */
  readonly keeper: AnswerKeeper;
  /** The status-bar item shown while an answer streams. */
  readonly turnActivity: TurnActivity;
  /** Every line written to the Output channel, so tests can check what is (not) logged. */
  readonly tapLog: typeof tapLog;
  /** Registrations not yet disposed (see lifecycle.ts): the load tests count them for leaks. */
  readonly liveRegistrations: typeof countLiveRegistrations;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  registerLogger(context);
  const apiKeys = new ApiKeyStore(context.secrets);
  const modelCapabilities = new ModelCapabilities(context.globalState);
  const providerServices = { apiKeys, modelCapabilities };
  const history = HistoryStore.forContext(context);
  const keeper = new AnswerKeeper();
  const turnActivity = new TurnActivity();
  context.subscriptions.push(apiKeys, history, keeper, turnActivity);
  const panels = new AnalysisPanels(context.extensionUri, {
    ...providerServices,
    confirmedInsecureOrigins: new Set(),
    requestShapes: new RequestShapeMemory(),
    setUpProvider: () => chooseProvider(providerServices),
    turnActivity,
  }, { history, keeper });
  context.subscriptions.push(panels);
  registerPanelSerializer(context, panels);
  const chat = registerChatView(context, panels.services, panels);
  registerFocusTaskCommand(context, panels, chat);
  registerAnalyzeImageCommand(context, panels);
  registerOpenSampleCommand(context, panels);
  registerSetApiKeyCommand(context, apiKeys);
  registerSelectModelCommand(context, providerServices);
  registerChooseProviderCommand(context, providerServices);
  return { panels, apiKeys, modelCapabilities, chat, history, keeper, turnActivity, tapLog, liveRegistrations: countLiveRegistrations };
}

export function deactivate(): void {}
