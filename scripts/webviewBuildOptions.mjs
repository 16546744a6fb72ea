// The one set of esbuild options for code that runs in a webview's page (after VS Code's
// extensions/esbuild-webview-common.mts): one IIFE per page for Chromium, minified unless in
// development, with the encoders' worker bundled in as text (workerSource.cjs). The build
// (esbuild.config.mjs), the page tests' harnesses (test/e2e) and the bench's (bench/lib/build.mjs)
// all start from it, so what is tested and measured is built as what ships.
import workerSourcePlugin from './workerSource.cjs';

/** @returns {import('esbuild').BuildOptions} */
export function webviewBuildOptions({ dev = false } = {}) {
  return {
    bundle: true,
    minify: !dev,
    sourcemap: dev ? 'inline' : false,
    legalComments: 'none',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    plugins: [workerSourcePlugin.workerSource()],
  };
}
