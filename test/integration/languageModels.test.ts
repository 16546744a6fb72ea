// VS Code's own language models, from the extension host, on whichever VS Code runs the suite.
// On VS Code 1.106 and later the runner installs a test-only provider extension
// (test/loopbackModels) that forwards requests to a loopback OpenAI-compatible server; these
// tests prove the whole path the coming "VS Code language models" provider takes: the model is
// listed with its capabilities, and an image part sent through `sendRequest` reaches the server
// (as VS Code resized it) while the server's streamed answer comes back. On older VS Code the
// API is absent, and the tests check only that it is detected as absent.
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import * as vscode from 'vscode';
import {
  isAtLeast,
  LANGUAGE_MODEL_IMAGES_SINCE,
  languageModelApi,
  type ChatModel,
  type LanguageModelApi,
} from '../../src/host/languageModelApi';
import { QUADRANT_COLOURS, quadrantsPng } from '../support/imageFixtures';
import { chatBody, textReply, type LoopbackServer } from '../support/loopbackServer';
import { useLoopbackModels } from './loopbackModels';

const VENDOR = 'mmr-loopback'; // test/loopbackModels/package.json
const PROVIDER_ID = 'multimodal-reasoning-tests.loopback-models';

describe('VS Code language models (extension host)', () => {
  it(`detects at run time whether this VS Code (${vscode.version}) has language models that take images`, () => {
    const expected = isAtLeast(vscode.version, LANGUAGE_MODEL_IMAGES_SINCE);
    assert.equal(
      languageModelApi() !== undefined,
      expected,
      `VS Code ${vscode.version}: the API ${expected ? 'should' : 'should not'} be found`,
    );
    // The same answer from the API object alone: what a VS Code without it looks like.
    const withoutDataPart = Object.create(vscode, {
      LanguageModelDataPart: { value: undefined },
    }) as typeof vscode;
    assert.equal(languageModelApi(withoutDataPart), undefined);
  });

  describe('through a provider extension that forwards to a loopback server', function () {
    // VS Code below 1.106 has no image parts in language model requests (and below 1.104 no
    // provider API): there is no path to test, and the provider extension is not installed.
    const models = useLoopbackModels('LanguageModelDataPart is stable API from');
    let api: LanguageModelApi;
    let server: LoopbackServer;

    before(() => {
      api = languageModelApi()!;
      server = models.server;
      assert.ok(
        vscode.extensions.getExtension(PROVIDER_ID),
        `the test provider ${PROVIDER_ID} is not installed: run this suite through test/support/run-integration.mjs`,
      );
    });

    async function model(id: string): Promise<ChatModel> {
      const [found] = await api.selectChatModels({ vendor: VENDOR, id });
      assert.ok(found, `no ${VENDOR} model ${id} in vscode.lm.selectChatModels`);
      return found;
    }

    it('lists the provider’s models, and says which take images', async () => {
      const listed = await api.selectChatModels({ vendor: VENDOR });
      assert.deepEqual(listed.map((each) => each.id).sort(), [
        'loopback-gated',
        'loopback-text',
        'loopback-vision',
      ]);
      const vision = await model('loopback-vision');
      assert.equal(vision.name, 'Loopback Vision');
      // The provider declares { imageInput, toolCalling }; consumers read these names.
      assert.equal(vision.capabilities?.supportsImageToText, true, 'the vision model takes images');
      const text = await model('loopback-text');
      assert.notEqual(text.capabilities?.supportsImageToText, true, 'the text model takes none');
    });

    it('sends an image part to the server, as VS Code resized it, and streams the answer back', async () => {
      const answer = 'Four quadrants: red, green, yellow and blue.';
      server.enqueue(textReply(answer, { chunkSize: 5 }));
      const vision = await model('loopback-vision');
      const png = quadrantsPng(1600, 900);
      const response = await vision.sendRequest(
        [
          api.userMessage([
            new vscode.LanguageModelTextPart('What colours are the quadrants?'),
            api.LanguageModelDataPart.image(png, 'image/png'),
          ]),
        ],
        {},
        new vscode.CancellationTokenSource().token,
      );
      const pieces: string[] = [];
      for await (const piece of response.text) pieces.push(piece);

      assert.equal(pieces.join(''), answer, 'the streamed answer arrives whole');
      assert.ok(pieces.length > 1, `the answer streamed in pieces, not at once (${pieces.length})`);

      const requests = server.chatRequests();
      assert.equal(requests.length, 1);
      const body = chatBody(requests[0]);
      assert.equal(body.model, 'loopback-vision');
      const content = body.messages.at(-1)?.content;
      assert.ok(Array.isArray(content), 'the user message has parts');
      assert.deepEqual(content[0], { type: 'text', text: 'What colours are the quadrants?' });
      const image = content[1];
      assert.equal(image?.type, 'image_url');
      const match = /^data:(image\/[a-z]+);base64,(.+)$/.exec(image.image_url.url);
      assert.ok(match, `an image data URL: ${image.image_url.url.slice(0, 40)}…`);

      // VS Code scales the image down on the way (1600×900 arrives as 1365×768): the aspect is
      // kept, and each quadrant's centre keeps its colour, so it arrived whole and upright.
      const { data, info } = await sharp(Buffer.from(match[2], 'base64'))
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      assert.deepEqual(
        { mime: match[1], width: info.width, height: info.height },
        { mime: 'image/png', width: 1365, height: 768 },
        'the size VS Code sends a 1600×900 PNG at',
      );
      const pixel = (fx: number, fy: number) => {
        const offset =
          (Math.floor(fy * info.height) * info.width + Math.floor(fx * info.width)) * info.channels;
        return [...data.subarray(offset, offset + 3)];
      };
      const near = (actual: number[], expected: readonly number[], where: string) =>
        assert.ok(
          actual.every((value, index) => Math.abs(value - expected[index]) <= 4),
          `${where}: ${actual.join(',')} is not ${expected.join(',')}`,
        );
      near(pixel(0.25, 0.25), QUADRANT_COLOURS.topLeft, 'top left');
      near(pixel(0.75, 0.25), QUADRANT_COLOURS.topRight, 'top right');
      near(pixel(0.75, 0.75), QUADRANT_COLOURS.bottomRight, 'bottom right');
      near(pixel(0.25, 0.75), QUADRANT_COLOURS.bottomLeft, 'bottom left');
    });

    it('counts tokens with the provider’s own counter', async () => {
      const vision = await model('loopback-vision');
      // The test provider's rule: one token per four characters (test/loopbackModels/README.md).
      assert.equal(await vision.countTokens('twelve chars'), 3);
      assert.equal(await vision.countTokens('a'.repeat(401)), 101);
    });
  });
});
