// The render bench's stand-in for the extension host and VS Code's side of the webview channel,
// run as a worker (renderHarness.ts starts it): tokens come from the model at a fixed rate, pass
// through the host's own DeltaBatcher (src/core/deltaBatcher.ts) exactly as
// src/host/conversationSession.ts uses it, and each message it emits is posted to the page. Its
// timer wakes every millisecond and pushes the tokens that are due, so a page that falls behind
// gets them late instead of losing any.
import { DeltaBatcher, type BatchClock } from '../../src/core/deltaBatcher';

export type DriverRequest =
  | {
      readonly type: 'load';
      readonly tokens: readonly string[];
      readonly perSecond: number;
      readonly turnId: string;
      /** false: one message per token, as a host without batching would post them. */
      readonly batch: boolean;
    }
  | { readonly type: 'go' };
export type DriverReply =
  | { readonly type: 'loaded' }
  | { readonly type: 'started'; readonly at: number }
  | { readonly type: 'message'; readonly message: unknown; readonly last: boolean };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DriverRequest>) => void) | null;
  postMessage(message: DriverReply): void;
};

/** setImmediate's stand-in in a worker: a message to itself (setTimeout(0) is clamped to 4 ms). */
function immediate(callback: () => void): () => void {
  const channel = new MessageChannel();
  let cancelled = false;
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (!cancelled) callback();
  };
  channel.port2.postMessage(undefined);
  return () => {
    cancelled = true;
  };
}

const clock: BatchClock = {
  now: () => performance.now(),
  defer: (callback, ms) => {
    if (ms <= 0) return immediate(callback);
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
};

let load: Extract<DriverRequest, { type: 'load' }> | undefined;

scope.onmessage = ({ data }) => {
  if (data.type === 'load') {
    load = data;
    scope.postMessage({ type: 'loaded' });
    return;
  }
  if (load) run(load);
};

function run({ tokens, perSecond, turnId, batch }: Extract<DriverRequest, { type: 'load' }>): void {
  const intervalMs = 1000 / perSecond;
  const start = performance.now();
  scope.postMessage({ type: 'started', at: performance.timeOrigin + start });
  let pushed = 0;
  const post = (text: string): void =>
    scope.postMessage({
      type: 'message',
      message: { type: 'turn/answerDelta', turnId, text },
      last: false,
    });
  const batcher = new DeltaBatcher((_kind, text) => post(text), clock);
  const tick = (): void => {
    const due = Math.min(tokens.length, Math.floor((performance.now() - start) / intervalMs) + 1);
    while (pushed < due) {
      const token = tokens[pushed++];
      if (batch) batcher.push('answer', token);
      else post(token);
    }
    if (pushed < tokens.length) {
      setTimeout(tick, 1);
      return;
    }
    // The stream ended: the host flushes what is pending before turn/ended.
    batcher.flush();
    scope.postMessage({ type: 'message', message: undefined, last: true });
  };
  tick();
}
