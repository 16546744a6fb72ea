// Property-based tests of the parsers that read model output and error bodies as they stream:
// the grounding-block filter, the think-tag splitter, the error summariser and the credential
// scrubber. Each must give the same result however its input is cut into deltas, never hold back
// more than a bounded tail, and finish on inputs of 100k+ characters shaped to make a
// backtracking parser quadratic. (How their cost grows with the input is measured, not asserted:
// `node bench/run.mjs --only parsers`.)
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { scrubSecrets, summarise } from '../../src/core/errors';
import {
  GroundingBlockFilter,
  MAX_FENCE_LINE_CHARS,
  splitGroundingBlock,
} from '../../src/core/groundingBlock';
import { ThinkTagSplitter, type SplitPiece } from '../../src/core/thinkTagSplitter';

/** Text made of the characters that matter to the parsers, with whole fences and tags mixed in. */
function markdownish(maxLength: number): fc.Arbitrary<string> {
  const pieces = fc.oneof(
    fc.constantFrom(
      ' ',
      '  ',
      '\t',
      '\n',
      '\r\n',
      '`',
      '~',
      '```',
      '~~~~',
      'grounding',
      'ground',
      '```grounding\n',
      '   ```grounding  \n',
      '```\n',
      '[{"name":"A","box_2d":[1,2,3,4]}]\n',
      '<think>',
      '</think>',
      '<thought>',
      '</thought>',
      '<',
      '</',
      '<thi',
      '!',
      'x',
    ),
    fc.string({ maxLength: 12 }),
  );
  return fc.array(pieces, { maxLength }).map((parts) => parts.join(''));
}

/** Cut points: `text` split into deltas of the given lengths (cycled). */
function cut(text: string, lengths: readonly number[]): string[] {
  const deltas: string[] = [];
  for (let index = 0, step = 0; index < text.length; step++) {
    const length = Math.max(1, lengths[step % lengths.length] ?? 1);
    deltas.push(text.slice(index, index + length));
    index += length;
  }
  return deltas;
}

const cuts = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 });

function streamGrounding(deltas: readonly string[]): {
  visible: string;
  blocks: readonly string[];
  longestHeld: number;
} {
  const filter = new GroundingBlockFilter();
  let visible = '';
  let pushed = 0;
  let longestHeld = 0;
  for (const delta of deltas) {
    visible += filter.push(delta);
    pushed += delta.length;
    // Whatever is not shown yet is held back (or inside a block).
    longestHeld = Math.max(longestHeld, pushed - visible.length);
  }
  visible += filter.finish();
  return { visible, blocks: filter.blockTexts, longestHeld };
}

describe('grounding block filter (property-based)', () => {
  it('gives the same answer and blocks however the stream is cut', () => {
    fc.assert(
      fc.property(markdownish(60), cuts, (text, lengths) => {
        const whole = splitGroundingBlock(text);
        const streamed = streamGrounding(cut(text, lengths));
        assert.equal(streamed.visible, whole.answer);
        assert.equal(streamed.blocks.at(-1), whole.block);
      }),
      { numRuns: 500 },
    );
  });

  it('never shows a line of a grounding block, and shows every other line', () => {
    fc.assert(
      fc.property(markdownish(30), markdownish(30), cuts, (before, after, lengths) => {
        const prose = `${before.replace(/[`~]/g, '')}\n`;
        const block = '[{"name":"Secret Box","box_2d":[1,2,3,4]}]\n';
        const text = `${prose}\`\`\`grounding\n${block}\`\`\`\n${after.replace(/[`~]/g, '')}`;
        const streamed = streamGrounding(cut(text, lengths));
        assert.ok(!streamed.visible.includes('Secret Box'));
        assert.ok(streamed.visible.startsWith(prose));
        assert.equal(streamed.blocks.at(-1), block);
      }),
      { numRuns: 300 },
    );
  });

  it('A04 · 40,000 spaces and a "!", or 100k characters of near-fences, streamed a character at a time → shown as they arrive: no more than one fence line is ever held back', () => {
    const hostile = [
      `${' '.repeat(40_000)}!`,
      `${'`'.repeat(100_000)}x`,
      `\`\`\`${' '.repeat(100_000)}groundin`,
      `\`\`\`${'\t'.repeat(50_000)}${' '.repeat(50_000)}!`,
      `${'~~~ grou\n'.repeat(12_000)}`,
    ];
    for (const text of hostile) {
      const streamed = streamGrounding(cut(text, [1]));
      assert.equal(streamed.visible, text, 'all of it is answer');
      assert.ok(
        streamed.longestHeld <= MAX_FENCE_LINE_CHARS + 1,
        `held back ${streamed.longestHeld} characters at once`,
      );
    }
  });

  it('A04 · 100k+ characters inside an unclosed grounding block, one character at a time → kept aside, none shown', () => {
    const body = `[${'{"name":"n","box_2d":[1,2,3,4]},'.repeat(4_000)}`;
    const streamed = streamGrounding(cut(`Answer.\n\`\`\`grounding\n${body}`, [1, 3, 7]));
    assert.equal(streamed.visible, 'Answer.\n');
    assert.equal(streamed.blocks.at(-1), body);
  });

  it('finishes on 200k-character random inputs cut anywhere', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), cuts, (seed, lengths) => {
        const text = fc.sample(markdownish(40_000), { seed, numRuns: 1 })[0];
        const whole = splitGroundingBlock(text);
        assert.equal(streamGrounding(cut(text, lengths)).visible, whole.answer);
      }),
      { numRuns: 5 },
    );
  });
});

function splitAll(deltas: readonly string[]): SplitPiece[] {
  const splitter = new ThinkTagSplitter();
  const pieces = deltas.flatMap((delta) => splitter.push(delta));
  return [...pieces, ...splitter.flush()];
}

function joined(pieces: readonly SplitPiece[]): { reasoning: string; answer: string } {
  return {
    reasoning: pieces.map((piece) => (piece.kind === 'reasoning' ? piece.text : '')).join(''),
    answer: pieces.map((piece) => (piece.kind === 'answer' ? piece.text : '')).join(''),
  };
}

describe('think-tag splitter (property-based)', () => {
  it('splits the same way however the stream is cut, and loses no character outside the tags', () => {
    fc.assert(
      fc.property(markdownish(60), cuts, (text, lengths) => {
        const whole = joined(splitAll([text]));
        const streamed = joined(splitAll(cut(text, lengths)));
        assert.deepEqual(streamed, whole);
        const tags = /<\/?(think|thought)>/g;
        assert.ok(
          (whole.reasoning + whole.answer).length >= text.replace(tags, '').length - 0,
          'no text lost',
        );
      }),
      { numRuns: 500 },
    );
  });

  it('A04 · 100k+ characters of "<", "</thi" and unclosed tags, a character at a time → released at once except a possible tag prefix', () => {
    for (const text of [
      '<'.repeat(100_000),
      '</thi'.repeat(30_000),
      `<think>${'<thought>'.repeat(15_000)}`,
      `${'<thin'.repeat(25_000)}k>`,
    ]) {
      const splitter = new ThinkTagSplitter();
      for (const delta of cut(text, [1, 2])) {
        splitter.push(delta);
        // Held back is only ever a possible prefix of a tag (the longest is "</thought>").
        const held = (splitter as unknown as { pending: string }).pending;
        assert.ok(held.length < '</thought>'.length, `held ${held.length} characters`);
      }
      const all = joined(splitAll([text]));
      assert.deepEqual(joined(splitAll(cut(text, [1, 2]))), all);
    }
  });
});

/** The summariser as it was (regular expressions with lazy and unbounded parts): the reference. */
function regexSummary(text: string): string {
  let plain = text;
  if (/<(!doctype|html|head|body|title|h1|p|div|center)\b/i.test(plain)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(plain)?.[1];
    const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(plain)?.[1];
    plain = (title ?? heading ?? plain)
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return plain.replace(/\s+/g, ' ').trim();
}

function htmlish(maxLength: number): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '<html>',
          '<title>',
          '</title>',
          '<TITLE x="1">',
          '<h1>',
          '</h1>',
          '<script>',
          '</script>',
          '<style>',
          '</STYLE>',
          '<p>',
          '<div class="x">',
          '<',
          '>',
          '&amp;',
          '&lt;',
          '&nbsp;',
          ' ',
          '\n',
          'Bad Gateway',
          'nginx',
        ),
        fc.string({ maxLength: 8 }),
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));
}

describe('error summariser (property-based)', () => {
  it('reads an HTML or text body as the regular expressions did, in one line of at most 200 characters', () => {
    fc.assert(
      fc.property(htmlish(40), (body) => {
        const expected = scrubSecrets(regexSummary(body));
        const shown = summarise(body);
        assert.ok(shown.length <= 200);
        assert.equal(
          shown,
          expected.length > 200 ? `${expected.slice(0, 199)}…` : expected,
          JSON.stringify(body),
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it('E04 · 280 KB to 1 MB error bodies built to make a backtracking summariser quadratic → summarised in one line', () => {
    const bodies = [
      `<html>${'<title'.repeat(60_000)}`,
      `<html><title>${'<'.repeat(300_000)}`,
      `<p>${'<script'.repeat(50_000)}`,
      `<div>${'<h1 '.repeat(100_000)}`,
      `<html><title>x</title>${'<style>'.repeat(40_000)}`,
      `${'<p>'.repeat(100_000)}${'<'.repeat(300_000)}`,
      `${'-'.repeat(300_000)} `,
      `Bearer ${' '.repeat(300_000)}"`,
      `${'a:a'.repeat(100_000)}://${'b'.repeat(100_000)}`,
      `${'?key'.repeat(100_000)}`,
    ];
    for (const body of bodies) {
      const shown = summarise(body, 'sk-the-key-0000');
      assert.ok(shown.length <= 200, `${shown.length} characters`);
    }
  });

  it('finishes on 100k+ random bodies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const body = fc.sample(htmlish(25_000), { seed, numRuns: 1 })[0];
        assert.ok(summarise(body).length <= 200);
      }),
      { numRuns: 5 },
    );
  });
});

/** Credentials in the shapes providers issue, with what must not survive of each. */
const credentials = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{32}$/).map((key) => ({ text: key, secret: key })), // Azure
  fc
    .stringMatching(/^[A-Za-z0-9_-]{35}$/)
    .map((rest) => ({ text: `AIza${rest}`, secret: `AIza${rest}` })), // Gemini
  fc
    .stringMatching(/^[A-Za-z0-9]{20,48}$/)
    .map((rest) => ({ text: `sk-proj-${rest}`, secret: rest })), // OpenAI
  fc
    .stringMatching(/^[A-Za-z0-9]{8,20}$/)
    .map((password) => ({ text: `https://me:${password}@proxy.example/v1`, secret: password })),
  fc
    .stringMatching(/^[A-Za-z0-9]{8,20}$/)
    .map((value) => ({ text: `https://x.example/v1?api-key=${value}&q=1`, secret: value })),
  fc
    .stringMatching(/^[A-Za-z0-9]{8,20}$/)
    .map((value) => ({ text: `"api_key": "${value}"`, secret: value })),
);

describe('credential scrubbing (property-based)', () => {
  it('S09 · a server error that echoes an Azure, Gemini or OpenAI key, URL credentials or a key parameter, anywhere (also across the 200-character cut) → none of it shown', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        credentials,
        fc.string({ maxLength: 400 }),
        (before, credential, after) => {
          const pieces = Array.from({ length: credential.secret.length - 7 }, (_, start) =>
            credential.secret.slice(start, start + 8),
          );
          // The text around the credential is not the secret itself: fast-check likes strings
          // such as "toString" both as a password and as free text.
          fc.pre(!pieces.some((piece) => before.includes(piece) || after.includes(piece)));
          const body = `${before} ${credential.text} ${after}`;
          const shown = summarise(body);
          // No piece of 8 or more characters of the secret is left, in particular not half of it.
          for (const piece of pieces) {
            assert.ok(
              !shown.includes(piece),
              `${JSON.stringify(shown)} shows part of ${credential.secret}`,
            );
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('S09 · a key that straddles the 200-character cut → not even its first half is shown', () => {
    const key = '0123456789abcdef0123456789abcdef';
    for (let offset = 170; offset <= 200; offset++) {
      const shown = summarise(`${'x '.repeat(offset / 2)}${key} tail`);
      assert.ok(!shown.includes(key.slice(0, 8)), `offset ${offset}: ${shown}`);
    }
  });

  it('S09 · a Gemini key or a long token with `-sk-` inside → redacted whole, not cut where the prefix starts', () => {
    // Built here so that no key-shaped literal sits in the repository.
    for (const key of [
      `AIza${'A1b2C3d4e5'}-sk-${'F6g7H8i9J0'.repeat(2)}k`,
      `${'aGVsbG8'.repeat(4)}-pk-${'c2VjcmV0'.repeat(2)}`,
    ]) {
      const shown = summarise(`invalid key ${key} for this project`);
      assert.equal(shown, 'invalid key [redacted] for this project', key);
    }
    assert.equal(scrubSecrets('Incorrect API key: sk-ab***yz'), 'Incorrect API key: [redacted]');
  });

  it('keeps ordinary text, model names and request ids', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z ,.:]{0,200}$/), (text) => {
        assert.equal(scrubSecrets(text), text);
      }),
    );
    assert.equal(
      scrubSecrets('model "llama3.2-vision:11b" not found (request req_abc123)'),
      'model "llama3.2-vision:11b" not found (request req_abc123)',
    );
  });
});
