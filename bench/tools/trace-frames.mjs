// Summarises a render trace (bench --deep-trace --trace-file FILE): the panel's main thread by
// kind of task, its rendering stages in two-second windows (is a render's cost fixed, or does it
// grow with the answer?), where layouts were rooted, and what invalidated style and layout.
//
//   node bench/tools/trace-frames.mjs FILE.json
import * as fs from 'node:fs';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/tools/trace-frames.mjs FILE.json');
const events = JSON.parse(fs.readFileSync(file, 'utf8')).traceEvents;
const start = events.find((event) => event.name === 'bench:ours-start');
const end = events.find((event) => event.name === 'bench:ours-end' && event.pid === start?.pid);
const main = events.find(
  (event) =>
    event.name === 'thread_name' &&
    event.pid === start?.pid &&
    event.args?.name === 'CrRendererMain',
);
if (!start || !end || !main) throw new Error(`${file} has no bench:ours-* marks`);
const inWindow = (event) => event.ts >= start.ts && event.ts <= end.ts;
const mine = events
  .filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === 'X')
  .filter(inWindow)
  .sort((a, b) => a.ts - b.ts);
const cpuMs = (event) => (event.tdur ?? event.dur) / 1000;
const table = (rows) => rows.map((row) => row.join('\t')).join('\n');
const tally = (items, key, weight = () => 1) => {
  const counts = new Map();
  for (const item of items) {
    const row = counts.get(key(item)) ?? { count: 0, total: 0 };
    row.count++;
    row.total += weight(item);
    counts.set(key(item), row);
  }
  return [...counts].sort((a, b) => b[1].total - a[1].total);
};

// Tasks by what they began with and who posted them: a render's frame starts with
// FireAnimationFrame, the cheap frame after it with the scroll event's dispatch.
const tasks = mine.filter((event) => event.name === 'ThreadControllerImpl::RunTask');
const firstChild = (task) =>
  mine.find(
    (event) =>
      event !== task &&
      event.ts >= task.ts &&
      event.ts + event.dur <= task.ts + task.dur &&
      !/RunTask/.test(event.name),
  )?.name ?? '(nothing traced)';
console.log('main-thread tasks: CPU ms, count, first event | posted from');
console.log(
  table(
    tally(tasks, (task) => `${firstChild(task)} | ${task.args?.src_func ?? '?'}`, cpuMs)
      .slice(0, 10)
      .map(([name, row]) => [row.total.toFixed(0), row.count, name]),
  ),
);

const STAGES = [
  'FireAnimationFrame',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
];
console.log(`\nstages by 2 s window: CPU ms / events (Paint nests, so its rows overlap)`);
const windows = [];
for (const event of mine) {
  if (!STAGES.includes(event.name)) continue;
  const index = Math.floor((event.ts - start.ts) / 2e6);
  windows[index] ??= Object.fromEntries(STAGES.map((stage) => [stage, { ms: 0, count: 0 }]));
  windows[index][event.name].ms += cpuMs(event);
  windows[index][event.name].count++;
}
console.log(
  table([
    ['window', ...STAGES],
    ...windows.map((window, index) => [
      `${index * 2}–${index * 2 + 2} s`,
      ...STAGES.map((stage) => `${window[stage].ms.toFixed(0)}/${window[stage].count}`),
    ]),
  ]),
);

const layouts = mine.filter((event) => event.name === 'Layout');
console.log('\nlayouts by root: count, CPU ms');
console.log(
  table(
    tally(layouts, (layout) => layout.args?.endData?.layoutRoots?.[0]?.nodeName ?? '?', cpuMs).map(
      ([root, row]) => [row.count, row.total.toFixed(0), root],
    ),
  ),
);

const invalidations = events
  .filter((event) => event.pid === start.pid && /InvalidationTracking$/.test(event.name))
  .filter(inWindow);
console.log('\ninvalidations: count, kind | node | reason | script function');
console.log(
  table(
    tally(invalidations, (event) => {
      const data = event.args?.data ?? {};
      return [
        event.name.replace('InvalidationTracking', ''),
        data.nodeName ?? '',
        data.reason ?? '',
        data.stackTrace?.[0]?.functionName ?? '',
      ].join(' | ');
    })
      .slice(0, 15)
      .map(([name, row]) => [row.count, name]),
  ),
);
