// Request shaping: which optional fields a preset sends, how a 400 that rejects one of them is
// read (with the wordings real servers use), and the retry-once through the real SDK, whose
// corrected shape is remembered for the model.
import * as assert from 'node:assert/strict';
import { APIError } from 'openai';
import { PROVIDER_PRESETS } from '../../src/core/providers/presets';
import {
  correctionFor,
  optionalBodyFields,
  presetShape,
  RequestShapeMemory,
  type RequestShape,
} from '../../src/core/providers/requestShape';
import type { ReasoningEvent } from '../../src/core/reasoningEvents';
import {
  chatBody,
  textReply,
  type LoopbackServer,
  type ScriptedResponse,
} from '../support/loopbackServer';
import { requestFor, runStream, textOf, useLoopbackServer } from './streamHarness';

const OPENAI = PROVIDER_PRESETS.openai;
const CUSTOM = PROVIDER_PRESETS.custom;

function badRequest(
  message: string,
  extra: { param?: string; code?: string; status?: number } = {},
): APIError {
  const body = {
    message,
    type: 'invalid_request_error',
    param: extra.param ?? null,
    code: extra.code ?? null,
  };
  return APIError.generate(extra.status ?? 400, { error: body }, undefined, new Headers());
}

function rejection(
  message: string,
  extra: { param?: string; code?: string } = {},
): ScriptedResponse {
  return {
    kind: 'error',
    status: 400,
    body: {
      error: {
        message,
        type: 'invalid_request_error',
        param: extra.param ?? null,
        code: extra.code ?? null,
      },
    },
  };
}

const SENT_ALL = {
  model: 'm',
  messages: [],
  stream: true,
  stream_options: { include_usage: true },
  max_tokens: 100,
  temperature: 0.2,
  reasoning_effort: 'low',
};

describe('request shape', () => {
  describe('optional fields', () => {
    it("sends only what the user set, in the preset's field names", () => {
      assert.deepEqual(optionalBodyFields(OPENAI, presetShape(OPENAI), { effort: 'default' }), {
        stream_options: { include_usage: true },
      });
      assert.deepEqual(
        optionalBodyFields(OPENAI, presetShape(OPENAI), {
          effort: 'medium',
          maxOutputTokens: 64,
          temperature: 0,
        }),
        {
          stream_options: { include_usage: true },
          max_completion_tokens: 64,
          temperature: 0,
          reasoning_effort: 'medium',
        },
      );
    });

    it('leaves out what a corrected shape says the model rejects', () => {
      const shape: RequestShape = {
        maxTokensField: 'max_tokens',
        sendTemperature: false,
        sendReasoningControls: false,
        sendStreamOptions: false,
        sendTools: false,
      };
      assert.deepEqual(
        optionalBodyFields(OPENAI, shape, {
          effort: 'high',
          maxOutputTokens: 64,
          temperature: 0.5,
        }),
        { max_tokens: 64 },
      );
    });
  });

  describe('reading a rejection', () => {
    const shape = presetShape(CUSTOM);

    const cases: readonly {
      readonly server: string;
      readonly error: APIError;
      readonly rejected: string | undefined;
    }[] = [
      {
        server: 'OpenAI, max_tokens on a reasoning model',
        error: badRequest(
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          { param: 'max_tokens', code: 'unsupported_parameter' },
        ),
        rejected: 'max_tokens',
      },
      {
        server: 'OpenAI, temperature on a reasoning model',
        error: badRequest(
          "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.",
          { param: 'temperature', code: 'unsupported_value' },
        ),
        rejected: 'temperature',
      },
      {
        server: 'OpenAI, reasoning_effort on a chat model',
        error: badRequest('Unrecognized request argument supplied: reasoning_effort'),
        rejected: 'reasoning_effort',
      },
      {
        server: 'OpenAI, an effort the model lacks',
        error: badRequest(
          "Unsupported value: 'reasoning_effort' does not support 'none' with this model. Supported values are: 'low', 'medium', and 'high'.",
          { param: 'reasoning_effort', code: 'unsupported_value' },
        ),
        rejected: 'reasoning_effort',
      },
      {
        server: 'vLLM (pydantic), a field it does not know',
        error: badRequest(
          "[{'type': 'extra_forbidden', 'loc': ('body', 'reasoning_effort'), 'msg': 'Extra inputs are not permitted', 'input': 'low'}]",
        ),
        rejected: 'reasoning_effort',
      },
      {
        server: 'a size limit, not an unsupported field',
        error: badRequest(
          'max_tokens is too large: 100000. This model supports at most 16384 completion tokens, whereas you provided 100000.',
          { param: 'max_tokens' },
        ),
        rejected: undefined,
      },
      {
        server: 'a bad key',
        error: APIError.generate(
          401,
          { error: { message: 'Incorrect API key provided' } },
          undefined,
          new Headers(),
        ),
        rejected: undefined,
      },
      { server: 'an unrelated 400', error: badRequest('Invalid image data'), rejected: undefined },
    ];
    for (const { server, error, rejected } of cases) {
      it(`${server}: ${rejected ? `retries without ${rejected}` : 'does not retry'}`, () => {
        assert.equal(correctionFor(error, shape, SENT_ALL)?.rejected, rejected);
      });
    }

    it('swaps to max_completion_tokens, and back when a server only knows max_tokens', () => {
      const toNew = correctionFor(
        badRequest(
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        ),
        shape,
        SENT_ALL,
      );
      assert.equal(toNew?.shape.maxTokensField, 'max_completion_tokens');
      const sentNew = { ...SENT_ALL, max_tokens: undefined, max_completion_tokens: 100 };
      delete sentNew.max_tokens;
      const toOld = correctionFor(
        badRequest('Unrecognized request argument supplied: max_completion_tokens'),
        toNew.shape,
        sentNew,
      );
      assert.equal(toOld?.shape.maxTokensField, 'max_tokens');
    });

    it("drops Gemini's thinking config and OpenRouter's reasoning object when refused", () => {
      const gemini = correctionFor(
        badRequest('Invalid JSON payload received. Unknown name "extra_body": Cannot find field.'),
        presetShape(PROVIDER_PRESETS.gemini),
        { extra_body: {} },
      );
      assert.equal(gemini?.shape.sendReasoningControls, false);
      const openRouter = correctionFor(
        badRequest('Reasoning is mandatory for this endpoint and cannot be disabled.'),
        presetShape(PROVIDER_PRESETS.openrouter),
        { reasoning: { effort: 'none' } },
      );
      assert.equal(openRouter?.rejected, 'reasoning');
    });

    it('ignores a rejection that names a field it did not send', () => {
      assert.equal(
        correctionFor(badRequest("Unsupported parameter: 'temperature'"), shape, { model: 'm' }),
        undefined,
      );
    });
  });

  describe('retry once (real SDK, loopback server)', () => {
    let server: LoopbackServer;
    useLoopbackServer((started) => (server = started));

    it('retries a rejected max_tokens as max_completion_tokens and reports the corrected shape', async () => {
      server.enqueue(
        rejection(
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          { param: 'max_tokens', code: 'unsupported_parameter' },
        ),
        textReply('Answer.'),
      );
      const { events, error } = await runStream(requestFor(server, { maxOutputTokens: 300 }));
      assert.equal(error, undefined);
      assert.equal(textOf(events, 'answer'), 'Answer.');
      const corrected = events.filter(
        (event): event is Extract<ReasoningEvent, { kind: 'shapeCorrected' }> =>
          event.kind === 'shapeCorrected',
      );
      assert.deepEqual(
        corrected.map((event) => event.rejected),
        ['max_tokens'],
      );
      const [first, second] = server.chatRequests().map(chatBody);
      assert.equal(first.max_tokens, 300);
      assert.equal(second.max_completion_tokens, 300);
      assert.ok(!('max_tokens' in second));
    });

    it('corrects two different parameters one after the other', async () => {
      server.enqueue(
        rejection(
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          { param: 'max_tokens' },
        ),
        rejection(
          "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.",
          { param: 'temperature' },
        ),
        textReply('Both fixed.'),
      );
      const { events, error } = await runStream(
        requestFor(server, { maxOutputTokens: 300, temperature: 0.2 }),
      );
      assert.equal(error, undefined);
      assert.equal(textOf(events, 'answer'), 'Both fixed.');
      const last = chatBody(server.chatRequests()[2]);
      assert.equal(last.max_completion_tokens, 300);
      assert.ok(!('temperature' in last));
    });

    it("gives up, with the server's error, when the corrected request is rejected for the same reason", async () => {
      server.enqueue(
        rejection("Unsupported parameter: 'max_tokens'. Use 'max_completion_tokens' instead.", {
          param: 'max_tokens',
        }),
        rejection('Unrecognized request argument supplied: max_completion_tokens'),
      );
      const { error } = await runStream(requestFor(server, { maxOutputTokens: 300 }));
      assert.ok(error instanceof APIError && error.status === 400);
      assert.equal(server.chatRequests().length, 2, 'one retry, not a loop');
    });

    it('does not retry what is not a parameter problem', async () => {
      server.enqueue(rejection('Invalid image data'));
      const { error } = await runStream(
        requestFor(server, { maxOutputTokens: 300, temperature: 0.2, reasoningEffort: 'low' }),
      );
      assert.ok(error instanceof APIError);
      assert.equal(server.chatRequests().length, 1);
    });

    it('remembers the shape per model, so the next request is right the first time', async () => {
      const memory = new RequestShapeMemory();
      server.enqueue(
        rejection('Unrecognized request argument supplied: reasoning_effort'),
        textReply('One.'),
        textReply('Two.'),
      );
      const request = (model: string) =>
        requestFor(server, {
          model,
          provider: OPENAI,
          reasoningEffort: 'high',
          shape: memory.shapeFor(OPENAI, server.baseUrl, model),
        });
      const first = await runStream(request('gpt-4o'));
      for (const event of first.events) {
        if (event.kind === 'shapeCorrected') {
          memory.remember(OPENAI, server.baseUrl, 'gpt-4o', event.shape);
        }
      }
      await runStream(request('gpt-4o'));
      await runStream(request('o3'));
      const bodies = server.chatRequests().map(chatBody);
      assert.deepEqual(
        bodies.map((body) => [body.model, 'reasoning_effort' in body]),
        [
          ['gpt-4o', true],
          ['gpt-4o', false],
          ['gpt-4o', false],
          ['o3', true],
        ],
        'gpt-4o learned; o3 on the same endpoint keeps its own shape',
      );
    });
  });
});
