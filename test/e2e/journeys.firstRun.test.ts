// First run as a new user lives it, with the extension installed from the packaged .vsix:
// the walkthrough's buttons set the key and open the sample diagram that ships with the
// extension; a question about it gets a streamed answer; the steps done are ticked.
import * as assert from 'node:assert/strict';
import { chatBody, textReply } from '../support/loopbackServer';
import {
  AnalysisPanel,
  answerInputBox,
  ARCHITECTURE_ANSWER,
  ARCHITECTURE_REASONING,
  dismissNotification,
  imageParts,
  journeyHooks,
  origin,
  quickInput,
} from './journey';
import { runCommandFromPalette, UI_TIMEOUT_MS } from './workbench';

const WALKTHROUGH = 'Analyze Images with AI';

describe('journeys: first run, from the walkthrough', function () {
  const journey = journeyHooks();

  it('journey 9: Welcome → Analyze Images with AI → Set API Key → Analyze the Sample Diagram → an answer', async () => {
    const { page, server, screenshot } = await journey.start({ installed: true });
    await runCommandFromPalette(page, 'Welcome: Open Walkthrough...');
    const picker = quickInput(page);
    await picker.input.fill(WALKTHROUGH);
    await picker.widget
      .getByRole('option', { name: new RegExp(WALKTHROUGH) })
      .first()
      .click();
    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough
      .getByText('Connect a vision model and ask it about your first diagram.')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const step = (title: string) =>
      walkthrough.locator('.getting-started-step').filter({ hasText: title });
    assert.deepEqual(
      (await walkthrough.locator('.getting-started-step .step-title').allInnerTexts()).map((text) =>
        text.trim(),
      ),
      ['Pick a provider', 'Set the API key', 'Pick a vision model', 'Analyze the sample diagram'],
    );

    // Step 2's button asks for the key of the configured endpoint.
    await step('Set the API key').click();
    await step('Set the API key').getByRole('button', { name: 'Set API Key' }).click();
    // The step is ticked as the command starts, and the walkthrough re-renders then: wait for
    // it before typing, as a person sees the tick appear, or keys may land in the re-render.
    await step('Set the API key')
      .locator('.codicon-getting-started-step-checked')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await answerInputBox(page, `API key for ${origin(server)}`, 'sk-first-run');
    await dismissNotification(page, `API key saved for ${origin(server)}.`);

    // Step 4's button opens the diagram that ships with the extension; asking about it works.
    await step('Analyze the sample diagram').click();
    await screenshot('journey-9-walkthrough');
    await step('Analyze the sample diagram')
      .getByRole('button', { name: 'Analyze the Sample Diagram' })
      .click();
    const panel = await AnalysisPanel.waitFor(page, 'architecture.png');
    server.enqueue(textReply(ARCHITECTURE_ANSWER, { reasoning: ARCHITECTURE_REASONING }));
    const turn = await panel.ask('explain this architecture');
    const answer = await panel.waitForRenderedAnswer(turn, 'Overview');
    assert.equal(
      await answer.locator('table tbody tr').first().locator('td').first().innerText(),
      'API Gateway',
    );
    const [request] = server.chatRequests();
    assert.equal(request.headers.authorization, 'Bearer sk-first-run');
    assert.equal(
      imageParts(chatBody(request)).length,
      1,
      'the sample diagram went with the question',
    );
    await screenshot('journey-9-sample-answered');
  });
});
