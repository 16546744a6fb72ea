// Builds what the bench runs: the shipped bundles (`node esbuild.config.mjs`, production) and the
// bench's own bundles under out/bench (git- and vsce-ignored), made with the same esbuild
// options as the shipped ones so the code measured is the code shipped.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { webviewBuildOptions } from '../../scripts/webviewBuildOptions.mjs';
import { REPO_ROOT, runInherited } from '../../test/support/common.mjs';

export const BENCH_OUT = path.join(REPO_ROOT, 'out', 'bench');

export async function buildShippedBundles() {
  const code = await runInherited(process.execPath, ['esbuild.config.mjs']);
  if (code !== 0) throw new Error(`node esbuild.config.mjs failed (exit ${code})`);
}

/** A page script, bundled as the webviews are (scripts/webviewBuildOptions.mjs). */
export async function buildBrowserBundle(entry, name) {
  const outfile = path.join(BENCH_OUT, `${name}.js`);
  await esbuild.build({
    ...webviewBuildOptions(),
    entryPoints: [path.join(REPO_ROOT, entry)],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** A Node module (CommonJS, like the host bundle); `vscode` stays external. */
export async function buildNodeBundle(entry, name) {
  const outfile = path.join(BENCH_OUT, `${name}.js`);
  await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

/** A module of src/ loaded into the bench's own process (built as above), e.g. the webviews' CSP. */
export async function requireSourceModule(entry, name) {
  return createRequire(import.meta.url)(await buildNodeBundle(entry, name));
}
