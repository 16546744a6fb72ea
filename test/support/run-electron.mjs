// The same extension-host suite through @vscode/test-electron, for machines that can download
// VS Code (desktop, or CI with internet). Offline it fails fast with a clear message; use
// `npm run test:integration` (code-server, no download) there.
//
//   node test/support/run-electron.mjs [--no-build] [--vscode-version stable|insiders|1.100.3]
// A cached download under .vscode-test/ is reused; pin a version to run offline from the cache.
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { build, REPO_ROOT, TEST_OUTPUT } from './common.mjs';
import { generateSampleWorkspace } from './sample-diagram.mjs';

const { values: options } = parseArgs({
  options: {
    build: { type: 'boolean', default: true },
    'no-build': { type: 'boolean', default: false },
    'vscode-version': { type: 'string', default: process.env.MMR_VSCODE_VERSION ?? 'stable' },
    timeout: { type: 'string', default: '1200' },
  },
});

function fail(message) {
  console.error(`[electron] FAILED: ${message}`);
  process.exit(1);
}

if (options.build && !options['no-build']) {
  try {
    await build();
  } catch (error) {
    fail(error.message);
  }
}

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.warn(
    '[electron] no DISPLAY: desktop VS Code needs one; on a headless Linux box run it under xvfb-run -a',
  );
}

const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'mmr-electron-'));
const workspace = path.join(scratch, 'workspace');
await fsp.cp(await generateSampleWorkspace(), workspace, { recursive: true });

// Never hang: an overall limit on top of test-electron's own idle timeout for the download.
const overall = setTimeout(
  () => fail(`no result after ${options.timeout} s`),
  Number(options.timeout) * 1000,
);
overall.unref();

try {
  const code = await runTests({
    version: options['vscode-version'],
    timeout: 20_000, // idle timeout of the download and the version look-up
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index'),
    extensionTestsEnv: { MMR_MOCHA_SUMMARY: path.join(TEST_OUTPUT, 'electron', 'summary.json') },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions stay out of the run
      '--disable-workspace-trust',
      '--skip-welcome',
      '--user-data-dir',
      path.join(scratch, 'user-data'),
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  process.exitCode = code;
} catch (error) {
  const text = String(error?.message ?? error);
  const offline =
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|timed? ?out|Timeout|getaddrinfo|socket hang up|Failed to get JSON/i.test(
      text,
    );
  console.error(
    `[electron] FAILED: ${
      offline
        ? `could not download VS Code (${text.split('\n')[0]}).\n` +
          '  This machine cannot reach the VS Code download servers. Run the same suite offline with\n' +
          '  `npm run test:integration` (VS Code 1.100.3 from the npm package code-server).'
        : text
    }`,
  );
  process.exitCode = 1;
} finally {
  clearTimeout(overall);
  await fsp.rm(scratch, { recursive: true, force: true }).catch(() => {});
}
