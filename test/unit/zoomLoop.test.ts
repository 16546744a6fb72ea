// The zoom loop on the wire, through the real openai SDK over loopback HTTP: what each request of
// a question carries (tools, guidance, the assistant message with its calls, one tool message per
// call id, one user message with the crops), that the crops on the wire are the regions of the
// original pixel for pixel, the cap, malformed calls, tools rejected, and Stop at each point.
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import type { ReasoningRequest } from '../../src/core/reasoningClient';
import { AnswerTooLongError, isAbortError, StreamCutShortError } from '../../src/core/errors';
import { MAX_TURN_TEXT_CHARS } from '../../src/core/reasoningClient';
import { PROVIDER_PRESETS } from '../../src/core/providers/presets';
import { presetShape } from '../../src/core/providers/requestShape';
import { streamWithZoom, type ZoomLoopEvent } from '../../src/core/zoom/zoomLoop';
import type { PixelBox } from '../../src/core/protocol';
import type { ZoomCrop } from '../../src/core/protocol/zoom';
import { CropBroker } from '../../src/core/zoom/cropBroker';
import { cropOutputSize } from '../../src/core/zoom/zoomRequest';
import { ZoomBudget, type CutCrop, type PlannedZoom } from '../../src/core/zoom/zoomRounds';
import { coordinateOf, coordinatePng } from '../support/imageFixtures';
import {
  chatBody,
  textReply,
  toolsRejectedReply,
  type LoopbackServer,
  type RecordedMessage,
} from '../support/loopbackServer';
import { toolCallReply, zoomArguments, type ToolCallShape } from '../support/toolCallStreams';
import { drain, requestFor, useLoopbackServer, type Outcome } from './streamHarness';

const ORIGINAL = { width: 600, height: 400 };
const ORIGINAL_PNG = coordinatePng(ORIGINAL.width, ORIGINAL.height);

/** The region of the original as the webview cuts it: full resolution unless over `maxSide`. */
async function cutRegion(region: PixelBox, maxSide: number): Promise<ZoomCrop> {
  const { x, y, width, height } = region;
  const size = cropOutputSize(region, maxSide);
  const png = await sharp(ORIGINAL_PNG)
    .extract({ left: x, top: y, width, height })
    .resize(size.width, size.height, { fit: 'fill' })
    .png()
    .toBuffer();
  return { dataUrl: `data:image/png;base64,${png.toString('base64')}`, ...size };
}

/** Cuts like the webview does, handing the crops straight to the loop. */
function cutter(maxSide = 2048, log: PlannedZoom[][] = []) {
  return async (zooms: readonly PlannedZoom[]): Promise<Map<string, CutCrop>> => {
    log.push([...zooms]);
    const crops = new Map<string, CutCrop>();
    for (const zoom of zooms) {
      crops.set(zoom.callId, { ok: true, ...(await cutRegion(zoom.region, maxSide)) });
    }
    return crops;
  };
}

/** Cuts through the host's CropBroker, as a panel would answer its `zoom/cut`. */
function brokeredCutter(maxSide = 2048) {
  const broker: CropBroker = new CropBroker((message) => {
    void Promise.all(
      message.zooms.map(async (zoom) => ({
        callId: zoom.callId,
        crop: await cutRegion(zoom.region, message.maxSide),
      })),
    ).then((crops) => broker.receive({ type: 'zoom/crops', requestId: message.requestId, crops }));
  });
  return (zooms: readonly PlannedZoom[], signal: AbortSignal) =>
    broker.cut(zooms, { maxSide }, signal);
}

/** The original's coordinates at a crop pixel (the fixture encodes them in its colours). */
function originAt(
  crop: { data: Buffer; info: { width: number; channels: number } },
  x: number,
  y: number,
) {
  const offset = (y * crop.info.width + x) * crop.info.channels;
  return coordinateOf(crop.data[offset], crop.data[offset + 1], crop.data[offset + 2]);
}

async function run(
  server: LoopbackServer,
  options: {
    maxZooms?: number;
    originals?: { width: number; height: number }[];
    cut?: (
      zooms: readonly PlannedZoom[],
      signal: AbortSignal,
    ) => Promise<ReadonlyMap<string, CutCrop>>;
    request?: Partial<ReasoningRequest>;
    reasoningBack?: 'omit' | 'reasoningContent' | 'reasoningDetails';
    onEvent?: (event: ZoomLoopEvent) => void;
  } = {},
): Promise<Outcome<ZoomLoopEvent>> {
  return drain(
    () =>
      streamWithZoom({
        request: requestFor(server, {
          messages: [
            { role: 'system', content: 'You are an architect.' },
            {
              role: 'user',
              content: [
                { type: 'text', text: 'What does the legend say?' },
                { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
              ],
            },
          ],
          ...options.request,
        }),
        budget: new ZoomBudget(options.maxZooms ?? 3, options.originals ?? [ORIGINAL]),
        cut: options.cut ?? cutter(),
        reasoningBack: options.reasoningBack,
      }),
    options.onEvent,
  );
}

function answerOf(events: readonly ZoomLoopEvent[]): string {
  return events.map((event) => (event.kind === 'answer' ? event.text : '')).join('');
}

function messagesOf(server: LoopbackServer, request: number): readonly RecordedMessage[] {
  return chatBody(server.chatRequests()[request]).messages;
}

/** A message's text content (the tool messages and the system prompt are plain text). */
function textOf(message: RecordedMessage | undefined): string {
  assert.equal(typeof message?.content, 'string', `${message?.role} content is not text`);
  return message?.content as string;
}

/** The image parts of a recorded user message, decoded. */
async function imagesIn(message: RecordedMessage | undefined) {
  assert.equal(message?.role, 'user');
  const parts = Array.isArray(message.content) ? message.content : [];
  return Promise.all(
    parts.flatMap((part) =>
      part.type === 'image_url'
        ? [
            sharp(Buffer.from(part.image_url.url.split(',')[1], 'base64'))
              .raw()
              .toBuffer({ resolveWithObject: true }),
          ]
        : [],
    ),
  );
}

describe('zoom loop on the wire (real openai SDK, loopback server)', () => {
  let server: LoopbackServer;
  useLoopbackServer((started) => (server = started));

  for (const shape of ['openai', 'ollama', 'gemini'] as ToolCallShape[]) {
    it(`${shape}: crops the region asked for and continues the same question`, async () => {
      const args = zoomArguments([250, 100, 500, 400]);
      server.enqueue(
        toolCallReply([{ arguments: args }], {
          shape,
          text: 'Let me read the legend.',
          argumentChunk: 2,
          thoughtSignature: shape === 'gemini' ? 'c2ln' : undefined,
          usage: { prompt_tokens: 1000, completion_tokens: 20 },
        }),
        textReply('The legend says "cache".', {
          usage: { prompt_tokens: 1800, completion_tokens: 10 },
        }),
      );
      const { events, error } = await run(server);
      assert.equal(error, undefined);
      const requests = server.chatRequests();
      assert.equal(requests.length, 2);

      // Request 1: the tool offered, the guidance in the system prompt.
      const first = chatBody(requests[0]);
      assert.deepEqual(
        (first.tools as { function: { name: string } }[]).map((tool) => tool.function.name),
        ['zoom'],
      );
      assert.match(
        textOf(first.messages[0]),
        /^You are an architect\.\n\nYou can call the `zoom` tool/,
      );

      // Request 2: the conversation, the assistant's call, its tool message, then the crop.
      const second = messagesOf(server, 1);
      assert.equal(second.length, 5);
      assert.deepEqual(second.slice(0, 2), first.messages);
      const assistant = second[2] as unknown as Record<string, unknown>;
      const id = ((assistant.tool_calls as { id: string }[])[0] ?? {}).id;
      assert.deepEqual(assistant, {
        role: 'assistant',
        content: 'Let me read the legend.',
        tool_calls: [
          {
            id,
            type: 'function',
            function: { name: 'zoom', arguments: args },
            ...(shape === 'gemini'
              ? { extra_content: { google: { thought_signature: 'c2ln' } } }
              : {}),
          },
        ],
      });
      const tool = second[3] as unknown as Record<string, unknown>;
      assert.equal(tool.role, 'tool');
      assert.equal(tool.tool_call_id, id);
      assert.equal(
        tool.content,
        'Zoom 1: image 1, box_2d [250, 100, 500, 400] = x 60–240, y 100–200 of the 600×400 original. The crop (180×100 px, full resolution) is in the next message.',
      );
      // The crop: exactly x 60–240, y 100–200 of the original, pixel for pixel.
      const [crop] = await imagesIn(second[4]);
      assert.equal(crop.info.width, 180);
      assert.equal(crop.info.height, 100);
      for (const [cx, cy] of [
        [0, 0],
        [179, 0],
        [0, 99],
        [179, 99],
        [90, 50],
      ]) {
        const offset = (cy * crop.info.width + cx) * crop.info.channels;
        const at = coordinateOf(crop.data[offset], crop.data[offset + 1], crop.data[offset + 2]);
        assert.deepEqual(at, { x: 60 + cx, y: 100 + cy });
      }

      // What the caller sees: one answer across both rounds, the trail, the total usage.
      assert.equal(answerOf(events), 'Let me read the legend.\n\nThe legend says "cache".');
      const zoomed = events.find((event) => event.kind === 'zoomed');
      assert.deepEqual(zoomed, {
        kind: 'zoomed',
        records: [
          {
            label: 1,
            image: 1,
            box: [250, 100, 500, 400],
            region: { x: 60, y: 100, width: 180, height: 100 },
            sent: { width: 180, height: 100 },
          },
        ],
      });
      const usages = events.filter((event) => event.kind === 'usage');
      assert.deepEqual(usages.at(-1), {
        kind: 'usage',
        usage: { promptTokens: 2800, completionTokens: 30, reasoningTokens: 0 },
      });
      assert.equal(events.at(-1)?.kind, 'done');
    });
  }

  it('several calls in one message: a tool message per id, one user message with every crop', async () => {
    server.enqueue(
      toolCallReply(
        [
          { arguments: zoomArguments([0, 0, 500, 500]) },
          { arguments: zoomArguments([500, 500, 1000, 1000], 1) },
        ],
        { shape: 'ollama' },
      ),
      textReply('Both read.'),
    );
    const { error } = await run(server);
    assert.equal(error, undefined);
    const second = messagesOf(server, 1);
    assert.deepEqual(
      second.map((message) => message.role),
      ['system', 'user', 'assistant', 'tool', 'tool', 'user'],
    );
    const ids = (second[2] as unknown as { tool_calls: { id: string }[] }).tool_calls.map(
      (call) => call.id,
    );
    assert.deepEqual(
      second
        .slice(3, 5)
        .map((message) => (message as unknown as { tool_call_id: string }).tool_call_id),
      ids,
    );
    const crops = await imagesIn(second[5]);
    assert.deepEqual(
      crops.map((crop) => [crop.info.width, crop.info.height]),
      [
        [300, 200],
        [300, 200],
      ],
    );
  });

  it('A10 · two zoom calls under one id → each its own id, tool message and crop of its own region (through the CropBroker)', async () => {
    server.enqueue(
      toolCallReply([
        { id: 'x', arguments: zoomArguments([0, 0, 500, 500]) },
        { id: 'x', arguments: zoomArguments([500, 500, 1000, 1000]) },
      ]),
      textReply('Both read.'),
    );
    const { error } = await run(server, {
      cut: brokeredCutter(),
    });
    assert.equal(error, undefined);
    const second = messagesOf(server, 1);
    const calls = (second[2] as unknown as { tool_calls: { id: string }[] }).tool_calls;
    assert.deepEqual(
      calls.map((call) => call.id),
      ['x', 'x_2'],
    );
    const tools = second.slice(3, 5) as unknown as { tool_call_id: string; content: string }[];
    assert.deepEqual(
      tools.map((tool) => [tool.tool_call_id, tool.content.slice(0, 7)]),
      [
        ['x', 'Zoom 1:'],
        ['x_2', 'Zoom 2:'],
      ],
    );
    // One crop a call, each of its own region: x 0–300, y 0–200, then x 300–600, y 200–400.
    const crops = await imagesIn(second[5]);
    assert.equal(crops.length, 2);
    assert.deepEqual(originAt(crops[0], 0, 0), { x: 0, y: 0 });
    assert.deepEqual(originAt(crops[1], 0, 0), { x: 300, y: 200 });
    assert.deepEqual(originAt(crops[1], 299, 199), { x: 599, y: 399 });
  });

  it('E05 · three rounds each writing 1.5M characters, then zooming → the turn ends at 2M characters in all, cut short, what fits kept', async () => {
    const half = 750_000;
    const round = (top: number) =>
      toolCallReply([{ arguments: zoomArguments([top, 0, top + 100, 100]) }], {
        reasoning: 'r'.repeat(half),
        text: 'a'.repeat(half),
        textChunk: 64 * 1024,
      });
    // Only what is asked for is queued: the server keeps the rest for the next test.
    server.enqueue(round(0), round(100));
    const { events, error } = await run(server);
    assert.ok(error instanceof AnswerTooLongError, `ended with ${String(error)}`);
    assert.equal(error.limit, MAX_TURN_TEXT_CHARS);
    assert.equal(error.unit, 'characters');
    // Cut short, so the turn is shown as incomplete with what arrived (and the same message).
    assert.ok(error instanceof StreamCutShortError);
    const shown = events.reduce(
      (sum, event) =>
        sum + (event.kind === 'answer' || event.kind === 'reasoning' ? event.text.length : 0),
      0,
    );
    assert.equal(shown, MAX_TURN_TEXT_CHARS);
    assert.ok(answerOf(events).startsWith('a'.repeat(half)));
    // The second round was cut; no third request was made.
    assert.equal(server.chatRequests().length, 2);
    assert.equal(events.filter((event) => event.kind === 'zoomed').length, 1);
  });

  it('E05 · a round that fills the turn to its cap, then zooms → no further request', async () => {
    server.enqueue(
      toolCallReply([{ arguments: zoomArguments([0, 0, 100, 100]) }], {
        text: 'b'.repeat(1_000),
        textChunk: 100,
      }),
    );
    const { events, error } = await run(server, { request: { maxTextChars: 1_000 } });
    assert.ok(error instanceof AnswerTooLongError);
    assert.equal(error.limit, 1_000);
    assert.equal(answerOf(events), 'b'.repeat(1_000));
    assert.equal(server.chatRequests().length, 1);
  });

  it('downscales a crop over the limit only, and says so', async () => {
    server.enqueue(
      toolCallReply([{ arguments: zoomArguments([0, 0, 1000, 1000]) }]),
      textReply('Seen.'),
    );
    await run(server, { cut: cutter(300) });
    const second = messagesOf(server, 1);
    assert.match(textOf(second[3]), /\(300×200 px, scaled down from 600×400/);
    const [crop] = await imagesIn(second[4]);
    assert.deepEqual([crop.info.width, crop.info.height], [300, 200]);
  });

  it('cap: a model that zooms one region at a time ends in at most 4 requests, the last offering no tool', async () => {
    const zoomOnce = (top: number) =>
      toolCallReply([{ arguments: zoomArguments([top, 0, top + 100, 100]) }]);
    server.enqueue(zoomOnce(0), zoomOnce(100), zoomOnce(200), textReply('Done after three.'));
    const log: PlannedZoom[][] = [];
    const { events, error } = await run(server, { cut: cutter(2048, log) });
    assert.equal(error, undefined);
    const requests = server.chatRequests();
    assert.equal(requests.length, 4);
    assert.deepEqual(
      requests.map((request) => 'tools' in chatBody(request)),
      [true, true, true, false],
    );
    assert.deepEqual(
      log.map((round) => round.map((zoom) => zoom.label)),
      [[1], [2], [3]],
    );
    // The guidance is the same in every request (providers cache an unchanged prompt start).
    const systems = requests.map((request) => chatBody(request).messages[0].content);
    assert.equal(new Set(systems).size, 1);
    // Request 4 carries three rounds: 3 × (assistant, tool, user).
    assert.equal(messagesOf(server, 3).length, 2 + 9);
    assert.equal(answerOf(events), 'Done after three.');
  });

  it('A10 · more zoom calls in one message than the cap allows → those past it answered "Not carried out", never cut', async () => {
    server.enqueue(
      toolCallReply(
        [0, 1, 2, 3, 4].map((index) => ({
          arguments: zoomArguments([index * 100, 0, index * 100 + 100, 100]),
        })),
      ),
      textReply('Enough.'),
    );
    const log: PlannedZoom[][] = [];
    await run(server, { cut: cutter(2048, log) });
    assert.equal(log[0].length, 3);
    const tools = messagesOf(server, 1).filter((message) => message.role === 'tool');
    assert.equal(tools.length, 5);
    assert.match(textOf(tools[3]), /Not carried out: the limit of 3 zooms per question/);
    assert.equal('tools' in chatBody(server.chatRequests()[1]), false);
  });

  it('A10 · a zoom call from a server that was not offered the tool → not carried out: the text so far stands, with a quiet note', async () => {
    server.enqueue(
      toolCallReply([{ arguments: zoomArguments([0, 0, 10, 10]) }], { text: 'Partly seen.' }),
    );
    const log: PlannedZoom[][] = [];
    const shape = { ...presetShape(PROVIDER_PRESETS.custom), sendTools: false };
    const { events, error } = await run(server, { cut: cutter(2048, log), request: { shape } });
    assert.equal(error, undefined);
    assert.equal(server.chatRequests().length, 1);
    assert.equal('tools' in chatBody(server.chatRequests()[0]), false);
    // No tool offered: the system prompt says nothing about zooming either.
    assert.equal(messagesOf(server, 0)[0].content, 'You are an architect.');
    assert.equal(log.length, 0);
    assert.equal(answerOf(events), 'Partly seen.');
    assert.ok(events.some((event) => event.kind === 'zoomNote' && event.reason === 'notOffered'));
    assert.equal(events.at(-1)?.kind, 'done');
  });

  it('A07 · malformed zoom calls (not JSON, box outside 0–1000, unknown image) → each answered in its tool message with what was wrong, counted against the cap', async () => {
    server.enqueue(
      toolCallReply([
        { arguments: '{"box_2d": [1, 2' },
        { arguments: zoomArguments([0, 0, 1200, 100]) },
      ]),
      toolCallReply([{ arguments: zoomArguments([10, 10, 20, 20], 4) }]),
      textReply('From the overview.'),
    );
    const log: PlannedZoom[][] = [];
    const { events, error } = await run(server, { cut: cutter(2048, log) });
    assert.equal(error, undefined);
    assert.equal(log.length, 0, 'nothing was cut');
    const requests = server.chatRequests();
    assert.equal(requests.length, 3);
    assert.equal('tools' in chatBody(requests[2]), false, 'three malformed calls spent the cap');
    const tools = messagesOf(server, 2).filter((message) => message.role === 'tool');
    assert.match(textOf(tools[0]), /not valid JSON/);
    assert.match(textOf(tools[1]), /from 0 to 1000/);
    assert.match(textOf(tools[2]), /no image 4/);
    // No crops: no user message with images after the tool messages.
    assert.equal(messagesOf(server, 1).at(-1)?.role, 'tool');
    // Malformed arguments go back as {} (Ollama refuses a request whose tool call is not JSON).
    const assistant = messagesOf(server, 1)[2] as unknown as {
      tool_calls: { function: { arguments: string } }[];
    };
    assert.equal(assistant.tool_calls[0].function.arguments, '{}');
    assert.equal(answerOf(events), 'From the overview.');
  });

  it('a crop that could not be cut is said in its tool message', async () => {
    server.enqueue(
      toolCallReply([{ arguments: zoomArguments([0, 0, 100, 100]) }]),
      textReply('ok'),
    );
    await run(server, {
      cut: (zooms) =>
        Promise.resolve(
          new Map(
            zooms.map((zoom) => [
              zoom.callId,
              { ok: false, reason: 'the image is no longer open' },
            ]),
          ),
        ),
    });
    const tool = messagesOf(server, 1)[3];
    assert.match(
      textOf(tool),
      /Zoom 1 \(image 1, .*\) could not be cut: the image is no longer open\./,
    );
  });

  it('tools rejected: asked again once without them, a quiet note, the answer from the overview', async () => {
    server.enqueue(toolsRejectedReply(), textReply('From the overview.'));
    const { events, error } = await run(server);
    assert.equal(error, undefined);
    assert.equal(server.chatRequests().length, 2);
    assert.equal('tools' in chatBody(server.chatRequests()[1]), false);
    assert.ok(
      events.some((event) => event.kind === 'zoomNote' && event.reason === 'toolsRejected'),
    );
    const corrected = events.find((event) => event.kind === 'shapeCorrected');
    assert.ok(corrected?.kind === 'shapeCorrected' && corrected.shape.sendTools === false);
    assert.equal(answerOf(events), 'From the overview.');
  });

  it('DeepSeek: reasoning_content goes back on the assistant message with tool calls', async () => {
    server.enqueue(
      toolCallReply([{ arguments: zoomArguments([0, 0, 100, 100]) }], {
        reasoning: 'The legend is tiny.',
      }),
      textReply('ok'),
    );
    await run(server, { reasoningBack: 'reasoningContent' });
    const assistant = messagesOf(server, 1)[2] as unknown as Record<string, unknown>;
    assert.equal(assistant.reasoning_content, 'The legend is tiny.');
    assert.equal(assistant.content, null);
  });

  describe('Stop', () => {
    it('while the crops are cut: ends as aborted, what arrived is kept, no further request', async () => {
      server.enqueue(
        toolCallReply([{ arguments: zoomArguments([0, 0, 100, 100]) }], { text: 'Looking.' }),
      );
      const abort = new AbortController();
      const { events, error } = await run(server, {
        request: { signal: abort.signal },
        cut: (zooms, signal) => {
          abort.abort();
          assert.equal(signal.aborted, true);
          return Promise.resolve(new Map());
        },
      });
      assert.ok(isAbortError(error), `ended with ${String(error)}`);
      assert.equal(answerOf(events), 'Looking.');
      assert.ok(events.some((event) => event.kind === 'zoomRequested'));
      assert.equal(server.chatRequests().length, 1);
    });

    it('in the middle of the second round: the first round and the trail are kept', async () => {
      server.enqueue(
        toolCallReply([{ arguments: zoomArguments([0, 0, 100, 100]) }], { text: 'Looking.' }),
        textReply('The second round streams slowly and is stopped.', { delayMs: 20, chunkSize: 2 }),
      );
      const abort = new AbortController();
      let answerDeltas = 0;
      const { events, error } = await run(server, {
        request: { signal: abort.signal },
        onEvent: (event) => {
          if (event.kind === 'answer' && ++answerDeltas === 5) {
            abort.abort();
          }
        },
      });
      assert.ok(isAbortError(error), `ended with ${String(error)}: ${JSON.stringify(events)}`);
      assert.ok(events.some((event) => event.kind === 'zoomed'));
      assert.match(answerOf(events), /^Looking\.\n\nTh/);
      assert.equal(server.chatRequests().length, 2);
      await server.waitForClientClose(1);
    });
  });
});
