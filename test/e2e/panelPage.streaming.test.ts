// The analysis panel's answers streaming in Chromium: reasoning and answer rendered as they arrive,
// identical to a one-shot render of the whole document for any chunking, the first delta of a
// burst shown at once; and, with PANEL_BENCH=1, what streaming costs against re-rendering.
//
// Shared setup: panelPageSuite.ts (run one file as it says).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { chunkingMismatches } from './markdownChunkings';
import { ANSWER, FENCES, LISTS, MIXED_DOCUMENT } from './panelPage.fixtures';
import { OUTPUT, panelPageSuite, randomChunks, stream } from './panelPageSuite';
import { deliver, nextFrames, posted, waitForPost } from './webviewPage';

describe('analysis panel webview in Chromium: streaming', function () {
  this.timeout(60_000);

  const panel = panelPageSuite();
  const { openPreparedPanel, screenshot } = panel;
  let page: Page;

  it('streams reasoning, collapses it when the answer starts, and renders the answer as markdown', async () => {
    page = await openPreparedPanel();
    await page.getByRole('textbox', { name: 'Task' }).fill('  explain this architecture  ');
    await page.getByRole('button', { name: 'Analyze' }).click();
    const submit = await waitForPost(page, 'task/submit');
    assert.equal(submit.task, 'explain this architecture');
    await deliver(page, { type: 'turn/started', turnId: 't1', task: submit.task });

    await stream(
      page,
      'turn/reasoningDelta',
      't1',
      randomChunks(
        'The user wants an overview.\n\nI see a load balancer, two web servers and **one database**.',
        3,
        6,
      ),
    );
    await nextFrames(page);
    const reasoning = page.getByRole('region', { name: 'Reasoning' }).last();
    assert.equal(await reasoning.locator('details').getAttribute('open'), '');
    assert.equal(await reasoning.locator('summary').innerText(), 'Thinking…');
    assert.match(await reasoning.innerText(), /one database/);
    await screenshot(page, 'thinking-dark');

    await stream(page, 'turn/answerDelta', 't1', randomChunks(ANSWER, 11, 5));
    await nextFrames(page);
    assert.equal(
      await reasoning.locator('details').getAttribute('open'),
      null,
      'reasoning collapses when the answer starts',
    );
    assert.match(await reasoning.locator('summary').innerText(), /^Thought for \d+ s$/);
    assert.ok(await page.getByRole('button', { name: 'Stop' }).isVisible());

    await deliver(page, {
      type: 'turn/usage',
      turnId: 't1',
      usage: { promptTokens: 1200, completionTokens: 800, reasoningTokens: 1234 },
    });
    await deliver(page, {
      type: 'turn/ended',
      turnId: 't1',
      status: 'done',
      reasoningMs: 4200,
      durationMs: 6480,
      costUsd: 0.011,
    });
    assert.equal(
      await reasoning.locator('summary').innerText(),
      'Thought for 4 s · 1,234 reasoning tokens',
    );
    assert.equal(
      await page.locator('article.turn').last().locator('.turn-usage').innerText(),
      '1,200 in · 800 out · 1,234 reasoning · 6.5 s · $0.011',
    );

    const answer = page.getByRole('region', { name: 'Answer' }).last();
    assert.equal(await answer.locator('h2').innerText(), 'Overview');
    assert.equal(await answer.locator('ul > li').count(), 4);
    assert.equal(await answer.locator('table tr').count(), 4);
    assert.equal(
      await answer.locator('td.align-right').count(),
      3,
      'column alignment survives the CSP as a class',
    );
    assert.equal(await answer.locator('pre code.language-yaml').count(), 1);

    await page
      .getByRole('status')
      .filter({ hasText: 'Answer complete' })
      .waitFor({ state: 'attached' });
    const task = page.getByRole('textbox', { name: 'Task' });
    assert.equal(await task.inputValue(), '');
    assert.equal(await task.getAttribute('placeholder'), 'Ask a follow-up…');
    assert.ok(await page.getByRole('button', { name: 'Analyze' }).isVisible());
    await screenshot(page, 'answer-dark');

    const count = (await posted(page)).length;
    await answer.getByRole('button', { name: 'Copy code' }).click();
    const copied = await waitForPost(page, 'clipboard/write', count);
    assert.equal(copied.text, 'replicas: 2\ndatabase:\n  primary: db-1   # no standby\n');

    await answer.getByRole('link', { name: 'the runbook' }).click();
    const link = await waitForPost(page, 'link/open', count);
    assert.equal(link.href, 'https://example.com/runbook');
    assert.equal(
      await answer.getByRole('link', { name: 'the runbook' }).getAttribute('title'),
      'https://example.com/runbook',
    );
    assert.equal(new URL(page.url()).pathname, '/panel.html', 'the webview did not navigate');
  });

  it('renders the streamed answer exactly as a one-shot render of the whole document', async () => {
    page = await openPreparedPanel();
    await deliver(page, { type: 'turn/started', turnId: 'm1', task: 'review' });
    await stream(page, 'turn/answerDelta', 'm1', randomChunks(MIXED_DOCUMENT, 5, 4), 3);
    await deliver(page, { type: 'turn/ended', turnId: 'm1', status: 'done' });
    const streamed = await page.locator('.answer-body').last().innerHTML();

    const harness = await page.context().newPage();
    await harness.goto(`${panel.server.origin}/markdownHarness.html`);
    const oneShot = await harness.evaluate((text) => {
      const { createMarkdown } = (globalThis as any).markdownHarness;
      const div = (globalThis as any).document.createElement('div');
      div.innerHTML = createMarkdown().render(text);
      return div.innerHTML;
    }, MIXED_DOCUMENT);
    assert.equal(streamed, oneShot);
  });

  it('keeps the streaming renderer identical to a one-shot render for many random chunkings', async () => {
    page = await panel.openMarkdownHarness();
    const mismatches = await page.evaluate(
      chunkingMismatches,
      [
        MIXED_DOCUMENT,
        ANSWER,
        FENCES,
        LISTS,
        '```\nnever closed\n\n- not a list',
        '[later] is defined below.\n\n[later]: https://example.com/later\n',
      ].map((text) => [text, 40] as const),
    );
    assert.deepEqual(mismatches, []);
  });

  it('puts the first delta of a burst into the DOM at once and later deltas on the next frame', async () => {
    page = await panel.openMarkdownHarness();
    const seen = await page.evaluate(async () => {
      const { StreamingMarkdown } = (globalThis as any).markdownHarness;
      const container = (globalThis as any).document.createElement('div');
      const view = new StreamingMarkdown(container);
      const nextFrame = (): Promise<void> =>
        new Promise((resolve) => (globalThis as any).requestAnimationFrame(() => resolve()));
      view.append('First');
      const afterFirst = container.textContent; // no frame has run: this is what the next paint shows
      view.append(' token');
      const afterSecond = container.textContent;
      // Later renders also keep to their share of the time (TAIL_RENDER_SHARE): allow frames.
      for (let frame = 0; frame < 120 && container.textContent === afterSecond; frame++) {
        await nextFrame();
      }
      const later = container.textContent;
      view.dispose();
      return {
        afterFirst: afterFirst.trim(),
        afterSecond: afterSecond.trim(),
        later: later.trim(),
      };
    });
    assert.deepEqual(seen, { afterFirst: 'First', afterSecond: 'First', later: 'First token' });
  });

  it('shows the progress bar while the model is silent, not while its text arrives', async () => {
    page = await openPreparedPanel();
    // The bar is the pane's ::before; its animation is what costs a style update every frame.
    const bar = (): Promise<string> =>
      page.evaluate(() => {
        const pane = (globalThis as any).document.querySelector('.conversation-pane');
        return (globalThis as any).getComputedStyle(pane, '::before').animationName;
      });
    await deliver(page, { type: 'turn/started', turnId: 'q1', task: 'explain' });
    assert.equal(await bar(), 'progress', 'waiting for the first token');
    // Text every 50 ms for a second and a half: the bar stays away all along.
    const seen = await page.evaluate(async () => {
      const host = (globalThis as any).__host;
      const pane = (globalThis as any).document.querySelector('.conversation-pane');
      const names = new Set<string>();
      for (let index = 0; index < 30; index++) {
        host.deliver({ type: 'turn/answerDelta', turnId: 'q1', text: `word${index} ` });
        await new Promise((resolve) => setTimeout(resolve, 50));
        names.add((globalThis as any).getComputedStyle(pane, '::before').animationName);
      }
      return [...names];
    });
    assert.deepEqual(seen, ['none'], 'no bar while text arrives');
    await page.waitForTimeout(800);
    assert.equal(await bar(), 'progress', 'back once the text has stopped for half a second');
    await deliver(page, { type: 'turn/answerDelta', turnId: 'q1', text: 'more' });
    assert.equal(await bar(), 'none');
    await deliver(page, { type: 'turn/ended', turnId: 'q1', status: 'done' });
    await page.waitForTimeout(800);
    assert.equal(await bar(), 'none', 'gone when the turn ends');
  });

  it('creates no Reasoning region for a turn without reasoning', async () => {
    page = await openPreparedPanel();
    await deliver(
      page,
      { type: 'turn/started', turnId: 'r1', task: 'first' },
      { type: 'turn/reasoningDelta', turnId: 'r1', text: 'thinking' },
    );
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'r1', text: 'One.' },
      { type: 'turn/ended', turnId: 'r1', status: 'done' },
    );
    await deliver(
      page,
      { type: 'turn/started', turnId: 'r2', task: 'second' },
      { type: 'turn/answerDelta', turnId: 'r2', text: 'Just an **answer**.' },
    );
    await deliver(page, { type: 'turn/ended', turnId: 'r2', status: 'done' });
    const last = page.locator('article.turn').last();
    assert.equal(await last.getByRole('region', { name: 'Reasoning' }).count(), 0);
    assert.equal(await last.getByRole('region', { name: 'Answer' }).innerText(), 'Just an answer.');
    assert.equal(await page.getByRole('region', { name: 'Reasoning' }).count(), 1);
  });

  // Opt-in (PANEL_BENCH=1): it takes half a minute and asserts nothing.
  it('measures streaming cost against re-rendering the whole answer per delta (logged, not asserted)', async function () {
    if (!process.env.PANEL_BENCH) {
      this.skip();
    }
    page = await panel.openMarkdownHarness();
    const results = await page.evaluate(
      ([answer]) => {
        const { createMarkdown, StreamingMarkdown } = (globalThis as any).markdownHarness;
        const document_ = (globalThis as any).document;
        const md = createMarkdown();
        const build = (length: number, part: (index: number) => string): string => {
          let text = '';
          for (let index = 0; text.length < length; index++) {
            text += part(index);
          }
          return text;
        };
        // One delta per token (about four characters), rendering after every delta: the worst
        // case, since in the panel deltas that arrive within one frame share one render.
        const deltasOf = (text: string): string[] =>
          Array.from({ length: Math.ceil(text.length / 4) }, (_, index) =>
            text.slice(index * 4, index * 4 + 4),
          );
        const time = (run: (container: any) => void): number => {
          const container = document_.createElement('div');
          document_.body.append(container);
          const start = performance.now();
          run(container);
          container.getBoundingClientRect();
          const elapsed = performance.now() - start;
          container.remove();
          return elapsed;
        };
        const incremental = (deltas: string[]): number =>
          time((container) => {
            const view = new StreamingMarkdown(container, { md, schedule: () => () => undefined });
            for (const delta of deltas) {
              view.append(delta);
              view.flush();
            }
            view.finish();
          });
        const naive = (deltas: string[]): number =>
          time((container) => {
            let source = '';
            for (const delta of deltas) {
              source += delta;
              container.innerHTML = md.render(source);
            }
          });
        const documents: [string, string][] = [
          [
            'a 20k-token mixed answer',
            build(80_000, (index) => answer.replace('## Overview', `## Section ${index}`) + '\n'),
          ],
          [
            'one 1,000-line code block',
            '```ts\n' +
              build(40_000, (index) => `const value${index} = compute(${index}, "text");\n`) +
              '```\n',
          ],
          [
            'one 300-item list',
            build(12_000, (index) => `- item ${index}: a short point about the diagram\n`),
          ],
        ];
        return documents.map(([name, text]) => {
          const deltas = deltasOf(text);
          const quarter = deltas.slice(0, Math.ceil(deltas.length / 4));
          return {
            name,
            chars: text.length,
            deltas: deltas.length,
            incrementalMs: incremental(deltas),
            naiveQuarterMs: naive(quarter),
          };
        });
      },
      [ANSWER] as const,
    );
    const lines = results.map(
      (result) =>
        `${result.name}: ${result.chars} chars in ${result.deltas} deltas, rendered after every delta: ` +
        `incremental ${result.incrementalMs.toFixed(0)} ms for all of it, naive full re-render ${result.naiveQuarterMs.toFixed(0)} ms for the first quarter alone`,
    );
    for (const line of lines) {
      console.log(`      ${line}`);
    }
    fs.writeFileSync(path.join(OUTPUT, 'panel-streaming-cost.txt'), `${lines.join('\n')}\n`);
  });
});
