// Headless Chromium for the browser figures: the same binary and flags as the tests, a loopback
// server for the bench pages, main-thread task accounting from a Chrome trace, and the offset
// between a page's clock and this process's clock.
import * as http from 'node:http';
import { chromium } from 'playwright-core';
import { assertChromium, CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/support/common.mjs';

export async function launchChromium() {
  assertChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Serves bench pages from 127.0.0.1 and resources (images) from `localhost` on the same port,
 * the way VS Code serves a webview's resources from another origin with CORS.
 * `routes` maps a path to { type, body } (body: string | Buffer | () => string | Buffer).
 */
export async function startPageServer(routes) {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = routes[url.pathname];
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    const body = typeof route.body === 'function' ? route.body() : route.body;
    response.writeHead(200, {
      'content-type': route.type,
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    });
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    resourceOrigin: `http://localhost:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Chrome trace categories for main-thread accounting: `toplevel` gives every task the thread
 * runs (ThreadControllerImpl::RunTask, with its duration), `blink.user_timing` the
 * performance.mark()s that bound the measured window. Nothing more, to keep tracing cheap.
 */
export const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing'];

/**
 * The main-thread tasks of the renderer that made the marks `startMark`..`endMark`, cut to that
 * window. Returns the sum, the CPU time and the longest task, in ms, and how many tasks there were.
 */
export function mainThreadTasks(traceBuffer, startMark, endMark) {
  const events = JSON.parse(traceBuffer.toString('utf8')).traceEvents;
  const start = events.find((event) => event.name === startMark);
  const end = events.find((event) => event.name === endMark && event.pid === start?.pid);
  if (!start || !end) throw new Error(`the trace has no ${startMark}/${endMark} marks`);
  const main = events.find(
    (event) =>
      event.name === 'thread_name' &&
      event.pid === start.pid &&
      event.args?.name === 'CrRendererMain',
  );
  if (!main) throw new Error('the trace names no CrRendererMain thread for the page');
  const tasks = events.filter(
    (event) =>
      event.pid === main.pid &&
      event.tid === main.tid &&
      event.ph === 'X' &&
      event.name === 'ThreadControllerImpl::RunTask',
  );
  let totalUs = 0;
  let cpuUs = 0;
  const inside = [];
  for (const task of tasks) {
    // A task that straddles a mark counts only for its part inside the window.
    const from = Math.max(task.ts, start.ts);
    const to = Math.min(task.ts + task.dur, end.ts);
    if (to <= from) continue;
    totalUs += to - from;
    // The thread's CPU time (tdur), scaled to the part inside the window: unlike the duration,
    // it leaves out the time the thread waited (the compositor, or other processes on the cores).
    cpuUs += ((task.tdur ?? task.dur) * (to - from)) / Math.max(1, task.dur);
    inside.push({ ts: from, dur: to - from });
  }
  const longest = [...inside].sort((a, b) => b.dur - a.dur).slice(0, 8);
  return {
    totalMs: totalUs / 1000,
    /** The main thread's CPU time in those tasks (waits excluded): steadier on a busy machine. */
    cpuMs: cpuUs / 1000,
    longestMs: (longest[0]?.dur ?? 0) / 1000,
    tasks: inside.length,
    windowMs: (end.ts - start.ts) / 1000,
    /** The longest tasks: duration and start, in ms from the window's start. */
    longestTasks: longest.map((task) => ({
      ms: Math.round(task.dur / 10) / 100,
      atMs: Math.round((task.ts - start.ts) / 1000),
    })),
    /** The longest task in the window's first 100 ms: the cold start, apart from later noise. */
    longestFirst100Ms:
      Math.max(
        0,
        ...inside.filter((task) => task.ts - start.ts < 100_000).map((task) => task.dur),
      ) / 1000,
  };
}

/** This process's clock, as milliseconds since the epoch with sub-millisecond resolution. */
export function nowEpochMs() {
  return performance.timeOrigin + performance.now();
}

/**
 * How far a frame's clock (`performance.timeOrigin + performance.now()`) is ahead of this
 * process's, estimated NTP-style: of `samples` round trips, the one with the shortest round trip
 * gives offset = frameTime − (sent + received) / 2, good to ± half that round trip.
 */
export async function clockOffset(frame, samples = 25) {
  let best;
  for (let index = 0; index < samples; index++) {
    const sent = nowEpochMs();
    const frameTime = await frame.evaluate(() => performance.timeOrigin + performance.now());
    const received = nowEpochMs();
    const roundTrip = received - sent;
    if (!best || roundTrip < best.roundTripMs)
      best = { offsetMs: frameTime - (sent + received) / 2, roundTripMs: roundTrip };
  }
  return best;
}

/** Categories for a breakdown of the main thread's work (slower: for --deep-trace only). */
export const DEEP_TRACE_CATEGORIES = [
  'toplevel',
  'blink.user_timing',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'blink.gc',
];

/** Why style and layout were invalidated, with the script that did it (for a saved trace). */
export const INVALIDATION_CATEGORY = 'disabled-by-default-devtools.timeline.invalidationTracking';

/**
 * What the main thread did between two marks, by trace event name (time inside nested events
 * counts for each level, so the rows overlap), and what the longest tasks were made of.
 */
export function mainThreadBreakdown(traceBuffer, startMark, endMark) {
  const events = JSON.parse(traceBuffer.toString('utf8')).traceEvents;
  const start = events.find((event) => event.name === startMark);
  const end = events.find((event) => event.name === endMark && event.pid === start?.pid);
  const main = events.find(
    (event) =>
      event.name === 'thread_name' &&
      event.pid === start?.pid &&
      event.args?.name === 'CrRendererMain',
  );
  if (!start || !end || !main) return undefined;
  const mine = events.filter(
    (event) =>
      event.pid === main.pid &&
      event.tid === main.tid &&
      event.ph === 'X' &&
      event.ts >= start.ts &&
      event.ts <= end.ts,
  );
  const byName = new Map();
  for (const event of mine) {
    if (/RunTask/.test(event.name)) continue;
    const row = byName.get(event.name) ?? { count: 0, ms: 0, cpuMs: 0, longestMs: 0 };
    row.count++;
    row.ms += event.dur / 1000;
    // Thread time: leaves out waiting for a core, which the shared machine's load inflates.
    row.cpuMs += (event.tdur ?? event.dur) / 1000;
    row.longestMs = Math.max(row.longestMs, event.dur / 1000);
    byName.set(event.name, row);
  }
  const tasks = mine
    .filter((event) => event.name === 'ThreadControllerImpl::RunTask')
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 6);
  const round1 = (value) => Math.round(value * 10) / 10;
  return {
    byEvent: [...byName]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 16)
      .map(([name, row]) => ({
        name,
        count: row.count,
        ms: round1(row.ms),
        cpuMs: round1(row.cpuMs),
        longestMs: round1(row.longestMs),
      })),
    longestTasks: tasks.map((task) => ({
      ms: round1(task.dur / 1000),
      atMs: Math.round((task.ts - start.ts) / 1000),
      inside: mine
        .filter(
          (event) =>
            event !== task &&
            event.ts >= task.ts &&
            event.ts + event.dur <= task.ts + task.dur &&
            event.dur >= 1000 &&
            !/RunTask|v8\.callFunction|FunctionCall/.test(event.name),
        )
        .map((event) => `${event.name} ${round1(event.dur / 1000)}`),
    })),
  };
}
