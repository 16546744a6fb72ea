import * as assert from 'node:assert/strict';
import {
  DeltaBatcher,
  MESSAGE_INTERVAL_MS,
  type BatchClock,
  type DeltaKind,
} from '../../src/core/deltaBatcher';

/** A clock the test moves by hand; deferred callbacks run when their time is reached. */
class ManualClock implements BatchClock {
  private time = 1000;
  private timers: { at: number; callback: () => void }[] = [];

  now(): number {
    return this.time;
  }

  defer(callback: () => void, ms: number): () => void {
    const timer = { at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((other) => other !== timer);
    };
  }

  /** Moves the clock to `ms` from now, running the callbacks that come due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) {
        break;
      }
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }
}

describe('DeltaBatcher', () => {
  const collect = (clock?: BatchClock) => {
    const emitted: Array<[DeltaKind, string]> = [];
    return {
      emitted,
      batcher: new DeltaBatcher((kind, text) => emitted.push([kind, text]), clock),
    };
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

  it('sends the first delta at once, then at most one message per interval', () => {
    const clock = new ManualClock();
    const { emitted, batcher } = collect(clock);
    batcher.push('answer', 'First');
    clock.advance(0);
    assert.deepEqual(emitted, [['answer', 'First']], 'the first delta waits for nothing');
    // A token every half millisecond for 40 ms: 80 tokens.
    for (let token = 0; token < 80; token++) {
      clock.advance(0.5);
      batcher.push('answer', `${token} `);
    }
    clock.advance(MESSAGE_INTERVAL_MS);
    const text = emitted.map(([, part]) => part).join('');
    assert.equal(
      text,
      `First${Array.from({ length: 80 }, (_, token) => `${token} `).join('')}`,
      'every delta arrives, in order',
    );
    // 40 ms of tokens after the first message: one message per interval, not one per token.
    assert.ok(
      emitted.length <= 1 + Math.ceil(40 / MESSAGE_INTERVAL_MS) + 1,
      `${emitted.length} messages`,
    );
  });

  it('starts a new burst after a pause: the next delta goes out on the next tick', () => {
    const clock = new ManualClock();
    const { emitted, batcher } = collect(clock);
    batcher.push('answer', 'one');
    clock.advance(0);
    clock.advance(MESSAGE_INTERVAL_MS * 3);
    batcher.push('answer', 'two');
    clock.advance(0);
    assert.deepEqual(emitted, [
      ['answer', 'one'],
      ['answer', 'two'],
    ]);
  });

  it('keeps reasoning and answer apart and in order, the answer without a wait', () => {
    const clock = new ManualClock();
    const { emitted, batcher } = collect(clock);
    batcher.push('reasoning', 'look at ');
    clock.advance(0);
    batcher.push('reasoning', 'arrows');
    batcher.push('answer', 'It is');
    clock.advance(0);
    assert.deepEqual(emitted, [
      ['reasoning', 'look at '],
      ['reasoning', 'arrows'],
      ['answer', 'It is'],
    ]);
    batcher.push('answer', ' layered.');
    clock.advance(MESSAGE_INTERVAL_MS);
    assert.deepEqual(emitted.at(-1), ['answer', ' layered.']);
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
