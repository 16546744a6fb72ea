import * as assert from 'node:assert/strict';
import { ThinkTagSplitter, type SplitPiece } from '../../src/core/thinkTagSplitter';

/** Feeds the chunks, flushes, and merges adjacent pieces of the same kind. */
function split(chunks: readonly string[]): SplitPiece[] {
  const splitter = new ThinkTagSplitter();
  const pieces = [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.flush()];
  const merged: SplitPiece[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last?.kind === piece.kind) {
      merged[merged.length - 1] = { kind: piece.kind, text: last.text + piece.text };
    } else {
      merged.push(piece);
    }
  }
  return merged;
}

const reasoning = (text: string): SplitPiece => ({ kind: 'reasoning', text });
const answer = (text: string): SplitPiece => ({ kind: 'answer', text });

describe('ThinkTagSplitter', () => {
  it('separates a <think> block at the start from the answer', () => {
    assert.deepEqual(split(['<think>Count the boxes.</think>There are three.']), [
      reasoning('Count the boxes.'),
      answer('There are three.'),
    ]);
  });

  it('separates a <thought> block', () => {
    assert.deepEqual(split(['<thought>Look left.</thought>A gateway.']), [
      reasoning('Look left.'),
      answer('A gateway.'),
    ]);
  });

  it('finds blocks anywhere in the answer, more than once', () => {
    assert.deepEqual(split(['Intro. <think>a</think>Middle <thought>b</thought> end']), [
      answer('Intro. '),
      reasoning('a'),
      answer('Middle '),
      reasoning('b'),
      answer(' end'),
    ]);
  });

  const text = 'Before<think>inner reasoning</think>after';
  for (let first = 1; first < text.length; first++) {
    it(`handles a split at position ${first}`, () => {
      assert.deepEqual(split([text.slice(0, first), text.slice(first)]), [
        answer('Before'),
        reasoning('inner reasoning'),
        answer('after'),
      ]);
    });
  }

  it('handles one character per chunk for both tag names', () => {
    for (const name of ['think', 'thought']) {
      const input = `<${name}>why</${name}>what`;
      assert.deepEqual(split([...input]), [reasoning('why'), answer('what')], name);
    }
  });

  it('releases text as soon as it cannot be part of a tag', () => {
    const splitter = new ThinkTagSplitter();
    assert.deepEqual(splitter.push('The answer <th'), [answer('The answer ')]);
    assert.deepEqual(splitter.push('e end'), [answer('<the end')]);
    assert.deepEqual(splitter.flush(), []);
  });

  it('keeps a lone "<" in the answer', () => {
    assert.deepEqual(split(['if a < b then ', 'x<y and 1 <', '2']), [
      answer('if a < b then x<y and 1 <2'),
    ]);
  });

  it('flushes a trailing "<" that never became a tag', () => {
    const splitter = new ThinkTagSplitter();
    assert.deepEqual(splitter.push('a <'), [answer('a ')]);
    assert.deepEqual(splitter.flush(), [answer('<')]);
  });

  it('keeps an unclosed <think> block as reasoning, including a held-back "</thi"', () => {
    assert.deepEqual(split(['<think>still going</thi']), [reasoning('still going</thi')]);
  });

  it('inside <think>, only its own closing tag ends the block', () => {
    assert.deepEqual(split(['<think>a </thought> b</think>c']), [
      reasoning('a </thought> b'),
      answer('c'),
    ]);
  });

  it('leaves look-alike tags as text', () => {
    assert.deepEqual(split(['<thinking>x</thinking> <Think>y']), [
      answer('<thinking>x</thinking> <Think>y'),
    ]);
  });
});
