// A VS Code language model's reply (model output: untrusted) becomes the same events as an HTTP
// stream: whatever the pieces' sizes, the reasoning and answer add up to what the model wrote,
// <think> blocks become reasoning, the text cap holds, a quiet reply is cut, Stop is immediate.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { AnswerTooLongError, isAbortError, StreamStalledError } from '../../src/core/errors';
import {
  languageModelEvents,
  type LanguageModelReply,
} from '../../src/core/languageModels/replyEvents';
import type { ReasoningEvent } from '../../src/core/reasoningEvents';
import { ThinkTagSplitter } from '../../src/core/thinkTagSplitter';

/** A reply of `text` that notes whether it was cancelled. */
function replyFrom(text: AsyncIterable<string>): LanguageModelReply & { cancelled: boolean } {
  const reply = {
    cancelled: false,
    text,
    cancel: () => {
      reply.cancelled = true;
    },
  };
  return reply;
}

function replyOf(pieces: readonly string[]): LanguageModelReply & { cancelled: boolean } {
  return replyFrom(
    (async function* () {
      for (const piece of pieces) yield await Promise.resolve(piece);
    })(),
  );
}

/** A reply that sends `first`, then never another piece (a provider that hangs). */
function hangingReply(first: string): LanguageModelReply & { cancelled: boolean } {
  return replyFrom(
    (async function* () {
      yield first;
      await new Promise(() => undefined);
    })(),
  );
}

async function collect(
  events: AsyncGenerator<ReasoningEvent>,
): Promise<{ events: ReasoningEvent[]; error?: unknown }> {
  const seen: ReasoningEvent[] = [];
  try {
    for await (const event of events) seen.push(event);
    return { events: seen };
  } catch (error) {
    return { events: seen, error };
  }
}

const text = (events: readonly ReasoningEvent[], kind: 'reasoning' | 'answer') =>
  events.map((event) => (event.kind === kind ? event.text : '')).join('');

const modelText = fc
  .array(
    fc.oneof(
      fc.constantFrom('<think>', '</think>', '<thought>', '</thought>', '<', '</th', '\n', ' '),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const cuts = (whole: string, lengths: readonly number[]) => {
  const pieces: string[] = [];
  for (let index = 0, step = 0; index < whole.length; step++) {
    const length = Math.max(1, lengths[step % lengths.length] ?? 1);
    pieces.push(whole.slice(index, index + length));
    index += length;
  }
  return pieces;
};

describe('VS Code language model replies', () => {
  const options = { signal: new AbortController().signal, idleTimeoutMs: 5_000 };

  it('adds up to what the model wrote, split as the think-tag splitter splits it, however it is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        modelText,
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        async (whole, lengths) => {
          const { events, error } = await collect(
            languageModelEvents(replyOf(cuts(whole, lengths)), options),
          );
          assert.equal(error, undefined);
          const splitter = new ThinkTagSplitter();
          const expected = [...splitter.push(whole), ...splitter.flush()];
          assert.equal(text(events, 'answer'), text(expected as ReasoningEvent[], 'answer'));
          assert.equal(text(events, 'reasoning'), text(expected as ReasoningEvent[], 'reasoning'));
          assert.deepEqual(events.at(-1), { kind: 'done', finishReason: 'stop' });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('shows a <think> block as reasoning, and the model’s own token counts as usage', async () => {
    const counted: string[] = [];
    const { events } = await collect(
      languageModelEvents(replyOf(['<thi', 'nk>look left</think>', 'The ', 'answer.']), {
        ...options,
        countUsage: (received) => {
          counted.push(received);
          return Promise.resolve({ promptTokens: 120, completionTokens: 4 });
        },
      }),
    );
    assert.equal(text(events, 'reasoning'), 'look left');
    assert.equal(text(events, 'answer'), 'The answer.');
    assert.deepEqual(counted, ['look leftThe answer.']);
    assert.deepEqual(events.slice(-2), [
      { kind: 'usage', usage: { promptTokens: 120, completionTokens: 4 } },
      { kind: 'done', finishReason: 'stop' },
    ]);
  });

  it('ends without a usage line when the model cannot count', async () => {
    const { events } = await collect(
      languageModelEvents(replyOf(['a']), {
        ...options,
        countUsage: () => Promise.reject(new Error('no counter')),
      }),
    );
    assert.deepEqual(
      events.map((event) => event.kind),
      ['answer', 'done'],
    );
  });

  it('keeps what fits under the text cap, cuts the rest, and cancels the request (1 MB reply)', async () => {
    const reply = replyOf(cuts('x'.repeat(1_000_000), [4096]));
    const { events, error } = await collect(
      languageModelEvents(reply, { ...options, maxTextChars: 250_000 }),
    );
    assert.ok(error instanceof AnswerTooLongError);
    assert.equal(text(events, 'answer').length, 250_000);
    assert.equal(reply.cancelled, true);
  });

  it('cuts a reply that goes quiet, keeping what arrived, and cancels the request', async () => {
    const reply = hangingReply('partial ');
    const { events, error } = await collect(
      languageModelEvents(reply, { ...options, idleTimeoutMs: 50 }),
    );
    assert.ok(error instanceof StreamStalledError);
    assert.equal(text(events, 'answer'), 'partial ');
    assert.equal(reply.cancelled, true);
  });

  it('ends at once on Stop, even when the provider ignores the cancellation', async () => {
    const abort = new AbortController();
    const reply = hangingReply('partial');
    const events = languageModelEvents(reply, { signal: abort.signal, idleTimeoutMs: 60_000 });
    const first = await events.next();
    assert.deepEqual(first.value, { kind: 'answer', text: 'partial' });
    setTimeout(() => abort.abort(), 10);
    const ended = await events.next().then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(isAbortError(ended), `an abort, not ${String(ended)}`);
    assert.equal(reply.cancelled, true);
  });
});
