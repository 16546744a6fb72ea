// The provider "VS Code language models", in a real extension host. On VS Code 1.106 and later
// the runner installs the test-only provider extension (test/loopbackModels), whose models
// forward to a loopback OpenAI-compatible server: a question in the analysis panel goes through
// VS Code's language model API to that server, and the answer comes back into the same turn view
// an HTTP endpoint fills. On older VS Code the provider is not offered, and a setting that names
// it anyway (settings sync from a newer VS Code) ends in a plain message, not a broken request.
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { providerItems } from '../../src/host/commands/chooseProvider';
import { LANGUAGE_MODEL_IMAGES_SINCE, languageModelApi } from '../../src/host/languageModelApi';
import { readSettings } from '../../src/host/settings';
import type { HostToWebview } from '../../src/core/protocol';
import { QUADRANT_COLOURS, quadrantsPng } from '../support/imageFixtures';
import {
  chatBody,
  startLoopbackServer,
  textReply,
  type LoopbackServer,
} from '../support/loopbackServer';
import { EXTENSION_ID, openAnalysisPanel, waitFor } from './helpers';

const config = () => vscode.workspace.getConfiguration('multimodalReasoning');
const set = (key: string, value: unknown) =>
  config().update(key, value, vscode.ConfigurationTarget.Global);
const LABEL = 'VS Code language models';

describe('provider "VS Code language models" (extension host)', () => {
  before(async () => {
    await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await set('provider', undefined);
    await set('model', undefined);
  });

  const imageUri = () =>
    vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'architecture.png');

  it(`is offered in Choose Provider only where VS Code has the API (${vscode.version})`, () => {
    const offered = providerItems(readSettings()).some((item) => item.label === LABEL);
    assert.equal(
      offered,
      languageModelApi() !== undefined,
      `VS Code ${vscode.version}: offered=${offered}`,
    );
    // The other providers are there either way.
    assert.ok(providerItems(readSettings()).some((item) => item.label === 'Ollama'));
  });

  describe('on a VS Code without the API', function () {
    before(function () {
      if (languageModelApi()) this.skip();
    });

    it('refuses the choice by command, and leaves the provider as it was', async () => {
      const chosen = await vscode.commands.executeCommand<boolean>(
        'multimodalReasoning.chooseProvider',
        { provider: 'vscode', offerModelPick: false },
      );
      assert.equal(chosen, false);
      assert.equal(config().inspect('provider')?.globalValue, undefined);
    });

    it('says plainly what is missing when a synced setting names it anyway; nothing is sent', async () => {
      await set('provider', 'vscode');
      await set('model', 'gpt-4o');
      const panel = await openAnalysisPanel(imageUri());
      const posted: HostToWebview[] = [];
      const listening = panel.onDidPost((message) => posted.push(message));
      try {
        await panel.session.submit('explain this architecture');
      } finally {
        listening.dispose();
      }
      const failed = posted.find((message) => message.type === 'request/failed');
      assert.ok(
        failed && failed.type === 'request/failed',
        'the question was refused before sending',
      );
      assert.match(
        failed.error.message,
        new RegExp(
          `VS Code ${LANGUAGE_MODEL_IMAGES_SINCE.replace(/\.0$/, '').replace('.', '\\.')} or later`,
        ),
      );
      assert.deepEqual(failed.error.actions, ['chooseProvider']);
      assert.equal(panel.session.turnViews.length, 0);
    });
  });

  describe('through a provider extension that forwards to a loopback server', function () {
    let server: LoopbackServer;
    const loopback = () => vscode.workspace.getConfiguration('mmrLoopbackModels');
    const quadrants = () =>
      vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'quadrants-1600x900.png');

    before(async function () {
      if (!languageModelApi()) {
        console.log(
          `      (skipped on VS Code ${vscode.version}: the provider needs ${LANGUAGE_MODEL_IMAGES_SINCE})`,
        );
        this.skip();
      }
      server = await startLoopbackServer();
      await loopback().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.writeFile(quadrants(), quadrantsPng(1600, 900));
    });
    beforeEach(async () => {
      const chosen = await vscode.commands.executeCommand<boolean>(
        'multimodalReasoning.chooseProvider',
        { provider: 'vscode', offerModelPick: false },
      );
      assert.equal(chosen, true);
      await set('model', 'loopback-vision');
    });
    afterEach(() => {
      server.requests.length = 0;
    });
    after(async () => {
      if (!server) return;
      await loopback().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(quadrants());
      await server.close();
    });

    it('is saved by Choose Provider, and needs no key or URL', () => {
      assert.equal(config().inspect('provider')?.globalValue, 'vscode');
      const settings = readSettings();
      assert.equal(settings.languageModels, true);
      assert.equal(settings.baseUrl, LABEL);
      assert.equal(
        settings.imagePolicy.maxShortSide,
        768,
        'images are prepared as VS Code passes them',
      );
    });

    it('sends the prepared copy untouched (1600×900 → 1365×768, as the panel says), streams the answer into the turn, and counts tokens with the model’s counter', async () => {
      const answer = 'Four quadrants: red, green, yellow and blue.';
      // Spaced out, so the host's batching of deltas (one message per 16 ms) cannot merge them.
      server.enqueue(textReply(answer, { chunkSize: 5, delayMs: 30 }));
      const panel = await openAnalysisPanel(quadrants());
      const prepared = await panel.session.imagePrepared;
      assert.deepEqual([prepared.width, prepared.height], [1365, 768], 'the copy the panel shows');

      const answerDeltas: string[] = [];
      const listening = panel.onDidPost((message) => {
        if (message.type === 'turn/answerDelta') answerDeltas.push(message.text);
      });
      try {
        await panel.session.submit('What colours are the quadrants?');
      } finally {
        listening.dispose();
      }
      const [turn] = panel.session.turnViews;
      assert.equal(turn.status, 'done', turn.error?.message);
      assert.equal(turn.answer, answer);
      assert.equal(answerDeltas.join(''), answer);
      assert.ok(answerDeltas.length > 1, `streamed in pieces (${answerDeltas.length})`);

      const [request] = server.chatRequests();
      const body = chatBody(request);
      assert.equal(body.model, 'loopback-vision');
      // VS Code has no system role: the system prompt is the first user message.
      const systemPrompt = readSettings().systemPrompt;
      assert.deepEqual(body.messages[0], {
        role: 'user',
        content: [{ type: 'text', text: systemPrompt }],
      });
      const content = body.messages[1].content;
      assert.ok(Array.isArray(content));
      assert.deepEqual(content[0], { type: 'text', text: 'What colours are the quadrants?' });
      const image = content[1];
      assert.ok(image?.type === 'image_url');
      // Byte for byte the copy the panel prepared and shows: VS Code did not rescale it.
      assert.equal(image.image_url.url, prepared.dataUrl);
      const { data, info } = await sharp(
        Buffer.from(image.image_url.url.slice(image.image_url.url.indexOf(',') + 1), 'base64'),
      )
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      assert.deepEqual([info.width, info.height], [1365, 768]);
      const pixel = (fx: number, fy: number) => {
        const at = (Math.floor(fy * info.height) * info.width + Math.floor(fx * info.width)) * 3;
        return [...data.subarray(at, at + 3)];
      };
      for (const [where, fx, fy] of [
        ['topLeft', 0.25, 0.25],
        ['topRight', 0.75, 0.25],
        ['bottomRight', 0.75, 0.75],
        ['bottomLeft', 0.25, 0.75],
      ] as const) {
        const expected = QUADRANT_COLOURS[where];
        assert.ok(
          pixel(fx, fy).every((value, index) => Math.abs(value - expected[index]) <= 4),
          `${where}: ${pixel(fx, fy).join()} is not ${expected.join()}`,
        );
      }

      // The test provider counts one token per four characters of text and 85 per image.
      const tokens = (text: string) => Math.ceil(text.length / 4);
      assert.deepEqual(turn.usage, {
        promptTokens: tokens(systemPrompt) + tokens('What colours are the quadrants?') + 85,
        completionTokens: tokens(answer),
      });
    });

    it('carries the conversation on: the follow-up goes with the first turn, the image once', async () => {
      server.enqueue(textReply('First answer.'), textReply('Second answer.'));
      const panel = await openAnalysisPanel(imageUri());
      await panel.session.submit('explain this architecture');
      await panel.session.submit('where is the single point of failure?');
      assert.deepEqual(
        panel.session.turnViews.map((turn) => [turn.status, turn.answer]),
        [
          ['done', 'First answer.'],
          ['done', 'Second answer.'],
        ],
      );
      const { messages } = chatBody(server.chatRequests()[1]);
      assert.deepEqual(
        messages.map((message) => message.role),
        ['user', 'user', 'assistant', 'user'],
      );
      assert.equal(messages[2].content, 'First answer.');
      const images = messages
        .flatMap((message) => (Array.isArray(message.content) ? message.content : []))
        .filter((part) => part.type === 'image_url');
      assert.equal(images.length, 1, 'the image is sent once');
    });

    it('shows reasoning the model writes inline (<think>) as reasoning, as with an HTTP endpoint', async () => {
      server.enqueue(
        textReply('The gateway is the entry point.', {
          reasoning: 'Arrows go left to right.',
          reasoningAs: 'think',
        }),
      );
      const panel = await openAnalysisPanel(imageUri());
      await panel.session.submit('explain this architecture');
      const [turn] = panel.session.turnViews;
      assert.equal(turn.reasoning, 'Arrows go left to right.');
      assert.equal(turn.answer, 'The gateway is the entry point.');
    });

    it('stops at once on Stop, keeping what arrived, and the model’s request is cancelled', async () => {
      const long = 'The gateway forwards each request. '.repeat(200);
      server.enqueue(textReply(long, { chunkSize: 7, delayMs: 20 }));
      const panel = await openAnalysisPanel(imageUri());
      const asked = panel.session.submit('explain this architecture');
      await waitFor(() => (panel.session.turnViews[0]?.answer.length ?? 0) > 20);
      const closed = server.waitForClientClose();
      panel.session.stop();
      await asked;
      const [turn] = panel.session.turnViews;
      assert.equal(turn.status, 'stopped');
      assert.ok(turn.answer.length > 20 && long.startsWith(turn.answer), 'what arrived is kept');
      // The provider extension's request to the server is closed too: nothing streams on unseen.
      await closed;
    });

    it('refuses before sending when the model takes no images, and says which to pick', async () => {
      await set('model', 'loopback-text');
      const panel = await openAnalysisPanel(imageUri());
      const posted: HostToWebview[] = [];
      const listening = panel.onDidPost((message) => posted.push(message));
      try {
        await panel.session.submit('explain this architecture');
      } finally {
        listening.dispose();
      }
      const failed = posted.find((message) => message.type === 'request/failed');
      assert.ok(failed?.type === 'request/failed');
      assert.equal(failed.error.code, 'imagesUnsupported');
      assert.match(failed.error.message, /Loopback Text \(mmr-loopback\) does not take images/);
      assert.deepEqual(failed.error.actions, ['selectModel']);
      assert.equal(server.chatRequests().length, 0);
    });

    it('says when the chosen model is gone, with Select Model', async () => {
      await set('model', 'gone-model');
      const panel = await openAnalysisPanel(imageUri());
      const posted: HostToWebview[] = [];
      const listening = panel.onDidPost((message) => posted.push(message));
      try {
        await panel.session.submit('explain this architecture');
      } finally {
        listening.dispose();
      }
      const failed = posted.find((message) => message.type === 'request/failed');
      assert.ok(failed?.type === 'request/failed');
      assert.equal(failed.error.code, 'modelNotFound');
      assert.match(failed.error.message, /no language model "gone-model"/);
      assert.equal(server.chatRequests().length, 0);
    });

    it('asks VS Code’s consent for a gated model first; refused (extension tests cannot show it), nothing is sent and the message says how to allow it', async () => {
      await set('model', 'loopback-gated');
      const panel = await openAnalysisPanel(imageUri());
      await panel.session.submit('explain this architecture');
      const [turn] = panel.session.turnViews;
      assert.equal(turn.status, 'error');
      assert.equal(turn.error?.code, 'unauthorized', turn.error?.message);
      assert.match(turn.error?.message ?? '', /Loopback Gated \(mmr-loopback\).*Allow/);
      assert.deepEqual(turn.error?.actions, ['retry', 'chooseProvider']);
      assert.equal(server.chatRequests().length, 0, 'nothing reached the model');
    });

    it('reports a failure of the model’s provider in its own words, with Retry', async () => {
      server.enqueue({
        kind: 'error',
        status: 500,
        body: { error: { message: 'the GPU caught fire', type: 'server_error' } },
      });
      const panel = await openAnalysisPanel(imageUri());
      await panel.session.submit('explain this architecture');
      const [turn] = panel.session.turnViews;
      assert.equal(turn.status, 'error');
      assert.match(turn.error?.message ?? '', /Loopback Vision \(mmr-loopback\) could not answer/);
      assert.ok(turn.error?.actions.includes('retry'));
    });
  });
});
