// Test-only extensions, packaged as users' extensions are (.vsix) so the runners can install them
// beside this one. Never shipped: they live under test/ and .vscodeignore leaves test/ out.
// - test/loopbackModels: language models for VS Code's Language Model API that forward to the
//   loopback OpenAI-compatible server (needs VS Code 1.106 or later; see its README.md).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './common.mjs';

const LOOPBACK_MODELS = path.join(REPO_ROOT, 'test', 'loopbackModels');

/** The loopback-models extension's id, as `vscode.extensions.getExtension` knows it. */
export const LOOPBACK_MODELS_ID = 'multimodal-reasoning-tests.loopback-models';

/** True when `target`'s VS Code is one test/loopbackModels's `engines.vscode` admits. */
export function runsLoopbackModels(target) {
  const manifest = JSON.parse(fs.readFileSync(path.join(LOOPBACK_MODELS, 'package.json'), 'utf8'));
  const floor = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(manifest.engines.vscode)?.slice(1).map(Number);
  const version = /^(\d+)\.(\d+)\.(\d+)/.exec(target.vscode)?.slice(1).map(Number);
  if (!floor || !version)
    throw new Error(`cannot compare ${target.vscode} with ${manifest.engines.vscode}`);
  for (let index = 0; index < 3; index++)
    if (version[index] !== floor[index]) return version[index] > floor[index];
  return true;
}

/**
 * Bundles test/loopbackModels (its extension.ts with the openai SDK inside, `vscode` left to
 * the extension host) into a staging folder and packages it as `outFile`; resolves to outFile.
 */
export async function packageLoopbackModels(outFile) {
  const stage = await fsp.mkdtemp(path.join(os.tmpdir(), 'mmr-loopback-models-'));
  try {
    for (const file of ['package.json', 'README.md'])
      await fsp.copyFile(path.join(LOOPBACK_MODELS, file), path.join(stage, file));
    await esbuild.build({
      entryPoints: [path.join(LOOPBACK_MODELS, 'extension.ts')],
      outfile: path.join(stage, 'dist', 'extension.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      logLevel: 'warning',
    });
    await fsp.mkdir(path.dirname(outFile), { recursive: true });
    const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const child = spawn(
      process.execPath,
      [
        vsce,
        'package',
        '--no-dependencies',
        '--skip-license',
        '--allow-missing-repository',
        '-o',
        outFile,
      ],
      { cwd: stage, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = await once(child, 'exit');
    if (code !== 0 || !fs.existsSync(outFile))
      throw new Error(
        `packaging test/loopbackModels failed (exit ${code}):\n${output.slice(-4000)}`,
      );
    return outFile;
  } finally {
    await fsp.rm(stage, { recursive: true, force: true });
  }
}
