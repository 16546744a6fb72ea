// esbuild plugin: `import source from 'worker-source:./imageWorker.ts'` is that file bundled on
// its own (IIFE, for the browser), as a string. A webview can start a worker only from a blob:
// or data: URL (VS Code serves the extension's files from another origin), so the page makes
// one from this text. Shared by esbuild.config.mjs and the bench and test bundles that include
// the webview's image code. CommonJS so the compiled tests can require() it.
const path = require('node:path');
const esbuild = require('esbuild');

/** @param {{ minify?: boolean }} [options] */
function workerSource(options = {}) {
  return {
    name: 'worker-source',
    setup(build) {
      build.onResolve({ filter: /^worker-source:/ }, (args) => ({
        path: path.resolve(args.resolveDir, args.path.slice('worker-source:'.length)),
        namespace: 'worker-source',
      }));
      build.onLoad({ filter: /.*/, namespace: 'worker-source' }, async (args) => {
        const result = await esbuild.build({
          entryPoints: [args.path],
          bundle: true,
          write: false,
          minify: options.minify ?? build.initialOptions.minify ?? false,
          legalComments: 'none',
          platform: 'browser',
          format: 'iife',
          target: 'chrome120',
          metafile: true,
          logLevel: 'warning',
        });
        return {
          contents: `export default ${JSON.stringify(result.outputFiles[0].text)};`,
          loader: 'js',
          watchFiles: Object.keys(result.metafile.inputs).map((input) => path.resolve(input)),
        };
      });
    },
  };
}

module.exports = { workerSource };
