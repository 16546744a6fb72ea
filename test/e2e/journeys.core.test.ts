// The core loop as a person lives it, in a real VS Code in a real browser: open the panel from
// the Explorer or the command palette, ask, watch the reasoning stream and the answer render,
// ask a follow-up, stop a long answer. The model is the loopback server in this process.
import * as assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { chatBody, textReply } from '../support/loopbackServer';
import {
  AnalysisPanel,
  analyzeFromExplorer,
  ARCHITECTURE_ANSWER,
  ARCHITECTURE_REASONING,
  heldArchitectureReply,
  imageParts,
  journeyHooks,
  maybeUpdateReadmeScreenshot,
  quickInput,
  typeIntoInput,
  SCREENSHOT_VIEWPORT,
  setApiKeyFromPalette,
  textOf,
  userTexts,
  within,
} from './journey';
import { REPO_ROOT, runCommandFromPalette, UI_TIMEOUT_MS } from './workbench';

const TASK = 'explain this architecture';

/** The extension folder holds only what runs: no sources, tests or source maps. */
async function assertRunsInstalledCopy(folder: string | undefined): Promise<void> {
  assert.ok(folder, 'the .vsix was installed');
  const files = (await fsp.readdir(folder, { recursive: true })).map(String);
  assert.ok(files.includes(path.join('dist', 'extension.js')), 'dist/extension.js is installed');
  const unwanted = files.filter((file) =>
    /^(src|test|out|node_modules|scripts|bench)([\\/]|$)|\.(ts|map)$/.test(file),
  );
  assert.deepEqual(unwanted, [], 'nothing but what runs is installed');
}

describe('journeys: the core loop in a real workbench', function () {
  const journey = journeyHooks();

  it('journey 1: Explorer → Analyze Image with AI → the reasoning streams, then the answer renders as markdown', async () => {
    // The README's screenshot is this journey's final state, at a README-friendly size. The
    // extension is the packaged .vsix, installed as a user installs it: what ships is tested.
    const { page, server, screenshot, workbench } = await journey.start({
      viewport: SCREENSHOT_VIEWPORT,
      installed: true,
    });
    await assertRunsInstalledCopy(workbench.installedExtension);
    await setApiKeyFromPalette(page, server, 'sk-journey-1');
    const held = heldArchitectureReply();
    server.enqueue(held.reply);

    const panel = await analyzeFromExplorer(page, 'architecture.png');
    const turn = await panel.ask(TASK);

    // While the model thinks: the Reasoning region is open and fills with its text; Stop is
    // offered; no answer yet. The server holds the stream open, so this is mid-stream for sure.
    const reasoning = panel.reasoning(turn);
    await reasoning
      .getByText('point out the single points of failure')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.ok(
      await reasoning.getByText('Thinking…').isVisible(),
      'the reasoning says it is still thinking',
    );
    assert.ok(await panel.stopButton.isVisible(), 'Stop is offered while the reply streams');
    assert.equal(
      await panel.answer(turn).isVisible(),
      false,
      'no Answer region before the answer starts',
    );
    await screenshot('journey-1-reasoning-streaming');
    // The panel's page comes from the installed copy, not from this repository.
    const script = await panel.frame.locator('script[src]').first().getAttribute('src');
    assert.ok(
      script?.includes(path.basename(workbench.installedExtension!)),
      `the panel's script is ${script}`,
    );
    // The status bar says an answer is streaming, for when the user looks elsewhere.
    const status = page.getByRole('button', { name: /streaming an answer in architecture\.png/ });
    await status.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match(await status.innerText(), /Answering: architecture\.png/);

    held.release();
    const answer = await panel.waitForRenderedAnswer(turn, 'Overview');
    await panel.waitUntilIdle();
    await status.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    // The reasoning folds away and says how long the model thought.
    await reasoning
      .getByText(/^Thought for \d+ s · 118 reasoning tokens$/)
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    // Real elements, not markdown source: headings, a bullet list, a table.
    assert.deepEqual(await answer.locator('h2').allInnerTexts(), [
      'Overview',
      'Components',
      'Risks',
    ]);
    assert.equal(await answer.locator('ul > li').count(), 3);
    assert.equal(await answer.locator('table th').count(), 3);
    assert.equal(await answer.locator('table tbody tr').count(), 5);
    assert.equal(
      await answer.locator('table tbody tr').first().locator('td').first().innerText(),
      'API Gateway',
    );
    assert.equal(await answer.getByText('##').count(), 0, 'no markdown syntax is left on screen');

    const [request] = server.chatRequests();
    const body = chatBody(request);
    assert.equal(userTexts(body).at(-1), TASK);
    assert.equal(imageParts(body).length, 1, 'the image went with the question');
    assert.equal(request.headers.authorization, 'Bearer sk-journey-1');

    // Give the panel the window's width, as one does to read a long answer beside the diagram.
    await runCommandFromPalette(page, 'View: Toggle Primary Side Bar Visibility');
    await page
      .getByRole('tree', { name: 'Files Explorer' })
      .waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    await panel.image('architecture.png').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // …and scroll back up with the wheel to read it from the question on.
    await panel.scrollConversationToTop();
    await screenshot('journey-1-explorer');
    const readme = await maybeUpdateReadmeScreenshot(page);
    if (readme) console.log(`      wrote ${path.relative(REPO_ROOT, readme)}`);
  });

  it('journey 2: command palette → Analyze Image… → pick the image → the same result', async () => {
    const { page, server, screenshot } = await journey.start();
    await setApiKeyFromPalette(page, server, 'sk-journey-2');
    server.enqueue(
      textReply(ARCHITECTURE_ANSWER, {
        reasoning: ARCHITECTURE_REASONING,
        chunkSize: 24,
        delayMs: 4,
      }),
    );

    await runCommandFromPalette(page, 'Multimodal Reasoning: Analyze Image…');
    const pick = quickInput(page);
    await pick.title
      .filter({ hasText: 'Analyze Image' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // The workspace's images are listed once found; "Browse…" is always there.
    await pick.widget
      .getByRole('option', { name: /Browse…/ })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await typeIntoInput(pick.input, 'architecture.png');
    const image = pick.widget.getByRole('option', { name: /\barchitecture\.png\b/ }).first();
    await image.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(
      await pick.widget.getByRole('option', { name: /architecture\.svg/ }).count(),
      0,
      'typing filters the list',
    );
    await image.click();
    await pick.widget.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });

    const panel = await AnalysisPanel.waitFor(page, 'architecture.png');
    const turn = await panel.ask(TASK);
    await panel.waitForRenderedAnswer(turn, 'Overview');
    await panel.waitUntilIdle();
    await panel
      .reasoning(turn)
      .getByText(/^Thought for \d+ s/)
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(userTexts(chatBody(server.chatRequests()[0])).at(-1), TASK);
    await screenshot('journey-2-command-palette');
  });

  it('journey 3: a follow-up carries the first turn and sends the image exactly once', async () => {
    const { page, server, screenshot } = await journey.start();
    await setApiKeyFromPalette(page, server, 'sk-journey-3');
    const firstAnswer =
      '## Overview\n\nA browser reaches two services through a CDN and an API gateway.\n\n- Auth\n- Orders';
    const secondAnswer =
      '## Single points of failure\n\n- **Postgres**: one instance holds every order.\n- **Redis**: it holds the sessions.';
    server.enqueue(textReply(firstAnswer, { reasoning: 'Reading the boxes left to right.' }));
    server.enqueue(textReply(secondAnswer, { reasoning: 'Which boxes have no replica?' }));

    const panel = await analyzeFromExplorer(page, 'architecture.png');
    const first = await panel.ask(TASK);
    await panel
      .answer(first)
      .getByRole('heading', { name: 'Overview' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await panel.waitUntilIdle();

    const followUp = 'where are the single points of failure?';
    const second = await panel.ask(followUp);
    await panel
      .answer(second)
      .getByRole('heading', { name: 'Single points of failure' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await panel.waitUntilIdle();
    // Both turns stay in the conversation, in order.
    assert.equal(await panel.frame.getByRole('article').count(), 2);
    const [firstBox, secondBox] = await Promise.all([first.boundingBox(), second.boundingBox()]);
    assert.ok(
      firstBox && secondBox && firstBox.y < secondBox.y,
      'the follow-up comes after the first turn',
    );

    const requests = server.chatRequests();
    assert.equal(requests.length, 2);
    const body = chatBody(requests[1]);
    const conversation = body.messages.filter((message) => message.role !== 'system');
    assert.deepEqual(
      conversation.map((message) => message.role),
      ['user', 'assistant', 'user'],
      'the follow-up carries the first question and answer before the new question',
    );
    assert.equal(textOf(conversation[0].content), TASK);
    assert.equal(
      conversation[1].content,
      firstAnswer,
      'the first answer, as streamed (its reasoning is not sent back)',
    );
    assert.equal(conversation[2].content, followUp);
    assert.equal(imageParts(body).length, 1, 'the image is sent exactly once');
    assert.ok(
      typeof conversation[0].content !== 'string' &&
        conversation[0].content.some((part) => part.type === 'image_url'),
      'in the first user message',
    );
    await screenshot('journey-3-follow-up');
  });

  it('journey 4: Stop mid-answer keeps the partial answer, marked stopped; the server sees the close; a new question works', async () => {
    const { page, server, screenshot } = await journey.start();
    await setApiKeyFromPalette(page, server, 'sk-journey-4');
    // A slow stream that goes quiet after the first paragraph, so Stop lands mid-answer.
    const slow = textReply(ARCHITECTURE_ANSWER, {
      reasoning: 'Reading the diagram.',
      chunkSize: 10,
      delayMs: 30,
    });
    if (slow.kind !== 'stream') throw new Error('textReply streams');
    const firstAnswerChunk = slow.chunks.findIndex((chunk) => 'content' in chunk);
    server.enqueue({ ...slow, stallAfter: firstAnswerChunk + 12 });
    server.enqueue(
      textReply('The queue buffers order events until the worker is back; nothing is lost.'),
    );

    const panel = await analyzeFromExplorer(page, 'architecture.png');
    const turn = await panel.ask(TASK);
    const answer = panel.answer(turn);
    await answer
      .getByText('An online store: a CDN')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const closed = server.waitForClientClose(1);
    await panel.stopButton.click();

    await turn
      .getByText('Stopped', { exact: true })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await within(closed, UI_TIMEOUT_MS, 'the server to see the connection closed');
    await panel.waitUntilIdle();
    const partial = await answer.innerText();
    assert.match(
      partial,
      /^Overview\s+An online store: a CDN/,
      'the partial answer stays on screen',
    );
    assert.ok(!partial.includes('Components'), 'nothing past the point where it stopped');

    const next = 'what happens to orders if the worker is down?';
    const nextTurn = await panel.ask(next);
    await panel
      .answer(nextTurn)
      .getByText('The queue buffers order events')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await panel.waitUntilIdle();
    assert.equal(
      await panel.turn(TASK).getByText('Stopped', { exact: true }).isVisible(),
      true,
      'the stopped turn stays marked',
    );

    const body = chatBody(server.chatRequests()[1]);
    const assistant = body.messages.find((message) => message.role === 'assistant');
    assert.ok(
      typeof assistant?.content === 'string' && ARCHITECTURE_ANSWER.startsWith(assistant.content),
      'the follow-up carries the partial answer',
    );
    assert.ok(assistant.content.length < ARCHITECTURE_ANSWER.length);
    assert.equal(userTexts(body).at(-1), next);
    await screenshot('journey-4-stop');
  });
});
