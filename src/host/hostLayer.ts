// Everything behind the extension's commands, panels and side view, built as dist/host.js and
// loaded by src/extension.ts on first use: the first command run, the side view shown, a panel
// restored, or a test reading the extension's API. Activation registers ids only, so a window
// that never uses the extension never loads this code (bench/README.md, activation_ms).
// First: core and webview strings are localised with the bundle this module loads.
import './l10nBundle';
import type * as vscode from 'vscode';
import { ModelCapabilities } from '../core/modelCapabilities';
import { RequestShapeMemory } from '../core/providers/requestShape';
import { AnalysisPanels } from './analysisPanels';
import { AnswerKeeper } from './answerExport';
import { ApiKeyStore } from './apiKeyStore';
import { ChatViewProvider } from './chatView';
import { analyzeImageCommands } from './commands/analyzeImage';
import { chooseProvider, chooseProviderCommands } from './commands/chooseProvider';
import { focusTaskCommands } from './commands/focusTask';
import { openSampleCommands } from './commands/openSample';
import { selectModelCommands } from './commands/selectModel';
import { setApiKeyCommands } from './commands/setApiKey';
import type { CommandHandlers } from './contributionIds';
import { HistoryStore } from './history/historyStore';
import { countLiveRegistrations } from './lifecycle';
import { ModelLinks } from './linkOpener';
import { registerLogger, tapLog } from './logger';
import { panelSerializer } from './panelSerializer';
import { ServedImages } from './servedImages';
import { AnalyzeImageTool } from './tools/analyzeImageTool';
import { TurnActivity } from './turnActivity';

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
  /** Opens links from answers after asking; tests answer its prompts. */
  readonly links: ModelLinks;
  /** The status-bar item shown while an answer streams. */
  readonly turnActivity: TurnActivity;
  /** Every line written to the Output channel, so tests can check what is (not) logged. */
  readonly tapLog: typeof tapLog;
  /** Registrations not yet disposed (see lifecycle.ts): the load tests count them for leaks. */
  readonly liveRegistrations: typeof countLiveRegistrations;
}

/** What src/extension.ts hands VS Code's registrations to. */
export interface HostLayer {
  readonly api: ExtensionApi;
  readonly commands: CommandHandlers;
  readonly chatView: vscode.WebviewViewProvider;
  readonly panelSerializer: vscode.WebviewPanelSerializer;
  /** The `analyze_image` language model tool. */
  readonly analyzeImageTool: vscode.LanguageModelTool<unknown>;
}

export function createHostLayer(context: vscode.ExtensionContext): HostLayer {
  registerLogger(context);
  const apiKeys = new ApiKeyStore(context.secrets);
  const modelCapabilities = new ModelCapabilities(context.globalState);
  const providerServices = { apiKeys, modelCapabilities };
  const history = HistoryStore.forContext(context);
  const keeper = new AnswerKeeper();
  const links = new ModelLinks();
  const turnActivity = new TurnActivity();
  context.subscriptions.push(apiKeys, history, keeper, turnActivity);
  const panels = new AnalysisPanels(
    context.extensionUri,
    {
      ...providerServices,
      confirmedInsecureOrigins: new Set(),
      requestShapes: new RequestShapeMemory(),
      setUpProvider: () => chooseProvider(providerServices),
      turnActivity,
    },
    {
      history,
      keeper,
      links,
      servedImages: ServedImages.forContext(context),
    },
  );
  const chat = new ChatViewProvider(
    context.extensionUri,
    panels.services,
    panels,
    context.workspaceState,
  );
  context.subscriptions.push(panels, chat);
  return {
    api: {
      panels,
      apiKeys,
      modelCapabilities,
      chat,
      history,
      keeper,
      links,
      turnActivity,
      tapLog,
      liveRegistrations: countLiveRegistrations,
    },
    commands: {
      ...analyzeImageCommands(panels),
      ...openSampleCommands(context, panels),
      ...setApiKeyCommands(apiKeys),
      ...selectModelCommands(providerServices),
      ...chooseProviderCommands(providerServices),
      ...focusTaskCommands(panels, chat),
    },
    chatView: chat,
    panelSerializer: panelSerializer(panels),
    analyzeImageTool: new AnalyzeImageTool(panels),
  };
}
