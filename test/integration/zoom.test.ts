// Issue 19 in a real extension host: the model zooms into the original. The loopback server
// streams `zoom` tool calls in the shapes real servers send (arguments split over deltas); the
// panel's real webview cuts the regions from the image it shows, and the crops go on the wire
// through the real openai SDK. The image is a synthetic one whose boxes are known, so the pixels
// that reached the server can be compared with the original's region.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cropRect, type Box2d, type PixelRect } from '../../src/core/zoom/zoomRequest';
import {
  chatBody,
  textReply,
  toolsRejectedReply,
  type LoopbackServer,
  type RecordedChatBody,
  type RecordedMessage,
} from '../support/loopbackServer';
import { markedBoxes, markedPixels, markedPng, type Box } from '../support/markedImages';
import { toolCallReply, zoomArguments } from '../support/toolCallStreams';
import { rgbPixels } from './dataUrlPixels';
import { openWatchedPanel, useLoopbackEndpoint, useWorkspaceFiles, waitFor } from './helpers';

/** 3000×2000: OpenAI's high detail would read it at 1152×768, so "auto" used to add tiles. */
const WIDTH = 3000;
const HEIGHT = 2000;
const BOXES = markedBoxes(WIDTH, HEIGHT);

/** A box_2d around `box` with a margin, as a model would ask for it. */
function boxAround(box: Box, margin = 40): Box2d {
  const y = (value: number) => Math.round((Math.max(0, Math.min(HEIGHT, value)) / HEIGHT) * 1000);
  const x = (value: number) => Math.round((Math.max(0, Math.min(WIDTH, value)) / WIDTH) * 1000);
  return [
    y(box.y - margin),
    x(box.x - margin),
    y(box.y + box.height + margin),
    x(box.x + box.width + margin),
  ];
}

function imagesOf(message: RecordedMessage | undefined): string[] {
  if (!message || !Array.isArray(message.content)) {
    return [];
  }
  return message.content.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : []));
}

function textOf(message: RecordedMessage | undefined): string {
  assert.equal(typeof message?.content, 'string', `${message?.role} content is text`);
  return message?.content as string;
}

function allImages(body: RecordedChatBody): string[] {
  return body.messages.flatMap((message) => imagesOf(message));
}

/**
 * How many pixels of `crop` differ (by more than 2 in any channel) from `region` of the original.
 */
function differingPixels(
  crop: { data: Buffer; width: number },
  original: Buffer,
  region: PixelRect,
  originalWidth = WIDTH,
): number {
  let differing = 0;
  for (let y = 0; y < region.height; y++) {
    for (let x = 0; x < region.width; x++) {
      const at = (y * crop.width + x) * 3;
      const from = ((region.y + y) * originalWidth + region.x + x) * 3;
      for (let channel = 0; channel < 3; channel++) {
        if (Math.abs(crop.data[at + channel] - original[from + channel]) > 2) {
          differing++;
          break;
        }
      }
    }
  }
  return differing;
}

describe('the model zooms into the original (extension host)', function () {
  this.timeout(60_000);
  const endpoint = useLoopbackEndpoint('sk-loopback');
  const write = useWorkspaceFiles();
  let server: LoopbackServer;
  let image: vscode.Uri;
  const original = markedPixels(WIDTH, HEIGHT);
  before(async () => {
    server = endpoint.server;
    image = write('zoom-marked.png', await markedPng(WIDTH, HEIGHT));
  });

  const open = () => openWatchedPanel(image);

  it('crops the regions asked for from the original, pixel for pixel, and sends them in the next request', async () => {
    const { panel, posted } = await open();
    const red = boxAround(BOXES[0]);
    const green = boxAround(BOXES[1]);
    server.enqueue(
      // OpenAI's shape: arguments three characters a delta.
      toolCallReply([{ arguments: zoomArguments(red) }], { text: 'Let me look closer.' }),
      // Gemini's: no index, finish_reason "stop", a thought signature to send back.
      toolCallReply([{ arguments: zoomArguments(green, 1) }], {
        shape: 'gemini',
        argumentChunk: 5,
        thoughtSignature: 'c2lnbmF0dXJl',
      }),
      textReply('The red box is left of the green one.'),
    );
    await panel.session.submit('where is the red box?');

    assert.equal(server.requests.length, 3, 'overview, then one request per round of zooms');
    const first = chatBody(server.requests[0]);
    assert.equal(
      allImages(first).length,
      1,
      'detail auto with a model that zooms: the overview only, no tiles',
    );
    assert.deepEqual(
      (first.tools as { function: { name: string } }[]).map((tool) => tool.function.name),
      ['zoom'],
    );

    for (const [request, box] of [
      [1, red],
      [2, green],
    ] as const) {
      const body = chatBody(server.requests[request]);
      const crops = imagesOf(body.messages.at(-1));
      assert.equal(crops.length, 1, `request ${request + 1} carries one crop in its last message`);
      const region = cropRect(box, { width: WIDTH, height: HEIGHT });
      const crop = await rgbPixels(crops[0]);
      assert.deepEqual(
        { width: crop.width, height: crop.height },
        { width: region.width, height: region.height },
        'full resolution: the crop is the region’s size',
      );
      assert.equal(
        differingPixels(crop, original, region),
        0,
        'the crop’s pixels are the original’s region',
      );
      const tool = body.messages.find((message) => message.role === 'tool');
      assert.match(textOf(tool), /full resolution/);
    }
    const second = chatBody(server.requests[2]);
    const assistant = second.messages.filter((message) => message.role === 'assistant').at(-1);
    assert.match(
      JSON.stringify(assistant),
      /"extra_content":\{"google":\{"thought_signature":"c2lnbmF0dXJl"\}\}/,
      'Gemini gets its thought signature back on the call',
    );

    const turn = panel.session.turnViews.at(-1)!;
    assert.equal(turn.status, 'done');
    assert.match(turn.answer, /^Let me look closer\.\n\nThe red box is left of the green one\.$/);
    assert.deepEqual(
      turn.zooms?.map((zoom) => [zoom.label, zoom.region]),
      [
        [1, cropRect(red, { width: WIDTH, height: HEIGHT })],
        [2, cropRect(green, { width: WIDTH, height: HEIGHT })],
      ],
    );
    assert.equal(
      posted.filter((message) => message.type === 'turn/zoomed').length,
      2,
      'the page is told the trail as it grows',
    );

    // A follow-up carries what the model wrote about the crops, not the crops.
    server.enqueue(textReply('It is red.'));
    await panel.session.submit('what colour is it?');
    const followUp = chatBody(server.requests.at(-1));
    assert.equal(allImages(followUp).length, 1, 'the overview only');
    const where = (box: Box2d) => {
      const { x, y, width, height } = cropRect(box, { width: WIDTH, height: HEIGHT });
      return `image 1 x ${x}–${x + width}, y ${y}–${y + height}`;
    };
    assert.ok(
      textOf(followUp.messages.find((message) => message.role === 'assistant')).endsWith(
        `(To answer this I zoomed into ${where(red)}; ${where(green)}. Those crops are not repeated here; zoom again if you need them.)`,
      ),
    );
  });

  it('holds the cap: after the third crop the next request offers no tool, four requests in all', async () => {
    const { panel } = await open();
    for (const box of BOXES.slice(0, 3)) {
      server.enqueue(toolCallReply([{ arguments: zoomArguments(boxAround(box)) }]));
    }
    server.enqueue(textReply('Four boxes.'));
    await panel.session.submit('how many boxes?');
    assert.equal(server.requests.length, 4);
    const tools = server.requests.map((request) => chatBody(request).tools !== undefined);
    assert.deepEqual(tools, [true, true, true, false]);
    const last = chatBody(server.requests[3]);
    assert.equal(
      last.messages.flatMap((message) => imagesOf(message)).length,
      4,
      'the overview and the three crops',
    );
    assert.equal(panel.session.turnViews.at(-1)?.zooms?.length, 3);
    assert.match(panel.session.turnViews.at(-1)!.answer, /Four boxes\.$/);
  });

  it('Stop while the model continues after a zoom keeps the answer so far and the trail', async () => {
    const { panel, posted } = await open();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.enqueue(
      toolCallReply([{ arguments: zoomArguments(boxAround(BOXES[2])) }], {
        shape: 'ollama',
        text: 'Looking.',
      }),
      {
        ...textReply('never shown'),
        gate: { beforeChunk: 0, opened: held },
      } as ReturnType<typeof textReply>,
    );
    const done = panel.session.submit('what is purple?');
    await waitFor(() => posted.some((message) => message.type === 'turn/zoomed'), 20_000);
    await waitFor(() => server.requests.length === 2, 20_000);
    panel.session.stop();
    await done;
    release();
    const turn = panel.session.turnViews.at(-1)!;
    assert.equal(turn.status, 'stopped');
    assert.equal(turn.answer, 'Looking.');
    assert.equal(turn.zooms?.length, 1, 'the trail so far is kept');
    assert.equal(server.requests.length, 2, 'nothing is asked after Stop');
  });

  it('the side chat: the model numbers the attached images in order, and image 2 is cut from the second', async () => {
    const second = { width: 1200, height: 800 };
    const secondPath = path.join(path.dirname(image.fsPath), 'zoom-second.png');
    fs.writeFileSync(secondPath, await markedPng(second.width, second.height));
    try {
      await vscode.commands.executeCommand('multimodalReasoning.newChat');
      const chat = endpoint.api.chat;
      await chat.attach(image);
      await waitFor(() => chat.conversation.attachments.length === 1, 20_000);
      await chat.attach(vscode.Uri.file(secondPath));
      await waitFor(() => chat.conversation.attachments.length === 2, 20_000);
      const teal = markedBoxes(second.width, second.height)[3];
      const box: Box2d = [
        Math.floor((teal.y / second.height) * 1000),
        Math.floor((teal.x / second.width) * 1000),
        Math.ceil(((teal.y + teal.height) / second.height) * 1000),
        Math.ceil(((teal.x + teal.width) / second.width) * 1000),
      ];
      server.enqueue(
        toolCallReply([{ arguments: zoomArguments(box, 2) }]),
        textReply('Teal, bottom right.'),
      );
      await chat.conversation.session.submit('what colour is the bottom-right box of image 2?');
      assert.equal(server.requests.length, 2);
      const offered = chatBody(server.requests[0]).tools as {
        function: { parameters: { properties: { image: { maximum: number } } } };
      }[];
      assert.equal(offered[0].function.parameters.properties.image.maximum, 2);
      const crops = imagesOf(chatBody(server.requests[1]).messages.at(-1));
      assert.equal(crops.length, 1);
      const region = cropRect(box, second);
      const crop = await rgbPixels(crops[0]);
      assert.deepEqual([crop.width, crop.height], [region.width, region.height]);
      const pixels = markedPixels(second.width, second.height);
      assert.equal(
        differingPixels(crop, pixels, region, second.width),
        0,
        'the crop is the second image’s region, not the first’s',
      );
      assert.deepEqual(chat.conversation.session.turnViews.at(-1)?.zooms?.[0].image, 2);
    } finally {
      fs.rmSync(secondPath, { force: true });
    }
  });

  it('A07 · tool calls that are not JSON, name another tool or a box outside 0–1000, and one past the cap, in the real panel → each refused in its tool message, nothing cut, the turn answers', async () => {
    const { panel, posted } = await open();
    server.enqueue(
      toolCallReply([
        { arguments: '{"box_2d": [10, 10, 500' },
        { name: 'run_command', arguments: '{"command": "rm -rf ~"}' },
        { arguments: zoomArguments([-5, 0, 1200, 500]) },
        { arguments: zoomArguments([0, 0, 500, 500], 4) },
      ]),
      textReply('From the overview, then.'),
    );
    await panel.session.submit('read the boxes');
    assert.equal(server.requests.length, 2);
    const second = chatBody(server.requests[1]);
    const tools = second.messages.filter((message) => message.role === 'tool').map(textOf);
    assert.equal(tools.length, 4, 'one tool message per call');
    assert.match(tools[0], /not valid JSON/);
    assert.match(tools[1], /no tool named "run_command"/);
    assert.match(tools[2], /from 0 to 1000/);
    assert.match(tools[3], /Not carried out: the limit of 3 zooms/);
    assert.equal(allImages(second).length, 1, 'the overview only: nothing was cut');
    assert.equal(second.tools, undefined, 'four malformed calls spent the cap of 3');
    assert.ok(!posted.some((message) => message.type === 'zoom/cut'), 'the page was not asked');
    const turn = panel.session.turnViews.at(-1)!;
    assert.equal(turn.status, 'done');
    assert.equal(turn.zooms, undefined);
  });

  it('a model that rejects tools is asked again once without them, answers from the overview, and is remembered', async () => {
    const settings = vscode.workspace.getConfiguration('multimodalReasoning');
    await settings.update('model', 'llava-no-tools', vscode.ConfigurationTarget.Global);
    try {
      const { panel, posted } = await open();
      server.enqueue(toolsRejectedReply(), textReply('From the overview.'));
      await panel.session.submit('what is this?');
      assert.equal(server.requests.length, 2);
      assert.ok(chatBody(server.requests[0]).tools, 'the first request offers the tool');
      assert.equal(chatBody(server.requests[1]).tools, undefined, 'the retry does not');
      const turn = panel.session.turnViews.at(-1)!;
      assert.equal(turn.status, 'done');
      assert.equal(turn.answer, 'From the overview.');
      assert.equal(turn.zoomNote, 'toolsRejected');
      // The page prepares images for a model that cannot zoom: tiles again where needed.
      const changed = posted.filter((message) => message.type === 'settings/changed').at(-1);
      assert.equal(changed?.type === 'settings/changed' && changed.imagePolicy?.zoom, false);
      await waitFor(() => (panel.session.prepared?.tiles?.length ?? 0) > 0, 20_000);

      server.requests.length = 0;
      server.enqueue(textReply('Again.'));
      await panel.session.submit('and now?');
      assert.equal(server.requests.length, 1, 'remembered: no failed request first');
      const again = chatBody(server.requests[0]);
      assert.equal(again.tools, undefined);
      assert.ok(allImages(again).length > 1, 'the overview goes with its tiles now');
    } finally {
      await settings.update('model', 'vision-test-model', vscode.ConfigurationTarget.Global);
    }
  });
});
