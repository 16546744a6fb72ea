// The SSE and delta handling, end to end: a reply cut into random deltas (content with inline
// <think> tags, reasoning fields, text that looks like SSE framing), streamed by the loopback
// server through the real openai SDK and the reasoning client, must come out as the same reasoning
// and answer as the whole text split at once. Property-based, plus one answer of 120k+ characters a
// few characters per delta.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { ThinkTagSplitter } from '../../src/core/thinkTagSplitter';
import type { LoopbackServer, StreamChunk } from '../support/loopbackServer';
import { requestFor, runStream, textOf, useLoopbackServer } from './streamHarness';

const text = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<think>',
        '</think>',
        '<thought>',
        '</thought>',
        '<',
        '\n',
        'data: x',
        '\r\n',
      ),
      fc.string({ maxLength: 10 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

function expected(reasoningField: string, content: string): { reasoning: string; answer: string } {
  const splitter = new ThinkTagSplitter();
  const pieces = [...splitter.push(content), ...splitter.flush()];
  return {
    reasoning:
      reasoningField +
      pieces.map((piece) => (piece.kind === 'reasoning' ? piece.text : '')).join(''),
    answer: pieces.map((piece) => (piece.kind === 'answer' ? piece.text : '')).join(''),
  };
}

function cut(value: string, sizes: readonly number[]): string[] {
  const pieces: string[] = [];
  for (let index = 0, step = 0; index < value.length; step++) {
    const size = sizes[step % sizes.length];
    pieces.push(value.slice(index, index + size));
    index += size;
  }
  return pieces;
}

describe('SSE and delta handling (property-based, real openai SDK over loopback HTTP)', () => {
  let server: LoopbackServer;
  useLoopbackServer((started) => (server = started));

  it('reassembles reasoning and answer however the server cuts its deltas', async () => {
    await fc.assert(
      fc.asyncProperty(
        text,
        text,
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
        async (reasoning, content, sizes) => {
          const chunks: StreamChunk[] = [
            ...cut(reasoning, sizes).map((piece) => ({ reasoning_content: piece })),
            ...cut(content, sizes).map((piece) => ({ content: piece })),
          ];
          server.enqueue({ kind: 'stream', chunks });
          const { events, error } = await runStream(requestFor(server));
          assert.equal(error, undefined);
          // The reasoning field's deltas all come first, then the content's (with its tags).
          const want = expected(reasoning, content);
          assert.equal(textOf(events, 'answer'), want.answer);
          assert.equal(textOf(events, 'reasoning'), want.reasoning);
          assert.equal(events.at(-1)?.kind, 'done');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('A04 · a 120k-character answer of near-tags, three characters a delta → streamed whole, in order', async () => {
    const answer = `<think>${'<thin'.repeat(10_000)}</think>${'</thi<'.repeat(12_000)}`;
    server.enqueue({ kind: 'stream', chunks: cut(answer, [3]).map((content) => ({ content })) });
    const { events, error } = await runStream(requestFor(server, { timeoutMs: 60_000 }));
    assert.equal(error, undefined);
    const want = expected('', answer);
    assert.equal(textOf(events, 'reasoning'), want.reasoning);
    assert.equal(textOf(events, 'answer'), want.answer);
  });
});
