import * as assert from 'node:assert/strict';
import { DeltaBatcher, type DeltaKind } from '../../src/core/deltaBatcher';

describe('DeltaBatcher', () => {
  const collect = () => {
    const emitted: Array<[DeltaKind, string]> = [];
    return { emitted, batcher: new DeltaBatcher((kind, text) => emitted.push([kind, text])) };
  };
  const nextTick = () => new Promise((resolve) => setImmediate(resolve));

  it('sends a burst of deltas as one message on the next tick', async () => {
    const { emitted, batcher } = collect();
    for (const token of ['The ', 'gateway ', 'routes']) {
      batcher.push('answer', token);
    }
    assert.deepEqual(emitted, []);
    await nextTick();
    assert.deepEqual(emitted, [['answer', 'The gateway routes']]);
  });

  it('keeps reasoning and answer apart and in order', async () => {
    const { emitted, batcher } = collect();
    batcher.push('reasoning', 'look at ');
    batcher.push('reasoning', 'arrows');
    batcher.push('answer', 'It is');
    batcher.push('answer', ' layered.');
    await nextTick();
    assert.deepEqual(emitted, [
      ['reasoning', 'look at arrows'],
      ['answer', 'It is layered.'],
    ]);
  });

  it('flushes at once on demand and ignores empty text', () => {
    const { emitted, batcher } = collect();
    batcher.push('answer', '');
    batcher.push('answer', 'partial');
    batcher.flush();
    batcher.flush();
    assert.deepEqual(emitted, [['answer', 'partial']]);
  });
});
