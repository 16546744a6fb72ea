// Faults the reasoning client recovers from or cuts short by itself, through the real openai SDK
// against the loopback server: rate limits waited out visibly (and cancellably), server errors
// retried only as the SDK does, and streams that stall, break or end early.
import * as assert from 'node:assert/strict';
import {
  isAbortError,
  MalformedStreamError,
  StreamEndedEarlyError,
  StreamStalledError,
  toUserFacingError,
} from '../../src/core/errors';
import { MAX_RATE_LIMIT_WAITS } from '../../src/core/rateLimit';
import type { ReasoningEvent } from '../../src/core/reasoningEvents';
import { textReply, type LoopbackServer, type ScriptedResponse } from '../support/loopbackServer';
import { requestFor, runStream, textOf, useLoopbackServer } from './streamHarness';

const rateLimited = (headers: Record<string, string>): ScriptedResponse => ({
  kind: 'error',
  status: 429,
  body: {
    error: {
      message: 'Rate limit reached for requests',
      type: 'requests',
      code: 'rate_limit_exceeded',
    },
  },
  headers,
});

const waits = (events: readonly ReasoningEvent[]) =>
  events.flatMap((event) => (event.kind === 'rateLimitWait' ? [event] : []));

describe('fault recovery (real openai SDK, loopback server)', function () {
  this.timeout(15_000);
  let server: LoopbackServer;
  useLoopbackServer((started) => (server = started));

  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));
  afterEach(() => assert.deepEqual(unhandled.splice(0), [], 'no unhandled rejection'));

  const shown = (error: unknown, timeoutMs = 5_000) =>
    toUserFacingError(error, {
      baseUrl: server.baseUrl,
      model: 'm',
      timeoutMs,
      rateLimitMaxWaitMs: 60_000,
    });

  describe('rate limits', () => {
    it('F07 · 429 with Retry-After: 2 (seconds) → a 2 s wait is announced, then the request is sent again and answers', async () => {
      server.enqueue(rateLimited({ 'retry-after': '2' }), textReply('After the wait.'));
      const { events, error } = await runStream(requestFor(server, { maxRetries: 2 }));
      assert.equal(error, undefined);
      assert.deepEqual(waits(events), [{ kind: 'rateLimitWait', waitMs: 2000, attempt: 1 }]);
      assert.equal(textOf(events, 'answer'), 'After the wait.');
      assert.equal(
        server.chatRequests().length,
        2,
        'sent again once, by us (the SDK did not retry it silently)',
      );
    });

    it('F09 · 429 with Retry-After as an HTTP date → the wait runs until that date, then the retry answers', async () => {
      const date = new Date(Date.now() + 3_000).toUTCString();
      server.enqueue(rateLimited({ 'retry-after': date }), textReply('On time.'));
      const { events, error } = await runStream(requestFor(server));
      assert.equal(error, undefined);
      const [wait] = waits(events);
      // HTTP dates have whole seconds: 3 s from now, rounded down, is 2 to 3 s away.
      assert.ok(wait && wait.waitMs > 1_000 && wait.waitMs <= 3_000, `waited ${wait?.waitMs} ms`);
      assert.equal(textOf(events, 'answer'), 'On time.');
    });

    it('F08 · 429 with Retry-After: 3600 → not waited (longer than the cap): the error says 1 h and names the cap', async () => {
      server.enqueue(rateLimited({ 'retry-after': '3600' }));
      const { events, error } = await runStream(
        requestFor(server, { maxRetries: 2, rateLimitMaxWaitMs: 60_000 }),
      );
      assert.deepEqual(waits(events), []);
      assert.equal(server.chatRequests().length, 1, 'no silent hour-long SDK sleep either');
      const message = shown(error);
      assert.equal(message.code, 'rateLimited');
      assert.match(message.message, /asks to wait 1 h, longer than the 60 s/);
      assert.deepEqual(message.actions, ['retry', 'openSettings']);
    });

    it('F10 · Stop (Cancel) during a rate-limit wait → ends at once as stopped; the retry is never sent', async () => {
      server.enqueue(rateLimited({ 'retry-after': '30' }));
      const controller = new AbortController();
      const { events, error } = await runStream(
        requestFor(server, { signal: controller.signal }),
        (event) => {
          if (event.kind === 'rateLimitWait') {
            controller.abort();
          }
        },
      );
      assert.ok(isAbortError(error), `got ${String(error)}`);
      assert.equal(waits(events).length, 1);
      assert.equal(server.chatRequests().length, 1);
    });

    it('F11 · 429 again and again → waited out twice (as many times as the SDK would retry), then an error that says when to retry', async () => {
      assert.equal(MAX_RATE_LIMIT_WAITS, 2);
      for (let index = 0; index <= MAX_RATE_LIMIT_WAITS; index++) {
        server.enqueue(rateLimited({ 'retry-after-ms': '20' }));
      }
      const { events, error } = await runStream(requestFor(server, { maxRetries: 2 }));
      assert.deepEqual(
        waits(events).map((wait) => wait.attempt),
        Array.from({ length: MAX_RATE_LIMIT_WAITS }, (_, index) => index + 1),
      );
      assert.equal(server.chatRequests().length, MAX_RATE_LIMIT_WAITS + 1);
      assert.match(shown(error).message, /is rate limiting requests \(429\)\. Retry after 1 s\./);
    });

    it('F11 · a cap of 0 → a 429 is never waited out automatically', async () => {
      server.enqueue(rateLimited({ 'retry-after': '1' }));
      const { events, error } = await runStream(requestFor(server, { rateLimitMaxWaitMs: 0 }));
      assert.deepEqual(waits(events), []);
      assert.equal(shown(error).code, 'rateLimited');
    });
  });

  describe('server errors', () => {
    async function retriedThenShown(status: number): Promise<void> {
      const failing: ScriptedResponse = {
        kind: 'error',
        status,
        body: { error: { message: 'The server is overloaded', type: 'server_error' } },
        headers: { 'retry-after-ms': '10' },
      };
      server.enqueue(failing, failing, failing);
      const { error } = await runStream(requestFor(server, { maxRetries: 2 }));
      assert.equal(server.chatRequests().length, 3);
      const message = shown(error);
      assert.equal(message.code, 'serverError');
      assert.match(
        message.message,
        new RegExp(`failed \\(${status}: The server is overloaded\\)\\. Try again in a moment\\.`),
      );
      server.enqueue(textReply('Back.'));
      assert.equal(textOf((await runStream(requestFor(server))).events, 'answer'), 'Back.');
    }

    it('F13 · 500 → retried as the SDK does (twice), then a server-error message; Retry then works', () =>
      retriedThenShown(500));
    it('F15 · 503 → retried as the SDK does (twice), then a server-error message; Retry then works', () =>
      retriedThenShown(503));

    it('F15 · 503 asking to wait an hour → not slept through silently: one request, then the message', async () => {
      server.enqueue({
        kind: 'error',
        status: 503,
        body: 'Service Unavailable',
        headers: { 'retry-after': '3600' },
      });
      const { error } = await runStream(requestFor(server, { maxRetries: 2 }));
      assert.equal(server.chatRequests().length, 1);
      assert.equal(shown(error).code, 'serverError');
    });
  });

  describe('streams cut short', () => {
    it('F19 · headers, then the stream stalls → the idle watchdog (its own setting) cuts it; the partial answer is kept, marked incomplete', async () => {
      server.enqueue({
        kind: 'stream',
        chunks: [{ content: 'The gateway' }, { content: ' and' }, { content: ' never' }],
        stallAfter: 2,
      });
      const closed = server.waitForClientClose();
      const { events, error } = await runStream(
        requestFor(server, { timeoutMs: 10_000, idleTimeoutMs: 300 }),
      );
      assert.ok(error instanceof StreamStalledError, `got ${String(error)}`);
      assert.equal(error.idleMs, 300);
      assert.equal(textOf(events, 'answer'), 'The gateway and');
      assert.match(
        shown(error).message,
        /stopped sending for 0\.3 s, so the answer may be incomplete/,
      );
      await closed;
    });

    it('F21 · a malformed SSE line → the answer so far is kept, marked incomplete, with a clear message', async () => {
      server.enqueue({
        kind: 'stream',
        chunks: [
          { content: 'Partial' },
          { raw: '{"choices": [ this is not json' },
          { content: ' lost' },
        ],
      });
      const { events, error } = await runStream(requestFor(server));
      assert.ok(error instanceof MalformedStreamError, `got ${String(error)}`);
      assert.equal(textOf(events, 'answer'), 'Partial');
      const message = shown(error);
      assert.equal(message.code, 'streamError');
      assert.match(message.message, /not valid JSON/);
    });

    it('F22 · a stream that ends without [DONE] and without a finish reason → the partial answer is kept, marked incomplete', async () => {
      server.enqueue({
        kind: 'stream',
        chunks: [{ content: 'Half an ' }, { content: 'answer' }],
        omitDone: true,
        omitFinish: true,
      });
      const { events, error } = await runStream(requestFor(server));
      assert.ok(error instanceof StreamEndedEarlyError, `got ${String(error)}`);
      assert.equal(textOf(events, 'answer'), 'Half an answer');
      assert.match(shown(error).message, /ended the answer before the model finished/);
    });

    it('F22 · a stream with a finish reason but no [DONE] → a complete answer (some servers omit [DONE])', async () => {
      server.enqueue({ kind: 'stream', chunks: [{ content: 'All here.' }], omitDone: true });
      const { events, error } = await runStream(requestFor(server));
      assert.equal(error, undefined);
      assert.deepEqual(events.at(-1), { kind: 'done', finishReason: 'stop' });
    });
  });
});
