// Work given up on its deadline or when it is no longer wanted (src/core/deadline.ts), as a PDF
// page draw is: the caller hears at once, even from work that never settles, and the work's own
// signal aborts so it can stop (pdf.js's RenderTask.cancel()). The clock is the test's own.
import * as assert from 'node:assert/strict';
import {
  DeadlineExceeded,
  withDeadline,
  WorkAbandoned,
  type DeadlineTimers,
} from '../../src/core/deadline';

/** Timers that fire only when the test says, and say which are still pending. */
function manualClock(): DeadlineTimers & { fire(): void; pending(): number[] } {
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  return {
    set(callback, ms) {
      timers.set(next, { callback, ms });
      return next++;
    },
    clear(handle) {
      timers.delete(handle as number);
    },
    fire() {
      const due = [...timers.values()];
      timers.clear();
      due.forEach((timer) => timer.callback());
    },
    pending: () => [...timers.values()].map((timer) => timer.ms),
  };
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/**
 * Work that never settles, given a 20 s deadline under `parents`: the caller's promise, and the
 * signal the work was handed.
 */
function neverSettling(clock: DeadlineTimers, parents: readonly AbortSignal[] = []) {
  let seen: AbortSignal | undefined;
  const result = withDeadline(
    (signal) => {
      seen = signal;
      return never<number>();
    },
    20_000,
    parents,
    clock,
  );
  return { result, signal: () => seen };
}

describe('withDeadline', () => {
  it('gives the answer of work that finishes in time, and stops its clock', async () => {
    const clock = manualClock();
    let seen: AbortSignal | undefined;
    const answer = await withDeadline(
      (signal) => {
        seen = signal;
        return Promise.resolve(42);
      },
      20_000,
      [],
      clock,
    );
    assert.equal(answer, 42);
    assert.deepEqual(clock.pending(), [], 'no timer left behind');
    assert.equal(seen?.aborted, false);
  });

  it('passes the work’s own failure through unchanged', async () => {
    const clock = manualClock();
    const failure = new Error('the page is damaged');
    await assert.rejects(
      withDeadline(() => Promise.reject(failure), 1_000, [], clock),
      (error) => error === failure,
    );
    await assert.rejects(
      withDeadline(
        () => {
          throw failure;
        },
        1_000,
        [],
        clock,
      ),
      (error) => error === failure,
    );
    assert.deepEqual(clock.pending(), []);
  });

  it('B16 · a page draw or text read that never settles → given up on its deadline (DeadlineExceeded), its work told to stop', async () => {
    const clock = manualClock();
    const work = neverSettling(clock);
    assert.deepEqual(clock.pending(), [20_000], 'one timer, of the given length');
    clock.fire();
    await assert.rejects(
      work.result,
      (error) => error instanceof DeadlineExceeded && error.timeoutMs === 20_000,
    );
    assert.equal(work.signal()?.aborted, true, 'the work is told to stop (RenderTask.cancel)');
    assert.ok(work.signal()?.reason instanceof DeadlineExceeded);
  });

  it('the choice changed (a parent aborts) → rejected with WorkAbandoned, clock and listeners gone', async () => {
    const clock = manualClock();
    const choice = new AbortController();
    const document = new AbortController();
    const work = neverSettling(clock, [choice.signal, document.signal]);
    choice.abort();
    await assert.rejects(work.result, (error) => error instanceof WorkAbandoned);
    assert.equal(work.signal()?.aborted, true);
    assert.deepEqual(clock.pending(), [], 'the deadline no longer runs');
    // The other parent aborting later touches nothing (its listener was removed).
    document.abort();
    assert.ok(work.signal()?.reason instanceof WorkAbandoned);
  });

  it('a parent already aborted → the work is not started', async () => {
    const clock = manualClock();
    const choice = new AbortController();
    choice.abort();
    let started = false;
    await assert.rejects(
      withDeadline(
        () => {
          started = true;
          return Promise.resolve(1);
        },
        1_000,
        [choice.signal],
        clock,
      ),
      (error) => error instanceof WorkAbandoned,
    );
    assert.equal(started, false);
    assert.deepEqual(clock.pending(), []);
  });

  it('the work rejecting after it was given up (a cancelled render) changes nothing', async () => {
    const clock = manualClock();
    let rejectWork: ((error: Error) => void) | undefined;
    const result = withDeadline(
      () =>
        new Promise<number>((_, reject) => {
          rejectWork = reject;
        }),
      500,
      [],
      clock,
    );
    clock.fire();
    rejectWork?.(new Error('Rendering cancelled'));
    await assert.rejects(result, (error) => error instanceof DeadlineExceeded);
  });

  it('with the real clock, a short deadline ends work that never settles', async () => {
    await assert.rejects(
      withDeadline(() => never<void>(), 5),
      (error) => error instanceof DeadlineExceeded,
    );
  });
});
