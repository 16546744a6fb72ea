// `npm run package`: the .vsix users install, with only what runs (see .vscodeignore). The
// end-to-end tier (test/support/run-e2e.mjs) packages through the same function and installs
// the result into the offline VS Code, so what users install is what is tested.
//   node scripts/package.mjs [--no-build] [--out FILE]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_VSIX = path.join(ROOT, 'dist', 'multimodal-reasoning-agent.vsix');

async function run(args, { quiet = false } = {}) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}\n${output.slice(-4000)}`);
}

/** Packages the already-built bundles into `out`; resolves to its path. */
export async function packageVsix(out = DEFAULT_VSIX, { quiet = false } = {}) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // The README's links stay relative (no public repository to rewrite them against yet).
  await run(
    [
      path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--no-rewrite-relative-links',
      '-o',
      out,
    ],
    { quiet },
  );
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: { 'no-build': { type: 'boolean', default: false }, out: { type: 'string' } },
  });
  if (!values['no-build']) await run([path.join(ROOT, 'esbuild.config.mjs')]);
  await packageVsix(values.out ? path.resolve(values.out) : DEFAULT_VSIX);
}
