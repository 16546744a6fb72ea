// `npm run bench`: measures the extension's speed and size on this machine, offline, and prints
// the table of issue 8 (figure, value, budget, within budget). Writes the figures to
// bench/results.json (exactly the issue's keys) and what they were made of, run by run, to
// test-output/bench/details.json. See bench/README.md for what each figure measures and how.
//
//   node bench/run.mjs [--quick] [--check] [--runs N] [--only stage,stage] [--out FILE] [--no-build]
//
// --quick   one run of everything at smaller sizes (`npm test` uses it); its figures go to
//           test-output/bench/quick-results.json unless --out says otherwise
// --check   exit 1 if any figure is missing (a stage that breaks exits 1 anyway). Budgets
//           never decide the exit code: the bench is not a test.
// --only    stages: sizes, render, image, zoom, parsers, host
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, seconds, TEST_OUTPUT } from '../test/support/common.mjs';
import { measureConversation } from './figures/conversation.mjs';
import { measureHost } from './figures/extensionHost.mjs';
import { measureImagePrep } from './figures/imagePrep.mjs';
import { measureParsers } from './figures/parsers.mjs';
import { measureRender } from './figures/render.mjs';
import { measureZoomCost } from './figures/zoomCost.mjs';
import { measureBundles, measureVsix } from './figures/sizes.mjs';
import { buildShippedBundles } from './lib/build.mjs';
import { FIGURE_KEYS, FIGURES, resultTable } from './lib/figures.mjs';
import { round } from './lib/stats.mjs';

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    // Writes test-output/bench/activation-N.cpuprofile instead of measuring activation_ms.
    'profile-activation': { type: 'boolean', default: false },
    // Writes test-output/bench/after-closing-N.heapsnapshot once the panels are closed.
    'heap-snapshot': { type: 'boolean', default: false },
    // Another build of the extension to load in the host stage (to compare a change); default: this repo.
    extension: { type: 'string' },
    // One more render run traced in detail; the breakdown goes to the details file.
    'deep-trace': { type: 'boolean', default: false },
    // With --deep-trace: trace the large-block stream instead of the 20k-token answer.
    'deep-trace-large': { type: 'boolean', default: false },
    // With --deep-trace: also write that run's Chrome trace, with invalidation tracking, here
    // (bench/tools/trace-frames.mjs summarises it; chrome://tracing or Perfetto open it).
    'trace-file': { type: 'string' },
    // One more render run under V8's sampling profiler: test-output/bench/render.cpuprofile.
    'cpu-profile': { type: 'boolean', default: false },
    // The render stage without the naive renderer (minutes per run): for comparing builds.
    'ours-only': { type: 'boolean', default: false },
    // The render stage with every token a message of its own (no batching by the host).
    'one-message-per-token': { type: 'boolean', default: false },
    // Only activation_ms in the host stage (for comparing builds quickly).
    'activation-only': { type: 'boolean', default: false },
  },
});

const quick = options.quick;
const outFile = path.resolve(
  options.out ??
    (quick
      ? path.join(TEST_OUTPUT, 'bench', 'quick-results.json')
      : path.join(REPO_ROOT, 'bench', 'results.json')),
);
const detailsFile = path.join(TEST_OUTPUT, 'bench', quick ? 'quick-details.json' : 'details.json');
const runsOverride = options.runs === undefined ? undefined : Math.max(1, Number(options.runs));
const only = options.only
  ? new Set(options.only.split(',').map((stage) => stage.trim()))
  : undefined;

const log = (message) => console.log(`[bench] ${message}`);

/** Each stage measures some figures; a stage that fails leaves its figures missing. */
const STAGES = [
  { name: 'sizes', run: async () => merge(measureBundles(), measureVsix()) },
  {
    name: 'render',
    run: () =>
      measureRender({
        quick,
        runs: runsOverride ?? (quick ? 1 : 3),
        log,
        deepTrace: options['deep-trace'],
        deepTraceLarge: options['deep-trace-large'],
        traceFile: options['trace-file'] && path.resolve(options['trace-file']),
        cpuProfile: options['cpu-profile']
          ? path.join(TEST_OUTPUT, 'bench', 'render.cpuprofile')
          : undefined,
        extensionPath: options.extension && path.resolve(options.extension),
        oursOnly: options['ours-only'],
        batch: !options['one-message-per-token'],
      }),
  },
  {
    name: 'conversation',
    run: () =>
      measureConversation({
        quick,
        runs: runsOverride ?? (quick ? 1 : 3),
        log,
        extensionPath: options.extension && path.resolve(options.extension),
      }),
  },
  {
    name: 'image',
    run: () =>
      measureImagePrep({
        quick,
        runs: runsOverride ?? (quick ? 1 : 5),
        log,
        extensionPath: options.extension && path.resolve(options.extension),
      }),
  },
  { name: 'zoom', run: () => measureZoomCost({ quick, log }) },
  {
    name: 'parsers',
    run: () =>
      measureParsers({
        quick,
        runs: runsOverride ?? (quick ? 1 : 3),
        log,
        sourceRoot: options.extension && path.resolve(options.extension),
      }),
  },
  {
    name: 'host',
    run: () =>
      measureHost({
        quick,
        runs: runsOverride ?? (quick ? 1 : 5),
        log,
        profile: options['profile-activation'],
        heapSnapshot: options['heap-snapshot'],
        extensionPath: options.extension && path.resolve(options.extension),
        activationOnly: options['activation-only'],
      }),
  },
];

function merge(...parts) {
  return {
    figures: Object.assign({}, ...parts.map((part) => part.figures)),
    details: Object.assign({}, ...parts.map((part) => part.details)),
  };
}

const started = Date.now();
const figures = {};
const details = { machine: machine(), mode: quick ? 'quick' : 'full', stages: {} };
const failures = [];

if (!options['no-build']) {
  log('building the production bundles (node esbuild.config.mjs)');
  await buildShippedBundles();
}
for (const stage of STAGES) {
  if (only && !only.has(stage.name)) continue;
  const stageStarted = Date.now();
  const loadBefore = os.loadavg()[0];
  log(
    `── ${stage.name} (load average ${loadBefore.toFixed(1)} on ${os.cpus().length} cores${loadBefore > os.cpus().length ? ': the machine is busy, times will be inflated' : ''})`,
  );
  try {
    const result = await stage.run();
    Object.assign(figures, result.figures);
    details.stages[stage.name] = {
      seconds: round((Date.now() - stageStarted) / 1000, 1),
      loadAverage: [round(loadBefore, 2), round(os.loadavg()[0], 2)],
      ...result.details,
    };
  } catch (error) {
    failures.push(`${stage.name}: ${error.message}`);
    details.stages[stage.name] = {
      seconds: round((Date.now() - stageStarted) / 1000, 1),
      error: error.stack ?? String(error),
    };
    console.error(`[bench] ${stage.name} failed: ${error.stack ?? error.message}`);
  }
  log(`${stage.name} took ${seconds(Date.now() - stageStarted)}`);
}

const results = Object.fromEntries(
  FIGURE_KEYS.map((key) => [
    key,
    typeof figures[key] === 'number' && Number.isFinite(figures[key])
      ? round(figures[key], FIGURES.find((figure) => figure.key === key).digits + 1)
      : null,
  ]),
);
if (!only) {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
}
fs.mkdirSync(path.dirname(detailsFile), { recursive: true });
fs.writeFileSync(detailsFile, `${JSON.stringify({ results, ...details, failures }, null, 2)}\n`);

console.log(
  `\n${quick ? 'Quick run (one run, smaller sizes: the values are not the benchmark)' : 'Benchmark'} — ${new Date().toISOString()}, ${seconds(Date.now() - started)}\n`,
);
console.log(resultTable(results));
console.log(
  `\n${only ? '(--only: results not written)' : `figures: ${path.relative(REPO_ROOT, outFile)}`}; details: ${path.relative(REPO_ROOT, detailsFile)}`,
);

const missing = FIGURE_KEYS.filter((key) => (only ? false : results[key] === null));
if (failures.length)
  console.error(`\n${failures.length} stage(s) failed:\n  ${failures.join('\n  ')}`);
if (missing.length) console.error(`\nmissing figures: ${missing.join(', ')}`);
// A stage that broke fails the run; with --check, so does a missing figure. Never a budget.
process.exitCode = failures.length > 0 || (options.check && missing.length > 0) ? 1 : 0;

function machine() {
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
  };
}
