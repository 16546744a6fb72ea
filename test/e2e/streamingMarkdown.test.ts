// The streaming renderer's open blocks and the conversation's scrolling, in a real Chromium
// (webviewPage.ts serves the production bundles). What the user sees is compared with what
// rendering the whole answer at once gives: the DOM must be identical, however the text arrives.
//
// Run: npx tsc -p . && npx mocha out/test/e2e/streamingMarkdown.test.js --timeout 60000

import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { HostToWebview } from '../../src/core/protocol';
import { chunkingMismatches, type ChunkedDocument } from './markdownChunkings';
import { AUTOCOMPLETE_LIMIT_TABLE, LONG_FENCES, TABLES } from './streamingMarkdown.fixtures';
import { checkedPages, deliver, nextFrames, pageHarness } from './webviewPage';

/**
 * Every document the chunkings run over, with how many random chunkings each gets. The panel's
 * own documents (panelPage.fixtures.ts) are chunked by its streaming test.
 */
const DOCUMENTS: readonly ChunkedDocument[] = [
  ...[
    TABLES,
    LONG_FENCES,
    '```\ncloses on the last line\n```',
    '| a | b |\n|---|---|\n| 1 | 2 |',
    '| a | b |\n|---|---|\n| 1 | 2 |\n\nafter',
  ].map((text) => [text, 40] as const),
  // Each render of it parses a 256-cell header: a few chunkings are enough.
  [AUTOCOMPLETE_LIMIT_TABLE, 4],
];

/** An empty conversation in the panel, for the answers streamed into it. */
const PANEL_INIT: HostToWebview = {
  type: 'conversation/init',
  turns: [],
  model: 'gpt-4o',
  maxImageSide: 2048,
};

describe('streaming markdown in Chromium', function () {
  this.timeout(60_000);

  let page: Page | undefined;
  const open = checkedPages(pageHarness({}));

  it('renders tables row by row and long code blocks line by line exactly as one render of the whole', async () => {
    page = await open('markdownHarness', { viewport: { width: 1000, height: 700 } });
    const mismatches = await page.evaluate(chunkingMismatches, DOCUMENTS);
    assert.deepEqual(mismatches, []);
  });

  it('shows a code block that is still streaming at the height and text of the whole block rendered at once', async () => {
    page = await open('panel', { viewport: { width: 1000, height: 700 } });
    const lines = Array.from(
      { length: 150 },
      (_, index) => `  const value${index} = compute(${index}); // <${index}>`,
    );
    const source = `Intro.\n\n\`\`\`ts\n${lines.join('\n')}\n`;
    await deliver(page, PANEL_INIT, { type: 'turn/started', turnId: 'open', task: 'code' });
    // Streamed a few lines a frame: the block stays open, its lines added as they come.
    await page.evaluate(async (text) => {
      const host = (globalThis as any).__host;
      for (let index = 0; index < text.length; index += 97) {
        host.deliver({
          type: 'turn/answerDelta',
          turnId: 'open',
          text: text.slice(index, index + 97),
        });
        await new Promise((resolve) => (globalThis as any).requestAnimationFrame(resolve));
      }
    }, source);
    await deliver(page, { type: 'turn/started', turnId: 'whole', task: 'code' });
    await deliver(page, { type: 'turn/answerDelta', turnId: 'whole', text: source });
    await deliver(page, { type: 'turn/ended', turnId: 'whole', status: 'done' });
    const measure = (turnId: string) =>
      page!.waitForFunction(
        ([id, last]) => {
          const pre = (globalThis as any).document.querySelector(
            `[data-turn-id="${id}"] .code-block pre`,
          );
          return pre?.textContent.includes(last)
            ? { height: pre.getBoundingClientRect().height, text: pre.textContent }
            : undefined;
        },
        [turnId, lines.at(-1)!] as const,
      );
    const streaming = (await (await measure('open')).jsonValue())!;
    const whole = (await (await measure('whole')).jsonValue())!;
    assert.equal(streaming.text, whole.text);
    assert.equal(streaming.height, whole.height, 'no line more or less while it streams');
    const blocks = await page.evaluate(
      () =>
        (globalThis as any).document.querySelectorAll('[data-turn-id="open"] .code-lines').length,
    );
    assert.ok(blocks > 1, `the streaming block's lines are in ${blocks} blocks`);

    // Closing it keeps the lines where they are (no second layout of the whole block): the
    // block of lines shown while it streamed is still the one in the page, now final.
    await page.evaluate(() => {
      (globalThis as any).__firstLines = (globalThis as any).document.querySelector(
        '[data-turn-id="open"] .code-lines',
      );
    });
    await deliver(page, { type: 'turn/answerDelta', turnId: 'open', text: '```\n\nAfter.' });
    await deliver(page, { type: 'turn/ended', turnId: 'open', status: 'done' });
    const closed = await page.evaluate(() => {
      const document = (globalThis as any).document;
      const answer = document.querySelector('[data-turn-id="open"] .answer-body');
      return {
        kept: (globalThis as any).__firstLines.isConnected,
        after: answer.lastElementChild.textContent,
        code: answer.querySelector('.code-block pre').textContent,
      };
    });
    assert.deepEqual(closed, { kept: true, after: 'After.', code: whole.text });
  });

  it('keeps the newest text in view while it streams, and stays where the user scrolled up to', async () => {
    page = await open('panel', { viewport: { width: 900, height: 500 } });
    await deliver(page, PANEL_INIT, { type: 'turn/started', turnId: 's1', task: 'explain' });
    const paragraph = (index: number): string => `Paragraph ${index} of the answer.\n\n`;
    const streamParagraphs = (from: number, to: number): Promise<void> =>
      page!.evaluate(
        async ([first, last]) => {
          const host = (globalThis as any).__host;
          for (let index = first; index < last; index++) {
            host.deliver({
              type: 'turn/answerDelta',
              turnId: 's1',
              text: `Paragraph ${index} of the answer.\n\n`,
            });
            await new Promise((resolve) => (globalThis as any).requestAnimationFrame(resolve));
          }
        },
        [from, to] as const,
      );
    /**
     * Where a paragraph's text is, relative to the conversation's visible box (null: not drawn).
     */
    const place = (text: string) =>
      page!.evaluate((wanted) => {
        const document_ = (globalThis as any).document;
        const box = document_.querySelector('.conversation').getBoundingClientRect();
        const found = [...document_.querySelectorAll('.answer-body p')].find(
          (element: any) => element.textContent === wanted,
        );
        if (!found) {
          return null;
        }
        const rect = found.getBoundingClientRect();
        return { top: rect.top - box.top, bottom: rect.bottom - box.top, height: box.height };
      }, text);
    const settle = (): Promise<void> => nextFrames(page!, 6);

    await streamParagraphs(0, 60);
    await settle();
    const newest = await place(paragraph(59).trim());
    assert.ok(newest, 'the newest paragraph is rendered');
    assert.ok(
      newest.top >= 0 && newest.bottom <= newest.height,
      `the newest paragraph is in view while following: ${JSON.stringify(newest)}`,
    );

    // The user scrolls up to read paragraph 10; more text arrives below it.
    await page.evaluate(() => {
      const document_ = (globalThis as any).document;
      const target = [...document_.querySelectorAll('.answer-body p')].find(
        (element: any) => element.textContent === 'Paragraph 10 of the answer.',
      );
      target.scrollIntoView({ block: 'start' });
    });
    await settle();
    const reading = await place(paragraph(10).trim());
    await streamParagraphs(60, 120);
    await settle();
    assert.deepEqual(
      await place(paragraph(10).trim()),
      reading,
      'the paragraph being read stays where it was while the answer grows below it',
    );
    const unseen = await place(paragraph(119).trim());
    assert.ok(unseen && unseen.top > unseen.height, 'the newest text is below the view');

    // Back at the end, the view follows again.
    await page.evaluate(() => {
      const conversation = (globalThis as any).document.querySelector('.conversation');
      conversation.scrollTop = conversation.scrollHeight;
    });
    await settle();
    await streamParagraphs(120, 160);
    await settle();
    const last = await place(paragraph(159).trim());
    assert.ok(
      last && last.top >= 0 && last.bottom <= last.height,
      `following again once scrolled to the end: ${JSON.stringify(last)}`,
    );
  });
});
