// The streaming renderer's parser side (src/webview/markdown/markdownBlocks.ts, markdown-it), run
// in Node: the webview commits a block to the page once it is final and never renders it again, so
// what it commits from any prefix of an answer must be what the whole answer renders there.
// Property-based, on model-output-like markdown cut anywhere, and on 100k+ character pathological
// answers. (The DOM side is compared against a whole render in Chromium:
// test/e2e/panelPage.streaming.test.ts.)
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createMarkdown } from '../../src/webview/markdown/markdown';
import {
  countNewlines,
  findCommitPoint,
  offsetOfLine,
} from '../../src/webview/markdown/markdownBlocks';

const md = createMarkdown();

const lines = fc.constantFrom(
  '# Heading',
  '## Sub',
  'A paragraph with **bold** and `code`.',
  'continued text',
  '',
  '',
  '- item',
  '  - nested',
  '1. first',
  '2. second',
  '> quote',
  '```',
  '```ts',
  'const x = 1;',
  '~~~',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '---',
  '===',
  '    indented code',
  '<b>raw html</b>',
  '***',
  '*',
  '_',
);
const markdown = fc.array(lines, { maxLength: 40 }).map((parts) => parts.join('\n'));

/** What the webview commits from `prefix`: the source of its final blocks. */
function committedSource(prefix: string): string {
  const tokens = md.parse(prefix, {});
  const point = findCommitPoint(tokens, countNewlines(prefix));
  return point ? prefix.slice(0, offsetOfLine(prefix, point.line)) : '';
}

describe('streaming markdown commit points (property-based)', () => {
  it('what is committed from any prefix renders as the whole answer renders it', () => {
    fc.assert(
      fc.property(markdown, fc.nat(), (answer, cutAt) => {
        const prefix = answer.slice(0, cutAt % (answer.length + 1));
        const committed = committedSource(prefix);
        assert.ok(answer.startsWith(committed));
        assert.ok(
          md.render(answer).startsWith(md.render(committed)),
          `committed ${JSON.stringify(committed)} of ${JSON.stringify(answer)}`,
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it('A04 · 100k+ character pathological answers (emphasis runs, brackets, nested quotes, an unclosed fence) → parsed, and what is committed is a prefix of the answer', () => {
    const answers = [
      '*'.repeat(120_000),
      '_a'.repeat(60_000),
      '['.repeat(100_000),
      '> '.repeat(50_000) + 'deep',
      `${'`'.repeat(3)}\n${'code line\n'.repeat(12_000)}`,
      `${'- item\n'.repeat(15_000)}`,
      `${'a '.repeat(50_000)}\n\n${'<'.repeat(100_000)}`,
    ];
    for (const answer of answers) {
      for (const cut of [answer.length >> 1, answer.length]) {
        const committed = committedSource(answer.slice(0, cut));
        assert.ok(answer.startsWith(committed));
      }
    }
  });
});
