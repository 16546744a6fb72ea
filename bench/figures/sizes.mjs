// host_bundle_kb, webview_bundle_kb: the production bundles `node esbuild.config.mjs` writes
// (minified, no source maps), every .js file of each, as shipped.
// vsix_kb: the package `vsce package` makes from them (the `npm run package` command, written
// under out/bench so a packaged dist/*.vsix is left alone).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../test/support/common.mjs';
import { BENCH_OUT } from '../lib/build.mjs';
import { KB } from '../lib/stats.mjs';

function jsFiles(dir, recursive) {
  const root = path.join(REPO_ROOT, dir);
  return fs
    .readdirSync(root, { recursive, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

function sizeOf(files) {
  const perFile = Object.fromEntries(
    files.map((file) => [path.relative(REPO_ROOT, file), fs.statSync(file).size]),
  );
  const bytes = Object.values(perFile).reduce((sum, size) => sum + size, 0);
  return { kb: bytes / KB, bytes, files: perFile };
}

export function measureBundles() {
  // The host bundle is dist/*.js: the entry and any chunk it loads later, all of it runs in the
  // extension host. Each webview opens with one bundle of dist/webview/ (the analysis panel
  // panel.js, the side view chat.js): the figure is the largest, the code one webview loads.
  // Modules in subfolders (dist/webview/mermaid/) load only when an answer needs them: they are
  // reported on their own (webview_lazy_kb) and counted in the .vsix.
  // All were just built without --dev, i.e. minified.
  const host = sizeOf(jsFiles('dist', false));
  const webviewFiles = jsFiles(path.join('dist', 'webview'), false).map((file) => sizeOf([file]));
  if (host.bytes === 0 || webviewFiles.length === 0)
    throw new Error('no bundles in dist/: the build did not run');
  const largest = webviewFiles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const webview = {
    kb: largest.kb,
    largest: Object.keys(largest.files)[0],
    files: Object.assign({}, ...webviewFiles.map((file) => file.files)),
  };
  const entries = new Set(Object.keys(webview.files));
  const lazy = sizeOf(
    jsFiles(path.join('dist', 'webview'), true).filter(
      (file) => !entries.has(path.relative(REPO_ROOT, file)),
    ),
  );
  return {
    figures: { host_bundle_kb: host.kb, webview_bundle_kb: webview.kb, webview_lazy_kb: lazy.kb },
    details: { host, webview, webviewLazy: lazy },
  };
}

/** The flags of `npm run package` (package.json), with the output moved to out/bench. */
export const VSCE_FLAGS = ['--no-dependencies', '--skip-license', '--no-rewrite-relative-links'];

export function measureVsix() {
  fs.mkdirSync(BENCH_OUT, { recursive: true });
  const out = path.join(BENCH_OUT, 'bench.vsix');
  fs.rmSync(out, { force: true });
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  if (!fs.existsSync(vsce)) throw new Error('@vscode/vsce is not installed: run npm install');
  const run = spawnSync(process.execPath, [vsce, 'package', ...VSCE_FLAGS, '-o', out], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0 || !fs.existsSync(out))
    throw new Error(`vsce package failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  const bytes = fs.statSync(out).size;
  // Every bundle the build made must be in the package, or the installed extension breaks.
  const packaged = listZip(out);
  const built = [...jsFiles('dist', false), ...jsFiles(path.join('dist', 'webview'), true)].map(
    (file) => `extension/${path.relative(REPO_ROOT, file)}`,
  );
  const missing = packaged ? built.filter((file) => !packaged.includes(file)) : undefined;
  if (missing?.length)
    console.warn(`[bench] WARNING: the .vsix lacks ${missing.join(', ')} (see .vscodeignore)`);
  return {
    figures: { vsix_kb: bytes / KB },
    details: {
      file: path.relative(REPO_ROOT, out),
      bytes,
      files: packaged,
      bundlesMissingFromVsix: missing,
    },
  };
}

/** The names in a zip file, from its central directory. */
function listZip(file) {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) return undefined;
  const names = [];
  let offset = zip.readUInt32LE(end + 16);
  for (let entry = zip.readUInt16LE(end + 10); entry > 0; entry--) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) return undefined;
    const nameLength = zip.readUInt16LE(offset + 28);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return names;
}
