// Bundled by bench/figures/render.mjs (with the webview's esbuild options) and loaded beside the
// analysis panel's shipped bundle: the stream driver, and the naive renderer to compare with.
//
// A stream delivers one token per delta at a fixed rate, each delta a host message in a task of
// its own (as VS Code delivers them to a webview). The driver's timer wakes every few ms and
// posts the deltas that are due through a MessageChannel, so a renderer that falls behind gets
// them late instead of skipping any.
import { createMarkdown } from '../../src/webview/markdown';

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

function stream(
  count: number,
  tokensPerSecond: number,
  onDelta: (index: number) => void,
): Promise<{ lastDeliveredLateMs: number }> {
  const channel = new MessageChannel();
  const intervalMs = 1000 / tokensPerSecond;
  const start = performance.now();
  let delivered = 0;
  return new Promise((resolve) => {
    channel.port1.onmessage = (event: MessageEvent<number>) => {
      onDelta(event.data);
      if (++delivered === count) {
        channel.port1.close();
        resolve({ lastDeliveredLateMs: performance.now() - start - (count - 1) * intervalMs });
      }
    };
    let posted = 0;
    const tick = (): void => {
      const due = Math.min(count, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (posted < due) channel.port2.postMessage(posted++);
      if (posted < count) setTimeout(tick, 1);
    };
    tick();
  });
}

let markdown: ReturnType<typeof createMarkdown> | undefined;
/** The webview's markdown-it configuration (src/webview/markdown.ts), as a separate instance. */
const md = () => (markdown ??= createMarkdown());

/** The DOM markdown-it makes of `text` in one go, serialised the way `innerHTML` reads back. */
function oneShotHtml(text: string): string {
  const template = document.createElement('template');
  template.innerHTML = md().render(text);
  return template.innerHTML;
}

/**
 * Our renderer in the shipped panel: a turn starts, the answer arrives as turn/answerDelta
 * messages, turn/ended finishes it. The marks span the first delta to the frame after the end.
 */
async function runOurs(tokens: readonly string[], tokensPerSecond: number) {
  const turnId = 'bench-turn';
  host().deliver({ type: 'turn/started', turnId, task: 'explain this architecture' });
  await afterNextPaint();
  await afterNextPaint();
  performance.mark('bench:ours-start');
  const started = performance.now();
  let deliverMs = 0;
  const { lastDeliveredLateMs } = await stream(tokens.length, tokensPerSecond, (index) => {
    const before = performance.now();
    host().deliver({ type: 'turn/answerDelta', turnId, text: tokens[index] });
    deliverMs += performance.now() - before;
  });
  const endStarted = performance.now();
  host().deliver({ type: 'turn/ended', turnId, status: 'done' });
  const endMs = performance.now() - endStarted;
  await afterNextPaint();
  const ended = performance.now();
  performance.mark('bench:ours-end');
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
    sameAsOneShot: answer !== null && answer.innerHTML === oneShotHtml(text),
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
