// The end-to-end tier: mocha over out/test/e2e/**/*.test.js in plain Node; each test drives a
// real workbench through test/e2e/workbench.ts (code-server + headless Chromium).
//
//   node test/support/run-e2e.mjs [--vscode minimum|newest] [--grep PATTERN] [--summary FILE]
//                                 [--timeout SECONDS] [--readme-screenshot]
// Build first (npm run build && npx tsc -p .); `npm test` does. The bundles are packaged into a
// .vsix here, which journey 1 installs into the offline VS Code (and every journey, on a VS Code
// that ignores extensions passed in the URL). --vscode picks the VS Code (offline-vscode.mjs,
// default minimum); on any but the minimum only the files that drive a workbench run (the
// Chromium-only page tests do not depend on VS Code's version), and screenshots go to
// test-output/e2e-<target>. --readme-screenshot runs only journey 1 and lets it write
// media/screenshot.png (`npm run screenshot`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import Mocha from 'mocha';
import { assertChromium, REPO_ROOT, TEST_OUTPUT } from './common.mjs';
import { describeTarget, ensureOfflineVscode, vscodeTarget } from './offline-vscode.mjs';
import { packageVsix } from '../../scripts/package.mjs';

const require = createRequire(import.meta.url);
const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    summary: { type: 'string' },
    timeout: { type: 'string', default: '180' },
    'readme-screenshot': { type: 'boolean', default: false },
    vscode: { type: 'string', default: process.env.MMR_VSCODE || 'minimum' },
  },
});
const target = vscodeTarget(options.vscode);
const isMinimum = target.name === 'minimum';
const outputDir = path.join(TEST_OUTPUT, isMinimum ? 'e2e' : `e2e-${target.name}`);
options.summary ??= path.join(outputDir, 'summary.json');
// Read by test/e2e/workbench.ts (through offline-vscode.mjs) in this process.
process.env.MMR_VSCODE = target.name;
process.env.MMR_E2E_OUTPUT = outputDir;
if (options['readme-screenshot']) {
  process.env.UPDATE_README_SCREENSHOT = '1'; // read by journey 1 (test/e2e/journey.ts)
  options.grep ??= 'journey 1:';
}

const root = path.join(REPO_ROOT, 'out', 'test', 'e2e');
// A file drives a workbench when it uses the workbench or journey helpers.
const drivesWorkbench = (file) =>
  /require\("\.\/(workbench|journey)"\)/.test(fs.readFileSync(path.join(root, file), 'utf8'));
const allFiles = fs.existsSync(root)
  ? fs
      .readdirSync(root, { recursive: true })
      .filter((file) => file.endsWith('.test.js'))
      .sort()
  : [];
const files = allFiles.filter((file) => isMinimum || drivesWorkbench(file));
const pageOnly = allFiles.filter((file) => !files.includes(file));
if (files.length === 0) {
  console.error(
    `[e2e] no e2e tests under ${path.relative(REPO_ROOT, root)} (compile first: npx tsc -p .)`,
  );
  process.exit(1);
}

try {
  assertChromium();
  await ensureOfflineVscode(target); // once, before the first test's clock starts
  console.log(`[e2e] ${describeTarget(target)}: ${files.length} files`);
  if (pageOnly.length > 0)
    console.log(
      `[e2e] run on the minimum only, since they open no workbench (Chromium and the webview's page alone): ${pageOnly.join(', ')}`,
    );
  // The .vsix a user would install, from the bundles just built; journeys that run the installed
  // copy (journey 1) install it into their workbench's extensions folder.
  process.env.MMR_E2E_VSIX = await packageVsix(
    path.join(outputDir, 'multimodal-reasoning-agent.vsix'),
    { quiet: true },
  );
} catch (error) {
  console.error(`[e2e] FAILED: ${error.message}`);
  process.exit(1);
}

fs.rmSync(options.summary, { force: true });
const mocha = new Mocha({
  ui: 'bdd',
  timeout: Number(options.timeout) * 1000,
  reporter: require('./summary-reporter.cjs'),
  reporterOptions: { output: options.summary },
  forbidOnly: Boolean(process.env.CI),
});
if (options.grep) mocha.grep(options.grep);
for (const file of files) mocha.addFile(path.join(root, file));
await mocha.loadFilesAsync();
mocha.run((failures) => {
  process.exitCode = failures > 0 ? 1 : 0;
});
