// Two worlds: the extension host (Node, CommonJS, `vscode` provided at run time) and the
// webviews (browser iframes, one IIFE each, loaded by nonce under a strict CSP). The host is
// three bundles loaded in turn: dist/extension.js at activation (registrations only), dist/host.js
// on first use of any of them, dist/openai.js on the first request.
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import { webviewBuildOptions } from './scripts/webviewBuildOptions.mjs';

const watch = process.argv.includes('--watch');
const dev = watch || process.argv.includes('--dev');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  logLevel: 'info',
};

// `import * as vscode from 'vscode'` compiles to `__toESM(require('vscode'))` in every module
// that imports it, and __toESM copies each of the API's hundreds of properties onto a fresh
// object: about 6 ms of activation here (bench/README.md, activation_ms). Handing __toESM an
// object whose prototype is the API leaves it nothing to copy, and `vscode.x` still resolves,
// through the prototype, to the same API.
const cheapVscodeImport = {
  name: 'cheap-vscode-import',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-api'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({
      contents: 'module.exports = Object.create(require("vscode"));',
      loader: 'js',
    }));
  },
};

// The openai SDK is two thirds of the host's code and only needed once a request is made: it
// is a bundle of its own, dist/openai.js, that src/core/openaiSdk.ts require()s on first use
// (every other import of 'openai' in src/ is `import type`).
const lazyOpenaiSdk = {
  name: 'lazy-openai-sdk',
  setup(build) {
    build.onResolve({ filter: /^openai$/ }, (args) =>
      args.kind === 'require-call' ? { path: './openai.js', external: true } : undefined,
    );
  },
};

// The `mermaid` library is loaded by the webviews only when an answer has a diagram: its own ES
// module, one file in dist/webview/mermaid/. Not split by diagram type: once loaded, nothing more
// is fetched, so closing a panel can never cut a half-loaded set of chunks (in the web workbench
// that left later webviews unable to load their resources). ELK (a 1.5 MB layout engine)
// and KaTeX (maths in labels) are left out to keep the .vsix small: the library is configured to
// lay out with dagre, and a diagram that asks for either fails to render like any other error.
const withoutOptionalMermaidParts = {
  name: 'without-optional-mermaid-parts',
  setup(build) {
    build.onResolve({ filter: /^(elkjs|katex)(\/|$)/ }, (args) => ({
      path: args.path,
      namespace: 'left-out',
    }));
    build.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
      contents: `export default class { constructor() { throw new Error(${JSON.stringify(`${args.path} is not included in this extension`)}); } static renderToString() { throw new Error('Maths in diagram labels is not supported here'); } }`,
      loader: 'js',
    }));
  },
};

// utif2 needs only pako's inflate (for Deflate-compressed TIFFs): its deflate stays out.
const pakoInflateOnly = {
  name: 'pako-inflate-only',
  setup(build) {
    build.onResolve({ filter: /^pako$/ }, () => ({
      path: createRequire(import.meta.url).resolve('pako/lib/inflate.js'),
    }));
  },
};

// What the extension's code does behind its registrations is dist/host.js, which
// src/host/lazyHostLayer.ts require()s on first use: activation loads only ids and registrations.
const lazyHostLayer = {
  name: 'lazy-host-layer',
  setup(build) {
    build.onResolve({ filter: /^\.\/host\.js$/ }, (args) =>
      args.kind === 'require-call' ? { path: './host.js', external: true } : undefined,
    );
  },
};

/** @type {esbuild.BuildOptions} */
const extensionHost = {
  ...common,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  plugins: [cheapVscodeImport, lazyHostLayer, lazyOpenaiSdk],
};

const builds = [
  {
    ...extensionHost,
    entryPoints: { extension: 'src/extension.ts', host: 'src/host/hostLayer.ts' },
  },
  {
    ...common,
    entryPoints: { openai: 'src/core/openaiSdkBundle.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The pages, with the image encoders' worker bundled in as text (scripts/workerSource.cjs).
    ...webviewBuildOptions({ dev }),
    logLevel: common.logLevel,
    entryPoints: { panel: 'src/webview/main.ts', chat: 'src/webview/chat.ts' },
    outdir: 'dist/webview',
  },
  // The TIFF decoder (utif2) is a worker of its own, dist/webview/tiff/tiffWorker.js, which the
  // page fetches the first time a TIFF is opened (src/webview/tiff/tiffPages.ts): no other image
  // pays for it.
  {
    ...common,
    entryPoints: { tiffWorker: 'src/webview/tiff/tiffWorker.ts' },
    outdir: 'dist/webview/tiff',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    plugins: [pakoInflateOnly],
  },
  {
    ...webviewBuildOptions({ dev }),
    logLevel: common.logLevel,
    entryPoints: { mermaid: 'src/webview/mermaid/mermaidLibrary.ts' },
    outdir: 'dist/webview/mermaid',
    format: 'esm',
    plugins: [withoutOptionalMermaidParts],
  },
  {
    ...webviewBuildOptions({ dev }),
    logLevel: common.logLevel,
    entryPoints: { pdf: 'src/webview/pdf/pdfLibrary.ts' },
    outdir: 'dist/webview/pdf',
    format: 'esm',
  },
  {
    ...webviewBuildOptions({ dev }),
    logLevel: common.logLevel,
    entryPoints: { 'pdf-worker': 'src/webview/pdf/pdfWorker.ts' },
    outdir: 'dist/webview/pdf',
  },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
