// What is known about models' image input: remembered refusals (per endpoint origin and model,
// never by name), Ollama's and LM Studio's own answers in the model list, and the local-server
// probe run when such a provider is chosen.
import * as assert from 'node:assert/strict';
import { probeLocalServer } from '../../src/core/localServers';
import { ModelCapabilities, type KeyValueStore } from '../../src/core/modelCapabilities';
import { listModels } from '../../src/core/modelCatalog';
import { PROVIDER_PRESETS } from '../../src/core/providers/presets';
import { startLoopbackServer, type LoopbackServer } from '../support/loopbackServer';

/** A Memento stand-in that round-trips values through JSON, as globalState does. */
function memoryStore(): KeyValueStore & { readonly data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: <T>(key: string) => (data.has(key) ? (JSON.parse(data.get(key)!) as T) : undefined),
    update: (key, value) => {
      data.set(key, JSON.stringify(value));
      return Promise.resolve();
    },
  };
}

describe('image input knowledge', () => {
  describe('ModelCapabilities (remembered refusals)', () => {
    it('remembers a refusal per endpoint origin and model', async () => {
      const capabilities = new ModelCapabilities(memoryStore());
      await capabilities.recordImagesRefused('http://127.0.0.1:11434/v1', 'llama3.2');
      assert.equal(
        capabilities.refusesImages('http://127.0.0.1:11434/v1/', 'llama3.2'),
        true,
        'same origin, whatever the path',
      );
      assert.equal(
        capabilities.refusesImages('http://127.0.0.1:11434/v1', 'llama3.2-vision'),
        false,
        'names are not patterns',
      );
      assert.equal(
        capabilities.refusesImages('http://127.0.0.1:1234/v1', 'llama3.2'),
        false,
        'another server may serve it with vision',
      );
      assert.deepEqual(
        [...capabilities.modelsRefusingImages('http://127.0.0.1:11434/v1')],
        ['llama3.2'],
      );
    });

    it('survives a restart (the store is all it keeps) and forgets when asked', async () => {
      const store = memoryStore();
      await new ModelCapabilities(store).recordImagesRefused(
        'https://api.deepseek.com',
        'deepseek-chat',
      );
      const reloaded = new ModelCapabilities(store);
      assert.equal(reloaded.refusesImages('https://api.deepseek.com', 'deepseek-chat'), true);
      await reloaded.forgetRefusal('https://api.deepseek.com', 'deepseek-chat');
      assert.equal(reloaded.refusesImages('https://api.deepseek.com', 'deepseek-chat'), false);
      await reloaded.forgetRefusal('https://api.deepseek.com', 'never-seen');
    });

    it('treats a corrupt store as empty', () => {
      const store = memoryStore();
      store.data.set('multimodalReasoning.modelsRefusingImages', JSON.stringify('garbage'));
      assert.equal(new ModelCapabilities(store).refusesImages('https://x.example', 'm'), false);
    });
  });

  describe('model lists (loopback server)', () => {
    let server: LoopbackServer;
    before(async () => {
      server = await startLoopbackServer({
        models: ['openai-listed'],
        ollamaModels: [
          { id: 'qwen3-vl:8b', vision: true },
          { id: 'llama3.2:3b', vision: false },
        ],
        lmStudioModels: [
          { id: 'qwen2.5-vl-7b-instruct', vision: true },
          { id: 'deepseek-r1-distill-qwen-7b', vision: false },
        ],
      });
    });
    afterEach(() => {
      server.requests.length = 0;
    });
    after(async () => {
      await server.close();
    });

    const request = (catalog: 'ollama' | 'lmstudio' | 'openai') => ({
      baseUrl: server.baseUrl,
      apiKey: undefined,
      timeoutMs: 5000,
      catalog,
    });

    it('marks the Ollama models whose /api/show capabilities include "vision"', async () => {
      assert.deepEqual(await listModels(request('ollama')), [
        { id: 'llama3.2:3b', acceptsImages: false },
        { id: 'qwen3-vl:8b', acceptsImages: true },
      ]);
      assert.deepEqual(
        server.requests.map((recorded) => `${recorded.method} ${recorded.path}`).sort(),
        ['GET /api/tags', 'POST /api/show', 'POST /api/show'],
      );
    });

    it('marks the LM Studio models typed "vlm" by /api/v0/models', async () => {
      assert.deepEqual(await listModels(request('lmstudio')), [
        { id: 'deepseek-r1-distill-qwen-7b', acceptsImages: false },
        { id: 'qwen2.5-vl-7b-instruct', acceptsImages: true },
      ]);
    });

    it('lists ids only (GET /models) for other endpoints', async () => {
      assert.deepEqual(await listModels(request('openai')), [{ id: 'openai-listed' }]);
    });

    it("falls back to GET /models when the server does not speak Ollama's own API", async () => {
      const plain = await startLoopbackServer({ models: ['behind-a-proxy'] });
      try {
        assert.deepEqual(
          await listModels({
            baseUrl: plain.baseUrl,
            apiKey: undefined,
            timeoutMs: 5000,
            catalog: 'ollama',
          }),
          [{ id: 'behind-a-proxy' }],
        );
      } finally {
        await plain.close();
      }
    });

    it('finds a local server where the preset expects it, and says so when none answers', async () => {
      const found = await probeLocalServer(PROVIDER_PRESETS.ollama, server.baseUrl);
      assert.deepEqual(found, { found: true, baseUrl: server.baseUrl, modelCount: 2 });
      const lmStudio = await probeLocalServer(PROVIDER_PRESETS.lmstudio, server.baseUrl);
      assert.equal(lmStudio.found, true);
      const closed = await startLoopbackServer();
      const closedUrl = closed.baseUrl;
      await closed.close();
      assert.deepEqual(await probeLocalServer(PROVIDER_PRESETS.ollama, closedUrl, 500), {
        found: false,
        baseUrl: closedUrl,
      });
    });
  });
});
