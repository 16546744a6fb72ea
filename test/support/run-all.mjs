// `npm test`: every tier in order, stopping at the first failing stage.
//   lint (ESLint with the layer rules, Prettier) → build → compile → typecheck against the newest
//   VS Code API → unit (mocha, Node) → offline VS Code (both targets) → integration (extension
//   host) on each VS Code target → e2e (real workbench in headless Chromium, when out/test/e2e has
//   tests) on each target → bench --quick --check (every figure of `npm run bench` is produced;
//   times never gate)
// The VS Code targets (offline-vscode.mjs): the minimum engines.vscode admits (1.100.3), then
// the newest code-server on npm (1.139.1). Each mocha tier writes its counts
// (test/support/summary-reporter.cjs) to test-output/<tier>[-<target>]/summary.json; the last
// line sums them: "N passed, N failed".
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  assertChromium,
  BUILD_STEPS,
  ensureSystemPackages,
  readSummary,
  REPO_ROOT,
  runInherited,
  seconds,
  TEST_OUTPUT,
  tierOutputDir,
} from './common.mjs';
import { VSCODE_TARGETS } from './offline-vscode.mjs';

const node = process.execPath;
const support = (file) => path.join('test', 'support', file);
const summaryFile = (tier, target = VSCODE_TARGETS.minimum) =>
  path.join(tierOutputDir(tier, target), 'summary.json');
const targets = Object.values(VSCODE_TARGETS);
const on = (target) => `VS Code ${target.vscode}, ${target.name}`;

function hasCompiledTests(dir) {
  const root = path.join(REPO_ROOT, 'out', 'test', dir);
  return (
    fs.existsSync(root) &&
    fs.readdirSync(root, { recursive: true }).some((file) => String(file).endsWith('.test.js'))
  );
}

const stages = [
  {
    // First and cheapest: type-checked lint rules, the layer rules and formatting
    // (eslint.config.mjs); no warning is allowed through.
    title: 'lint (npm run lint: ESLint, Prettier)',
    command: 'npm',
    args: ['run', '--silent', 'lint'],
  },
  ...BUILD_STEPS.map((step) => ({ title: step.title, command: step.command, args: step.args })),
  {
    // Code written against the newest VS Code's typings (the test-only provider extension, and
    // the check that src/host/languageModelApi.ts matches them): see test/newestApi/tsconfig.json.
    title: 'typecheck against the newest VS Code API',
    command: node,
    args: [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'test/newestApi'],
  },
  {
    title: 'unit tests (mocha)',
    tier: 'unit',
    summary: path.join(TEST_OUTPUT, 'unit', 'summary.json'),
    // .mocharc.json names the files and the timeout; the reporter adds the JSON summary.
    command: node,
    args: [
      path.join('node_modules', 'mocha', 'bin', 'mocha.js'),
      '--reporter',
      support('summary-reporter.cjs'),
      '--reporter-option',
      `output=${path.join(TEST_OUTPUT, 'unit', 'summary.json')}`,
      ...(process.env.CI ? ['--forbid-only'] : []),
    ],
    skipUnless: () => hasCompiledTests('unit') || 'no compiled unit tests under out/test/unit',
  },
  {
    title: `offline VS Code (${targets.map((target) => target.vscode).join(' and ')})`,
    command: node,
    args: [support('offline-vscode.mjs'), '--vscode', 'all'],
  },
  ...targets.map((target) => ({
    title: `integration tests (extension host; ${on(target)})`,
    tier: 'integration',
    summary: summaryFile('integration', target),
    command: node,
    args: [
      support('run-integration.mjs'),
      '--vscode',
      target.name,
      '--no-build',
      '--summary',
      summaryFile('integration', target),
    ],
  })),
  ...targets.map((target) => ({
    title: `e2e tests (workbench in Chromium; ${on(target)})`,
    tier: 'e2e',
    summary: summaryFile('e2e', target),
    command: node,
    args: [
      support('run-e2e.mjs'),
      '--vscode',
      target.name,
      '--summary',
      summaryFile('e2e', target),
    ],
    skipUnless: () => hasCompiledTests('e2e') || 'no compiled e2e tests under out/test/e2e',
  })),
  {
    // Not a test of speed: one quick run of `npm run bench` (bench/README.md) that fails only
    // when a figure is missing, never because of a time or a budget.
    title: 'bench, quick mode (every figure produced)',
    command: node,
    args: [path.join('bench', 'run.mjs'), '--quick', '--check', '--no-build'],
  },
];

fs.rmSync(path.join(TEST_OUTPUT, 'summary.txt'), { force: true });
const totals = { passes: 0, failures: 0, pending: 0 };
const timings = [];
const started = Date.now();

function finish(failedStage) {
  console.log('\n── summary ──');
  for (const { title, ms, note } of timings)
    console.log(`  ${title.padEnd(64)} ${seconds(ms).padStart(8)}${note ? `  ${note}` : ''}`);
  console.log(`  ${'total'.padEnd(64)} ${seconds(Date.now() - started).padStart(8)}`);
  if (failedStage) console.log(`\nFAILED at: ${failedStage}`);
  if (totals.pending) console.log(`(${totals.pending} pending)`);
  const closing = `${totals.passes} passed, ${totals.failures} failed`;
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  fs.writeFileSync(path.join(TEST_OUTPUT, 'summary.txt'), `${closing}\n`);
  console.log(closing);
  process.exitCode = failedStage ? 1 : 0;
}

try {
  ensureSystemPackages();
  assertChromium();
} catch (error) {
  console.error(error.message);
  totals.failures = 1;
  finish('Chromium check');
  process.exit(1);
}

for (const stage of stages) {
  const skip = stage.skipUnless?.();
  if (typeof skip === 'string') {
    console.log(`\n▶ ${stage.title}: skipped (${skip})`);
    timings.push({ title: stage.title, ms: 0, note: `skipped: ${skip}` });
    continue;
  }
  console.log(`\n▶ ${stage.title}`);
  if (stage.summary) fs.rmSync(stage.summary, { force: true });
  const stageStarted = Date.now();
  const code = await runInherited(stage.command, stage.args);
  const ms = Date.now() - stageStarted;

  let note = code === 0 ? '' : `exit ${code}`;
  let counted = false;
  if (stage.tier) {
    const summary = readSummary(stage.summary);
    if (summary) {
      counted = true;
      totals.passes += summary.passes;
      totals.failures += summary.failures;
      totals.pending += summary.pending ?? 0;
      note = `${summary.passes} passed, ${summary.failures} failed${summary.pending ? `, ${summary.pending} pending` : ''}${note ? ` (${note})` : ''}`;
    }
  }
  timings.push({ title: stage.title, ms, note });
  if (code !== 0) {
    // A stage that failed without reporting a failing test (a build error, a crash) still
    // counts as one failure, so the closing line never reads "0 failed" on a red run.
    if (!counted || totals.failures === 0) totals.failures += 1;
    finish(stage.title);
    process.exit(1);
  }
}
finish();
