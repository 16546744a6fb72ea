// Webview strings go through `@vscode/l10n`, with the bundle `vscode.l10n.t` uses handed over by
// the host in the page's `data-l10n` attribute (src/host/webviewHtml.ts): VS Code in English
// hands `{}`, and `l10n.t` returns the source text. Each page's entry (main.ts, chat.ts) imports
// this module first, so the bundle is loaded before any string is made, module constants too.
import * as l10n from '@vscode/l10n';

const bundle = document.body?.dataset.l10n;
if (bundle) {
  l10n.config({ contents: bundle });
}
