// Small pieces shared by the runners in test/support: paths, the build, Chromium, workbench URLs.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEST_OUTPUT = path.join(REPO_ROOT, 'test-output');

export const CHROMIUM_PATH = process.env.MMR_CHROMIUM ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google's hosts, which this
// machine's closed network refuses.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian packages the browser tiers need: Chromium to drive, ripgrep for VS Code's search, and
 * the headers code-server's native modules are rebuilt against. The same list as .ci/run.
 */
export const SYSTEM_PACKAGES = [
  'chromium',
  'ripgrep',
  'libkrb5-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'fonts-dejavu-core',
];
const SYSTEM_FILES = [
  '/usr/bin/rg',
  '/usr/include/krb5.h',
  '/usr/include/X11/extensions/XKBfile.h',
  '/usr/include/libsecret-1/libsecret/secret.h',
];

export function assertChromium() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing (${CHROMIUM_PATH}); the workbench tests drive it headless.\n` +
        `  Install it:  sudo apt-get update && sudo apt-get install -y ${SYSTEM_PACKAGES.join(' ')}\n` +
        '  (or point MMR_CHROMIUM at another Chromium/Chrome binary)',
    );
  }
}

/**
 * Installs the Debian packages above when any is missing and we may (root, apt-get present);
 * otherwise leaves it to assertChromium to say what to run.
 */
export function ensureSystemPackages() {
  const missing = [CHROMIUM_PATH, ...SYSTEM_FILES].filter((file) => !fs.existsSync(file));
  if (missing.length === 0 || process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) {
    return;
  }
  console.log(
    `\n▶ installing Debian packages the browser tests need (missing: ${missing.join(', ')}): ${SYSTEM_PACKAGES.join(' ')}`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-q'],
    ['install', '-y', '-q', '--no-install-recommends', ...SYSTEM_PACKAGES],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) {
      throw new Error(
        `apt-get ${args[0]} failed (exit ${result.status}); install by hand: apt-get install -y ${SYSTEM_PACKAGES.join(' ')}`,
      );
    }
  }
}

/** Runs a command with inherited output; resolves to its exit code. */
export async function runInherited(command, args, { cwd = REPO_ROOT, env = process.env } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
  const [code, signal] = await once(child, 'exit');
  return signal ? 128 : code;
}

export const BUILD_STEPS = [
  { title: 'build (esbuild)', command: process.execPath, args: ['esbuild.config.mjs'] },
  {
    title: 'compile (tsc -p .)',
    command: process.execPath,
    args: [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
  },
];

/** Builds the bundles and compiles the tests; throws on the first failure. */
export async function build() {
  for (const step of BUILD_STEPS) {
    console.log(`\n▶ ${step.title}`);
    const code = await runInherited(step.command, step.args);
    if (code !== 0) throw new Error(`${step.title} failed (exit ${code})`);
  }
}

/** A `vscode-remote://` URI for a path on the code-server machine (which is this one). */
export function remoteUri(port, absolutePath) {
  return `vscode-remote://127.0.0.1:${port}${encodeURI(absolutePath)}`;
}

/**
 * The workbench URL: the folder to open plus the launch payload (what `code
 * --extensionDevelopmentPath … --extensionTestsPath …` passes on the desktop).
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const payload = [];
  if (extensionDevelopmentPath)
    payload.push(['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(port, extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams({ folder, payload: JSON.stringify(payload) });
  return `http://127.0.0.1:${port}/?${query}`;
}

/**
 * Where a browser tier writes its logs, screenshots and summary for one VS Code target:
 * test-output/<tier> for the minimum, test-output/<tier>-<target> for the others.
 */
export function tierOutputDir(tier, target) {
  return path.join(TEST_OUTPUT, target.name === 'minimum' ? tier : `${tier}-${target.name}`);
}

/** Reads a mocha summary written by summary-reporter.cjs, or undefined. */
export function readSummary(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Counts from mocha's spec epilogue ("3 passing", "1 failing", "2 pending") in free text. */
export function parseSpecCounts(text) {
  const count = (word) => {
    const matches = [...text.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))];
    return matches.length ? Number(matches.at(-1)[1]) : undefined;
  };
  const passes = count('passing');
  if (passes === undefined) return undefined;
  return { passes, failures: count('failing') ?? 0, pending: count('pending') ?? 0 };
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
