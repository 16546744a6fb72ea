// Activation registers what package.json contributes and nothing more: each registration hands
// its work to the host layer (src/host/hostLayer.ts, dist/host.js), which is loaded the first
// time any of them is used. Keep this module's imports to ids and types: whatever it imports is
// paid for by every window at startup (bench/README.md, activation_ms).
import * as vscode from 'vscode';
import {
  ANALYSIS_PANEL_VIEW_TYPE,
  ANALYZE_IMAGE_TOOL,
  CHAT_VIEW_ID,
  CONTRIBUTED_COMMANDS,
} from './host/contributionIds';
import type { ExtensionApi, HostLayer } from './host/hostLayer';
import { lazyHostLayer } from './host/lazyHostLayer';

export type { ExtensionApi } from './host/hostLayer';

export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  const host = lazyHostLayer(context);
  for (const id of CONTRIBUTED_COMMANDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => host().commands[id](...args)),
    );
  }
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(ANALYSIS_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) =>
        host().panelSerializer.deserializeWebviewPanel(panel, state),
    }),
    vscode.window.registerWebviewViewProvider(
      CHAT_VIEW_ID,
      {
        resolveWebviewView: (view, resolveContext, token) =>
          host().chatView.resolveWebviewView(view, resolveContext, token),
      },
      { webviewOptions: { retainContextWhenHidden: true } },
    ),
  );
  // VS Code's chat agent may call the tool; where a VS Code lacks the tools API, it is left out.
  if (typeof vscode.lm?.registerTool === 'function') {
    context.subscriptions.push(
      vscode.lm.registerTool(ANALYZE_IMAGE_TOOL, {
        prepareInvocation: (options, token) =>
          host().analyzeImageTool.prepareInvocation?.(options, token),
        invoke: (options, token) => host().analyzeImageTool.invoke(options, token),
      }),
    );
  }
  return testApi(context.extensionMode, host);
}

export function deactivate(): void {}

/**
 * The API exists for the extension's own tests (they drive panels, plant keys, read the log):
 * only when VS Code runs the extension under a test runner. Any other extension calling
 * `getExtension(…).exports` gets nothing, never the key store or the conversations.
 */
export function testApi(
  mode: vscode.ExtensionMode,
  host: () => HostLayer,
): ExtensionApi | undefined {
  return mode === vscode.ExtensionMode.Test ? apiOf(host) : undefined;
}

/**
 * The API's members read through to the host layer, so asking for one loads it. Getters for a
 * fixed list rather than a Proxy: VS Code awaits what activate() returns, and the `then` it looks
 * for would load the host layer during activation.
 */
function apiOf(host: () => HostLayer): ExtensionApi {
  const api = {} as ExtensionApi;
  for (const key of Object.keys(apiMembers) as (keyof ExtensionApi)[]) {
    Object.defineProperty(api, key, { enumerable: true, get: () => host().api[key] });
  }
  return api;
}

// Every member of ExtensionApi, listed so the compiler catches one added there and not here.
const apiMembers: { readonly [key in keyof ExtensionApi]: true } = {
  panels: true,
  apiKeys: true,
  modelCapabilities: true,
  chat: true,
  history: true,
  keeper: true,
  links: true,
  turnActivity: true,
  tapLog: true,
  liveRegistrations: true,
};
