// An endpoint (or anything on its path) that answers with a redirect must not move the request:
// not the image, not the conversation, not the key. Through the real openai SDK and fetch, to
// two loopback servers: the endpoint, and the address it redirects to.
import * as assert from 'node:assert/strict';
import { toUserFacingError } from '../../src/core/errors';
import { listModels } from '../../src/core/modelCatalog';
import { azureBaseUrl } from '../../src/core/providers/presets';
import { textReply, type LoopbackServer } from '../support/loopbackServer';
import { requestFor, runStream, useLoopbackServer } from './streamHarness';

const KEY = 'sk-only-for-the-endpoint-0001';

describe('redirects from the endpoint (real openai SDK, loopback servers)', () => {
  let endpoint: LoopbackServer;
  let elsewhere: LoopbackServer;
  useLoopbackServer((server) => (endpoint = server));
  useLoopbackServer((server) => (elsewhere = server));
  afterEach(() => {
    endpoint.redirectAll = undefined;
  });

  const origin = (server: LoopbackServer) => `http://127.0.0.1:${server.port}`;

  it('E01 · an endpoint that answers a chat request with 301, 302, 303, 307 or 308 to another origin → not followed: nothing reaches that origin, and the turn fails naming where it wanted to go', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const target = `${elsewhere.baseUrl}/chat/completions?from=${status}`;
      endpoint.enqueue({ kind: 'redirect', status, location: target });
      elsewhere.enqueue(textReply('Answered elsewhere.'));
      const { events, error } = await runStream(
        requestFor(endpoint, { apiKey: KEY, maxRetries: 2 }),
      );
      assert.deepEqual(events, [], `${status}: no answer`);
      assert.equal(elsewhere.requests.length, 0, `${status}: nothing was sent to the other origin`);
      assert.equal(endpoint.chatRequests().length, 1, `${status}: asked once, not retried`);
      const shown = toUserFacingError(error, {
        baseUrl: endpoint.baseUrl,
        model: 'vision-test-model',
        timeoutMs: 5_000,
        apiKey: KEY,
      });
      assert.equal(shown.code, 'redirected', `${status}: ${shown.message}`);
      assert.equal(shown.status, status);
      assert.ok(shown.message.includes(target), `names the target: ${shown.message}`);
      assert.ok(shown.message.includes(origin(endpoint)), 'names the endpoint that answered');
      assert.ok(!/API key .* was rejected/.test(shown.message), 'does not blame the key');
      endpoint.requests.length = 0;
    }
  });

  it('E01 · a relative redirect, and one that asks to be retried (x-should-retry) → named as an absolute address, sent once', async () => {
    endpoint.enqueue({
      kind: 'redirect',
      location: '/elsewhere/chat/completions',
      headers: { 'x-should-retry': 'true' },
    });
    const { error } = await runStream(requestFor(endpoint, { apiKey: KEY, maxRetries: 2 }));
    const shown = toUserFacingError(error, {
      baseUrl: endpoint.baseUrl,
      model: 'm',
      timeoutMs: 5_000,
    });
    assert.equal(endpoint.chatRequests().length, 1, 'not retried');
    assert.ok(
      shown.message.includes(`${origin(endpoint)}/elsewhere/chat/completions`),
      shown.message,
    );
  });

  it('E02 · an Azure endpoint that redirects → the api-key header and the conversation never leave for the new address', async () => {
    endpoint.redirectAll = { location: `${elsewhere.baseUrl}/steal`, status: 307 };
    const { error } = await runStream(
      requestFor(endpoint, {
        baseUrl: azureBaseUrl(origin(endpoint)),
        apiKey: KEY,
        azure: { endpoint: origin(endpoint), deployment: 'gpt-4o', apiVersion: '2024-10-21' },
      }),
    );
    assert.ok(error, 'the turn failed');
    assert.equal(endpoint.requests[0]?.headers['api-key'], KEY, 'the endpoint got its key');
    assert.equal(elsewhere.requests.length, 0, 'the other origin got nothing');
  });

  it('E03 · a model list redirected to another origin (OpenAI-style, Ollama and LM Studio APIs) → not followed, and the failure names the target', async () => {
    const target = `${elsewhere.baseUrl}/models`;
    for (const catalog of ['openai', 'ollama', 'lmstudio'] as const) {
      endpoint.redirectAll = { location: target, status: 302 };
      await assert.rejects(
        listModels({ baseUrl: endpoint.baseUrl, apiKey: KEY, timeoutMs: 5_000, catalog }),
        (error: unknown) => {
          const shown = toUserFacingError(error, {
            baseUrl: endpoint.baseUrl,
            model: 'm',
            timeoutMs: 5_000,
          });
          assert.equal(shown.code, 'redirected', `${catalog}: ${shown.message}`);
          assert.ok(shown.message.includes(target), shown.message);
          return true;
        },
      );
      assert.equal(elsewhere.requests.length, 0, `${catalog}: nothing reached the other origin`);
    }
  });

  it('E03 · a redirect whose Location carries credentials → shown without them', async () => {
    endpoint.enqueue({
      kind: 'redirect',
      location:
        'https://user:hunter2-password@evil.example/v1?api-key=0123456789abcdef0123456789abcdef',
    });
    const { error } = await runStream(requestFor(endpoint, { apiKey: KEY }));
    const shown = toUserFacingError(error, { baseUrl: endpoint.baseUrl, model: 'm', timeoutMs: 1 });
    assert.ok(shown.message.includes('evil.example'), shown.message);
    assert.ok(!shown.message.includes('hunter2'), shown.message);
    assert.ok(!shown.message.includes('0123456789abcdef0123456789abcdef'), shown.message);
  });
});
