// OpenRouter's reasoning_details (parsed, merged from stream pieces, shown) and the round-trip
// policy: the next turn sends reasoning back only where the provider asks for it (OpenRouter,
// verbatim, to the same model) and never where it forbids it (DeepSeek).
import * as assert from 'node:assert/strict';
import { Conversation } from '../../src/core/conversation';
import { PROVIDER_PRESETS, type ProviderId } from '../../src/core/providers/presets';
import {
  parseReasoningDetails,
  readableReasoning,
  ReasoningDetailsCollector,
} from '../../src/core/providers/reasoningDetails';
import type { ReasoningEvent } from '../../src/core/reasoningEvents';
import { chatBody, textReply, type LoopbackServer } from '../support/loopbackServer';
import { replayFixture } from '../support/providerFixtures';
import { requestFor, runStream, textOf, useLoopbackServer } from './streamHarness';

describe('reasoning_details', () => {
  it('keeps only documented blocks', () => {
    const parsed = parseReasoningDetails([
      { type: 'reasoning.text', text: 'a' },
      { type: 'tool_call' },
      'text',
      null,
      { type: 'reasoning.summary', summary: 's' },
    ]);
    assert.deepEqual(
      parsed.map((detail) => detail.type),
      ['reasoning.text', 'reasoning.summary'],
    );
    assert.deepEqual(parseReasoningDetails(undefined), []);
    assert.deepEqual(parseReasoningDetails({ type: 'reasoning.text' }), []);
  });

  it('shows text and summaries, never encrypted data', () => {
    assert.equal(
      readableReasoning([
        { type: 'reasoning.summary', summary: 'Plan. ' },
        { type: 'reasoning.encrypted', data: 'gAAAA' },
        { type: 'reasoning.text', text: 'Check.' },
      ]),
      'Plan. Check.',
    );
  });

  it('merges streamed pieces of one block (same type and index), keeping a late signature', () => {
    const collector = new ReasoningDetailsCollector();
    collector.push([
      { type: 'reasoning.text', text: 'The ', format: 'anthropic-claude-v1', index: 0 },
    ]);
    collector.push([
      { type: 'reasoning.text', text: 'gateway.', format: 'anthropic-claude-v1', index: 0 },
    ]);
    collector.push([
      { type: 'reasoning.text', signature: 'sig', format: 'anthropic-claude-v1', index: 0 },
    ]);
    collector.push([
      { type: 'reasoning.encrypted', data: 'abc', format: 'anthropic-claude-v1', index: 1 },
    ]);
    collector.push([
      { type: 'reasoning.encrypted', data: 'def', format: 'anthropic-claude-v1', index: 1 },
    ]);
    assert.deepEqual(collector.details, [
      {
        type: 'reasoning.text',
        text: 'The gateway.',
        format: 'anthropic-claude-v1',
        index: 0,
        signature: 'sig',
      },
      { type: 'reasoning.encrypted', data: 'abcdef', format: 'anthropic-claude-v1', index: 1 },
    ]);
  });

  it('never merges pieces without an index', () => {
    const collector = new ReasoningDetailsCollector();
    collector.push([
      { type: 'reasoning.summary', summary: 'one' },
      { type: 'reasoning.summary', summary: 'two' },
    ]);
    assert.equal(collector.details.length, 2);
  });
});

describe('reasoning round trip (real SDK, loopback server)', () => {
  let server: LoopbackServer;
  useLoopbackServer((started) => (server = started));

  /**
   * Two turns through a preset: the first replays `fixture`; returns the second request's messages.
   */
  async function secondTurnMessages(
    id: ProviderId,
    fixture: string,
    models: readonly [string, string] = ['m', 'm'],
  ) {
    const preset = PROVIDER_PRESETS[id];
    const conversation = new Conversation('You analyse diagrams.');
    server.enqueue(replayFixture(fixture), textReply('Second answer.'));
    const first = await runStream(
      requestFor(server, {
        provider: preset,
        model: models[0],
        messages: conversation.requestMessages('Explain.', {
          roundTrip: preset.roundTrip,
          model: models[0],
        }),
      }),
    );
    const done = first.events.find(
      (event): event is Extract<ReasoningEvent, { kind: 'done' }> => event.kind === 'done',
    );
    conversation.commitTurn(
      'Explain.',
      textOf(first.events, 'answer'),
      'done',
      done?.reasoningDetails && { model: models[0], details: done.reasoningDetails },
    );
    await runStream(
      requestFor(server, {
        provider: preset,
        model: models[1],
        messages: conversation.requestMessages('And then?', {
          roundTrip: preset.roundTrip,
          model: models[1],
        }),
      }),
    );
    return chatBody(server.chatRequests()[1]).messages;
  }

  it("sends OpenRouter's reasoning_details back exactly as the model produced them", async () => {
    const messages = await secondTurnMessages('openrouter', 'openrouter.sse');
    assert.deepEqual(
      messages.map((message) => message.role),
      ['system', 'user', 'assistant', 'user'],
    );
    assert.deepEqual(messages[2], {
      role: 'assistant',
      content: 'A regional outage takes it all down.',
      reasoning_details: [
        {
          type: 'reasoning.text',
          text: 'The diagram shows one region.',
          format: 'anthropic-claude-v1',
          index: 0,
          signature: 'EqQBCkgIBhABGAIiQL2yVhXnS5xAdmL0cbhu',
        },
        {
          type: 'reasoning.encrypted',
          data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT',
          format: 'anthropic-claude-v1',
          index: 1,
        },
      ],
    });
  });

  it('keeps summary-only details too (OpenAI models through OpenRouter)', async () => {
    const messages = await secondTurnMessages('openrouter', 'openrouter-summary.sse');
    const details = (messages[2] as { reasoning_details?: { type: string }[] }).reasoning_details;
    assert.deepEqual(
      details?.map((detail) => detail.type),
      ['reasoning.summary', 'reasoning.encrypted'],
    );
  });

  it("does not hand one model's reasoning to another", async () => {
    const messages = await secondTurnMessages('openrouter', 'openrouter.sse', [
      'anthropic/claude-sonnet-4',
      'openai/o4-mini',
    ]);
    assert.deepEqual(messages[2], {
      role: 'assistant',
      content: 'A regional outage takes it all down.',
    });
  });

  it('never sends DeepSeek its reasoning_content back (its API answers 400)', async () => {
    const messages = await secondTurnMessages('deepseek', 'deepseek.sse');
    assert.deepEqual(messages[2], { role: 'assistant', content: 'The queue decouples them.' });
  });

  for (const id of ['openai', 'azure', 'gemini', 'ollama', 'lmstudio', 'custom'] as const) {
    it(`sends ${PROVIDER_PRESETS[id].label} the answer only`, () => {
      const conversation = new Conversation();
      conversation.commitTurn('Q', 'A', 'done', {
        model: 'm',
        details: [{ type: 'reasoning.text', text: 'r' }],
      });
      const [, assistant] = conversation.requestMessages('Next', {
        roundTrip: PROVIDER_PRESETS[id].roundTrip,
        model: 'm',
      });
      assert.deepEqual(assistant, { role: 'assistant', content: 'A' });
    });
  }
});
