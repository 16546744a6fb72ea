// The zoom loop through the provider "VS Code language models", in a real extension host on a VS
// Code that has the API: the `zoom` tool goes to the language model through sendRequest's tools,
// the model's LanguageModelToolCallPart comes back as a zoom call, the panel's real webview cuts
// the region from the image it shows, and the crop goes to the model as an image data part beside
// its LanguageModelToolResultPart. The test-only provider extension (test/loopbackModels)
// forwards every request to the loopback server, so the crop's size and pixels are read there.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { cropOutputSize, cropRect, type Box2d } from '../../src/core/zoom/zoomRequest';
import {
  chatBody,
  textReply,
  type LoopbackServer,
  type RecordedMessage,
} from '../support/loopbackServer';
import { markedBoxes, markedPixels, markedPng } from '../support/markedImages';
import { toolCallReply, zoomArguments } from '../support/toolCallStreams';
import { rgbPixels } from './dataUrlPixels';
import { EXTENSION_ID, openWatchedPanel, useWorkspaceFiles } from './helpers';
import {
  chooseLoopbackVisionModel,
  loopbackModelSettings,
  useLoopbackModels,
} from './loopbackModels';

const WIDTH = 3000;
const HEIGHT = 2000;
const config = () => vscode.workspace.getConfiguration('multimodalReasoning');

function imagesOf(message: RecordedMessage | undefined): string[] {
  return message && Array.isArray(message.content)
    ? message.content.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : []))
    : [];
}

describe('zoom through VS Code language models (extension host)', function () {
  this.timeout(90_000);
  const provider = useLoopbackModels('the provider needs');
  const write = useWorkspaceFiles();
  let server: LoopbackServer;
  let image: vscode.Uri;
  let models: unknown;

  before(async () => {
    server = provider.server;
    await vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.activate();
    // The default models, and one that takes images but says it takes no tools.
    models = loopbackModelSettings().inspect('models')?.defaultValue;
    await loopbackModelSettings().update(
      'models',
      [...(models as object[]), { id: 'loopback-no-tools', imageInput: true, toolCalling: false }],
      vscode.ConfigurationTarget.Global,
    );
    image = write('lm-zoom-marked.png', await markedPng(WIDTH, HEIGHT));
  });
  beforeEach(chooseLoopbackVisionModel);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    if (!server) return;
    await config().update('provider', undefined, vscode.ConfigurationTarget.Global);
    await config().update('model', undefined, vscode.ConfigurationTarget.Global);
    await loopbackModelSettings().update('models', undefined, vscode.ConfigurationTarget.Global);
  });

  const open = () => openWatchedPanel(image);

  it('offers the zoom tool to the language model and sends the crop of its call, pixel for pixel, with the tool result', async () => {
    const { panel, posted } = await open();
    // Around the first marked box, with a margin: a region whose short side is under 768 px,
    // so the crop goes at full resolution and VS Code passes it on untouched.
    const target = markedBoxes(WIDTH, HEIGHT)[0];
    const y = (value: number) => Math.round((Math.max(0, Math.min(HEIGHT, value)) / HEIGHT) * 1000);
    const x = (value: number) => Math.round((Math.max(0, Math.min(WIDTH, value)) / WIDTH) * 1000);
    const box: Box2d = [
      y(target.y - 40),
      x(target.x - 40),
      y(target.y + target.height + 40),
      x(target.x + target.width + 40),
    ];
    const region = cropRect(box, { width: WIDTH, height: HEIGHT });
    assert.ok(Math.min(region.width, region.height) <= 768, 'the region fits without scaling');
    server.enqueue(
      toolCallReply([{ arguments: zoomArguments(box) }], { text: 'Let me look closer.' }),
      textReply('The box is red.'),
    );
    await panel.session.submit('what colour is the first box?');

    const turn = panel.session.turnViews.at(-1)!;
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.equal(server.chatRequests().length, 2, 'the question, then the round with the crop');

    // Request 1: the zoom tool reached the model's provider through sendRequest's tools.
    const first = chatBody(server.chatRequests()[0]);
    assert.deepEqual(
      (first.tools as { function: { name: string } }[]).map((tool) => tool.function.name),
      ['zoom'],
    );
    assert.equal(
      first.messages.flatMap((message) => imagesOf(message)).length,
      1,
      'the overview only, no tiles',
    );

    // Request 2: the call, its result, then the crop, as the provider received them.
    const second = chatBody(server.chatRequests()[1]).messages;
    const assistant = second.find((message) => message.role === 'assistant') as unknown as {
      tool_calls: { id: string; function: { name: string; arguments: string } }[];
    };
    assert.equal(assistant.tool_calls.length, 1);
    assert.equal(assistant.tool_calls[0].function.name, 'zoom');
    assert.deepEqual(JSON.parse(assistant.tool_calls[0].function.arguments), { box_2d: box });
    const tool = second.find((message) => message.role === 'tool') as unknown as {
      tool_call_id: string;
      content: string;
    };
    assert.equal(tool.tool_call_id, assistant.tool_calls[0].id);
    assert.match(tool.content, /^Zoom 1: image 1, .*full resolution/);
    const crops = imagesOf(second.at(-1));
    assert.equal(crops.length, 1, 'the crop in the last message');
    const crop = await rgbPixels(crops[0]);
    assert.deepEqual([crop.width, crop.height], [region.width, region.height]);
    const original = markedPixels(WIDTH, HEIGHT);
    let differing = 0;
    for (let y = 0; y < region.height; y++) {
      for (let x = 0; x < region.width; x++) {
        const at = (y * crop.width + x) * 3;
        const from = ((region.y + y) * WIDTH + region.x + x) * 3;
        if ([0, 1, 2].some((c) => Math.abs(crop.data[at + c] - original[from + c]) > 2)) {
          differing++;
        }
      }
    }
    assert.equal(differing, 0, 'the crop’s pixels are the original’s region');

    // The turn: one answer across both requests, the trail the page draws.
    assert.equal(turn.answer, 'Let me look closer.\n\nThe box is red.');
    assert.deepEqual(
      turn.zooms?.map((zoom) => [zoom.label, zoom.region]),
      [[1, region]],
    );
    assert.ok(posted.some((message) => message.type === 'turn/zoomed'));
  });

  it('scales a crop to the short side VS Code passes untouched (768 px), and the model gets that size', async () => {
    const { panel } = await open();
    server.enqueue(
      toolCallReply([{ arguments: zoomArguments([0, 0, 1000, 1000]) }]),
      textReply('All of it.'),
    );
    await panel.session.submit('look at all of it');
    const turn = panel.session.turnViews.at(-1)!;
    assert.equal(turn.status, 'done', turn.error?.message);
    const want = cropOutputSize({ width: WIDTH, height: HEIGHT }, 2048, 768);
    assert.deepEqual([want.width, want.height], [1152, 768]);
    const second = chatBody(server.chatRequests()[1]).messages;
    const crop = await rgbPixels(imagesOf(second.at(-1))[0]);
    assert.deepEqual([crop.width, crop.height], [want.width, want.height]);
    const tool = second.find((message) => message.role === 'tool') as unknown as {
      content: string;
    };
    assert.match(tool.content, /1152×768 px, scaled down from 3000×2000/);
    assert.deepEqual(turn.zooms?.[0].sent, want);
  });

  it('a model that says it takes no tools: asked without them, answered from the overview with a quiet note, later questions prepared without zooming', async () => {
    await config().update('model', 'loopback-no-tools', vscode.ConfigurationTarget.Global);
    const { panel, posted } = await open();
    server.enqueue(textReply('From the overview: four boxes.'));
    await panel.session.submit('how many boxes?');
    const turn = panel.session.turnViews.at(-1)!;
    assert.equal(turn.status, 'done', turn.error?.message);
    assert.equal(turn.answer, 'From the overview: four boxes.');
    assert.equal(server.chatRequests().length, 1);
    assert.equal('tools' in chatBody(server.chatRequests()[0]), false, 'no tool offered');
    assert.equal(turn.zoomNote, 'toolsRejected');
    const changed = posted.filter((message) => message.type === 'settings/changed').at(-1);
    assert.equal(changed?.type === 'settings/changed' && changed.imagePolicy?.zoom, false);
    assert.equal(panel.session.zoomOffered(), false, 'remembered for this model');
  });
});
