// How the analysis panel reads and looks, in Chromium: in the language of VS Code's bundle, by
// keyboard alone with every control named, and in the dark, light and high-contrast themes.
//
// Shared setup: panelPageSuite.ts (run one file as it says).

import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { unnamedControls, walkWithTab } from './accessibility';
import { ANSWER, NO_API_KEY_ERROR } from './panelPage.fixtures';
import { panelPageSuite, stream } from './panelPageSuite';
import { deliver, nextFrames, waitForPost } from './webviewPage';

describe('analysis panel webview in Chromium: language, keyboard and themes', function () {
  this.timeout(60_000);

  const panel = panelPageSuite();
  const { init, openPanel, openPreparedPanel, screenshot } = panel;
  let page: Page;

  it('speaks the language of the bundle the host passes (VS Code in German, say), placeholders filled in', async () => {
    const german = {
      Analyze: 'Analysieren',
      Task: 'Aufgabe',
      'Zoom in': 'Vergrößern',
      'Thought for {0}': 'Nachgedacht: {0}',
      'Answer complete': 'Antwort vollständig',
      'Image: {0}': 'Bild: {0}',
    };
    page = await openPanel('dark', undefined, german);
    await deliver(page, init('large.png'));
    await waitForPost(page, 'image/prepared');
    assert.ok(await page.getByRole('button', { name: 'Vergrößern' }).isVisible());
    assert.ok(await page.getByLabel('Bild: large.png', { exact: true }).isVisible());
    await page.getByRole('textbox', { name: 'Aufgabe' }).fill('explain this architecture');
    await page.getByRole('button', { name: 'Analysieren' }).click();
    await waitForPost(page, 'task/submit');
    await deliver(page, { type: 'turn/started', turnId: 'g1', task: 'explain this architecture' });
    await stream(page, 'turn/reasoningDelta', 'g1', ['Boxes and arrows.']);
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'g1', text: 'Drei Dienste.' },
      { type: 'turn/ended', turnId: 'g1', status: 'done', reasoningMs: 3000 },
    );
    assert.equal(
      await page.getByRole('region', { name: 'Reasoning' }).locator('summary').innerText(),
      'Nachgedacht: 3 s',
    );
    await page
      .getByRole('status')
      .filter({ hasText: 'Antwort vollständig' })
      .waitFor({ state: 'attached' });
    // Strings the bundle does not translate stay in English rather than showing a key.
    assert.ok(await page.getByRole('button', { name: 'Copy answer' }).isVisible());
  });

  for (const theme of ['dark', 'light', 'high-contrast']) {
    it(`is usable by keyboard (${theme}): every control named, Tab visits each in reading order with a visible focus ring`, async () => {
      page = await openPreparedPanel(theme);
      // A finished turn and an error, so the answer's own buttons, links and alert actions are
      // there too.
      await deliver(page, {
        type: 'turn/started',
        turnId: 'k1',
        task: 'explain this architecture',
      });
      await stream(page, 'turn/reasoningDelta', 'k1', ['The diagram has a load balancer.']);
      await deliver(
        page,
        { type: 'turn/answerDelta', turnId: 'k1', text: ANSWER },
        { type: 'turn/ended', turnId: 'k1', status: 'done', reasoningMs: 2000 },
      );
      await deliver(page, {
        type: 'request/failed',
        task: 'again',
        error: NO_API_KEY_ERROR,
      });
      await nextFrames(page);

      // Names as Chromium's accessibility tree gives them: no unnamed button, link or box.
      const tree = await page.locator('body').ariaSnapshot();
      assert.deepEqual(unnamedControls(tree), [], `controls without a name:\n${tree}`);

      // Every control, in document order (image tools, the conversation, the task box): what Tab
      // should visit.
      const { controls, visited, unringed } = await walkWithTab(page, page.keyboard, () =>
        page.locator('body').focus(),
      );
      assert.ok(controls.length >= 12, `the panel's controls: ${controls.join(', ')}`);
      assert.deepEqual(visited, controls, 'Tab visits every control once, in reading order');
      assert.deepEqual(unringed, [], 'every focused control shows where focus is');
      await page.keyboard.press('Shift+Tab');
      assert.equal(
        (await page.evaluate(() => (globalThis as any).__focusProbe.focused()))?.name,
        visited.at(-2),
        'Shift+Tab goes back',
      );
    });
  }

  for (const theme of ['dark', 'light', 'high-contrast']) {
    it(`looks right in the ${theme} theme (screenshot)`, async () => {
      page = await openPreparedPanel(theme);
      await deliver(page, {
        type: 'turn/started',
        turnId: 'v1',
        task: 'explain this architecture',
      });
      await stream(page, 'turn/reasoningDelta', 'v1', [
        'The diagram has a load balancer, ',
        'two web servers and a database.',
      ]);
      await deliver(page, { type: 'turn/answerDelta', turnId: 'v1', text: ANSWER });
      await deliver(page, { type: 'turn/usage', turnId: 'v1', usage: { reasoningTokens: 512 } });
      await deliver(page, { type: 'turn/ended', turnId: 'v1', status: 'done', reasoningMs: 6400 });
      await deliver(page, {
        type: 'turn/started',
        turnId: 'v2',
        task: 'which of these is a single point of failure?',
      });
      await stream(page, 'turn/reasoningDelta', 'v2', [
        'Checking replicas: ',
        'the database has none…',
      ]);
      await page.getByRole('textbox', { name: 'Task' }).focus();
      await nextFrames(page);
      await screenshot(page, theme);
    });
  }
});
