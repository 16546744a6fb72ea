// API keys as a person meets them: a key the endpoint rejects, fixed from the panel's own
// error without retyping the task; and no key at all, asked for before anything is sent.
import * as assert from 'node:assert/strict';
import { chatBody, textReply } from '../support/loopbackServer';
import {
  analyzeFromExplorer,
  answerInputBox,
  dismissNotification,
  journeyHooks,
  origin,
  quickInput,
  setApiKeyFromPalette,
  userTexts,
} from './journey';
import { UI_TIMEOUT_MS } from './workbench';

const GOOD_KEY = 'sk-loopback-good';
const TASK = 'where are the single points of failure?';
const ANSWER =
  '## Single points of failure\n\n- **Postgres**: one instance holds every order.\n- **Redis**: it holds the sessions.';

describe('journeys: API keys in a real workbench', function () {
  const journey = journeyHooks();

  it('journey 5: a rejected key → Set API Key from the error → Retry succeeds without retyping the task', async () => {
    const { page, server, screenshot } = await journey.start({
      server: { requireApiKey: GOOD_KEY },
    });
    await setApiKeyFromPalette(page, server, 'sk-loopback-wrong');
    server.enqueue(textReply(ANSWER, { reasoning: 'Which boxes have no replica?' }));

    const panel = await analyzeFromExplorer(page, 'architecture.png');
    await panel.ask(TASK);
    const alert = panel
      .alert()
      .filter({ hasText: `The API key for ${origin(server)} was rejected` });
    await alert.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await panel.waitUntilIdle();
    assert.equal(server.chatRequests().length, 1);
    assert.equal(server.chatRequests()[0].headers.authorization, 'Bearer sk-loopback-wrong');
    await screenshot('journey-5-key-rejected');

    await alert.getByRole('button', { name: 'Set API Key' }).click();
    await answerInputBox(page, `API key for ${origin(server)}`, GOOD_KEY);
    await dismissNotification(page, `API key saved for ${origin(server)}.`);
    await alert.getByRole('button', { name: 'Retry' }).click();

    const retried = panel.turn(TASK);
    await panel
      .answer(retried)
      .getByRole('heading', { name: 'Single points of failure' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await panel.waitUntilIdle();
    const requests = server.chatRequests();
    assert.equal(requests.length, 2);
    assert.equal(requests[1].headers.authorization, `Bearer ${GOOD_KEY}`);
    assert.deepEqual(
      userTexts(chatBody(requests[1])),
      [TASK],
      'the retried request asks the original task, typed once',
    );
    await screenshot('journey-5-wrong-key');
  });

  it('journey 6: no key on first use → Analyze asks for one before any request; then the turn completes', async () => {
    const { page, server, screenshot } = await journey.start({
      server: { requireApiKey: GOOD_KEY },
    });
    server.enqueue(textReply(ANSWER, { reasoning: 'Which boxes have no replica?' }));

    const panel = await analyzeFromExplorer(page, 'architecture.png');
    await panel.ask(TASK);
    // The key prompt for this endpoint, and nothing has left the machine yet.
    const box = quickInput(page);
    await box.title
      .filter({ hasText: `API key for ${origin(server)}` })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(await box.input.getAttribute('type'), 'password');
    assert.equal(server.chatRequests().length, 0, 'no chat request while the key prompt is open');
    assert.equal(server.requests.length, 0, 'no request of any kind');
    await screenshot('journey-6-key-prompt');

    await answerInputBox(page, `API key for ${origin(server)}`, GOOD_KEY);
    const turn = panel.turn(TASK);
    await panel
      .answer(turn)
      .getByRole('heading', { name: 'Single points of failure' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await panel.waitUntilIdle();
    const requests = server.chatRequests();
    assert.equal(requests.length, 1);
    assert.equal(requests[0].headers.authorization, `Bearer ${GOOD_KEY}`);
    assert.deepEqual(userTexts(chatBody(requests[0])), [TASK]);
    await screenshot('journey-6-no-key');
  });
});
