// Timers around one streamed request, so no wait is longer than the user allowed: Stop ends a
// request at once (settleOrAbort), the response headers must arrive within the request timeout
// however often the SDK retries (withHeaderDeadline), and a stream that goes quiet is cut
// (IdleWatchdog).
import { openaiSdk } from './openaiSdk';

/**
 * Runs `attempt` with a signal that aborts when `signal` does or when `timeoutMs` passes, and
 * turns the latter into the SDK's APIConnectionTimeoutError. The SDK's own timeout is per
 * attempt and it retries a timed-out attempt twice, so left alone a silent server would hold
 * the user for three times the setting.
 */
export async function withHeaderDeadline<T>(
  timeoutMs: number,
  signal: AbortSignal,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    return await attempt(AbortSignal.any([signal, deadline.signal]));
  } catch (error) {
    if (deadline.signal.aborted && !signal.aborted) {
      throw new (openaiSdk().APIConnectionTimeoutError)();
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Settles with `pending`, or rejects with APIUserAbortError as soon as `signal` aborts. The SDK
 * only notices an abort between retries after its back-off sleep (up to Retry-After), so
 * Stop must not wait for it. A result that arrives after the abort is handed to `discard`.
 */
export function settleOrAbort<T>(
  pending: PromiseLike<T>,
  signal: AbortSignal,
  discard: (late: T) => void,
): Promise<T> {
  if (signal.aborted) {
    Promise.resolve(pending).then(discard, () => undefined);
    return Promise.reject(new (openaiSdk().APIUserAbortError)());
  }
  return new Promise<T>((resolve, reject) => {
    let aborted = false;
    const onAbort = (): void => {
      aborted = true;
      reject(new (openaiSdk().APIUserAbortError)());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(pending).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (aborted) {
          discard(value);
        } else {
          resolve(value);
        }
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Aborts the stream when one awaited chunk takes longer than `idleMs`. */
export class IdleWatchdog {
  fired = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly idleMs: number,
    private readonly onIdle: () => void,
  ) {}

  /** Only the time spent waiting on the network counts, not the consumer's time per event. */
  async watch<T>(next: Promise<T>): Promise<T> {
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onIdle();
    }, this.idleMs);
    try {
      return await next;
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
