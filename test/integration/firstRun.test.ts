// First run, in a real extension host: the walkthrough's sample opens in the analysis panel
// from a copy outside the extension; the status bar says an answer is streaming and brings its
// panel back; the Output channel records each request's endpoint, model, sizes and timing and
// never the key or the image.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AnalysisPanel } from '../../src/host/analysisPanel';
import type { ExtensionApi } from '../../src/extension';
import { heldTextReply, textReply, type LoopbackServer } from '../support/loopbackServer';
import { openAnalysisPanel, useLoopbackEndpoint, waitFor } from './helpers';

const EXTENSION_ID = 'multimodal-reasoning.multimodal-reasoning-agent';
const KEY = 'sk-first-run-secret-0123456789';

describe('first run (extension host)', () => {
  const endpoint = useLoopbackEndpoint(KEY);
  let api: ExtensionApi;
  let server: LoopbackServer;
  before(() => ({ api, server } = endpoint));
  let extension: vscode.Extension<ExtensionApi>;
  const imageUri = () =>
    vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'architecture.png');

  before(async () => {
    extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!;
    api = await extension.activate();
  });

  it('Analyze the Sample Diagram opens the shipped diagram from a copy in global storage', async () => {
    const panel = await vscode.commands.executeCommand<AnalysisPanel>(
      'multimodalReasoning.openSample',
    );
    assert.ok(panel, 'a panel opened');
    await panel.session.imagePrepared;
    assert.equal(panel.image.name, 'architecture.png');
    assert.ok(
      panel.image.uri
        .toString()
        .startsWith(vscode.Uri.joinPath(extension.extensionUri).toString()) === false,
      'not the installed file',
    );
    assert.ok(panel.image.uri.path.includes('/sample/'), panel.image.uri.toString());
    const shipped = await vscode.workspace.fs.readFile(
      vscode.Uri.joinPath(extension.extensionUri, 'media', 'sample', 'architecture.png'),
    );
    const copy = await vscode.workspace.fs.readFile(panel.image.uri);
    assert.deepEqual(Buffer.from(copy), Buffer.from(shipped));

    // The step's task: ask about it and get an answer.
    server.enqueue(textReply('It is an online store.'));
    await panel.session.submit('explain this architecture');
    assert.equal(panel.session.turnViews[0].status, 'done');

    // Asked again, the same panel comes back (one per image).
    const again = await vscode.commands.executeCommand<AnalysisPanel>(
      'multimodalReasoning.openSample',
    );
    assert.equal(again, panel);
  });

  it('shows a status-bar item while an answer streams; it reveals that panel and goes away at the end', async () => {
    const held = heldTextReply('The gateway is a single point of failure.', {
      reasoning: 'Looking for single boxes.',
    });
    server.enqueue(held.reply);
    const panel = await openAnalysisPanel(imageUri());
    assert.equal(api.turnActivity.text, undefined, 'nothing shown before a turn');
    const turn = panel.session.submit('where are the single points of failure?');
    await waitFor(() => api.turnActivity.text !== undefined);
    assert.match(api.turnActivity.text ?? '', /Answering: architecture\.png/);

    // The user goes elsewhere; the item brings the panel back.
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await waitFor(() => !panel.active);
    await vscode.commands.executeCommand('multimodalReasoning.revealStreaming');
    await waitFor(() => panel.active);

    held.release();
    await turn;
    assert.equal(api.turnActivity.text, undefined, 'hidden once the answer is complete');
  });

  it('logs endpoint, model, sizes and timing of each request, and never the key or the image', async () => {
    const lines: string[] = [];
    const tap = api.tapLog((line) => lines.push(line));
    try {
      server.enqueue(
        textReply('## Overview\n\nThree services.', {
          reasoning: 'Looking at the boxes.',
          usage: { prompt_tokens: 900, completion_tokens: 40, reasoning_tokens: 12 },
        }),
      );
      const panel = await openAnalysisPanel(imageUri());
      await panel.session.submit('explain this architecture');
      assert.equal(panel.session.turnViews[0].status, 'done');
    } finally {
      tap.dispose();
    }
    const request = lines.find((line) => line.includes('request →'));
    assert.ok(request, lines.join('\n'));
    assert.ok(request.includes(`→ ${server.baseUrl.replace(/\/+$/, '')} `), request);
    assert.match(request, /model=vision-test-model/);
    assert.match(request, /images=1 \(\d+(\.\d+)? (B|KB|MB)\)/);
    const response = lines.find((line) => line.includes('response done'));
    assert.ok(response, lines.join('\n'));
    assert.match(
      response,
      /response done in \d+ ms, first token \d+ ms, answer=28 chars reasoning=21 chars, tokens in=900 out=40 reasoning=12/,
    );

    const everything = lines.join('\n');
    assert.ok(!everything.includes(KEY), 'the key is never logged');
    assert.ok(!/base64|data:image|[A-Za-z0-9+/]{64}/.test(everything), 'no image bytes in the log');
    assert.ok(
      !everything.includes('explain this architecture'),
      'the task text stays out of the log',
    );
  });
});
