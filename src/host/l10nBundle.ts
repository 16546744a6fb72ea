// Core code (no `vscode` import) and the webviews localise with `@vscode/l10n`, the library
// VS Code provides for code outside the extension host's API. Both get the same bundle that
// `vscode.l10n.t` uses: undefined while VS Code runs in English, so `t` keeps the source text.
// Imported first by extension.ts so that core strings made at module load are translated too.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

l10n.config({ contents: vscode.l10n.bundle ?? {} });

/** The bundle as JSON for a webview page (`data-l10n` on its body); `{}` in English. */
export function webviewL10nBundle(): string {
  return JSON.stringify(vscode.l10n.bundle ?? {});
}
