// The one page the webviews' code is loaded into outside VS Code, for the page tests
// (webviewPage.ts serves it), the gallery and the bench (bench/lib/panelPage.mjs): the panel's
// CSP (src/core/webviewCsp.ts), VS Code's default stylesheet and a theme's variables first, as
// VS Code puts them, then the page's stylesheets and scripts, each script by nonce. Pure (no
// Node or DOM API), so the bench can bundle it.
import { webviewCsp } from '../../src/core/webviewCsp';
import { THEMES, VSCODE_WEBVIEW_DEFAULT_STYLES } from './vscodeWebviewStyles';

/** Where the page loads the stand-in from, and the theme's variables (`/theme/<theme>.css`). */
export const HOST_STAND_IN_PATH = '/host-stand-in.js';

/**
 * The one stand-in: the host side of `acquireVsCodeApi`. It records what the page posts
 * (`__host.posted`, and when: `__host.postedAt`, in the page's `performance.now()`), delivers
 * host messages synchronously, one per call (`__host.deliver` returns when it was called), and
 * keeps `setState` across reloads as VS Code does across hide and show. Like VS Code's, it may be
 * acquired once.
 */
export const HOST_STAND_IN = `
(() => {
  const posted = [];
  const postedAt = [];
  let acquired = false;
  let state = JSON.parse(sessionStorage.getItem('webview-state') || 'null');
  window.__host = {
    posted,
    postedAt,
    deliver(message) {
      const at = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: message }));
      return at;
    },
    get state() { return state; },
  };
  window.acquireVsCodeApi = () => {
    if (acquired) { throw new Error('An instance of the VS Code API has already been acquired'); }
    acquired = true;
    return {
      postMessage(message) {
        postedAt.push(performance.now());
        posted.push(JSON.parse(JSON.stringify(message)));
      },
      getState() { return state; },
      setState(next) { state = next; sessionStorage.setItem('webview-state', JSON.stringify(next)); },
    };
  };
})();
`;

export interface WebviewPageOptions {
  /** The page's origins: the extension's resources, and the second one images come from. */
  readonly cspSource: string;
  readonly nonce: string;
  /** A key of THEMES (default dark): its body class, and its variables from /theme/<theme>.css. */
  readonly theme?: string;
  /** The page's stylesheets, after VS Code's. */
  readonly styles: readonly string[];
  /** The page's scripts, after the stand-in. */
  readonly scripts: readonly string[];
  /** VS Code's localisation bundle, as src/host/webviewHtml.ts passes it: JSON on <body>. */
  readonly l10n?: string;
}

export function webviewPageHtml(options: WebviewPageOptions): string {
  const theme = options.theme ?? 'dark';
  const l10n = options.l10n
    ? ` data-l10n="${options.l10n.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)}"`
    : '';
  const script = (src: string): string => `<script nonce="${options.nonce}" src="${src}"></script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<style id="_defaultStyles">${VSCODE_WEBVIEW_DEFAULT_STYLES}</style>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp(options.cspSource, options.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="/theme/${theme}.css">
${options.styles.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n')}
</head>
<body class="${THEMES[theme].bodyClass}"${l10n}>
<div id="app"></div>
${[HOST_STAND_IN_PATH, ...options.scripts].map(script).join('\n')}
</body>
</html>`;
}
