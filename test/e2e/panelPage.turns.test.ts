// A turn's controls in the analysis panel, in Chromium: a rate-limit countdown, errors with their
// actions and Retry, Stop, the task presets, and restoring turns and the draft after a reload.
//
// Shared setup: panelPageSuite.ts (run one file as it says).

import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { HostToWebview, TurnView } from '../../src/core/protocol';
import { DEFAULT_TASK_PRESETS } from '../../src/core/taskPresets';
import { ANSWER } from './panelPage.fixtures';
import { panelPageSuite } from './panelPageSuite';
import { deliver, nextFrames, posted, waitForPost } from './webviewPage';

describe('analysis panel webview in Chromium: turns', function () {
  this.timeout(60_000);

  const panel = panelPageSuite();
  const { init, openPanel, openPreparedPanel, screenshot } = panel;
  let page: Page;

  it('F07 · 429 with Retry-After → a visible countdown in the turn; Cancel stops the turn and keeps the task', async () => {
    page = await openPreparedPanel();
    const task = page.getByRole('textbox', { name: 'Task' });
    await task.fill('where is the bottleneck?');
    await page.getByRole('button', { name: 'Analyze' }).click();
    await waitForPost(page, 'task/submit');
    await deliver(page, { type: 'turn/started', turnId: 'w1', task: 'where is the bottleneck?' });
    await deliver(page, {
      type: 'turn/rateLimited',
      turnId: 'w1',
      seconds: 3,
      message: 'https://api.example.com is rate limiting requests (429) and asked to wait 3 s.',
    });
    const wait = page.locator('article.turn').last().locator('.rate-limit-wait');
    assert.equal(await wait.getAttribute('role'), 'status');
    assert.match(
      await wait.innerText(),
      /rate limiting requests \(429\) and asked to wait 3 s\.\s+Retrying in 3 s/,
    );
    await page.waitForFunction(() =>
      /Retrying in [12] s/.test(
        (globalThis as any).document.querySelector('.rate-limit-wait')?.textContent ?? '',
      ),
    );
    await screenshot(page, 'rate-limited-dark');

    const count = (await posted(page)).length;
    await wait.getByRole('button', { name: 'Cancel' }).click();
    await waitForPost(page, 'turn/stop', count);
    await deliver(page, { type: 'turn/ended', turnId: 'w1', status: 'stopped' });
    assert.equal(await wait.count(), 0, 'the countdown is gone');
    assert.equal(await task.inputValue(), 'where is the bottleneck?', 'the task is kept');

    // A wait that is followed by the answer: the countdown gives way to it.
    await deliver(page, { type: 'turn/started', turnId: 'w2', task: 'again' });
    await deliver(page, {
      type: 'turn/rateLimited',
      turnId: 'w2',
      seconds: 1,
      message: 'rate limited',
    });
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'w2', text: 'The database.' },
      { type: 'turn/ended', turnId: 'w2', status: 'done' },
    );
    assert.equal(await page.locator('.rate-limit-wait').count(), 0);
  });

  it('shows errors with their actions, and Retry resubmits the failed task', async () => {
    page = await openPreparedPanel();
    const task = page.getByRole('textbox', { name: 'Task' });
    await task.fill('where are the single points of failure?');
    await task.press('Control+Enter');
    await waitForPost(page, 'task/submit');
    await deliver(page, {
      type: 'turn/started',
      turnId: 'e1',
      task: 'where are the single points of failure?',
    });
    await deliver(page, {
      type: 'turn/answerDelta',
      turnId: 'e1',
      text: 'The load balancer is a sin',
    });
    await deliver(page, {
      type: 'turn/ended',
      turnId: 'e1',
      status: 'error',
      error: {
        code: 'unauthorized',
        message:
          'The endpoint rejected the API key for https://api.example.com. Set a valid key and retry.',
        actions: ['setApiKey', 'retry'],
        status: 401,
      },
    });
    const alert = page.locator('article.turn').last().getByRole('alert');
    assert.match(await alert.innerText(), /rejected the API key/);
    assert.equal(
      await page.getByRole('region', { name: 'Answer' }).last().innerText(),
      'The load balancer is a sin',
      'the partial answer stays',
    );
    assert.equal(
      await task.inputValue(),
      'where are the single points of failure?',
      'an error never loses the task',
    );

    let count = (await posted(page)).length;
    await alert.getByRole('button', { name: 'Set API Key' }).click();
    assert.deepEqual(await waitForPost(page, 'action/run', count), {
      type: 'action/run',
      action: 'setApiKey',
    });

    await task.fill('');
    count = (await posted(page)).length;
    await alert.getByRole('button', { name: 'Retry' }).click();
    assert.deepEqual(await waitForPost(page, 'task/submit', count), {
      type: 'task/submit',
      task: 'where are the single points of failure?',
    });
    assert.equal(
      await task.inputValue(),
      'where are the single points of failure?',
      'Retry puts the task back in the box',
    );
    await screenshot(page, 'error-dark');

    // A request that fails before any turn exists shows its alert above the task box.
    await deliver(page, {
      type: 'request/failed',
      task: 'where are the single points of failure?',
      error: {
        code: 'modelNotFound',
        message: 'The model "gpt-9" does not exist on this endpoint.',
        actions: ['selectModel', 'openSettings'],
      },
    });
    const requestAlert = page.locator('.composer').getByRole('alert');
    assert.match(await requestAlert.innerText(), /gpt-9/);
    count = (await posted(page)).length;
    await requestAlert.getByRole('button', { name: 'Select Model' }).click();
    await requestAlert.getByRole('button', { name: 'Open Settings' }).click();
    const actions = (await posted(page)).slice(count);
    assert.deepEqual(actions, [
      { type: 'action/run', action: 'selectModel' },
      { type: 'action/run', action: 'openSettings' },
    ]);
    assert.ok(
      await page.getByRole('button', { name: 'Analyze' }).isVisible(),
      'the failed request left streaming mode',
    );
    await screenshot(page, 'request-error-dark');
  });

  it('shows Stop while streaming; Stop and Escape post turn/stop; the partial answer is kept', async () => {
    page = await openPreparedPanel('light');
    const task = page.getByRole('textbox', { name: 'Task' });

    let count = (await posted(page)).length;
    await page.getByRole('button', { name: 'Analyze' }).click();
    assert.equal(
      (await posted(page)).slice(count).filter((m) => m.type === 'task/submit').length,
      0,
      'an empty task is not submitted',
    );
    assert.match(await page.locator('.composer-hint').innerText(), /Type a task first/);

    await task.fill('describe the data flow');
    await page.getByRole('button', { name: 'Analyze' }).click();
    await waitForPost(page, 'task/submit');
    await deliver(page, { type: 'turn/started', turnId: 's1', task: 'describe the data flow' });
    await deliver(page, {
      type: 'turn/answerDelta',
      turnId: 's1',
      text: 'Requests enter through the **gateway** and',
    });
    const stop = page.getByRole('button', { name: 'Stop' });
    assert.ok(await stop.isVisible());
    assert.equal(
      await page.getByRole('button', { name: 'Analyze' }).count(),
      0,
      'Analyze is replaced while streaming',
    );

    count = (await posted(page)).length;
    await stop.click();
    await waitForPost(page, 'turn/stop', count);
    count = (await posted(page)).length;
    await page.keyboard.press('Escape');
    await waitForPost(page, 'turn/stop', count);

    await deliver(page, { type: 'turn/ended', turnId: 's1', status: 'stopped' });
    const turn = page.locator('article.turn').last();
    assert.equal(await turn.locator('.turn-badge').innerText(), 'Stopped');
    assert.match(await turn.getByRole('region', { name: 'Answer' }).innerText(), /gateway and/);
    assert.equal(await task.inputValue(), 'describe the data flow');

    await deliver(
      page,
      { type: 'turn/started', turnId: 's2', task: 'again' },
      { type: 'turn/answerDelta', turnId: 's2', text: 'Partial' },
    );
    await deliver(page, { type: 'turn/ended', turnId: 's2', status: 'incomplete' });
    assert.equal(
      await page.locator('article.turn').last().locator('.turn-badge').innerText(),
      'Incomplete',
    );
  });

  it('restores earlier turns and the typed draft after the webview is reloaded', async () => {
    page = await openPreparedPanel();
    await page.getByRole('textbox', { name: 'Task' }).fill('a draft I was typing');
    await page.reload();
    await waitForPost(page, 'webview/ready');
    const turns: TurnView[] = [
      {
        id: 'a',
        task: 'explain this architecture',
        reasoning: 'Looking at the **boxes**.',
        answer: ANSWER,
        status: 'done',
        reasoningMs: 12_300,
        usage: { reasoningTokens: 410 },
      },
      {
        id: 'b',
        task: 'and the database?',
        reasoning: '',
        answer: 'It has no replica, so',
        status: 'stopped',
      },
    ];
    await deliver(page, init('large.png', turns));
    await waitForPost(page, 'image/prepared');
    assert.equal(
      await page.getByRole('textbox', { name: 'Task' }).inputValue(),
      'a draft I was typing',
    );
    assert.equal(await page.locator('article.turn').count(), 2);
    assert.equal(
      await page.getByRole('region', { name: 'Reasoning' }).locator('summary').innerText(),
      'Thought for 12 s · 410 reasoning tokens',
    );
    assert.equal(
      await page.getByRole('region', { name: 'Answer' }).first().locator('h2').innerText(),
      'Overview',
    );
    assert.equal(
      await page.locator('article.turn').last().locator('.turn-badge').innerText(),
      'Stopped',
    );
    assert.equal(
      await page.getByRole('textbox', { name: 'Task' }).getAttribute('placeholder'),
      'Ask a follow-up…',
    );
  });

  it('reopens 30 long turns with only the newest answers rendered; an older one renders, names marked and diagram drawn, when scrolled to', async () => {
    page = await openPanel();
    const paragraphs = (index: number) =>
      Array.from(
        { length: 40 },
        (_, line) => `Paragraph ${line} of answer ${index}: the services talk through the queue.`,
      ).join('\n\n');
    const turns: TurnView[] = Array.from({ length: 30 }, (_, index) => ({
      id: `old${index}`,
      task: `question ${index}`,
      reasoning: '',
      answer: `## Answer ${index}\n\n${paragraphs(index)}\n`,
      status: 'done',
    }));
    turns[0] = {
      ...turns[0],
      answer:
        '## Answer 0\n\nRequests reach the **API Gateway** first.\n\n' +
        '```mermaid\nflowchart LR\n  Browser --> Gateway[API Gateway]\n```\n\n' +
        `${paragraphs(0)}\n`,
      grounding: [{ name: 'API Gateway', box: { left: 0.1, top: 0.2, right: 0.3, bottom: 0.4 } }],
    };
    await deliver(page, init('large.png', turns));
    await waitForPost(page, 'image/prepared');
    const headings = page.locator('.answer-body h2');
    await headings.filter({ hasText: 'Answer 29' }).waitFor();
    await nextFrames(page);
    assert.equal(await page.locator('article.turn').count(), 30, 'every turn has its place');
    // The newest two fill the view; the one above them is rendered ahead of a scroll.
    const shownAtOnce = await headings.allTextContents();
    assert.ok(
      shownAtOnce.length >= 2 && shownAtOnce.length <= 4,
      `only the newest answers are rendered: ${shownAtOnce.join(', ')}`,
    );
    assert.deepEqual(
      shownAtOnce,
      turns
        .slice(-shownAtOnce.length)
        .map((_, index, newest) => `Answer ${30 - newest.length + index}`),
    );
    // The oldest turn's boxes are on the image already; its answer is not in the DOM yet.
    await page.locator('.overlay-component-group[data-name="API Gateway"]').waitFor();
    const oldest = page.locator('article.turn').first();
    assert.equal(await oldest.locator('.answer-body').innerText(), '');
    await screenshot(page, 'reopened-long-end');

    // The estimate counts every answer, rendered or not: scrolling one in changes nothing.
    const task = page.getByRole('textbox', { name: 'Task' });
    const estimate = page.locator('.cost-estimate');
    await task.fill('x');
    const before = await estimate.getAttribute('title');

    await page.locator('.conversation').evaluate((element) => (element.scrollTop = 0));
    await oldest.getByRole('heading', { name: 'Answer 0' }).waitFor();
    assert.equal(
      await oldest.locator('.grounded-name', { hasText: 'API Gateway' }).count(),
      1,
      'its grounded name is marked once the answer is there',
    );
    const diagram = oldest.getByRole('img', { name: 'The Mermaid diagram above, rendered' });
    await diagram.waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(
      await diagram.evaluate((image: any) => image.complete && image.naturalWidth > 50),
      'its diagram is drawn',
    );
    await screenshot(page, 'reopened-long-top');
    const top = await oldest.boundingBox();
    assert.ok(top && top.y < 200, `the oldest turn is at the top of the view (y ${top?.y})`);
    await task.fill('y');
    assert.equal(await estimate.getAttribute('title'), before);
  });

  it('offers the task presets beside the task box; choosing one fills the box', async () => {
    page = await openPanel();
    await deliver(page, {
      ...(init('large.png') as Extract<HostToWebview, { type: 'conversation/init' }>),
      presets: DEFAULT_TASK_PRESETS,
    });
    const presets = page.getByRole('group', { name: 'Task presets' });
    assert.deepEqual(
      await presets.getByRole('button').allInnerTexts(),
      DEFAULT_TASK_PRESETS.map((preset) => preset.label),
    );
    await presets.getByRole('button', { name: 'Generate Mermaid' }).click();
    const task = page.getByRole('textbox', { name: 'Task' });
    assert.equal(await task.inputValue(), DEFAULT_TASK_PRESETS[3].task);
    assert.ok(
      await task.evaluate((element) => element === (globalThis as any).document.activeElement),
      'the box has the focus, to edit or send',
    );
    await deliver(page, {
      type: 'settings/changed',
      model: 'gpt-4o',
      presets: [{ label: 'Mine', task: 'my task' }],
    });
    assert.deepEqual(await presets.getByRole('button').allInnerTexts(), ['Mine']);
  });
});
