// `npm start`: builds the extension, writes the sample workspace, and opens VS Code with the
// extension loaded from this folder.
// - With a desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> <sample workspace>`.
// - Otherwise (or with --web): the offline VS Code (code-server) on 127.0.0.1, and the URL to
//   open in a browser; it keeps running until Ctrl+C. Settings and state persist between runs
//   in the cache folder, and the port stays the same (the browser keeps its state per origin).
//
//   node test/support/start.mjs [--web] [--port 8765] [--folder PATH]
// Rebuild on change with `npm run watch` in another terminal, then "Developer: Reload Window".
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, runInherited, workbenchUrl } from './common.mjs';
import { cacheRoot, ensureOfflineVscode, startCodeServer } from './offline-vscode.mjs';
import { generateSampleWorkspace } from './sample-diagram.mjs';

const { values: options } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.MMR_PORT ?? '8765' },
    folder: { type: 'string' },
  },
});

function hasDesktopCode() {
  const found = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], {
    encoding: 'utf8',
  });
  return found.status === 0 && found.stdout.trim().length > 0;
}

try {
  console.log('▶ build (esbuild, with source maps)');
  const built = await runInherited(process.execPath, ['esbuild.config.mjs', '--dev']);
  if (built !== 0) throw new Error(`the build failed (exit ${built})`);

  const folder = options.folder ? path.resolve(options.folder) : await generateSampleWorkspace();
  console.log(`▶ workspace: ${folder}`);

  if (!options.web && hasDesktopCode()) {
    console.log('▶ opening desktop VS Code with the extension loaded from this folder');
    process.exitCode = await runInherited('code', [
      `--extensionDevelopmentPath=${REPO_ROOT}`,
      folder,
    ]);
  } else {
    await ensureOfflineVscode();
    const state = path.join(cacheRoot(), 'start');
    const server = await startCodeServer({
      workspaceFolder: folder,
      userDataDir: path.join(state, 'user-data'),
      extensionsDir: path.join(state, 'extensions'),
      keepExistingSettings: true,
      port: Number(options.port),
      logFile: path.join(state, 'code-server.log'),
    });
    const url = workbenchUrl({ port: server.port, folder, extensionDevelopmentPath: REPO_ROOT });
    console.log(
      [
        '',
        'VS Code (offline, code-server) is running with the extension loaded. Open this URL in a browser:',
        '',
        `  ${url}`,
        '',
        `  (plain ${server.url} opens VS Code without the development extension)`,
        `  log: ${path.join(state, 'code-server.log')}`,
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    let stopping = false;
    const shutdown = async () => {
      stopping = true;
      console.log('\nstopping VS Code…');
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    server.process.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(
        `code-server exited (${signal ?? code}); see ${path.join(state, 'code-server.log')}`,
      );
      process.exit(1);
    });
  }
} catch (error) {
  console.error(`npm start failed: ${error.message}`);
  process.exitCode = 1;
}
