// What several extension-host suites need: open the panel for an image as the Analyze command
// does, wait until its webview has prepared the image, write files into the workspace for a
// suite, and poll for a condition.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { HostToViewMessage } from '../../src/core/protocol';
import type { AnalysisPanel } from '../../src/host/analysisPanel';
import { startLoopbackServer, type LoopbackServer } from '../support/loopbackServer';

export const EXTENSION_ID = 'multimodal-reasoning.multimodal-reasoning-agent';

/** The activated extension and the loopback server its settings point at (set in `before`). */
export interface LoopbackEndpoint {
  api: ExtensionApi;
  server: LoopbackServer;
}

/**
 * The hooks most suites share: before them, activate the extension, start a loopback server and
 * point `baseUrl` (and `model`, unless it is `false`) at it with `key` stored for its origin;
 * after each test, close the editors and forget the server's requests; after them, reset the
 * settings and close the server. A suite's own hooks, registered after this call, run after these.
 */
export function useLoopbackEndpoint(
  key: string,
  { model = 'vision-test-model' }: { model?: string | false } = {},
): LoopbackEndpoint {
  const endpoint = {} as LoopbackEndpoint;
  const settings = () => vscode.workspace.getConfiguration('multimodalReasoning');
  before(async () => {
    endpoint.api = await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate();
    endpoint.server = await startLoopbackServer();
    await settings().update('baseUrl', endpoint.server.baseUrl, vscode.ConfigurationTarget.Global);
    if (model !== false) {
      await settings().update('model', model, vscode.ConfigurationTarget.Global);
    }
    await endpoint.api.apiKeys.set(endpoint.server.baseUrl, key);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    endpoint.server.requests.length = 0;
  });
  after(async () => {
    await settings().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    if (model !== false) {
      await settings().update('model', undefined, vscode.ConfigurationTarget.Global);
    }
    await endpoint.server.close();
  });
  return endpoint;
}

/** Runs Analyze on `imageUri` and resolves once the webview has sent the prepared copy. */
export async function openAnalysisPanel(imageUri: vscode.Uri): Promise<AnalysisPanel> {
  const panel = await vscode.commands.executeCommand<AnalysisPanel>(
    'multimodalReasoning.analyzeImage',
    imageUri,
  );
  assert.ok(panel, 'the panel opened');
  await panel.session.imagePrepared;
  return panel;
}

/** openAnalysisPanel, and every message the panel posts to its page from then on. */
export async function openWatchedPanel(
  imageUri: vscode.Uri,
): Promise<{ panel: AnalysisPanel; posted: HostToViewMessage<'panel'>[] }> {
  const panel = await openAnalysisPanel(imageUri);
  const posted: HostToViewMessage<'panel'>[] = [];
  panel.onDidPost((message) => posted.push(message));
  return { panel, posted };
}

/**
 * Files a suite writes into the workspace folder, removed after its tests: `write` puts `bytes`
 * there as `name` and resolves to the file.
 */
export function useWorkspaceFiles(): (name: string, bytes: Uint8Array) => vscode.Uri {
  const written: string[] = [];
  after(() => {
    for (const file of written) {
      fs.rmSync(file, { force: true });
    }
  });
  return (name, bytes) => {
    const file = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, name);
    fs.writeFileSync(file, bytes);
    written.push(file);
    return vscode.Uri.file(file);
  };
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
