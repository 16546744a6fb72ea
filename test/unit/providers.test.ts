// Conformance per provider preset, through the real openai SDK against the loopback server:
// the exact request each preset sends (path and query, auth header, body fields), and the
// parsing of each provider's documented stream, replayed byte for byte from its fixture.
import * as assert from 'node:assert/strict';
import {
  azureBaseUrl,
  DEFAULT_AZURE_API_VERSION,
  PROVIDER_IDS,
  PROVIDER_PRESETS,
  type ProviderId,
} from '../../src/core/providers/presets';
import type { ReasoningRequest } from '../../src/core/reasoningClient';
import { chatBody, textReply, type LoopbackServer } from '../support/loopbackServer';
import { fixtureSources, PROVIDER_STREAMS, replayFixture } from '../support/providerFixtures';
import { requestFor, runStream, textOf, useEnvironment, useLoopbackServer } from './streamHarness';

const KEY = 'sk-test-key-123456';

/**
 * The request a preset makes: its default URL's path on the loopback server (Azure: its resource).
 */
function presetRequest(
  server: LoopbackServer,
  id: ProviderId,
  overrides: Partial<ReasoningRequest> = {},
): ReasoningRequest {
  const preset = PROVIDER_PRESETS[id];
  const origin = `http://127.0.0.1:${server.port}`;
  const azure =
    id === 'azure'
      ? { endpoint: origin, deployment: 'vision-deployment', apiVersion: DEFAULT_AZURE_API_VERSION }
      : undefined;
  const baseUrl = azure
    ? azureBaseUrl(azure.endpoint)
    : origin + new URL(preset.defaultBaseUrl ?? 'http://x/v1').pathname.replace(/\/$/, '');
  return requestFor(server, {
    baseUrl,
    provider: preset,
    azure,
    apiKey: preset.apiKey === 'none' ? undefined : KEY,
    ...overrides,
  });
}

interface ExpectedRequest {
  readonly path: string;
  readonly auth: 'bearer' | 'api-key' | 'none';
  /** Fields the body must have (deep-equal), for effort "high", 500 max tokens, temperature 0.3. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Fields the body must not have. */
  readonly absent: readonly string[];
}

const EXPECTED_REQUESTS: Readonly<Record<ProviderId, ExpectedRequest>> = {
  openai: {
    path: '/v1/chat/completions',
    auth: 'bearer',
    fields: { reasoning_effort: 'high', max_completion_tokens: 500, temperature: 0.3 },
    absent: ['max_tokens', 'reasoning', 'extra_body', 'thinking'],
  },
  azure: {
    path: `/openai/deployments/vision-deployment/chat/completions?api-version=${DEFAULT_AZURE_API_VERSION}`,
    auth: 'api-key',
    fields: { reasoning_effort: 'high', max_completion_tokens: 500, temperature: 0.3 },
    absent: ['max_tokens', 'reasoning'],
  },
  gemini: {
    path: '/v1beta/openai/chat/completions',
    auth: 'bearer',
    fields: {
      reasoning_effort: 'high',
      extra_body: { google: { thinking_config: { include_thoughts: true } } },
      max_tokens: 500,
      temperature: 0.3,
    },
    absent: ['max_completion_tokens', 'reasoning'],
  },
  ollama: {
    path: '/v1/chat/completions',
    auth: 'none',
    fields: { reasoning_effort: 'high', max_tokens: 500, temperature: 0.3 },
    absent: ['max_completion_tokens', 'reasoning'],
  },
  lmstudio: {
    path: '/v1/chat/completions',
    auth: 'none',
    fields: { reasoning_effort: 'high', max_tokens: 500, temperature: 0.3 },
    absent: ['max_completion_tokens', 'reasoning'],
  },
  openrouter: {
    path: '/api/v1/chat/completions',
    auth: 'bearer',
    fields: { reasoning: { effort: 'high' }, max_tokens: 500, temperature: 0.3 },
    absent: ['reasoning_effort', 'max_completion_tokens'],
  },
  deepseek: {
    path: '/chat/completions',
    auth: 'bearer',
    fields: {
      thinking: { type: 'enabled' },
      reasoning_effort: 'high',
      max_tokens: 500,
      temperature: 0.3,
    },
    absent: ['max_completion_tokens', 'reasoning'],
  },
  custom: {
    path: '/v1/chat/completions',
    auth: 'bearer',
    fields: { reasoning_effort: 'high', max_tokens: 500, temperature: 0.3 },
    absent: ['max_completion_tokens', 'reasoning'],
  },
};

describe('provider presets (conformance, real SDK, loopback server)', () => {
  let server: LoopbackServer;
  useLoopbackServer((started) => (server = started));

  it('has a preset, an expected request and a documented stream for every provider', () => {
    assert.deepEqual(Object.keys(PROVIDER_PRESETS).sort(), [...PROVIDER_IDS].sort());
    assert.deepEqual(Object.keys(EXPECTED_REQUESTS).sort(), [...PROVIDER_IDS].sort());
    assert.deepEqual(Object.keys(PROVIDER_STREAMS).sort(), [...PROVIDER_IDS].sort());
  });

  for (const id of PROVIDER_IDS) {
    describe(PROVIDER_PRESETS[id].label, () => {
      it('sends the request its documentation describes', async () => {
        const expected = EXPECTED_REQUESTS[id];
        server.enqueue(textReply('ok'));
        const { error } = await runStream(
          presetRequest(server, id, {
            reasoningEffort: 'high',
            maxOutputTokens: 500,
            temperature: 0.3,
          }),
        );
        assert.equal(error, undefined);
        const [request] = server.chatRequests();
        assert.equal(request.method, 'POST');
        assert.equal(request.path, expected.path);
        switch (expected.auth) {
          case 'bearer':
            assert.equal(request.headers.authorization, `Bearer ${KEY}`);
            assert.equal(request.headers['api-key'], undefined);
            break;
          case 'api-key':
            assert.equal(request.headers['api-key'], KEY);
            assert.equal(request.headers.authorization, undefined, 'Azure keys go in api-key only');
            break;
          case 'none':
            assert.equal(
              request.headers.authorization,
              undefined,
              'no placeholder credential is sent',
            );
            assert.equal(request.headers['api-key'], undefined);
            break;
        }
        const body = chatBody(request);
        assert.equal(body.model, 'vision-test-model');
        assert.equal(body.stream, true);
        assert.deepEqual(body.stream_options, { include_usage: true });
        for (const [field, value] of Object.entries(expected.fields)) {
          assert.deepEqual(body[field], value, `${field}`);
        }
        for (const field of expected.absent) {
          assert.ok(!(field in body), `${field} is not sent`);
        }
      });

      it('sends no reasoning control when the effort is left to the model', async () => {
        server.enqueue(textReply('ok'));
        await runStream(presetRequest(server, id));
        const body = chatBody(server.chatRequests()[0]);
        for (const field of [
          'reasoning_effort',
          'reasoning',
          'thinking',
          'temperature',
          'max_tokens',
          'max_completion_tokens',
        ]) {
          assert.ok(!(field in body), `${field} is not sent`);
        }
        // Gemini thinks by default but shows its thoughts only when asked to.
        assert.deepEqual(
          body.extra_body,
          id === 'gemini' ? { google: { thinking_config: { include_thoughts: true } } } : undefined,
        );
      });

      const stream = PROVIDER_STREAMS[id];
      it(`parses its documented stream (${stream.file})`, async () => {
        assert.ok(
          fixtureSources(stream.file).some((source) => /^https:\/\/\S+ - \S/.test(source)),
          `${stream.file} names the documentation it follows`,
        );
        server.enqueue(replayFixture(stream.file));
        const { events, error } = await runStream(presetRequest(server, id));
        assert.equal(error, undefined);
        assert.equal(textOf(events, 'reasoning').trim(), stream.reasoning);
        assert.equal(textOf(events, 'answer').trim(), stream.answer);
        const usage = events.find((event) => event.kind === 'usage');
        assert.deepEqual(usage?.kind === 'usage' && usage.usage, stream.usage);
        assert.equal(events.at(-1)?.kind, 'done');
      });
    });
  }

  describe('Azure with AZURE_* and OPENAI_* variables in the environment', () => {
    const variables = {
      OPENAI_BASE_URL: 'http://bogus-base-url.invalid/v1',
      AZURE_OPENAI_ENDPOINT: 'http://bogus-azure.invalid',
      AZURE_OPENAI_API_KEY: 'key-from-environment',
      OPENAI_API_VERSION: '1999-01-01',
      OPENAI_CUSTOM_HEADERS: 'X-From-Environment: leaked',
    };
    useEnvironment(variables);

    it('uses only the configured resource, deployment, version and key', async () => {
      server.enqueue(textReply('ok'));
      const { error } = await runStream(presetRequest(server, 'azure'));
      assert.equal(error, undefined);
      const [request] = server.chatRequests();
      assert.ok(request, 'the request reached the configured resource');
      assert.equal(
        request.path,
        `/openai/deployments/vision-deployment/chat/completions?api-version=${DEFAULT_AZURE_API_VERSION}`,
      );
      assert.equal(request.headers['api-key'], KEY);
      assert.ok(!JSON.stringify(request.headers).includes('environment'));
    });
  });

  describe('effort mapping', () => {
    async function bodyFor(
      id: ProviderId,
      effort: 'none' | 'low',
    ): Promise<Record<string, unknown>> {
      server.requests.length = 0;
      server.enqueue(textReply('ok'));
      await runStream(presetRequest(server, id, { reasoningEffort: effort }));
      return chatBody(server.chatRequests()[0]);
    }

    it('turns DeepSeek thinking off with "none" rather than sending an effort', async () => {
      const body = await bodyFor('deepseek', 'none');
      assert.deepEqual(body.thinking, { type: 'disabled' });
      assert.ok(!('reasoning_effort' in body));
    });

    it('asks Gemini for no thoughts when reasoning is off', async () => {
      const body = await bodyFor('gemini', 'none');
      assert.equal(body.reasoning_effort, 'none');
      assert.ok(!('extra_body' in body), 'include_thoughts is pointless without thinking');
    });

    it('sends OpenRouter its reasoning object, for every effort', async () => {
      assert.deepEqual((await bodyFor('openrouter', 'none')).reasoning, { effort: 'none' });
      assert.deepEqual((await bodyFor('openrouter', 'low')).reasoning, { effort: 'low' });
    });
  });
});
