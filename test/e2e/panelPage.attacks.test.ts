// Hostile content in the analysis panel, in Chromium: model output with remote images, scripts and
// dangerous links, a huge answer, a scripted SVG, a file name made of markup, an error carrying
// HTML. Each row of docs/RELIABILITY.md here checks what the page shows and what it requests.
//
// Shared setup: panelPageSuite.ts (run one file as it says).

import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { HOSTILE_FILE_NAME } from '../support/imageFixtures';
import { ANSWER, HOSTILE_ANSWER } from './panelPage.fixtures';
import { panelPageSuite, randomChunks, stream } from './panelPageSuite';
import { deliver, nextFrames, posted, waitForPost } from './webviewPage';

describe('analysis panel webview in Chromium: attacks', function () {
  this.timeout(60_000);

  const panel = panelPageSuite();
  const { init, openPanel, openPreparedPanel } = panel;
  let page: Page;

  it('A01 · model output with remote markdown images (inline, reference), raw <img>, <iframe>, <svg onload>, <form>, CSS url() → inert text or links, zero network requests', async () => {
    page = await openPreparedPanel();
    await nextFrames(page);
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('data:')) {
        requests.push(request.url());
      }
    });
    const hitsBefore = panel.server.hits.length;

    await deliver(page, { type: 'turn/started', turnId: 'h1', task: 'hostile' });
    await stream(
      page,
      'turn/answerDelta',
      'h1',
      randomChunks(HOSTILE_ANSWER(panel.server.origin), 2, 9),
    );
    await deliver(page, { type: 'turn/ended', turnId: 'h1', status: 'done' });
    await page.waitForTimeout(300);

    const answer = page.getByRole('region', { name: 'Answer' }).last();
    const text = await answer.innerText();
    assert.match(text, /<img src="http:\/\/127\.0\.0\.1:\d+\/evil\/raw\.png"/);
    assert.match(text, /<script>window\.__pwned = 2<\/script>/);
    assert.match(text, /<iframe/);
    for (const markup of [
      '<svg onload=',
      '<form action=',
      'style="background: url(',
      '<style>',
      '<link rel="stylesheet"',
    ]) {
      assert.ok(text.includes(markup), `${markup} is shown as text`);
    }
    assert.equal(
      await answer
        .locator('img, script, iframe, svg image, form, input, style, link, [style]')
        .count(),
      0,
    );
    assert.ok(
      (await answer.getByRole('link', { name: 'Image: logo' }).count()) > 0,
      'the reference-style image is a link',
    );
    assert.equal(await page.evaluate(() => (globalThis as any).__pwned), undefined);

    // The markdown image is a link to where it lives; the data: image is text.
    const imageLink = answer.getByRole('link', { name: 'Image: diagram' });
    assert.equal(await imageLink.getAttribute('href'), `${panel.server.origin}/evil/markdown.png`);
    // URLs inside the raw markup are linkified like any other URL in text: links, never loads.
    const hrefs: string[] = await answer
      .locator('a')
      .evaluateAll((links) => links.map((link) => (link as any).getAttribute('href')));
    assert.ok(hrefs.includes(`${panel.server.origin}/evil/markdown.png`));
    assert.ok(
      hrefs.every((href) => href.startsWith(`${panel.server.origin}/evil/`)),
      hrefs.join(' '),
    );
    for (const unsafe of [
      'javascript:alert(1)',
      'command:workbench.action.quit',
      'vscode://file/etc/passwd',
      'file:///etc/passwd',
      'data:text/html,hi',
    ]) {
      assert.ok(text.includes(unsafe), `${unsafe} is shown as text`);
    }

    await imageLink.click();
    await page.waitForTimeout(200);
    assert.deepEqual(requests, [], 'no request left the page');
    assert.deepEqual(panel.server.hits.slice(hitsBefore), [], 'the server saw no request');
  });

  it('A02 · links to javascript:, data:text/html, file:, command:, vscode: → not clickable; http(s) → opened only through the host', async () => {
    page = await openPreparedPanel();
    await deliver(page, { type: 'turn/started', turnId: 'l1', task: 'links' });
    const unsafe = [
      'javascript:alert(1)',
      'data:text/html,<b>hi</b>',
      'file:///etc/passwd',
      'command:workbench.action.quit',
      'vscode://file/etc/passwd',
    ];
    const links =
      unsafe.map((href, index) => `[unsafe ${index}](${href})`).join(' · ') +
      ' · [the docs](https://example.com/docs)';
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'l1', text: links },
      { type: 'turn/ended', turnId: 'l1', status: 'done' },
    );
    const answer = page.getByRole('region', { name: 'Answer' }).last();
    const hrefs: string[] = await answer
      .locator('a')
      .evaluateAll((anchors) => anchors.map((anchor) => (anchor as any).getAttribute('href')));
    assert.deepEqual(hrefs, ['https://example.com/docs'], 'only the web link is a link');
    const count = (await posted(page)).length;
    await answer.getByText('[unsafe 0](javascript:alert(1))').click();
    await answer.getByRole('link', { name: 'the docs' }).click();
    const after = (await posted(page)).slice(count);
    assert.deepEqual(
      after,
      [{ type: 'link/open', href: 'https://example.com/docs' }],
      'the host opens it; nothing else is posted',
    );
    assert.equal(new URL(page.url()).pathname, '/panel.html', 'the webview did not navigate');
  });

  it('A03 · 1 MB of output, then 50,000 "*" → rendered to the end, and the panel still takes input', async () => {
    page = await openPreparedPanel();
    // The longest main-thread task, logged (not asserted: speed is for npm run bench).
    await page.evaluate(() => {
      (globalThis as any).__longest = 0;
      new (globalThis as any).PerformanceObserver((list: any) => {
        for (const entry of list.getEntries()) {
          (globalThis as any).__longest = Math.max((globalThis as any).__longest, entry.duration);
        }
      }).observe({ type: 'longtask', buffered: true });
    });
    const megabyte = (ANSWER + '\n\n')
      .repeat(Math.ceil(1_048_576 / (ANSWER.length + 2)))
      .slice(0, 1_048_576);
    await deliver(page, { type: 'turn/started', turnId: 'big', task: 'a lot' });
    const deltas = megabyte.match(/[\s\S]{1,4096}/g) ?? [];
    await stream(page, 'turn/answerDelta', 'big', deltas, 16);
    await nextFrames(page, 3);
    // Read before any locator query: Playwright's own DOM searches run as page tasks too.
    const longest = await page.evaluate(() => (globalThis as any).__longest as number);
    console.log(
      `      longest main-thread task while 1 MB streamed in at 64 KB a frame: ${Math.round(longest)} ms`,
    );
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'big', text: '\n\nTHE END' },
      { type: 'turn/ended', turnId: 'big', status: 'done' },
    );
    await page.getByRole('region', { name: 'Answer' }).last().getByText('THE END').waitFor();

    await page.evaluate(() => ((globalThis as any).__longest = 0));
    await deliver(page, { type: 'turn/started', turnId: 'stars', task: 'stars' });
    // After a word, so markdown-it must weigh every star as a possible emphasis delimiter
    // (alone on a line, they would be one thematic break).
    await stream(
      page,
      'turn/answerDelta',
      'stars',
      ('Stars: ' + '*'.repeat(50_000)).match(/[\s\S]{1,500}/g) ?? [],
      10,
    );
    await nextFrames(page, 3);
    console.log(
      `      longest main-thread task while 50,000 "*" streamed in: ${Math.round(await page.evaluate(() => (globalThis as any).__longest as number))} ms`,
    );
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'stars', text: '\n\nSTARS DONE' },
      { type: 'turn/ended', turnId: 'stars', status: 'done' },
    );
    const stars = page.getByRole('region', { name: 'Answer' }).last();
    await stars.getByText('STARS DONE').waitFor();
    assert.ok(
      (await stars.innerText()).split('*').length - 1 >= 49_000,
      'the stars are shown as text',
    );

    const task = page.getByRole('textbox', { name: 'Task' });
    await task.fill('still responsive?');
    assert.equal(await task.inputValue(), 'still responsive?');
  });

  it('B06 · an SVG with <script> and onload → shown and prepared, but its scripts never run (no request, no global)', async () => {
    page = await openPanel();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await deliver(page, init('scripted.svg'));
    await waitForPost(page, 'image/prepared');
    await page.locator('.image-content').waitFor();
    await page.waitForTimeout(300);
    assert.deepEqual(
      requests.filter((url) => url.includes('/evil/')),
      [],
      'neither the script nor onload ran',
    );
    assert.deepEqual(
      panel.server.hits.filter((hit) => hit.startsWith('/evil/')),
      [],
    );
    assert.equal(await page.evaluate(() => (globalThis as any).__svgPwned), undefined);
  });

  it('B10 · a hostile file name → shown as text in the panel, never as markup', async () => {
    page = await openPanel();
    await deliver(page, init('small.png', [], HOSTILE_FILE_NAME));
    await waitForPost(page, 'image/prepared');
    assert.equal(await page.locator('.image-title').innerText(), HOSTILE_FILE_NAME);
    assert.ok((await page.locator('.image-caption').innerText()).startsWith(HOSTILE_FILE_NAME));
    assert.equal(
      await page.locator('img[src="x"]').count(),
      0,
      'no element was made from the name',
    );
  });

  it('F14 · an error whose text carries markup (a 502 HTML page) → shown as plain text, nothing rendered', async () => {
    page = await openPreparedPanel();
    await deliver(page, { type: 'turn/started', turnId: 'x1', task: 'explain' });
    const message =
      'The server at https://api.example.com failed (502: <h1>Bad Gateway</h1><img src=x onerror="window.__pwned=4">).';
    await deliver(page, {
      type: 'turn/ended',
      turnId: 'x1',
      status: 'error',
      error: { code: 'serverError', status: 502, message, actions: ['retry'] },
    });
    const alert = page.locator('article.turn').last().getByRole('alert');
    assert.equal(await alert.locator('.alert-message').innerText(), message);
    assert.equal(await alert.locator('h1, img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as any).__pwned), undefined);
  });
});
