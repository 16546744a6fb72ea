// Bundled by bench/figures/render.mjs (with the webview's esbuild options) and loaded beside the
// analysis panel's shipped bundle: the stream driver, and the naive renderer to compare with.
//
// A stream delivers tokens at a fixed rate through the host's batching, each message a host
// message in a task of its own (as VS Code delivers them to a webview). The driver
// (streamDriver.ts) runs in a worker, as the extension host and VS Code's side of the channel run
// outside the webview's document, so the page's main thread does only what a webview does with
// a message.
import { createMarkdown } from '../../src/webview/markdown/markdown';
import type { DriverReply, DriverRequest } from './streamDriver';
import driverSource from 'worker-source:./streamDriver.ts';

interface HostStandIn {
  deliver(message: unknown): number;
}
const host = (): HostStandIn => (globalThis as unknown as { __host: HostStandIn }).__host;

/** Resolves after the next frame has been rendered (a task queued from rAF runs after paint). */
function afterNextPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(undefined);
    }),
  );
}

interface Stream {
  /** Starts the stream; resolves once every message was handed to `onMessage`. */
  run(onMessage: (message: unknown) => void): Promise<{
    lastDeliveredLateMs: number;
    messages: number;
  }>;
}

/**
 * The stream driver (streamDriver.ts) in a worker, loaded with the tokens and ready to stream
 * them `perSecond` through the host's batching (`batch`), all done before timing starts.
 */
async function loadStream(
  tokens: readonly string[],
  perSecond: number,
  turnId: string,
  batch: boolean,
): Promise<Stream> {
  const url = URL.createObjectURL(new Blob([driverSource], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  const send = (request: DriverRequest): void => worker.postMessage(request);
  await new Promise<void>((resolve) => {
    worker.onmessage = () => resolve();
    send({ type: 'load', tokens, perSecond, turnId, batch });
  });
  return {
    run: (onMessage) =>
      new Promise((resolve) => {
        let startedAt = 0;
        let messages = 0;
        worker.onmessage = ({ data }: MessageEvent<DriverReply>) => {
          if (data.type === 'started') {
            startedAt = data.at;
          } else if (data.type === 'message' && !data.last) {
            messages++;
            onMessage(data.message);
          } else if (data.type === 'message') {
            worker.terminate();
            const now = performance.timeOrigin + performance.now();
            resolve({
              lastDeliveredLateMs: now - startedAt - ((tokens.length - 1) * 1000) / perSecond,
              messages,
            });
          }
        };
        send({ type: 'go' });
      }),
  };
}

let markdown: ReturnType<typeof createMarkdown> | undefined;
/** The webview's markdown-it configuration (src/webview/markdown/markdown.ts), as a separate instance. */
const md = () => (markdown ??= createMarkdown());

/** The DOM markdown-it makes of `text` in one go, serialised the way `innerHTML` reads back. */
function oneShotHtml(text: string): string {
  const template = document.createElement('template');
  template.innerHTML = md().render(text);
  return template.innerHTML;
}

let turnCount = 0;

/**
 * Our renderer in the shipped panel: a turn starts, the answer arrives as turn/answerDelta
 * messages, turn/ended finishes it. The marks span the first delta to the frame after the end.
 * `render: false` delivers the same messages for a turn that was never started, which the panel
 * drops on arrival: what receiving them costs the main thread (the platform's message, the
 * event, the panel's dispatch) without rendering anything, the floor under our figure.
 */
async function runOurs(
  tokens: readonly string[],
  tokensPerSecond: number,
  {
    render = true,
    mark = 'ours',
    batch = true,
  }: { render?: boolean; mark?: string; batch?: boolean } = {},
) {
  const turnId = `bench-turn-${++turnCount}`;
  const stream = await loadStream(tokens, tokensPerSecond, turnId, batch);
  if (render) {
    host().deliver({ type: 'turn/started', turnId, task: 'explain this architecture' });
  }
  await afterNextPaint();
  await afterNextPaint();
  performance.mark(`bench:${mark}-start`);
  const started = performance.now();
  let deliverMs = 0;
  const { lastDeliveredLateMs, messages } = await stream.run((message) => {
    const before = performance.now();
    host().deliver(message);
    deliverMs += performance.now() - before;
  });
  const endStarted = performance.now();
  if (render) {
    host().deliver({ type: 'turn/ended', turnId, status: 'done' });
  }
  const endMs = performance.now() - endStarted;
  await afterNextPaint();
  const ended = performance.now();
  performance.mark(`bench:${mark}-end`);
  // The check below is heavy: a task of its own, after the window.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const answer = document.querySelector(`[data-turn-id="${turnId}"] .answer-body`);
  const text = tokens.join('');
  return {
    wallMs: ended - started,
    /** The message handlers (append to the renderer, which renders on the next frame). */
    deliverMs,
    /** turn/ended: the final render. */
    endMs,
    lastDeliveredLateMs,
    /** Host messages the tokens came in (the host batches them). */
    messages,
    sameAsOneShot: render ? answer !== null && answer.innerHTML === oneShotHtml(text) : true,
    chars: text.length,
    elements: answer?.getElementsByTagName('*').length ?? 0,
  };
}

/**
 * The naive renderer's work for one delta: render the whole answer so far with markdown-it and
 * replace the answer's HTML with it, in an answer element of the same panel (same styles).
 * Measured on windows of `window` consecutive deltas, one window in every block of `stride`
 * deltas (at its middle), each window a task of its own; each window's time counts for its
 * whole block. Consecutive, because that is what a stream does: renders of text one token
 * longer each time run measurably faster than renders of samples far apart.
 */
async function runNaive(tokens: readonly string[], stride: number, window = 10) {
  const turns = document.querySelector('.turns');
  if (!turns) throw new Error('the panel has no .turns list');
  const answer = document.createElement('div');
  answer.className = 'markdown-body answer-body';
  const article = document.createElement('article');
  article.className = 'turn';
  const region = document.createElement('section');
  region.className = 'turn-answer';
  region.append(answer);
  article.append(region);
  turns.append(article);
  const text = tokens.join('');
  const ends: number[] = [];
  let length = 0;
  for (const token of tokens) ends.push((length += token.length));
  // Warm-up, not counted: in a real naive stream markdown-it is hot after the first deltas.
  for (let index = 1; index <= 30; index++) {
    answer.innerHTML = md().render(
      text.slice(0, ends[Math.floor((tokens.length - 1) * (index / 30))]),
    );
  }
  let estimateMs = 0;
  let measuredMs = 0;
  let samples = 0;
  let longestMs = 0;
  for (let blockStart = 0; blockStart < tokens.length; blockStart += stride) {
    const blockSize = Math.min(stride, tokens.length - blockStart);
    const count = Math.min(window, blockSize);
    const first = blockStart + Math.floor((blockSize - count) / 2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    let windowMs = 0;
    for (let delta = first; delta < first + count; delta++) {
      const before = performance.now();
      answer.innerHTML = md().render(text.slice(0, ends[delta]));
      const elapsed = performance.now() - before;
      windowMs += elapsed;
      longestMs = Math.max(longestMs, elapsed);
      samples++;
    }
    measuredMs += windowMs;
    estimateMs += (windowMs * blockSize) / count;
  }
  article.remove();
  return { estimateMs, measuredMs, samples, longestMs };
}

(globalThis as unknown as { renderHarness: unknown }).renderHarness = {
  runOurs,
  runNaive,
  afterNextPaint,
};
