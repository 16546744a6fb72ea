// Every provider preset, end to end inside a real extension host: the user's settings choose the
// provider (and, for Azure, its resource and deployment), the panel's real webview prepares the
// image, and one full turn goes to the loopback server, which replays that provider's documented
// stream. Then what the issue promises around it: learned request shapes, remembered image
// refusals, the usage line's numbers, and Choose Provider saving a preset.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { PROVIDER_IDS, PROVIDER_PRESETS, type ProviderId } from '../../src/core/providers/presets';
import {
  chatBody,
  startLoopbackServer,
  textReply,
  type LoopbackServer,
} from '../support/loopbackServer';
import { PROVIDER_STREAMS, replayFixture } from '../support/providerFixtures';
import { openAnalysisPanel } from './helpers';

const EXTENSION_ID = 'multimodal-reasoning.multimodal-reasoning-agent';
const KEY = 'sk-provider-matrix';
const SETTINGS = [
  'provider',
  'baseUrl',
  'model',
  'azure.endpoint',
  'azure.deployment',
  'maxOutputTokens',
  'modelPrices',
  'reasoningEffort',
] as const;

describe('providers (extension host)', () => {
  let api: ExtensionApi;
  let server: LoopbackServer;
  const config = () => vscode.workspace.getConfiguration('multimodalReasoning');
  const set = (key: (typeof SETTINGS)[number], value: unknown) =>
    config().update(key, value, vscode.ConfigurationTarget.Global);
  const imageUri = () =>
    vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'architecture.png');
  const origin = () => `http://127.0.0.1:${server.port}`;

  before(async () => {
    api = await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate();
    server = await startLoopbackServer();
    await set('model', 'vision-test-model');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    server.requests.length = 0;
  });

  after(async () => {
    for (const key of SETTINGS) {
      await set(key, undefined);
    }
    await api.apiKeys.delete(server.baseUrl);
    await server.close();
  });

  /** Points the extension at the loopback server as `id`, the way a user's settings would. */
  async function useProvider(id: ProviderId): Promise<void> {
    const preset = PROVIDER_PRESETS[id];
    await set('provider', id);
    if (id === 'azure') {
      await set('baseUrl', undefined);
      await set('azure.endpoint', origin());
      await set('azure.deployment', 'vision-deployment');
    } else {
      // The preset's own path (/v1, /v1beta/openai, /api/v1, none) on the loopback origin.
      await set(
        'baseUrl',
        origin() + new URL(preset.defaultBaseUrl ?? 'http://x/v1').pathname.replace(/\/$/, ''),
      );
    }
    if (preset.apiKey === 'none') {
      await api.apiKeys.delete(origin());
    } else {
      await api.apiKeys.set(origin(), KEY);
    }
  }

  const openPanel = () => openAnalysisPanel(imageUri());

  describe('one full turn through every preset', () => {
    for (const id of PROVIDER_IDS) {
      const stream = PROVIDER_STREAMS[id];
      it(`${PROVIDER_PRESETS[id].label}: sends its request and shows its reasoning and answer`, async () => {
        await useProvider(id);
        server.enqueue(replayFixture(stream.file));
        const panel = await openPanel();
        await panel.session.submit('where is the single point of failure?');

        const [turn] = panel.session.turnViews;
        assert.equal(turn.status, 'done', JSON.stringify(turn.error));
        assert.equal(turn.answer.trim(), stream.answer);
        assert.equal(turn.reasoning.trim(), stream.reasoning);
        assert.deepEqual(turn.usage, stream.usage);
        assert.ok(
          typeof turn.durationMs === 'number' && turn.durationMs >= 0,
          'the usage line has a duration',
        );

        const [request] = server.chatRequests();
        const preset = PROVIDER_PRESETS[id];
        if (id === 'azure') {
          assert.equal(
            request.path,
            '/openai/deployments/vision-deployment/chat/completions?api-version=2024-10-21',
          );
          assert.equal(request.headers['api-key'], KEY);
          assert.equal(request.headers.authorization, undefined);
        } else {
          assert.equal(
            request.path,
            new URL(preset.defaultBaseUrl ?? 'http://x/v1').pathname.replace(/\/$/, '') +
              '/chat/completions',
          );
          assert.equal(
            request.headers.authorization,
            preset.apiKey === 'none' ? undefined : `Bearer ${KEY}`,
          );
        }
        const body = chatBody(request);
        const user = body.messages.find((message) => message.role === 'user');
        assert.ok(
          user &&
            Array.isArray(user.content) &&
            user.content.some((part) => part.type === 'image_url'),
          'the image went with the task',
        );
      });
    }
  });

  describe('around the turn', () => {
    beforeEach(async () => {
      await useProvider('openai');
    });
    afterEach(async () => {
      await set('maxOutputTokens', undefined);
      await set('modelPrices', undefined);
      await api.modelCapabilities.forgetRefusal(server.baseUrl, 'vision-test-model');
    });

    it('retries once without a parameter the model rejects, and sends the right one from then on', async () => {
      await set('maxOutputTokens', 256);
      await set('model', 'shape-learning-model');
      try {
        server.enqueue(
          {
            kind: 'error',
            status: 400,
            body: {
              error: {
                message:
                  "Unsupported parameter: 'max_completion_tokens' is not supported with this model. Use 'max_tokens' instead.",
                type: 'invalid_request_error',
                param: 'max_completion_tokens',
                code: 'unsupported_parameter',
              },
            },
          },
          textReply('First.'),
          textReply('Second.'),
        );
        const panel = await openPanel();
        await panel.session.submit('explain this architecture');
        await panel.session.submit('and the database?');
        assert.deepEqual(
          panel.session.turnViews.map((turn) => turn.status),
          ['done', 'done'],
        );
        const bodies = server.chatRequests().map(chatBody);
        assert.deepEqual(
          bodies.map((body) =>
            'max_completion_tokens' in body
              ? 'max_completion_tokens'
              : 'max_tokens' in body
                ? 'max_tokens'
                : 'none',
          ),
          ['max_completion_tokens', 'max_tokens', 'max_tokens'],
        );
      } finally {
        await set('model', 'vision-test-model');
      }
    });

    it('says in plain words when a model refuses images, remembers it, and does not send the image again', async () => {
      server.enqueue({
        kind: 'error',
        status: 400,
        body: {
          error: {
            message: 'Invalid content type. image_url is only supported by certain models.',
            type: 'invalid_request_error',
            param: 'messages',
            code: null,
          },
        },
      });
      const panel = await openPanel();
      await panel.session.submit('explain this architecture');
      const [refused] = panel.session.turnViews;
      assert.equal(refused.error?.code, 'imagesUnsupported');
      assert.match(refused.error?.message ?? '', /does not accept images.*Select Model/);
      assert.ok(refused.error?.actions.includes('selectModel'));
      assert.equal(api.modelCapabilities.refusesImages(server.baseUrl, 'vision-test-model'), true);

      // Next time (a new panel, as after a restart) it is said before anything is sent.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      server.requests.length = 0;
      const again = await openPanel();
      await again.session.submit('explain this architecture');
      assert.equal(server.chatRequests().length, 0, 'the image was not sent again');
      assert.equal(again.session.turnViews.length, 0);
    });

    it('ends each turn with its duration, and its cost when the model has a price', async () => {
      await set('modelPrices', { 'vision-test-model': { input: 2.5, output: 10 } });
      server.enqueue(
        textReply('Priced.', {
          usage: { prompt_tokens: 1200, completion_tokens: 800, reasoning_tokens: 300 },
        }),
      );
      const panel = await openPanel();
      await panel.session.submit('explain this architecture');
      const [turn] = panel.session.turnViews;
      assert.deepEqual(turn.usage, {
        promptTokens: 1200,
        completionTokens: 800,
        reasoningTokens: 300,
      });
      assert.ok(Math.abs((turn.costUsd ?? 0) - 0.011) < 1e-9, `cost ${turn.costUsd}`);
      assert.ok((turn.durationMs ?? -1) >= 0);
    });
  });

  it('on a fresh install, Analyze offers Choose Provider (not an OpenAI key prompt), then sends the task', async () => {
    for (const key of ['provider', 'baseUrl', 'azure.endpoint', 'azure.deployment'] as const) {
      await set(key, undefined);
    }
    await api.apiKeys.delete('https://api.openai.com/v1');
    // The real flow is a quick pick; stand in for the user who picks Ollama in it.
    const services = api.panels.services as { setUpProvider: () => Promise<boolean> };
    const original = services.setUpProvider;
    let offered = 0;
    services.setUpProvider = async () => {
      offered++;
      await useProvider('ollama');
      return true;
    };
    try {
      server.enqueue(replayFixture(PROVIDER_STREAMS.ollama.file));
      const panel = await openPanel();
      await panel.session.submit('explain this architecture');
      assert.equal(offered, 1);
      const [turn] = panel.session.turnViews;
      assert.equal(turn?.status, 'done');
      assert.equal(
        server.chatRequests()[0].headers.authorization,
        undefined,
        'Ollama needs no key',
      );

      await panel.session.submit('and the cache?');
      assert.equal(offered, 1, 'asked once: a provider is chosen now');
    } finally {
      services.setUpProvider = original;
    }
  });

  it("Choose Provider saves a preset, replaces an explicit base URL with the preset's, and needs no key for Ollama", async () => {
    await set('baseUrl', 'http://127.0.0.1:9/v1');
    const done = await vscode.commands.executeCommand<boolean>(
      'multimodalReasoning.chooseProvider',
      { provider: 'ollama', offerModelPick: false },
    );
    assert.equal(done, true);
    assert.equal(config().inspect('provider')?.globalValue, 'ollama');
    assert.equal(config().inspect('baseUrl')?.globalValue, undefined, 'the preset URL applies');
  });
});
