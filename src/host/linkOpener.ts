// Links in model output are untrusted: only web and mail links open, always through VS Code
// (which asks before leaving for an external site), and `command:`/`vscode:`/`file:` never run.
import * as vscode from 'vscode';

const OPENABLE_SCHEMES = new Set(['http', 'https', 'mailto']);

export function isOpenableLink(href: string): boolean {
  try {
    return OPENABLE_SCHEMES.has(vscode.Uri.parse(href, true).scheme.toLowerCase());
  } catch {
    return false;
  }
}

export async function openModelLink(href: string): Promise<void> {
  if (isOpenableLink(href)) {
    await vscode.env.openExternal(vscode.Uri.parse(href, true));
  }
}
