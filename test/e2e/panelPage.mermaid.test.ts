// Mermaid answers in the analysis panel, in Chromium: drawn beside their code with Open as file,
// a diagram that does not render (or draws nothing) sent back to the model once, and click links.
//
// Shared setup: panelPageSuite.ts (run one file as it says).

import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { panelPageSuite } from './panelPageSuite';
import { deliver, nextFrames, posted, waitForPost } from './webviewPage';

describe('analysis panel webview in Chromium: Mermaid', function () {
  this.timeout(60_000);

  const panel = panelPageSuite();
  const { init, openPreparedPanel, screenshot } = panel;
  let page: Page;

  it('renders a mermaid answer as a diagram beside the code, with Open as file', async () => {
    page = await openPreparedPanel();
    const source =
      'flowchart LR\n  Browser --> Gateway[API Gateway]\n  Gateway --> Orders\n  Orders --> DB[(Postgres)]';
    await deliver(page, { type: 'turn/started', turnId: 'd1', task: 'Generate Mermaid' });
    await deliver(
      page,
      {
        type: 'turn/answerDelta',
        turnId: 'd1',
        text: `Here it is:\n\n\`\`\`mermaid\n${source}\n\`\`\`\n`,
      },
      { type: 'turn/ended', turnId: 'd1', status: 'done' },
    );
    const diagram = page.getByRole('img', { name: 'The Mermaid diagram above, rendered' });
    await diagram.waitFor({ state: 'visible', timeout: 30_000 });
    const rendered = await diagram.evaluate((image: any) => ({
      src: image.src as string,
      width: image.naturalWidth as number,
      complete: image.complete as boolean,
    }));
    assert.ok(
      rendered.complete && rendered.width > 100,
      `the SVG drew (${rendered.width} px wide)`,
    );
    const svg = decodeURIComponent(rendered.src.slice(rendered.src.indexOf(',') + 1));
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const label of ['Browser', 'API Gateway', 'Orders', 'Postgres']) {
      assert.ok(svg.includes(label), `the diagram has ${label}`);
    }
    assert.ok(!/<script/i.test(svg), 'nothing in it can run');
    const count = (await posted(page)).length;
    await page.getByRole('button', { name: 'Open as file' }).click();
    assert.deepEqual(await waitForPost(page, 'mermaid/open', count), {
      type: 'mermaid/open',
      source,
    });
    assert.equal(
      (await posted(page)).filter((message) => message.type === 'mermaid/repair').length,
      0,
    );
    await page.locator('.mermaid-figure').scrollIntoViewIfNeeded();
    await screenshot(page, 'mermaid-rendered');
  });

  it('sends a diagram that does not render back to the model exactly once', async () => {
    page = await openPreparedPanel();
    const broken = 'flowchart LR\n  A[Gateway --> B';
    await deliver(page, { type: 'turn/started', turnId: 'b1', task: 'Generate Mermaid' });
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'b1', text: `\`\`\`mermaid\n${broken}\n\`\`\`\n` },
      { type: 'turn/ended', turnId: 'b1', status: 'done' },
    );
    const repair = await waitForPost(page, 'mermaid/repair');
    assert.equal(repair.turnId, 'b1');
    assert.equal(repair.source, broken);
    assert.match(repair.error, /Parse error|Expecting|error/i);
    await page.locator('.mermaid-figure.failed').first().waitFor();
    assert.match(
      await page.locator('.mermaid-figure.failed').first().innerText(),
      /did not render/,
    );

    // The host's automatic fix turn is broken too: no second repair.
    await deliver(page, {
      type: 'turn/started',
      turnId: 'b2',
      task: 'Fix the Mermaid diagram (it did not render: …)',
      repairOf: 'b1',
    });
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'b2', text: `\`\`\`mermaid\n${broken} still\n\`\`\`\n` },
      { type: 'turn/ended', turnId: 'b2', status: 'done' },
    );
    await page.locator('article.turn').last().locator('.mermaid-figure.failed').waitFor();
    assert.equal(
      await page.locator('article.turn').last().locator('.turn-tag').innerText(),
      'Automatic fix',
    );
    // Restoring the page (a reload) does not ask again either.
    await deliver(
      page,
      init('large.png', [
        {
          id: 'b1',
          task: 'Generate Mermaid',
          reasoning: '',
          answer: `\`\`\`mermaid\n${broken}\n\`\`\`\n`,
          status: 'done',
        },
      ]),
    );
    await page.locator('.mermaid-figure.failed').first().waitFor();
    await nextFrames(page, 4);
    assert.equal(
      (await posted(page)).filter((message) => message.type === 'mermaid/repair').length,
      1,
      'exactly one repair turn was asked for',
    );
    await screenshot(page, 'mermaid-failed');
  });

  it('sends a diagram that draws nothing back to the model too, and says so in the panel', async () => {
    page = await openPreparedPanel();
    // Parses, but Mermaid draws an empty picture: before, a blank figure and no repair turn.
    const empty = 'flowchart TD';
    await deliver(page, { type: 'turn/started', turnId: 'e1', task: 'Generate Mermaid' });
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'e1', text: `\`\`\`mermaid\n${empty}\n\`\`\`\n` },
      { type: 'turn/ended', turnId: 'e1', status: 'done' },
    );
    const repair = await waitForPost(page, 'mermaid/repair');
    assert.deepEqual(
      { turnId: repair.turnId, source: repair.source },
      { turnId: 'e1', source: empty },
    );
    assert.match(repair.error, /^Mermaid drew an empty picture, with nothing visible in it\.$/);
    const failed = page.locator('.mermaid-figure.failed');
    await failed.waitFor();
    assert.ok(await failed.isVisible());
    assert.match(
      await failed.innerText(),
      /The Mermaid diagram did not render: Mermaid drew an empty picture/,
    );
    assert.equal(await page.locator('.mermaid-figure img').count(), 0, 'no empty picture shown');
    await failed.scrollIntoViewIfNeeded();
    await screenshot(page, 'mermaid-blank');
  });

  it('A08 · Mermaid click links to https:, javascript: and data: → the drawing holds none; the https one is listed under it and opens only through the host', async () => {
    page = await openPreparedPanel();
    const source = [
      'flowchart LR',
      '  Docs[Docs<br/>site] --> Api[API] --> Evil[Evil]',
      '  click Docs href "https://example.com/docs" _blank',
      '  click Api "javascript:alert(1)"',
      '  click Evil href "data:text/html,<script>alert(1)</script>"',
    ].join('\n');
    await deliver(page, { type: 'turn/started', turnId: 'l1', task: 'Generate Mermaid' });
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'l1', text: `\`\`\`mermaid\n${source}\n\`\`\`\n` },
      { type: 'turn/ended', turnId: 'l1', status: 'done' },
    );
    const diagram = page.getByRole('img', { name: 'The Mermaid diagram above, rendered' });
    await diagram.waitFor({ state: 'visible', timeout: 30_000 });
    const src = await diagram.getAttribute('src');
    const svg = decodeURIComponent(src!.slice(src!.indexOf(',') + 1));
    assert.doesNotMatch(svg, /href|javascript:|example\.com/i, 'no link target in the drawing');
    const links = page.locator('.mermaid-links a');
    assert.deepEqual(await links.evaluateAll((all) => all.map((a: any) => a.href)), [
      'https://example.com/docs',
    ]);
    const url = page.url();
    const count = (await posted(page)).length;
    await links.first().click();
    assert.deepEqual(await waitForPost(page, 'link/open', count), {
      type: 'link/open',
      href: 'https://example.com/docs',
    });
    assert.equal(page.url(), url, 'the webview did not navigate');
    assert.equal(
      (await posted(page)).filter((message) => message.type === 'mermaid/repair').length,
      0,
    );
    await page.locator('.mermaid-figure').scrollIntoViewIfNeeded();
    await screenshot(page, 'mermaid-links');
  });
});
