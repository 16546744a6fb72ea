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
import { zoomGuidance } from '../../src/core/zoom/zoomTool';
import { AnalyzeImageTool } from '../../src/host/tools/analyzeImageTool';
import type { HostToWebview } from '../../src/core/protocol';
import type { AnalysisPanel } from '../../src/host/analysisPanel';
import { QUADRANT_COLOURS, quadrantsPng } from '../support/imageFixtures';
import { chatBody, imageParts, textReply, type LoopbackServer } from '../support/loopbackServer';
import { EXTENSION_ID, openAnalysisPanel, waitFor } from './helpers';
import { chooseLoopbackVisionModel, useLoopbackModels } from './loopbackModels';

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

  /** Asks about the image in its panel; resolves with the panel and what it posted meanwhile. */
  async function ask(): Promise<{ panel: AnalysisPanel; posted: HostToWebview[] }> {
    const panel = await openAnalysisPanel(imageUri());
    const posted: HostToWebview[] = [];
    const listening = panel.onDidPost((message) => posted.push(message));
    try {
      await panel.session.submit('explain this architecture');
    } finally {
      listening.dispose();
    }
    return { panel, posted };
  }

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
      const { panel, posted } = await ask();
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
    const models = useLoopbackModels('the provider needs');
    let server: LoopbackServer;
    const quadrants = () =>
      vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'quadrants-1600x900.png');

    before(async () => {
      server = models.server;
      await vscode.workspace.fs.writeFile(quadrants(), quadrantsPng(1600, 900));
    });
    beforeEach(chooseLoopbackVisionModel);
    after(async () => {
      if (!server) return;
      await vscode.workspace.fs.delete(quadrants());
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
      // Spaced out, so the host's batching of deltas (one message per 16 ms) cannot merge them,
      // nor can VS Code's relay of the provider's parts on a busy machine (30 ms apart, all nine
      // once arrived as one delta during the full suite).
      server.enqueue(textReply(answer, { chunkSize: 5, delayMs: 100 }));
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
      // With the zoom guidance: the model takes tools, so it is offered the zoom tool.
      const systemPrompt = `${readSettings().systemPrompt}\n\n${zoomGuidance(readSettings().zoom.maxPerQuestion)}`;
      assert.deepEqual(body.messages[0], {
        role: 'user',
        content: [{ type: 'text', text: systemPrompt }],
      });
      assert.deepEqual(
        (body.tools as { function: { name: string } }[]).map((tool) => tool.function.name),
        ['zoom'],
      );
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
      const body = chatBody(server.chatRequests()[1]);
      assert.deepEqual(
        body.messages.map((message) => message.role),
        ['user', 'user', 'assistant', 'user'],
      );
      assert.equal(body.messages[2].content, 'First answer.');
      assert.equal(imageParts(body).length, 1, 'the image is sent once');
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

    it('asks about a region and shows it on the diagram as with an endpoint: overview, crop and boxes', async () => {
      // A 1×1 PNG stands in for the crop the webview cuts (the browser tests check its pixels).
      const crop =
        'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
      server.enqueue(
        textReply(
          'The **API Gateway** routes requests.\n\n```grounding\n[{"name": "API Gateway", "box_2d": [100, 200, 300, 400]}]\n```\n',
        ),
      );
      const panel = await openAnalysisPanel(imageUri());
      const prepared = await panel.session.imagePrepared;
      await panel.session.submit('what is in this part?', {
        region: {
          box: { x: 100, y: 40, width: 300, height: 200 },
          original: { width: 1600, height: 1000 },
          crop: { dataUrl: crop, width: 1, height: 1, mime: 'image/png' },
        },
        grounding: true,
      });
      const [turn] = panel.session.turnViews;
      assert.equal(turn.status, 'done', turn.error?.message);
      assert.equal(turn.answer, 'The **API Gateway** routes requests.\n\n');
      assert.deepEqual(turn.grounding, [
        { name: 'API Gateway', box: { left: 0.2, top: 0.1, right: 0.4, bottom: 0.3 } },
      ]);
      const user = chatBody(server.chatRequests()[0]).messages[1];
      assert.ok(Array.isArray(user.content));
      const text = user.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      assert.match(text, /x 100–400, y 40–240 in pixels of the original 1600×1000 image/);
      assert.match(text, /one fenced code block tagged `grounding`/);
      assert.deepEqual(
        user.content.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : [])),
        [prepared.dataUrl, crop],
        'the overview, then the crop, each exactly as prepared',
      );
    });

    it('sends tiles as with an endpoint: the overview and every 768 px tile, each untouched by VS Code', async () => {
      await set('imageDetail', 'tiles');
      try {
        server.enqueue(textReply('Red, green, yellow, blue.'));
        const panel = await openAnalysisPanel(quadrants());
        const prepared = await panel.session.imagePrepared;
        assert.ok((prepared.tiles?.length ?? 0) > 1, 'the copy has tiles');
        await panel.session.submit('read every label');
        const user = chatBody(server.chatRequests()[0]).messages[1];
        assert.ok(Array.isArray(user.content));
        assert.deepEqual(
          user.content.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : [])),
          [prepared.dataUrl, ...prepared.tiles!.map((tile) => tile.dataUrl)],
        );
        assert.ok(
          user.content.some(
            (part) => part.type === 'text' && /Tile row 1, column 1/.test(part.text),
          ),
          'each tile says where it lies',
        );
      } finally {
        await set('imageDetail', undefined);
      }
    });

    it('prices the turn from modelPrices, on the tokens the model’s own counter counted', async () => {
      await set('modelPrices', { 'loopback-vision': { input: 2, output: 8 } });
      try {
        server.enqueue(textReply('The gateway is the entry point.'));
        const panel = await openAnalysisPanel(imageUri());
        await panel.session.submit('explain this architecture');
        const [turn] = panel.session.turnViews;
        assert.equal(turn.status, 'done', turn.error?.message);
        const { promptTokens, completionTokens } = turn.usage ?? {};
        assert.ok(promptTokens && completionTokens, 'both counted');
        assert.equal(turn.costUsd, (promptTokens * 2 + completionTokens * 8) / 1e6);
      } finally {
        await set('modelPrices', undefined);
      }
    });

    it('answers the analyze_image tool through it: the confirmation names the model, the answer goes back', async () => {
      const api = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.exports;
      const input = { path: 'architecture.png', task: 'explain this architecture' };
      const prepared = await new AnalyzeImageTool(api.panels).prepareInvocation({ input });
      const message = prepared.confirmationMessages?.message;
      assert.match(
        typeof message === 'string' ? message : (message?.value ?? ''),
        /go to VS Code language model loopback-vision;/,
      );
      server.enqueue(textReply('A gateway in front of two services.'));
      const result = await vscode.lm.invokeTool('analyze_image', {
        input,
        toolInvocationToken: undefined,
      });
      const texts = result.content.map((part) =>
        part instanceof vscode.LanguageModelTextPart ? part.value : '',
      );
      // The answer goes back marked as an analysis of the file, not instructions.
      assert.match(texts[0], /^Analysis of the workspace file architecture\.png/);
      assert.equal(texts.at(-1), 'A gateway in front of two services.');
      assert.equal(chatBody(server.chatRequests()[0]).model, 'loopback-vision', 'through VS Code');
    });

    it('refuses before sending when the model takes no images, and says which to pick', async () => {
      await set('model', 'loopback-text');
      const { posted } = await ask();
      const failed = posted.find((message) => message.type === 'request/failed');
      assert.ok(failed?.type === 'request/failed');
      assert.equal(failed.error.code, 'imagesUnsupported');
      assert.match(failed.error.message, /Loopback Text \(mmr-loopback\) does not take images/);
      assert.deepEqual(failed.error.actions, ['selectModel']);
      assert.equal(server.chatRequests().length, 0);
    });

    it('says when the chosen model is gone, with Select Model', async () => {
      await set('model', 'gone-model');
      const { posted } = await ask();
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
