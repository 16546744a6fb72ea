// The analysis panel's webview in plain headless Chromium: the shipped bundle
// (dist/webview/panel.js) and stylesheet in the page tests' own page (test/e2e/webviewPageHtml.ts:
// the panel's CSP, scripts by nonce, VS Code's default stylesheet and the dark theme's
// variables), with its stand-in for `acquireVsCodeApi`, which records what the webview posts
// (`__host.posted`, and when: `__host.postedAt`) and delivers host messages synchronously, one
// per call (`__host.deliver` returns when it was called).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../test/support/common.mjs';
import { requireSourceModule } from './build.mjs';

const { HOST_STAND_IN, HOST_STAND_IN_PATH, webviewPageHtml } = await requireSourceModule(
  'test/e2e/webviewPageHtml.ts',
  'webviewPageHtml',
);
const { themeCss } = await requireSourceModule('test/e2e/vscodeWebviewStyles.ts', 'vscodeStyles');

/**
 * Routes for the page and what it loads; `extraScripts` come after the panel's. `extensionPath`
 * serves another checkout's built webview and stylesheet (to compare builds), default this one.
 */
export function panelPageRoutes(server, extraScripts = [], extensionPath = REPO_ROOT) {
  const file = (relative) => ({ body: () => fs.readFileSync(path.join(extensionPath, relative)) });
  return {
    '/panel.html': {
      type: 'text/html; charset=utf-8',
      // The page's own origin plays the extension's resources, the second the image's folder.
      body: () =>
        webviewPageHtml({
          cspSource: `${server.origin} ${server.resourceOrigin}`,
          nonce: randomBytes(16).toString('base64'),
          styles: ['/media/panel.css'],
          scripts: ['/dist/webview/panel.js', ...extraScripts],
        }),
    },
    [HOST_STAND_IN_PATH]: { type: 'text/javascript', body: HOST_STAND_IN },
    '/theme/dark.css': { type: 'text/css', body: themeCss('dark') },
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
    globalThis.__host?.posted.some((message) => message.type === 'webview/ready'),
  );
  return { context, page, errors };
}
