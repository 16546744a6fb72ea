// The webviews' pages in a real Chromium, without a workbench: the production bundles and
// stylesheets served under the panel's CSP from a loopback server, below the stylesheet VS Code
// gives every webview. The one stand-in is `acquireVsCodeApi` (a test-only script records what
// the webview posts and delivers host messages). Used by panelPage.test.ts, imageGeometry.test.ts
// and the gallery (scripts/gallery.mjs).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../src/core/protocol';
import { webviewCsp } from '../../src/core/webviewCsp';
import { THEMES, themeCss } from './panelPage.fixtures';
import { VSCODE_WEBVIEW_DEFAULT_STYLES } from './vscodeWebviewStyles';

export const ROOT = path.resolve(__dirname, '../../..');
const BUNDLES = path.join(__dirname, 'panelPage-bundles');

// ── The page ────────────────────────────────────────────────────────────────────────────────

/** Stands in for the host side of `acquireVsCodeApi`: records posts, delivers messages, and
 *  keeps `setState` across reloads like VS Code does across hide/show. */
const HOST_STAND_IN = `
(() => {
  const posted = [];
  let acquired = false;
  let state = JSON.parse(sessionStorage.getItem('webview-state') || 'null');
  window.__host = {
    posted,
    deliver(message) { window.dispatchEvent(new MessageEvent('message', { data: message })); },
    get state() { return state; },
  };
  window.acquireVsCodeApi = () => {
    if (acquired) { throw new Error('An instance of the VS Code API has already been acquired'); }
    acquired = true;
    return {
      postMessage(message) { posted.push(JSON.parse(JSON.stringify(message))); },
      getState() { return state; },
      setState(next) { state = next; sessionStorage.setItem('webview-state', JSON.stringify(next)); },
    };
  };
})();
`;

export interface Server {
  readonly origin: string;
  /** A second origin for images, as VS Code serves resources from another origin with CORS. */
  readonly resourceOrigin: string;
  readonly hits: string[];
  close(): Promise<void>;
}

export async function startServer(
  images: Record<string, { body: Buffer; type: string }>,
): Promise<Server> {
  const hits: string[] = [];
  const nonce = 'dGVzdC1ub25jZS0xMjM0NQ';
  let origin = '';
  let resourceOrigin = '';
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    hits.push(url.pathname);
    const send = (
      status: number,
      type: string,
      body: string | Buffer,
      headers: Record<string, string> = {},
    ): void => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      response.end(body);
    };
    const page = /^\/(panel|chat|markdown)\.html$/.exec(url.pathname)?.[1];
    if (page) {
      const theme = url.searchParams.get('theme') ?? 'dark';
      // As src/host/webviewHtml.ts passes VS Code's localisation bundle: escaped JSON on <body>.
      const l10n = (url.searchParams.get('l10n') ?? '').replace(
        /[&<>"']/g,
        (character) => `&#${character.charCodeAt(0)};`,
      );
      const cspSource = `${origin} ${resourceOrigin}`;
      const script = page === 'markdown' ? '/bundles/markdownHarness.js' : `/bundles/${page}.js`;
      // The side view adds chat.css, as src/host/webviewHtml.ts does.
      const chatStyles = page === 'chat' ? '\n<link rel="stylesheet" href="/media/chat.css">' : '';
      send(
        200,
        'text/html; charset=utf-8',
        `<!DOCTYPE html>
<html lang="en">
<head>
<style id="_defaultStyles">${VSCODE_WEBVIEW_DEFAULT_STYLES}</style>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="/theme/${theme}.css">
<link rel="stylesheet" href="/media/panel.css">${chatStyles}
</head>
<body class="${THEMES[theme].bodyClass}"${l10n ? ` data-l10n="${l10n}"` : ''}>
<div id="app"></div>
<script nonce="${nonce}" src="/host-stand-in.js"></script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`,
      );
    } else if (url.pathname === '/host-stand-in.js') {
      send(200, 'text/javascript', HOST_STAND_IN);
    } else if (url.pathname.startsWith('/theme/')) {
      send(200, 'text/css', themeCss(path.basename(url.pathname, '.css')));
    } else if (url.pathname === '/media/panel.css' || url.pathname === '/media/chat.css') {
      send(200, 'text/css', fs.readFileSync(path.join(ROOT, url.pathname)));
    } else if (url.pathname.startsWith('/bundles/mermaid/')) {
      // The lazily imported Mermaid bundle, where the panel's script finds it (next to itself).
      send(
        200,
        'text/javascript',
        fs.readFileSync(path.join(ROOT, 'dist/webview/mermaid', path.basename(url.pathname))),
      );
    } else if (url.pathname.startsWith('/bundles/tiff/')) {
      // The TIFF worker, fetched by the page the first time a TIFF is opened (next to its script).
      send(
        200,
        'text/javascript',
        fs.readFileSync(path.join(ROOT, 'dist/webview/tiff', path.basename(url.pathname))),
      );
    } else if (url.pathname.startsWith('/bundles/')) {
      send(
        200,
        'text/javascript',
        fs.readFileSync(path.join(BUNDLES, path.basename(url.pathname))),
      );
    } else if (url.pathname.startsWith('/images/') && images[path.basename(url.pathname)]) {
      const image = images[path.basename(url.pathname)];
      send(200, image.type, image.body, { 'Access-Control-Allow-Origin': '*' });
    } else if (url.pathname === '/favicon.ico') {
      send(204, 'image/x-icon', '');
    } else {
      send(404, 'text/plain', 'not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  resourceOrigin = `http://localhost:${port}`;
  return {
    origin,
    resourceOrigin,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function buildBundles(): Promise<void> {
  // The shipped bundle, built the way the package is built.
  execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'pipe' });
  fs.mkdirSync(BUNDLES, { recursive: true });
  for (const bundle of ['panel.js', 'chat.js']) {
    fs.copyFileSync(path.join(ROOT, 'dist/webview', bundle), path.join(BUNDLES, bundle));
  }
  // The markdown harness with the options esbuild.config.mjs uses for the webview.
  await esbuild.build({
    entryPoints: { markdownHarness: path.join(ROOT, 'test/e2e/markdownHarness.browser.ts') },
    outdir: BUNDLES,
    bundle: true,
    minify: true,
    legalComments: 'none',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    logLevel: 'warning',
  });
}

// ── Helpers that run in the page ─────────────────────────────────────────────────────────────

export async function deliver(page: Page, ...messages: HostToWebview[]): Promise<void> {
  for (const message of messages) {
    await page.evaluate((m) => (globalThis as any).__host.deliver(m), message);
  }
}

export async function posted(page: Page): Promise<WebviewToHost[]> {
  return page.evaluate(() => (globalThis as any).__host.posted);
}

export async function waitForPost<T extends WebviewToHost['type']>(
  page: Page,
  type: T,
  after = 0,
): Promise<Extract<WebviewToHost, { type: T }>> {
  const handle = await page.waitForFunction(
    ([wanted, skip]) =>
      (globalThis as any).__host.posted
        .slice(skip)
        .find((m: { type: string }) => m.type === wanted),
    [type, after] as const,
    { timeout: 20_000 },
  );
  return (await handle.jsonValue()) as Extract<WebviewToHost, { type: T }>;
}

export async function nextFrames(page: Page, count = 2): Promise<void> {
  await page.evaluate(
    (n) =>
      new Promise<void>((resolve) => {
        const step = (left: number): void =>
          left === 0
            ? resolve()
            : void (globalThis as any).requestAnimationFrame(() => step(left - 1));
        step(n);
      }),
    count,
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.MMR_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
