// What several extension-host suites need: open the panel for an image as the Analyze command
// does, wait until its webview has prepared the image, and poll for a condition.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AnalysisPanel } from '../../src/host/analysisPanel';

/** Runs Analyze on `imageUri` and resolves once the webview has sent the prepared copy. */
export async function openAnalysisPanel(imageUri: vscode.Uri): Promise<AnalysisPanel> {
  const panel = await vscode.commands.executeCommand<AnalysisPanel>('multimodalReasoning.analyzeImage', imageUri);
  assert.ok(panel, 'the panel opened');
  await panel.session.imagePrepared;
  return panel;
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
