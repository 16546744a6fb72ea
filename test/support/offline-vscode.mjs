// A real VS Code with no internet: the npm package `code-server` carries VS Code's server and
// web workbench. `ensureOfflineVscode()` installs it once into a cache folder outside the repo
// (see shared/notes/offline-vscode.md for why each step is needed); `startCodeServer()` runs
// it on a free loopback port for one test run or one `npm start`.
//
// Run directly (`node test/support/offline-vscode.mjs`) to install or check the cache.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3, the newest whose engines.node is 20
const MARKER = '.mmr-install-complete.json';
const NATIVE_MODULES = [
  'node-pty',
  '@vscode/spdlog',
  '@vscode/deviceid',
  'kerberos',
  'native-watchdog',
];

export function cacheRoot() {
  return process.env.MMR_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'multimodal-reasoning');
}

/** Where everything lives once installed. */
export function codeServerPaths(
  root = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`),
) {
  const pkg = path.join(root, 'node_modules', 'code-server');
  return {
    root,
    pkg,
    entry: path.join(pkg, 'out', 'node', 'entry.js'),
    vscode: path.join(pkg, 'lib', 'vscode'),
    marker: path.join(root, MARKER),
    log: `${root}.install.log`,
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

/** Runs a command, appending its output to the install log; resolves to the exit code. */
async function run(command, args, { cwd, logFile }) {
  await fsp.appendFile(logFile, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
  const out = fs.openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', out, out] });
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
    return marker.version === CODE_SERVER_VERSION && fs.existsSync(paths.entry);
  } catch {
    return false;
  }
}

/**
 * Installs code-server into the cache folder unless a finished install is already there.
 * The marker is written only after every step (and a start-up check) succeeded, so an
 * interrupted install is wiped and redone.
 */
export async function ensureOfflineVscode({ verify = true } = {}) {
  const paths = codeServerPaths();
  if (isOfflineVscodeInstalled(paths)) return paths;

  const started = Date.now();
  say(
    `Installing the offline VS Code (code-server ${CODE_SERVER_VERSION}) into ${paths.root} — ` +
      'about 2 minutes, once. Log: ' +
      paths.log,
  );
  if (!fs.existsSync('/usr/bin/rg')) {
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

  // Its postinstall refuses to run as root and then downloads ripgrep: do its work by hand.
  await step(`npm install code-server@${CODE_SERVER_VERSION} --ignore-scripts`, logFile, () =>
    mustRun(
      'npm',
      [
        'install',
        `code-server@${CODE_SERVER_VERSION}`,
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
      ],
      {
        cwd: paths.root,
        logFile,
      },
    ),
  );
  await step('npm install --omit=dev --ignore-scripts (lib/vscode)', logFile, () =>
    mustRun('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: paths.vscode,
      logFile,
    }),
  );
  await step('link ripgrep to /usr/bin/rg', logFile, async () => {
    const bin = path.join(paths.vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
    await fsp.mkdir(bin, { recursive: true });
    await fsp.rm(path.join(bin, 'rg'), { force: true });
    await fsp.symlink('/usr/bin/rg', path.join(bin, 'rg'));
  });
  for (const name of NATIVE_MODULES) {
    await step(`npm rebuild ${name}`, logFile, async () => {
      const code = await run('npm', ['rebuild', name], { cwd: paths.vscode, logFile });
      const built = findNodeBinary(path.join(paths.vscode, 'node_modules', name));
      // node-pty's post-build step (`npx node-gyp` for compile_commands.json) fails offline
      // after pty.node is built, so the file, not the exit code, tells whether it worked.
      if (!built)
        throw new Error(`no build/Release/*.node after \`npm rebuild ${name}\` (exit ${code})`);
      if (code !== 0) await fsp.appendFile(logFile, `(exit ${code} ignored: ${built} was built)\n`);
    });
  }
  await step('npm rebuild argon2', logFile, () =>
    mustRun('npm', ['rebuild', 'argon2'], { cwd: paths.root, logFile }),
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
      { version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() },
      null,
      2,
    ) + '\n',
  );
  say(`Installed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
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
 * @returns {Promise<{ url: string, port: number, process: import('node:child_process').ChildProcess,
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

  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = attempt === 1 && preferredPort ? preferredPort : await freePort();
    try {
      return await launch({
        port,
        workspaceFolder,
        userDataDir,
        extensionsDir,
        configFile,
        env,
        logFile,
        paths,
        startTimeoutMs,
      });
    } catch (error) {
      lastError = error;
      if (!/EADDRINUSE|address already in use/i.test(error.message)) break; // the port was taken: try another
    }
  }
  throw lastError;
}

async function launch({
  port,
  workspaceFolder,
  userDataDir,
  extensionsDir,
  configFile,
  env,
  logFile,
  paths,
  startTimeoutMs,
}) {
  const args = [
    paths.entry,
    '--config',
    configFile,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
    workspaceFolder,
  ];
  // Its own process group, so stop() also ends the extension host and other children.
  const child = spawn(process.execPath, args, {
    cwd: paths.root,
    env: cleanEnv(env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks = [];
  let size = 0;
  const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : undefined;
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
  const deadline = Date.now() + startTimeoutMs;
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
        `code-server did not answer on ${url} within ${startTimeoutMs / 1000} s:\n${output().slice(-4000)}`,
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
    process.execPath,
    [
      paths.entry,
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--install-extension',
      vsix,
    ],
    { cwd: paths.root, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
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
  try {
    const paths = await ensureOfflineVscode();
    say(`Ready: ${paths.entry}`);
  } catch (error) {
    console.error(`[offline-vscode] ${error.message}`);
    process.exit(1);
  }
}
