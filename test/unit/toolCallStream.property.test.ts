// Tool calls put back together from however a server cuts them (property-based): OpenAI's
// indexed fragments, Gemini's indexless ones, Ollama's whole calls, mixed with random cut sizes,
// must come out as the calls the model wrote; hostile sizes (100k+ deltas, thousands of calls,
// megabytes of arguments) stay within the caps. Also end to end through the real openai SDK.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_TOOL_ARGUMENT_CHARS,
  MAX_TOOL_CALLS,
  ToolCallAccumulator,
  type StreamedToolCall,
} from '../../src/core/toolCallStream';
import type { LoopbackServer } from '../support/loopbackServer';
import { toolCallReply, type ToolCallShape } from '../support/toolCallStreams';
import { requestFor, runStream, useLoopbackServer } from './streamHarness';

interface Written {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

const written = fc.record({
  id: fc.string({ minLength: 1, maxLength: 12 }),
  name: fc.constantFrom('zoom', 'other_tool', 'z'),
  arguments: fc.string({ unit: 'grapheme', maxLength: 80 }),
});
const callsArbitrary = fc.uniqueArray(written, {
  maxLength: 6,
  selector: (call) => call.id,
});

function cut(text: string, sizes: readonly number[]): string[] {
  const pieces: string[] = [];
  for (let index = 0, step = 0; index < text.length; step++) {
    const size = sizes[step % sizes.length];
    pieces.push(text.slice(index, index + size));
    index += size;
  }
  return pieces;
}

/** The delta entries a server of `shape` sends for `calls`. */
function entries(calls: readonly Written[], shape: ToolCallShape, sizes: number[]): object[][] {
  const deltas: object[][] = [];
  calls.forEach((call, index) => {
    const pieces = cut(call.arguments, sizes);
    switch (shape) {
      case 'openai':
        deltas.push([
          { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
        ]);
        for (const piece of pieces) {
          deltas.push([{ index, function: { arguments: piece } }]);
        }
        break;
      case 'ollama':
        deltas.push([
          {
            index,
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: call.arguments },
          },
        ]);
        break;
      case 'gemini':
        deltas.push([
          {
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: pieces[0] ?? '' },
          },
        ]);
        for (const piece of pieces.slice(1)) {
          deltas.push([{ function: { arguments: piece } }]);
        }
        break;
    }
  });
  return deltas;
}

function expectedCalls(calls: readonly Written[]): StreamedToolCall[] {
  return calls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments }));
}

describe('tool-call reassembly (property-based)', () => {
  it('A06 · tool calls cut anywhere, in the shapes of OpenAI, Ollama and Gemini → the calls the model wrote', () => {
    fc.assert(
      fc.property(
        callsArbitrary,
        fc.constantFrom<ToolCallShape>('openai', 'ollama', 'gemini'),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
        (calls, shape, sizes) => {
          const accumulator = new ToolCallAccumulator();
          for (const delta of entries(calls, shape, sizes)) {
            accumulator.push(delta);
          }
          assert.deepEqual(accumulator.finish(), expectedCalls(calls));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('A06 · tool-call entries of any type and shape → ignored or kept within the caps, never thrown', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 40 }), (junk) => {
        const accumulator = new ToolCallAccumulator();
        accumulator.push(junk);
        accumulator.push(junk[0]);
        const calls = accumulator.finish();
        assert.ok(calls.length <= MAX_TOOL_CALLS);
        for (const call of calls) {
          assert.equal(typeof call.id, 'string');
          assert.equal(typeof call.arguments, 'string');
          assert.ok(call.arguments.length <= MAX_TOOL_ARGUMENT_CHARS);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('A06 · 200,000 one-character argument deltas → kept up to 8 KB, a prefix of what was sent', () => {
    const accumulator = new ToolCallAccumulator();
    accumulator.push([{ index: 0, id: 'call_1', function: { name: 'zoom', arguments: '' } }]);
    const sent: string[] = [];
    for (let step = 0; step < 200_000; step++) {
      const character = String.fromCharCode(48 + (step % 10));
      sent.push(character);
      accumulator.push([{ index: 0, function: { arguments: character } }]);
    }
    const [call] = accumulator.finish();
    assert.equal(call.arguments.length, MAX_TOOL_ARGUMENT_CHARS);
    assert.equal(call.arguments, sent.join('').slice(0, MAX_TOOL_ARGUMENT_CHARS));
    assert.equal(call.argumentsCut, true);
  });

  it('A06 · 100,000 tool calls in one message → the first 16 kept, the rest dropped', () => {
    const accumulator = new ToolCallAccumulator();
    for (let index = 0; index < 50_000; index++) {
      accumulator.push([{ index, id: `i${index}`, function: { name: 'zoom', arguments: '{}' } }]);
      accumulator.push([{ id: `g${index}`, function: { name: 'zoom', arguments: '{}' } }]);
    }
    const calls = accumulator.finish();
    assert.equal(calls.length, MAX_TOOL_CALLS);
    assert.equal(accumulator.dropped, 100_000 - MAX_TOOL_CALLS);
  });

  it('A06 · a megabyte of arguments, name and extra content in one delta → cut, not kept whole', () => {
    const accumulator = new ToolCallAccumulator();
    accumulator.push([
      {
        id: 'x',
        function: { name: 'zoom'.repeat(100_000), arguments: 'a'.repeat(1_000_000) },
        extra_content: { google: { thought_signature: 's'.repeat(1_000_000) } },
      },
    ]);
    const [call] = accumulator.finish();
    assert.equal(call.arguments.length, MAX_TOOL_ARGUMENT_CHARS);
    assert.ok(call.name.length <= 128);
    assert.equal(call.extraContent, undefined);
  });

  describe('through the real openai SDK over loopback HTTP', () => {
    let server: LoopbackServer;
    useLoopbackServer((started) => (server = started));

    it('reassembles random zoom calls in every shape', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              box: fc.array(fc.integer({ min: -5, max: 1005 }), { minLength: 4, maxLength: 4 }),
              image: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
            }),
            { minLength: 1, maxLength: 4 },
          ),
          fc.constantFrom<ToolCallShape>('openai', 'ollama', 'gemini'),
          fc.integer({ min: 1, max: 7 }),
          async (boxes, shape, argumentChunk) => {
            const calls = boxes.map(({ box, image }) => ({
              arguments: JSON.stringify(
                image === undefined ? { box_2d: box } : { image, box_2d: box },
              ),
            }));
            server.enqueue(toolCallReply(calls, { shape, argumentChunk }));
            const { events, error } = await runStream(requestFor(server));
            assert.equal(error, undefined);
            const end = events.at(-1);
            assert.ok(end?.kind === 'done');
            assert.deepEqual(
              end.toolCalls?.map((call) => call.arguments),
              calls.map((call) => call.arguments),
            );
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});
