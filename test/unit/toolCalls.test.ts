// Streamed tool calls through the real openai SDK over loopback HTTP, in the shapes OpenAI,
// Ollama and Gemini's OpenAI layer send them; the tools offered on the wire; and the retry
// without tools when an endpoint rejects them, with the wordings real servers use.
import * as assert from 'node:assert/strict';
import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import { PROVIDER_PRESETS } from '../../src/core/providers/presets';
import { presetShape } from '../../src/core/providers/requestShape';
import type { ReasoningEvent } from '../../src/core/reasoningEvents';
import { MAX_TOOL_ARGUMENT_CHARS, MAX_TOOL_CALLS } from '../../src/core/toolCallStream';
import { chatBody, textReply, type LoopbackServer } from '../support/loopbackServer';
import { toolCallReply, zoomArguments } from '../support/toolCallStreams';
import { requestFor, runStream, textOf, useLoopbackServer } from './streamHarness';

const TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'zoom',
    description: 'Look closer.',
    parameters: { type: 'object', properties: { box_2d: { type: 'array' } } },
  },
};

function done(events: readonly ReasoningEvent[]): Extract<ReasoningEvent, { kind: 'done' }> {
  const last = events.at(-1);
  assert.equal(last?.kind, 'done', `ended with ${last?.kind}`);
  if (last?.kind !== 'done') {
    throw new Error('no done event');
  }
  return last;
}

describe('streamed tool calls (real openai SDK, loopback server)', () => {
  let server: LoopbackServer;
  useLoopbackServer((started) => (server = started));

  it('offers the tools in the request body', async () => {
    server.enqueue(textReply('No need to zoom.'));
    await runStream(requestFor(server, { tools: [TOOL] }));
    assert.deepEqual(chatBody(server.chatRequests()[0]).tools, [TOOL]);
  });

  it('sends no tools field when none are offered', async () => {
    server.enqueue(textReply('Plain.'));
    await runStream(requestFor(server));
    assert.equal('tools' in chatBody(server.chatRequests()[0]), false);
  });

  it('OpenAI: two calls, arguments a character per delta, finish_reason tool_calls', async () => {
    const first = zoomArguments([100, 200, 300, 400]);
    const second = zoomArguments([0, 0, 1000, 500], 2);
    server.enqueue(
      toolCallReply([{ arguments: first }, { arguments: second }], {
        shape: 'openai',
        text: 'Let me look closer.',
        argumentChunk: 1,
      }),
    );
    const { events, error } = await runStream(requestFor(server, { tools: [TOOL] }));
    assert.equal(error, undefined);
    const end = done(events);
    assert.equal(end.finishReason, 'tool_calls');
    assert.equal(textOf(events, 'answer'), 'Let me look closer.');
    assert.deepEqual(end.toolCalls, [
      { id: 'call_001AbCdEf', name: 'zoom', arguments: first },
      { id: 'call_002AbCdEf', name: 'zoom', arguments: second },
    ]);
  });

  it('Ollama: each call whole in one delta beside empty content', async () => {
    const args = zoomArguments([10, 20, 30, 40], 1);
    server.enqueue(toolCallReply([{ arguments: args }], { shape: 'ollama' }));
    const { events } = await runStream(requestFor(server, { tools: [TOOL] }));
    const end = done(events);
    assert.equal(end.finishReason, 'tool_calls');
    assert.deepEqual(end.toolCalls, [{ id: 'call_7k81qg8b', name: 'zoom', arguments: args }]);
    assert.equal(textOf(events, 'answer'), '');
  });

  it('Gemini: indexless deltas, arguments split, finish "stop", thought signature kept', async () => {
    const first = zoomArguments([500, 500, 750, 1000]);
    const second = zoomArguments([0, 0, 250, 250]);
    server.enqueue(
      toolCallReply([{ arguments: first }, { arguments: second }], {
        shape: 'gemini',
        argumentChunk: 5,
        thoughtSignature: 'c2lnbmF0dXJl',
      }),
    );
    const { events } = await runStream(requestFor(server, { tools: [TOOL] }));
    const end = done(events);
    assert.equal(end.finishReason, 'stop');
    const signature = { google: { thought_signature: 'c2lnbmF0dXJl' } };
    assert.deepEqual(end.toolCalls, [
      { id: 'function-call-1', name: 'zoom', arguments: first, extraContent: signature },
      { id: 'function-call-2', name: 'zoom', arguments: second, extraContent: signature },
    ]);
  });

  it(`keeps at most ${MAX_TOOL_CALLS} calls and cuts arguments at ${MAX_TOOL_ARGUMENT_CHARS} characters`, async () => {
    const many = Array.from({ length: MAX_TOOL_CALLS + 5 }, (_, index) => ({
      arguments: zoomArguments([index, 0, 1000, 1000]),
    }));
    many[0] = { arguments: `{"box_2d": "${'9'.repeat(MAX_TOOL_ARGUMENT_CHARS * 3)}"}` };
    server.enqueue(toolCallReply(many, { shape: 'openai', argumentChunk: 4096 }));
    const { events } = await runStream(requestFor(server, { tools: [TOOL] }));
    const calls = done(events).toolCalls ?? [];
    assert.equal(calls.length, MAX_TOOL_CALLS);
    assert.equal(calls[0].arguments.length, MAX_TOOL_ARGUMENT_CHARS);
    assert.equal(calls[0].argumentsCut, true);
    assert.equal(calls[1].arguments, zoomArguments([1, 0, 1000, 1000]));
  });

  describe('F24 · a 400, 422 or 404 naming tools in the wording of OpenAI, Ollama, vLLM, DeepSeek or OpenRouter → asked again once without tools; the shape remembers it', () => {
    const wordings: readonly [string, number, object][] = [
      [
        'OpenAI',
        400,
        {
          error: {
            message: "Unsupported parameter: 'tools' is not supported with this model.",
            type: 'invalid_request_error',
            param: 'tools',
            code: 'unsupported_parameter',
          },
        },
      ],
      [
        'Ollama',
        400,
        {
          error: {
            message: 'registry.ollama.ai/library/llava:latest does not support tools',
            type: 'api_error',
            param: null,
            code: null,
          },
        },
      ],
      [
        'vLLM (flat body)',
        400,
        {
          object: 'error',
          message:
            '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
          type: 'BadRequestError',
          param: null,
          code: 400,
        },
      ],
      [
        'DeepSeek',
        400,
        {
          error: {
            message: 'deepseek-reasoner does not support Function Calling',
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_request_error',
          },
        },
      ],
      [
        'a server answering 422',
        422,
        { detail: [{ loc: ['body', 'functions'], msg: 'functions are not supported' }] },
      ],
      [
        'OpenRouter (404)',
        404,
        { error: { message: 'No endpoints found that support tool use.', code: 404 } },
      ],
    ];
    for (const [who, status, body] of wordings) {
      it(`${who}: asked again once without tools, and the shape says so`, async () => {
        server.enqueue({ kind: 'error', status, body }, textReply('From the overview.'));
        const { events, error } = await runStream(requestFor(server, { tools: [TOOL] }));
        assert.equal(error, undefined);
        const requests = server.chatRequests();
        assert.equal(requests.length, 2);
        assert.deepEqual(chatBody(requests[0]).tools, [TOOL]);
        assert.equal('tools' in chatBody(requests[1]), false);
        const corrected = events.find((event) => event.kind === 'shapeCorrected');
        assert.ok(corrected && corrected.kind === 'shapeCorrected');
        assert.equal(corrected.rejected, 'tools');
        assert.equal(corrected.shape.sendTools, false);
        assert.equal(textOf(events, 'answer'), 'From the overview.');
      });
    }

    it('a remembered shape sends no tools at all', async () => {
      server.enqueue(textReply('ok'));
      const shape = { ...presetShape(PROVIDER_PRESETS.custom), sendTools: false };
      await runStream(requestFor(server, { tools: [TOOL], shape }));
      assert.equal('tools' in chatBody(server.chatRequests()[0]), false);
    });

    it('retries only once: a second rejection is the error', async () => {
      const body = { error: { message: 'model does not support tools', type: 'x' } };
      server.enqueue({ kind: 'error', status: 400, body }, { kind: 'error', status: 400, body });
      const { error } = await runStream(requestFor(server, { tools: [TOOL] }));
      assert.ok(error);
      assert.equal(server.chatRequests().length, 2);
    });

    it('a 400 about something else is not answered by dropping tools', async () => {
      server.enqueue({
        kind: 'error',
        status: 400,
        body: { error: { message: 'Image too large: 30 MB exceeds 20 MB.', type: 'x' } },
      });
      const { error } = await runStream(requestFor(server, { tools: [TOOL] }));
      assert.ok(error);
      assert.equal(server.chatRequests().length, 1);
    });

    it('a 404 for a missing model is not a tools rejection', async () => {
      server.enqueue({
        kind: 'error',
        status: 404,
        body: { error: { message: 'The model `x` does not exist.', code: 'model_not_found' } },
      });
      const { error } = await runStream(requestFor(server, { tools: [TOOL] }));
      assert.ok(error);
      assert.equal(server.chatRequests().length, 1);
    });
  });
});
