// Work that must finish in time or be given up: a PDF page that a file makes slow to draw, or
// whose worker never answers, must not hold the panel for good. The work gets a signal that
// aborts on its deadline or when what it was for changed (another page was chosen); the caller
// gets the answer or, at once, the reason it was given up, even when the work itself never
// settles.

/** The work did not finish within its time. */
export class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`took longer than ${timeoutMs} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/** The work was given up because what it was for changed: nobody waits for its answer. */
export class WorkAbandoned extends Error {
  constructor() {
    super('given up: no longer needed');
    this.name = 'WorkAbandoned';
  }
}

/** The clock the deadline runs on (tests pass their own). */
export interface DeadlineTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: DeadlineTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `work` with a signal that aborts after `timeoutMs` (reason: DeadlineExceeded) or when any
 * of `parents` aborts (reason: WorkAbandoned). Settles with the work's result, or rejects with
 * that reason as soon as the signal aborts, whether or not the work ever settles.
 */
export function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  parents: readonly AbortSignal[] = [],
  timers: DeadlineTimers = realTimers,
): Promise<T> {
  if (parents.some((parent) => parent.aborted)) {
    return Promise.reject(new WorkAbandoned());
  }
  const controller = new AbortController();
  const abandon = (): void => controller.abort(new WorkAbandoned());
  for (const parent of parents) {
    parent.addEventListener('abort', abandon, { once: true });
  }
  const timer = timers.set(() => controller.abort(new DeadlineExceeded(timeoutMs)), timeoutMs);
  return new Promise<T>((resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), {
      once: true,
    });
    let started: Promise<T>;
    try {
      started = work(controller.signal);
    } catch (error) {
      started = Promise.reject(error);
    }
    started.then(resolve, reject);
  }).finally(() => {
    timers.clear(timer);
    for (const parent of parents) {
      parent.removeEventListener('abort', abandon);
    }
  });
}
