// The one HTML page every conversation webview loads: no inline script, no remote anything.
// Initial data is not embedded; the page says `webview/ready` and the host answers. Only the
// localisation bundle rides along, in an escaped attribute, since strings are made at load.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewCsp } from '../core/webviewCsp';
import { webviewL10nBundle } from './l10nBundle';

export function webviewOptions(
  extensionUri: vscode.Uri,
  imageFolder?: vscode.Uri,
): vscode.WebviewOptions {
  const roots = [
    vscode.Uri.joinPath(extensionUri, 'media'),
    vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
  ];
  if (imageFolder) {
    roots.push(imageFolder);
  }
  return { enableScripts: true, localResourceRoots: roots };
}

/** `bundle`: the analysis panel (`panel`) or the side view's chat (`chat`, which adds chat.css). */
export function renderWebviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  title: string,
  bundle: 'panel' | 'chat' = 'panel',
): string {
  const nonce = randomBytes(16).toString('base64');
  const styleUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const extraStyle =
    bundle === 'chat'
      ? `\n<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'chat.css')).toString()}">`
      : '';
  const scriptUri = webview.asWebviewUri(
    vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`),
  );
  const csp = webviewCsp(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri.toString()}">${extraStyle}
<title>${escapeHtml(title)}</title>
</head>
<body data-l10n="${escapeHtml(webviewL10nBundle())}">
<div id="app"></div>
<script nonce="${nonce}" src="${scriptUri.toString()}"></script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
