// The analysis panel's webview in plain headless Chromium: the shipped bundle
// (dist/webview/panel.js) and stylesheet under the panel's CSP (src/core/webviewCsp.ts, the
// policy VS Code serves it with; scripts by nonce), with a stand-in for
// `acquireVsCodeApi` that records what the webview posts (with the time) and delivers host
// messages synchronously, one per call, like test/e2e/panelPage.test.ts does.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../test/support/common.mjs';
import { requireSourceModule } from './build.mjs';

const { webviewCsp } = await requireSourceModule('src/core/webviewCsp.ts', 'webviewCsp');

export const HOST_STAND_IN = `
(() => {
  const posted = [];
  window.__host = {
    posted,
    deliver(message) {
      const at = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: message }));
      return at;
    },
  };
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage(message) { posted.push({ at: performance.now(), message }); },
    getState() { return state; },
    setState(next) { state = next; },
  });
})();
`;

/** The page, served from `origin`; images may come from `resourceOrigin` (CORS). */
export function panelPageHtml(origin, resourceOrigin, extraScripts = []) {
  // The page's own origin plays the extension's resources (script, styles), the second origin the image's folder.
  const nonce = randomBytes(16).toString('base64');
  const csp = webviewCsp(`${origin} ${resourceOrigin}`, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="/media/panel.css">
<title>architecture.png</title>
</head>
<body class="vscode-dark">
<div id="app"></div>
<script nonce="${nonce}" src="/host-stand-in.js"></script>
<script nonce="${nonce}" src="/dist/webview/panel.js"></script>
${extraScripts.map((src) => `<script nonce="${nonce}" src="${src}"></script>`).join('\n')}
</body>
</html>`;
}

/**
 * Routes for the page and what it loads; `extensionPath` serves another checkout's built webview
 * and stylesheet (to compare builds), default this one.
 */
export function panelPageRoutes(server, extraScripts = [], extensionPath = REPO_ROOT) {
  const file = (relative) => ({ body: () => fs.readFileSync(path.join(extensionPath, relative)) });
  return {
    '/panel.html': {
      type: 'text/html; charset=utf-8',
      body: panelPageHtml(server.origin, server.resourceOrigin, extraScripts),
    },
    '/host-stand-in.js': { type: 'text/javascript', body: HOST_STAND_IN },
    '/media/panel.css': { type: 'text/css', ...file('media/panel.css') },
    '/dist/webview/panel.js': { type: 'text/javascript', ...file('dist/webview/panel.js') },
  };
}

/** A fresh page (own context: nothing cached) with the panel loaded and ready. */
export async function openPanelPage(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.origin}/panel.html`);
  await page.waitForFunction(() =>
    globalThis.__host?.posted.some((post) => post.message.type === 'webview/ready'),
  );
  return { context, page, errors };
}
