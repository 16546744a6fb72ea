// Coalesces stream deltas into few webview messages. The first delta of a burst goes out on the
// next tick (no added latency to first paint); after that, at most one message per
// MESSAGE_INTERVAL_MS carries everything that arrived meanwhile. A fast stream arrives one token
// per network read, and every message costs the extension host, VS Code's renderer and the
// webview a task of its own: at 2,000 tokens a second, one message per token was a fifth of the
// webview's main-thread time before any text was rendered (bench/README.md, render_floor_ms).
// The webview shows text at most once a frame, so a frame's worth of deltas in one message
// shows the same text at the same time.
export type DeltaKind = 'reasoning' | 'answer';

/** Messages carrying later deltas of a burst are at least this far apart (a 60 Hz frame). */
export const MESSAGE_INTERVAL_MS = 16;

/** The clock and timer the batcher runs on (injected by tests and by the bench's stream driver). */
export interface BatchClock {
  now(): number;
  /** Runs `callback` after `ms` (0: on the next tick); returns a function that cancels it. */
  defer(callback: () => void, ms: number): () => void;
}

const systemClock: BatchClock = {
  now: () => performance.now(),
  defer: (callback, ms) => {
    if (ms <= 0 && typeof setImmediate === 'function') {
      const handle = setImmediate(callback);
      return () => clearImmediate(handle);
    }
    const handle = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};

export class DeltaBatcher {
  private pendingKind: DeltaKind | undefined;
  private pendingText = '';
  private cancelScheduled: (() => void) | undefined;
  private lastEmitted = -Infinity;

  constructor(
    private readonly emit: (kind: DeltaKind, text: string) => void,
    private readonly clock: BatchClock = systemClock,
  ) {}

  push(kind: DeltaKind, text: string): void {
    if (!text) {
      return;
    }
    if (this.pendingKind !== undefined && this.pendingKind !== kind) {
      // The answer's first delta after the reasoning starts a burst of its own: no wait.
      this.flush();
      this.lastEmitted = -Infinity;
    }
    this.pendingKind = kind;
    this.pendingText += text;
    if (!this.cancelScheduled) {
      const wait = this.lastEmitted + MESSAGE_INTERVAL_MS - this.clock.now();
      this.cancelScheduled = this.clock.defer(() => {
        this.cancelScheduled = undefined;
        this.flush();
      }, wait);
    }
  }

  flush(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
    if (this.pendingKind !== undefined && this.pendingText) {
      this.lastEmitted = this.clock.now();
      this.emit(this.pendingKind, this.pendingText);
    }
    this.pendingKind = undefined;
    this.pendingText = '';
  }
}
