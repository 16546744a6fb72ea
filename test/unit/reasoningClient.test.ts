import * as assert from 'node:assert/strict';
import { APIUserAbortError } from 'openai';
import { isAbortError, StreamStalledError, toUserFacingError } from '../../src/core/errors';
import {
  chatBody,
  rateLimitedReply,
  textReply,
  type LoopbackServer,
} from '../support/loopbackServer';
import {
  kindSequence,
  requestFor,
  runStream,
  textOf,
  useEnvironment,
  useLoopbackServer,
} from './streamHarness';

describe('streamReasoning (real openai SDK, loopback server)', () => {
  let server: LoopbackServer;
  useLoopbackServer((started) => (server = started));

  describe('reasoning shapes', () => {
    it('yields delta.reasoning_content as reasoning, then the answer, usage and done', async () => {
      server.enqueue(
        textReply('Three services.', {
          reasoning: 'I count the boxes.',
          reasoningAs: 'reasoning_content',
          chunkSize: 3,
        }),
      );
      const { events, error } = await runStream(requestFor(server));
      assert.equal(error, undefined);
      assert.equal(textOf(events, 'reasoning'), 'I count the boxes.');
      assert.equal(textOf(events, 'answer'), 'Three services.');
      assert.deepEqual(kindSequence(events), ['reasoning', 'answer', 'usage', 'done']);
    });

    it('yields delta.reasoning (OpenRouter, newer vLLM) as reasoning', async () => {
      server.enqueue(
        textReply('A queue.', {
          reasoning: 'Arrows point right.',
          reasoningAs: 'reasoning',
          chunkSize: 4,
        }),
      );
      const { events } = await runStream(requestFor(server));
      assert.equal(textOf(events, 'reasoning'), 'Arrows point right.');
      assert.equal(textOf(events, 'answer'), 'A queue.');
    });

    it('does not duplicate reasoning sent in both fields of one delta', async () => {
      const both = JSON.stringify({
        id: 'x',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [
          {
            index: 0,
            delta: { reasoning_content: 'once', reasoning: 'once' },
            finish_reason: null,
          },
        ],
      });
      server.enqueue({ kind: 'stream', chunks: [{ raw: both }, { content: 'ok' }] });
      const { events } = await runStream(requestFor(server));
      assert.equal(textOf(events, 'reasoning'), 'once');
    });

    it('splits <think>…</think> inside content', async () => {
      server.enqueue(
        textReply('The cache is the risk.', {
          reasoning: 'One cache, no replica.',
          reasoningAs: 'think',
          chunkSize: 3,
        }),
      );
      const { events } = await runStream(requestFor(server));
      assert.equal(textOf(events, 'reasoning'), 'One cache, no replica.');
      assert.equal(textOf(events, 'answer'), 'The cache is the risk.');
      assert.deepEqual(kindSequence(events), ['reasoning', 'answer', 'usage', 'done']);
    });

    it('splits <thought>…</thought> inside content, anywhere in the answer', async () => {
      server.enqueue({
        kind: 'stream',
        chunks: [
          { content: 'Short answer. <thou' },
          { content: 'ght>Check the DB.</though' },
          { content: 't> Long answer.' },
        ],
      });
      const { events } = await runStream(requestFor(server));
      assert.equal(textOf(events, 'reasoning'), 'Check the DB.');
      assert.equal(textOf(events, 'answer'), 'Short answer.  Long answer.');
    });

    it('splits tags cut at every position across two chunks', async () => {
      const content = '<think>why</think>what';
      for (let cut = 1; cut < content.length; cut++) {
        server.enqueue({
          kind: 'stream',
          chunks: [{ content: content.slice(0, cut) }, { content: content.slice(cut) }],
        });
        const { events, error } = await runStream(requestFor(server));
        assert.equal(error, undefined);
        assert.equal(textOf(events, 'reasoning'), 'why', `cut at ${cut}`);
        assert.equal(textOf(events, 'answer'), 'what', `cut at ${cut}`);
      }
    });

    it('keeps a lone "<" in the answer, including one at the very end', async () => {
      server.enqueue({
        kind: 'stream',
        chunks: [{ content: 'latency < 5 ms when a <' }, { content: ' b, and x <' }],
      });
      const { events } = await runStream(requestFor(server));
      assert.equal(textOf(events, 'answer'), 'latency < 5 ms when a < b, and x <');
      assert.equal(textOf(events, 'reasoning'), '');
    });
  });

  describe('usage and completion', () => {
    it('asks for usage and reports prompt, completion and reasoning tokens', async () => {
      server.enqueue(
        textReply('Done.', {
          usage: { prompt_tokens: 1200, completion_tokens: 345, reasoning_tokens: 300 },
        }),
      );
      const { events } = await runStream(requestFor(server));
      assert.deepEqual(chatBody(server.chatRequests()[0]).stream_options, { include_usage: true });
      assert.deepEqual(
        events.find((event) => event.kind === 'usage'),
        {
          kind: 'usage',
          usage: { promptTokens: 1200, completionTokens: 345, reasoningTokens: 300 },
        },
      );
    });

    it('reports the finish reason, e.g. length when the output was cut', async () => {
      server.enqueue({ kind: 'stream', chunks: [{ content: 'Partial' }], finishReason: 'length' });
      const { events } = await runStream(requestFor(server));
      assert.deepEqual(events[events.length - 1], { kind: 'done', finishReason: 'length' });
    });

    it('ends with done even when the server omits [DONE]', async () => {
      server.enqueue({ kind: 'stream', chunks: [{ content: 'All here.' }], omitDone: true });
      const { events, error } = await runStream(requestFor(server));
      assert.equal(error, undefined);
      assert.equal(textOf(events, 'answer'), 'All here.');
      assert.deepEqual(events[events.length - 1], { kind: 'done', finishReason: 'stop' });
    });
  });

  describe('what reaches the wire', () => {
    it('posts a streaming chat completion with the model, messages, key and max_tokens', async () => {
      server.enqueue(textReply('ok'));
      await runStream(requestFor(server, { maxOutputTokens: 777, model: 'llava:13b' }));
      const [request] = server.chatRequests();
      assert.equal(request.path, '/v1/chat/completions');
      assert.equal(request.headers.authorization, 'Bearer sk-test-key-123456');
      const body = chatBody(request);
      assert.equal(body.model, 'llava:13b');
      assert.equal(body.stream, true);
      assert.equal(body.max_tokens, 777);
      assert.deepEqual(body.messages, [{ role: 'user', content: 'Describe the diagram.' }]);
    });

    it('omits temperature when unset and sends it when set', async () => {
      server.enqueue(textReply('a'), textReply('b'));
      await runStream(requestFor(server));
      await runStream(requestFor(server, { temperature: 0.2 }));
      const [unset, set] = server.chatRequests().map(chatBody);
      assert.ok(!('temperature' in unset), 'no temperature key');
      assert.ok(!('max_tokens' in unset), 'no max_tokens key');
      assert.equal(set.temperature, 0.2);
    });

    it('sends no Authorization header at all when the endpoint needs no key', async () => {
      server.enqueue(textReply('ok'));
      const { error } = await runStream(requestFor(server, { apiKey: undefined }));
      assert.equal(error, undefined);
      assert.equal(server.chatRequests()[0].headers.authorization, undefined);
    });

    describe('with OPENAI_* variables in the environment', () => {
      const variables = {
        OPENAI_BASE_URL: 'http://bogus-base-url.invalid/v1',
        OPENAI_API_KEY: 'sk-from-environment',
        OPENAI_ADMIN_KEY: 'sk-admin-from-environment',
        OPENAI_ORG_ID: 'org-from-environment',
        OPENAI_PROJECT_ID: 'proj-from-environment',
        OPENAI_CUSTOM_HEADERS:
          'X-From-Environment: leaked\nAuthorization: Bearer sk-from-custom-headers',
      };
      useEnvironment(variables);

      it('S07 · OPENAI_API_KEY, OPENAI_BASE_URL and other OPENAI_* variables set → requests go to the configured endpoint with its own key, no environment headers', async () => {
        server.enqueue(textReply('ok'));
        const { error } = await runStream(requestFor(server, { apiKey: 'sk-explicit-key-42' }));
        assert.equal(error, undefined);
        const [request] = server.chatRequests();
        assert.ok(request, 'the request reached the loopback server, not OPENAI_BASE_URL');
        assert.equal(request.headers.authorization, 'Bearer sk-explicit-key-42');
        assert.equal(request.headers['openai-organization'], undefined);
        assert.equal(request.headers['openai-project'], undefined);
        assert.equal(request.headers['x-from-environment'], undefined);
        assert.ok(!JSON.stringify(request.headers).includes('from-environment'));
      });

      it('S07 · OPENAI_API_KEY set and a keyless endpoint → no Authorization header at all', async () => {
        server.enqueue(textReply('ok'));
        await runStream(requestFor(server, { apiKey: undefined }));
        const [request] = server.chatRequests();
        assert.equal(request.headers.authorization, undefined);
        assert.ok(!JSON.stringify(request.headers).includes('environment'));
      });
    });
  });

  describe('stopping', () => {
    it('aborts mid-stream: the connection closes and the error is an abort', async () => {
      server.enqueue(textReply('word '.repeat(200), { chunkSize: 5, delayMs: 5 }));
      const controller = new AbortController();
      const closed = server.waitForClientClose();
      const { events, error } = await runStream(
        requestFor(server, { signal: controller.signal }),
        (event) => {
          if (event.kind === 'answer') {
            controller.abort();
          }
        },
      );
      assert.ok(error instanceof APIUserAbortError, `got ${String(error)}`);
      assert.ok(isAbortError(error));
      assert.ok(textOf(events, 'answer').length > 0, 'the partial answer was delivered');
      assert.ok(!events.some((event) => event.kind === 'done'), 'no done after an abort');
      await closed;
    });

    it('aborts while waiting for the first byte', async () => {
      server.enqueue({ kind: 'hang' });
      const controller = new AbortController();
      const closed = server.waitForClientClose();
      void server.waitForRequests(1).then(() => controller.abort());
      const { events, error } = await runStream(requestFor(server, { signal: controller.signal }));
      assert.ok(isAbortError(error), `got ${String(error)}`);
      assert.deepEqual(events, []);
      await closed;
    });

    it('ends with an abort without sending when the signal is already aborted', async () => {
      const { error } = await runStream(requestFor(server, { signal: AbortSignal.abort() }));
      assert.ok(isAbortError(error));
      assert.equal(server.chatRequests().length, 0);
    });

    it('does not wait out the SDK retry back-off once aborted', async function () {
      // The 429 asks for a 2 s wait before the retry; Stop must end the turn right away (this
      // test's own timeout is shorter than that wait).
      this.timeout(1_500);
      server.enqueue(rateLimitedReply(2));
      const controller = new AbortController();
      void server.waitForRequests(1).then(() => setTimeout(() => controller.abort(), 20));
      const { error } = await runStream(
        requestFor(server, { signal: controller.signal, maxRetries: 1 }),
      );
      assert.ok(isAbortError(error), `got ${String(error)}`);
      assert.equal(server.chatRequests().length, 1, 'the retry was never sent');
    });

    it('closes the connection when the consumer stops reading early', async () => {
      server.enqueue(textReply('word '.repeat(200), { chunkSize: 5, delayMs: 5 }));
      const closed = server.waitForClientClose();
      const { error } = await runStream(requestFor(server), (event) =>
        event.kind === 'answer' ? 'stop' : undefined,
      );
      assert.equal(error, undefined);
      await closed;
    });
  });

  describe('failures during the stream', () => {
    it('cuts a stalled stream after timeoutMs of silence, keeping what arrived', async () => {
      server.enqueue({
        kind: 'stream',
        chunks: [
          { reasoning_content: 'Looking.' },
          { content: 'The first half' },
          { content: ' never comes' },
        ],
        stallAfter: 2,
      });
      const closed = server.waitForClientClose();
      const { events, error } = await runStream(requestFor(server, { timeoutMs: 300 }));
      assert.ok(error instanceof StreamStalledError, `got ${String(error)}`);
      assert.ok(!isAbortError(error));
      assert.equal(textOf(events, 'answer'), 'The first half');
      const shown = toUserFacingError(error, {
        baseUrl: server.baseUrl,
        model: 'm',
        timeoutMs: 300,
      });
      assert.equal(shown.code, 'timeout');
      assert.match(shown.message, /incomplete/);
      await closed;
    });

    it("F20 · an error object mid-stream → the partial answer stays, the model's error is shown (streamError)", async () => {
      server.enqueue({
        kind: 'stream',
        chunks: [
          { content: 'Part' },
          {
            raw: JSON.stringify({
              error: { message: 'upstream model crashed', type: 'server_error' },
            }),
          },
        ],
      });
      const { events, error } = await runStream(requestFor(server));
      assert.equal(textOf(events, 'answer'), 'Part');
      const shown = toUserFacingError(error, {
        baseUrl: server.baseUrl,
        model: 'm',
        timeoutMs: 1000,
      });
      assert.equal(shown.code, 'streamError');
      assert.match(shown.message, /upstream model crashed/);
    });

    it('F23 · the connection dropped mid-answer → the partial answer stays, "closed before the answer finished"', async () => {
      server.enqueue({
        kind: 'stream',
        chunks: [{ content: 'Half' }, { content: ' of it' }],
        dropAfter: 1,
      });
      const { events, error } = await runStream(requestFor(server));
      assert.equal(textOf(events, 'answer'), 'Half');
      assert.ok(error, 'the stream failed');
      assert.ok(!isAbortError(error));
      const shown = toUserFacingError(error, {
        baseUrl: server.baseUrl,
        model: 'm',
        timeoutMs: 1000,
      });
      assert.equal(shown.code, 'connectionFailed');
      assert.match(shown.message, /closed before the answer finished/);
    });
  });
});
