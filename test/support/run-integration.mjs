// Runs the extension-host test suite (out/test/integration/index.js) inside a real VS Code with
// no internet: code-server serves VS Code (the minimum 1.100.3, or the newest target: see
// VSCODE_TARGETS in offline-vscode.mjs), headless Chromium opens the workbench with
// extensionDevelopmentPath + extensionTestsPath in the URL payload, and the workbench reports the
// suite's log and exit code through `codeAutomationLog` / `codeAutomationExit`.
//
// On the minimum the extension is loaded from this folder (extensionDevelopmentPath = the repo).
// Newer workbenches read the payload only with VS Code's smoke-test driver on
// (`--vscode-option enable-smoke-test-driver`); there the packaged .vsix is installed into the
// instance's --extensions-dir and its installed folder is the development path, so the suite
// runs against exactly what users install. On VS Code 1.106 and later the test-only language
// model provider (test/loopbackModels, testExtensions.mjs) is installed beside it.
//
//   node test/support/run-integration.mjs [--vscode minimum|newest] [--no-build]
//       [--timeout SECONDS] [--extension PATH] (minimum only; default: this repo)
//       [--summary FILE] [--grep PATTERN] [--keep] [--verbose]
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
  assertChromium,
  build,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  parseSpecCounts,
  readSummary,
  REPO_ROOT,
  seconds,
  tierOutputDir,
  workbenchUrl,
} from './common.mjs';
import {
  codeServerPaths,
  describeTarget,
  ensureOfflineVscode,
  installExtension,
  startCodeServer,
  vscodeTarget,
} from './offline-vscode.mjs';
import { packageVsix } from '../../scripts/package.mjs';
import {
  LOOPBACK_MODELS_ID,
  packageLoopbackModels,
  runsLoopbackModels,
} from './testExtensions.mjs';
import { generateSampleWorkspace } from './sample-diagram.mjs';

const { values: options } = parseArgs({
  options: {
    build: { type: 'boolean', default: true },
    'no-build': { type: 'boolean', default: false },
    timeout: { type: 'string', default: process.env.MMR_INTEGRATION_TIMEOUT ?? '600' },
    extension: { type: 'string', default: process.env.MMR_EXTENSION_PATH ?? REPO_ROOT },
    summary: { type: 'string' },
    grep: { type: 'string' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    vscode: { type: 'string', default: process.env.MMR_VSCODE || 'minimum' },
  },
});
const target = vscodeTarget(options.vscode);

// The workbench's own chatter reaches codeAutomationLog too; it stays in workbench.log but is
// not echoed (the gallery and telemetry hosts are unreachable here, harmlessly).
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[Service Worker\]/,
  /^Updating additional builtin extensions cache/,
  /^ChatSessionStore:/,
  /ENOTFOUND|open-vsx\.org|EAI_AGAIN/,
  // 1.139's built-in chat and agent host, with no one signed in, log these again and again.
  /^\[(ChatModelSelection|AgentHost[^\]]*|AccountPolicyGate|reconnection-grace-time)\]/,
];

const OUTPUT_DIR = tierOutputDir('integration', target);
options.summary ??= path.join(OUTPUT_DIR, 'summary.json');
const testsModule = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index');
const extensionPath = path.resolve(options.extension);
const timeoutMs = Number(options.timeout) * 1000;

function log(message) {
  console.log(`[integration] ${message}`);
}

async function main() {
  const started = Date.now();
  if (options.build && !options['no-build']) await build();
  if (!fs.existsSync(`${testsModule}.js`)) {
    throw new Error(
      `${path.relative(REPO_ROOT, testsModule)}.js is missing: compile first (npx tsc -p .) or drop --no-build`,
    );
  }
  const manifest = path.join(extensionPath, 'package.json');
  const main = JSON.parse(fs.readFileSync(manifest, 'utf8')).main;
  if (
    main &&
    !fs.existsSync(path.join(extensionPath, main)) &&
    !fs.existsSync(path.join(extensionPath, `${main}.js`))
  ) {
    throw new Error(
      `the extension's entry ${main} is missing in ${extensionPath}: build first (npm run build)`,
    );
  }
  assertChromium();
  await ensureOfflineVscode(target);
  log(describeTarget(target));

  await fsp.mkdir(OUTPUT_DIR, { recursive: true });
  await fsp.rm(options.summary, { force: true });
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'mmr-integration-'));
  const workspace = path.join(scratch, 'workspace');
  await fsp.cp(await generateSampleWorkspace(), workspace, { recursive: true });
  const serverLog = path.join(OUTPUT_DIR, 'code-server.log');
  const workbenchLog = path.join(OUTPUT_DIR, 'workbench.log');
  await fsp.writeFile(serverLog, '');
  const workbenchLines = [];

  let server;
  let browser;
  let output = '';
  try {
    const extensionsDir = path.join(scratch, 'extensions');
    const userDataDir = path.join(scratch, 'user-data');
    let developmentPath = extensionPath;
    if (!target.loadsExtensionFromPayload) {
      if (extensionPath !== REPO_ROOT) {
        throw new Error(
          `--extension works on the minimum VS Code only: ${describeTarget(target)} runs this repository's packaged .vsix`,
        );
      }
      const vsix = await packageVsix(path.join(OUTPUT_DIR, 'multimodal-reasoning-agent.vsix'), {
        quiet: true,
      });
      developmentPath = await installExtension({
        vsix,
        extensionsDir,
        userDataDir,
        paths: codeServerPaths(target),
      });
      log(`installed ${path.relative(REPO_ROOT, vsix)} into ${developmentPath}`);
    }
    if (runsLoopbackModels(target)) {
      const vsix = await packageLoopbackModels(path.join(OUTPUT_DIR, 'loopback-models.vsix'));
      const installed = await installExtension({
        vsix,
        extensionsDir,
        userDataDir,
        paths: codeServerPaths(target),
      });
      log(
        `installed the test-only language model provider (test/loopbackModels) into ${installed}`,
      );
    }
    server = await startCodeServer({
      paths: codeServerPaths(target),
      // Without it a built workbench ignores the payload: no extension under development, no
      // tests (VS Code's BrowserWorkbenchEnvironmentService reads it only when not built or
      // with enableSmokeTestDriver). Dialogs are unchanged by it: with extensionTestsPath set,
      // both versions answer modal confirmations themselves in tests.
      vscodeOptions: target.loadsExtensionFromPayload ? [] : ['enable-smoke-test-driver'],
      // Its gated model asks for VS Code's consent prompt through proposed API.
      proposedApiExtensions: runsLoopbackModels(target) ? [LOOPBACK_MODELS_ID] : [],
      workspaceFolder: workspace,
      userDataDir,
      extensionsDir,
      logFile: serverLog,
      // The extension host inherits the server's environment: this is how the suite learns
      // where to write its summary.
      env: {
        MMR_MOCHA_SUMMARY: path.resolve(options.summary),
        ...(options.grep ? { MMR_TEST_GREP: options.grep } : {}),
      },
    });
    log(`code-server ${server.url} (log: ${path.relative(REPO_ROOT, serverLog)})`);

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) =>
      workbenchLines.push(`[console.${message.type()}] ${message.text()}`),
    );
    page.on('pageerror', (error) =>
      workbenchLines.push(`[pageerror] ${error.stack ?? error.message}`),
    );

    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // [format, ...values], as the extension host's console.log received them.
      const text = format(...(Array.isArray(args) ? args : [args]));
      output += `${text}\n`;
      workbenchLines.push(`[codeAutomationLog.${type}] ${text}`);
      // The extension host's console (the mocha reporter among it) arrives here: show it live.
      if (options.verbose || !WORKBENCH_NOISE.some((pattern) => pattern.test(text))) {
        process.stdout.write(`${text.replace(/\s+$/, '')}\n`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit({ code: Number(code) }));

    const url = workbenchUrl({
      port: server.port,
      folder: workspace,
      extensionDevelopmentPath: developmentPath,
      extensionTestsPath: testsModule,
    });
    log(`opening the workbench in headless Chromium; the suite's output follows`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    const serverDied = new Promise((resolve) =>
      server.process.once('exit', (code, signal) =>
        resolve({ error: `code-server exited (${signal ?? code}) while the tests ran` }),
      ),
    );
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            error: `no result from the extension host after ${timeoutMs / 1000} s (did run() hang, or did the extension host fail to start?)`,
          }),
        timeoutMs,
      );
    });
    const result = await Promise.race([exited, serverDied, timedOut]);
    clearTimeout(timer);

    if (result.error) {
      throw new Error(
        `${result.error}.\n` +
          `Last lines of the code-server log (${path.relative(REPO_ROOT, serverLog)}):\n${server.output().split('\n').slice(-30).join('\n')}\n` +
          `Workbench console: ${path.relative(REPO_ROOT, workbenchLog)}`,
      );
    }

    const counts = readSummary(options.summary) ?? parseSpecCounts(output);
    if (!counts) {
      log(`no mocha summary found (see ${path.relative(REPO_ROOT, workbenchLog)})`);
    } else if (!fs.existsSync(options.summary)) {
      await fsp.writeFile(options.summary, JSON.stringify(counts, null, 2) + '\n');
    }
    const code = result.code;
    const countsText = counts
      ? `${counts.passes} passed, ${counts.failures} failed, ${counts.pending ?? 0} pending`
      : 'counts unknown';
    log(
      `${code === 0 ? 'PASSED' : 'FAILED'} (${countsText}) in ${seconds(Date.now() - started)}; extension host exit code ${code}`,
    );
    if (code !== 0 && !counts) {
      log(
        `the suite did not run to the end: read ${path.relative(REPO_ROOT, workbenchLog)} and ${path.relative(REPO_ROOT, serverLog)}`,
      );
    }
    return code === 0 ? 0 : 1;
  } finally {
    await fsp.writeFile(workbenchLog, workbenchLines.join('\n') + '\n').catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (!options.keep) await fsp.rm(scratch, { recursive: true, force: true }).catch(() => {});
    else log(`kept ${scratch}`);
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`[integration] FAILED: ${error.message}`);
  process.exitCode = 1;
}
