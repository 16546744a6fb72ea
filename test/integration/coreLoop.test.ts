// The core loop inside a real extension host: commands open the panel for an image, and a full
// turn goes through the real webview (which prepares the image) to the loopback server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { pngSize } from '../support/imageFixtures';
import {
  chatBody,
  imageParts,
  textReply,
  unauthorizedReply,
  type LoopbackServer,
} from '../support/loopbackServer';
import { openAnalysisPanel, useLoopbackEndpoint, waitFor } from './helpers';

describe('core loop (extension host)', () => {
  const endpoint = useLoopbackEndpoint('sk-loopback-right');
  let api: ExtensionApi;
  let server: LoopbackServer;
  before(() => ({ api, server } = endpoint));
  const imageUri = () =>
    vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'architecture.png');

  before(async () => {
    // A key for another origin (same host, other port) must never be sent to this one.
    await api.apiKeys.set('http://127.0.0.1:9/v1', 'sk-other-origin');
  });

  it('registers the public commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'multimodalReasoning.analyzeImage',
      'multimodalReasoning.setApiKey',
      'multimodalReasoning.selectModel',
    ]) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });

  it('opens one panel per image, titled after it, and reveals it when asked again', async () => {
    await vscode.commands.executeCommand('multimodalReasoning.analyzeImageWithAI', imageUri());
    await vscode.commands.executeCommand('multimodalReasoning.analyzeImage', imageUri());
    const panelTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .filter(
          (tab) =>
            tab.input instanceof vscode.TabInputWebview &&
            tab.input.viewType.endsWith('multimodalReasoning.analysisPanel'),
        );
    // The workbench reports tabs to the extension host asynchronously.
    await waitFor(() => panelTabs().length > 0);
    assert.deepEqual(
      panelTabs().map((tab) => tab.label),
      ['architecture.png'],
    );
    assert.equal(api.panels.openPanels.length, 1);
  });

  it('streams a full turn and sends the key stored for this origin only', async () => {
    server.enqueue(
      textReply('## Components\n\n- Gateway\n- Orders', {
        reasoning: 'The arrows go left to right.',
      }),
    );
    const panel = await openPanel();
    await panel.session.submit('explain this architecture');

    const [turn] = panel.session.turnViews;
    assert.equal(turn.status, 'done');
    assert.equal(turn.answer, '## Components\n\n- Gateway\n- Orders');
    assert.equal(turn.reasoning, 'The arrows go left to right.');

    assert.equal(server.requests.length, 1);
    const request = server.requests[0];
    assert.equal(request.headers.authorization, 'Bearer sk-loopback-right');
    const body = chatBody(request);
    assert.equal(body.model, 'vision-test-model');
    assert.equal(body.stream, true);
    const user = body.messages.find((message) => message.role === 'user');
    assert.ok(user && Array.isArray(user.content));
    const [text, image] = user.content;
    assert.deepEqual([text.type, image.type], ['text', 'image_url']);
    assert.equal(text.type === 'text' && text.text, 'explain this architecture');
    assert.match(image.type === 'image_url' ? image.image_url.url : '', /^data:image\/png;base64,/);
  });

  it('sends a follow-up with the first turn and the image exactly once', async () => {
    server.enqueue(textReply('First answer.'));
    server.enqueue(textReply('Second answer.'));
    const panel = await openPanel();
    await panel.session.submit('explain this architecture');
    await panel.session.submit('where is the single point of failure?');

    assert.equal(server.requests.length, 2);
    const body = chatBody(server.requests[1]);
    const { messages } = body;
    assert.deepEqual(
      messages.map((message) => message.role),
      ['system', 'user', 'assistant', 'user'],
    );
    assert.equal(messages[2].content, 'First answer.');
    assert.equal(messages[3].content, 'where is the single point of failure?');
    assert.equal(imageParts(body).length, 1, 'the image is sent once, in the first user message');
    assert.ok(Array.isArray(messages[1].content));
  });

  it('shows a rejected key as an error with Set API Key, and never shows the key', async () => {
    server.enqueue(unauthorizedReply());
    const panel = await openPanel();
    await panel.session.submit('explain this architecture');
    const [ended] = panel.session.turnViews;
    assert.equal(ended?.status, 'error');
    assert.equal(ended?.answer, '');
    assert.match(ended?.error?.message ?? '', /127\.0\.0\.1/, 'the message names the endpoint');
    assert.equal(ended?.error?.code, 'unauthorized');
    assert.ok(ended?.error?.actions.includes('setApiKey'));
    assert.ok(
      !JSON.stringify(ended).includes('sk-loopback-right'),
      'the key never reaches the webview',
    );
  });

  it('stops a streaming turn and keeps the partial answer', async () => {
    server.enqueue(textReply('word '.repeat(400), { chunkSize: 5, delayMs: 20 }));
    const panel = await openPanel();
    const turn = panel.session.submit('explain this architecture');
    await waitFor(() => (panel.session.turnViews[0]?.answer.length ?? 0) > 20);
    panel.session.stop();
    await turn;
    const [stopped] = panel.session.turnViews;
    assert.equal(stopped.status, 'stopped');
    assert.ok(
      stopped.answer.length > 20 && stopped.answer.length < 2000,
      `partial answer kept (${stopped.answer.length} chars)`,
    );
    await waitFor(() => server.closedConnections > 0);
  });

  it('prepares the open panel image again when the image settings change; the next question sends the new copy, once', async () => {
    server.enqueue(textReply('First answer.'));
    server.enqueue(textReply('Second answer.'));
    const panel = await openPanel();
    await panel.session.submit('explain this architecture');
    const imagesSent = (request: number): string[] =>
      chatBody(server.requests[request])
        .messages.flatMap((message) => (Array.isArray(message.content) ? message.content : []))
        .flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : []));
    const first = pngSize(imagesSent(0)[0]);
    assert.ok(first.width > 800, `the sample is sent wider than the new limit (${first.width} px)`);

    const lines: string[] = [];
    const tap = api.tapLog((line) => lines.push(line));
    const settings = vscode.workspace.getConfiguration('multimodalReasoning');
    try {
      await settings.update('maxImageSide', 800, vscode.ConfigurationTarget.Global);
      // The webview prepares the copy again and sends it to the host, which logs it.
      await waitFor(
        () => lines.some((line) => /architecture\.png prepared as 800x/.test(line)),
        30_000,
      );
      await panel.session.submit('and the data flow?');
    } finally {
      tap.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await settings.update('maxImageSide', undefined, vscode.ConfigurationTarget.Global);
    }
    const resent = imagesSent(1);
    assert.equal(resent.length, 1, 'the image is still sent once, in the first user message');
    const second = pngSize(resent[0]);
    assert.equal(second.width, 800);
    assert.ok(
      Math.abs(second.height - (first.height * 800) / first.width) <= 1,
      `aspect ratio kept (${second.width}×${second.height} from ${first.width}×${first.height})`,
    );
  });

  const openPanel = () => openAnalysisPanel(imageUri());
});
