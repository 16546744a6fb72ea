// The test-only language model provider (test/loopbackModels), which the runner installs on VS
// Code 1.106 and later: its models forward every request to the loopback server its
// `mmrLoopbackModels.baseUrl` setting names.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LANGUAGE_MODEL_IMAGES_SINCE, languageModelApi } from '../../src/host/languageModelApi';
import { startLoopbackServer, type LoopbackServer } from '../support/loopbackServer';

/** The provider's settings. */
export const loopbackModelSettings = () => vscode.workspace.getConfiguration('mmrLoopbackModels');

/** Chooses the provider "VS Code language models" as Choose Provider does, and its vision model. */
export async function chooseLoopbackVisionModel(): Promise<void> {
  const chosen = await vscode.commands.executeCommand<boolean>(
    'multimodalReasoning.chooseProvider',
    { provider: 'vscode', offerModelPick: false },
  );
  assert.equal(chosen, true);
  await vscode.workspace
    .getConfiguration('multimodalReasoning')
    .update('model', 'loopback-vision', vscode.ConfigurationTarget.Global);
}

/** The loopback server the provider forwards to (set in `before`). */
export interface LoopbackModels {
  server: LoopbackServer;
}

/**
 * The hooks the suites through the provider share: before them, skip the suite where this VS
 * Code sends no images to language models (logging `needs` and the version it needs), else start
 * a loopback server and point the provider at it; after each test, forget the server's requests;
 * after them, reset the setting and close the server. A suite's own hooks, registered after this
 * call, run after these (and not at all once the suite is skipped, but for `after`).
 */
export function useLoopbackModels(needs: string): LoopbackModels {
  const models = {} as LoopbackModels;
  before(async function () {
    if (!languageModelApi()) {
      console.log(
        `      (skipped on VS Code ${vscode.version}: ${needs} ${LANGUAGE_MODEL_IMAGES_SINCE})`,
      );
      this.skip();
    }
    models.server = await startLoopbackServer();
    await loopbackModelSettings().update(
      'baseUrl',
      models.server.baseUrl,
      vscode.ConfigurationTarget.Global,
    );
  });
  afterEach(() => {
    models.server.requests.length = 0;
  });
  after(async () => {
    if (!models.server) return;
    await loopbackModelSettings().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await models.server.close();
  });
  return models;
}
