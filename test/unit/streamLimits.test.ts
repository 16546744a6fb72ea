// A server that streams without end (or one endless line) must not fill memory or the saved
// history: the answer is cut at a limit, what arrived is kept, and the user is told why.
// Through the real openai SDK over loopback HTTP.
import * as assert from 'node:assert/strict';
import { AnswerTooLongError, StreamCutShortError, toUserFacingError } from '../../src/core/errors';
import { MAX_LINE_BYTES } from '../../src/core/guardedFetch';
import { MAX_TURN_TEXT_CHARS } from '../../src/core/reasoningClient';
import type { LoopbackServer } from '../support/loopbackServer';
import { requestFor, runStream, textOf, useLoopbackServer } from './streamHarness';

describe('limits on what one answer streams (real openai SDK, loopback server)', () => {
  let server: LoopbackServer;
  useLoopbackServer((started) => (server = started));

  it('E05 · a server that streams far more than any answer (66 million characters) → cut at the limit, the partial answer kept, marked incomplete with a clear message', async () => {
    const piece = 'All work and no play. '.repeat(3_000); // 66,000 characters
    // Far more than the limit, so the server is still writing when the client stops reading.
    server.enqueue({ kind: 'flood', text: piece, repeat: 1_000, chunkSize: 16_500 });
    const { events, error } = await runStream(requestFor(server));
    const answer = textOf(events, 'answer');
    assert.equal(answer.length, MAX_TURN_TEXT_CHARS, 'everything up to the limit is kept');
    assert.equal(answer, piece.repeat(31).slice(0, MAX_TURN_TEXT_CHARS));
    assert.ok(error instanceof AnswerTooLongError, String(error));
    assert.ok(error instanceof StreamCutShortError, 'kept as an incomplete answer, not an error');
    const shown = toUserFacingError(error, {
      baseUrl: server.baseUrl,
      model: 'vision-test-model',
      timeoutMs: 5_000,
    });
    assert.match(shown.message, /more than 2,000,000 characters for one answer, so it was cut/);
    assert.ok(shown.actions.includes('retry'));
    await server.waitForClientClose(1);
  });

  it('E05 · reasoning and answer from one server, together over the limit → cut as one: the reasoning kept, the answer up to the limit', async () => {
    server.enqueue({ kind: 'flood', text: '<think>', repeat: 1 });
    const { events, error } = await runStream(requestFor(server, { maxTextChars: 10 }), undefined);
    assert.equal(error, undefined, 'a short answer is untouched');
    assert.deepEqual(events.at(-1)?.kind, 'done');
    server.enqueue({
      kind: 'stream',
      chunks: [{ reasoning_content: 'abcdefgh' }, { content: 'ijklmnop' }],
    });
    const cutShort = await runStream(requestFor(server, { maxTextChars: 10 }));
    assert.equal(textOf(cutShort.events, 'reasoning'), 'abcdefgh');
    assert.equal(textOf(cutShort.events, 'answer'), 'ij');
    assert.ok(cutShort.error instanceof AnswerTooLongError);
  });

  it('E05 · one SSE line longer than 4 MB (the SDK would buffer it whole) → cut, not buffered', async () => {
    server.enqueue({
      kind: 'stream',
      chunks: [{ content: 'Before the flood.' }, { raw: 'x'.repeat(MAX_LINE_BYTES + 1024) }],
    });
    const { events, error } = await runStream(requestFor(server));
    assert.equal(textOf(events, 'answer'), 'Before the flood.');
    assert.ok(error instanceof AnswerTooLongError, String(error));
    const shown = toUserFacingError(error, { baseUrl: server.baseUrl, model: 'm', timeoutMs: 1 });
    assert.match(shown.message, /more than 4 MB for one answer/);
  });
  it('E05 · encrypted reasoning blocks (reasoning_details data, never shown) past the limit → cut like an answer, the answer so far kept', async () => {
    const detailChunk = (data: string): { raw: string } => ({
      raw: JSON.stringify({
        id: 'c',
        object: 'chat.completion.chunk',
        created: 0,
        model: 'm',
        choices: [
          {
            index: 0,
            delta: { reasoning_details: [{ type: 'reasoning.encrypted', data, index: 0 }] },
            finish_reason: null,
          },
        ],
      }),
    });
    server.enqueue({
      kind: 'stream',
      chunks: [
        { content: 'Kept.' },
        ...Array.from({ length: 12 }, () => detailChunk('z'.repeat(100))),
      ],
    });
    const { events, error } = await runStream(requestFor(server, { maxTextChars: 1_000 }));
    assert.equal(textOf(events, 'answer'), 'Kept.');
    assert.ok(error instanceof AnswerTooLongError, String(error));
  });
});
