// VS Code's own language models as a person meets them, on a VS Code that has them (1.106 and
// later: the newest target). The test-only provider extension (test/loopbackModels) stands in
// for GitHub Copilot: its models forward to the journey's loopback server, and its "Loopback
// Gated" model asks for VS Code's real consent prompt, as Copilot's models do. Choose Provider
// lists the provider first, Select Model lists the models that take images, the first question
// opens the consent prompt, Allow lets it through, and the answer streams into the panel; the
// image that reaches the server is the copy the panel says the model sees. Journey 15: VS
// Code's chat offers the analyze_image tool by its reference name.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { chatBody, textReply } from '../support/loopbackServer';
import { importSupportScript } from '../support/supportScripts';
import {
  analyzeFromExplorer,
  ARCHITECTURE_ANSWER,
  imageParts,
  journeyHooks,
  quickInput,
  userTexts,
} from './journey';
import { decodeImage } from './pixelMeasure';
import { REPO_ROOT, runCommandFromPalette, UI_TIMEOUT_MS } from './workbench';

interface Target {
  readonly vscode: string;
}
interface OfflineVscode {
  vscodeTarget(): Target;
  codeServerPaths(): { vscode: string };
}

/** The gallery's pictures of this provider are this journey's, written when asked for. */
async function maybeUpdateGallery(file: string, name: string): Promise<void> {
  if (process.env.MMR_UPDATE_GALLERY !== '1') return;
  await fsp.copyFile(file, path.join(REPO_ROOT, 'docs', 'gallery', `${name}.png`));
}

describe('journeys: VS Code language models as the provider', function () {
  const journey = journeyHooks();
  let target: Target;

  before(async function () {
    const [offline, extensions] = await Promise.all([
      importSupportScript<OfflineVscode>('offline-vscode.mjs'),
      importSupportScript<{ runsLoopbackModels(target: Target): boolean }>('testExtensions.mjs'),
    ]);
    target = offline.vscodeTarget();
    if (!extensions.runsLoopbackModels(target)) {
      // VS Code 1.100 has no language model provider API and no image parts: the provider is
      // not offered there (test/integration/languageModelProvider.test.ts checks that).
      console.log(`      (skipped on VS Code ${target.vscode}: language models need 1.106)`);
      this.skip();
    }
  });

  it('journey 14: Choose Provider → VS Code language models → a model that takes images → consent → Allow → an answer', async () => {
    const { page, server, screenshot } = await journey.start({
      languageModels: true,
      userSettings: {
        'multimodalReasoning.model': undefined,
        // 1.139 opens its own Chat view beside the editor at start; the panel gets the room.
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
      },
    });

    // Choose Provider lists VS Code's language models first, saying what they cannot do.
    await runCommandFromPalette(page, 'Multimodal Reasoning: Choose Provider');
    const picker = quickInput(page);
    const options = picker.widget.getByRole('option');
    await options.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const first = (await options.first().getAttribute('aria-label')) ?? '';
    assert.match(first, /^VS Code language models/);
    assert.match(first, /no API key/);
    assert.match(first, /answers only/);
    await maybeUpdateGallery(
      await screenshot('journey-14-choose-provider'),
      'vscode-language-models-choose-provider',
    );
    await options.first().click();

    // Select Model follows: the models that take images, never the one that says it takes none.
    await picker.title
      .filter({ hasText: 'Select Model (VS Code language models)' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const gated = options.filter({ hasText: 'Loopback Gated' });
    await gated.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const listed = (await options.allInnerTexts()).sort();
    assert.equal(listed.length, 2, JSON.stringify(listed));
    assert.match(listed[0], /^Loopback Gated/);
    assert.match(listed[1], /^Loopback Vision/);
    await screenshot('journey-14-select-model');
    await gated.click();
    await picker.widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });

    // The first question to the gated model opens VS Code's consent prompt; nothing is sent yet.
    const panel = await analyzeFromExplorer(page, 'architecture.png');
    const caption = await panel.frame
      .getByText(/the model sees \d+×\d+/)
      .first()
      .innerText();
    const [, seenWidth, seenHeight] = /the model sees (\d+)×(\d+)/.exec(caption)!.map(Number);
    assert.equal(Math.min(seenWidth, seenHeight), 768, `prepared as VS Code passes it: ${caption}`);
    server.enqueue(textReply(ARCHITECTURE_ANSWER));
    const turn = await panel.ask('explain this architecture');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const prompt = await dialog.innerText();
    assert.match(
      prompt,
      /The extension 'Multimodal Reasoning Agent' wants to access the language models provided by Loopback Models/,
    );
    assert.match(
      prompt,
      /sends the image and the task you typed to this model/,
      'our justification',
    );
    assert.equal(server.chatRequests().length, 0, 'nothing is sent before consent');
    await maybeUpdateGallery(
      await screenshot('journey-14-consent'),
      'vscode-language-models-consent',
    );
    await dialog.getByRole('button', { name: 'Allow' }).first().click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });

    // The answer streams into the same turn view an HTTP endpoint fills.
    await panel.waitForRenderedAnswer(turn, 'Overview');
    await panel.waitUntilIdle();
    const [request] = server.chatRequests();
    const body = chatBody(request);
    assert.equal(body.model, 'loopback-gated');
    assert.match(userTexts(body).join('\n'), /explain this architecture/);
    const [image] = imageParts(body);
    assert.ok(image && image.type === 'image_url');
    const png = Buffer.from(image.image_url.url.split(',')[1], 'base64');
    const decoded = await decodeImage(png);
    assert.deepEqual(
      [decoded.width, decoded.height],
      [seenWidth, seenHeight],
      'the server got the copy the panel says the model sees',
    );
    // Tokens as the model's own counter counts them; VS Code reports no reasoning tokens.
    const usage = await turn.locator('.turn-usage').innerText();
    assert.match(usage, /^\d[\d,]* in · \d[\d,]* out · /);
    assert.doesNotMatch(usage, /reasoning/);
    await maybeUpdateGallery(
      await screenshot('journey-14-answered'),
      'vscode-language-models-answer',
    );

    // A follow-up asks no consent again: VS Code remembers the choice.
    server.enqueue(textReply('The **Queue** decouples the Orders Service from the Worker.'));
    const followUp = await panel.ask('what does the queue do?');
    await panel
      .answer(followUp)
      .getByText('decouples the Orders Service')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(await dialog.count(), 0);
    assert.equal(server.chatRequests().length, 2);
    assert.equal(imageParts(chatBody(server.chatRequests()[1])).length, 1, 'the image once');
  });
});

describe('journeys: the analyze_image tool in VS Code’s chat', function () {
  const journey = journeyHooks();

  before(async function () {
    const offline = await importSupportScript<OfflineVscode>('offline-vscode.mjs');
    // The chat view comes with the Copilot Chat extension, which the newest code-server builds
    // in (lib/vscode/extensions/copilot) and 4.100 does not ship.
    if (!fs.existsSync(path.join(offline.codeServerPaths().vscode, 'extensions', 'copilot'))) {
      console.log(
        `      (skipped on VS Code ${offline.vscodeTarget().vscode}: it has no built-in chat)`,
      );
      this.skip();
    }
  });

  it('journey 15: the chat input offers #analyzeImage, named as this extension’s tool, and takes it as a tool reference', async () => {
    const { page, screenshot } = await journey.start();
    // Asking the agent itself needs a GitHub Copilot sign-in, which no test can have offline;
    // the tool's call is tested through vscode.lm.invokeTool
    // (test/integration/analyzeImageTool.test.ts).
    const input = page.locator('.interactive-input-part .monaco-editor').first();
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.click();
    await page.keyboard.type(
      'What does architecture.png say about its single point of failure? #analyze',
    );
    const suggestion = page
      .locator('.suggest-widget .monaco-list-row')
      .filter({ hasText: '#analyzeImage' });
    // The `#` trigger can ask the chat's completion provider before the workbench knows the
    // contributed tools (seen on 1.139.1: about one start in three, the list stays closed); a
    // person then asks again with Ctrl+Space, which re-queries every provider. 1.100 has no chat.
    const offered = await suggestion
      .waitFor({ state: 'visible', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (!offered) await page.keyboard.press('Control+Space');
    await suggestion.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // Its detail (which extension's tool it is) is drawn beside the focused row.
    await page
      .locator('.suggest-widget')
      .getByText('Multimodal Reasoning Agent: Analyze Image')
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await maybeUpdateGallery(
      await screenshot('journey-15-chat-offers-the-tool'),
      'analyze-image-tool-in-chat',
    );
    await page.keyboard.press('Enter');
    // Accepted, the reference becomes a tool attached to the request.
    await page
      .locator('.interactive-input-part')
      .getByText('analyzeImage', { exact: true })
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  });
});
