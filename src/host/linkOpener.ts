// Links in model output are untrusted: only web and mail links open, always through VS Code, and
// `command:`/`vscode:`/`file:` never run. VS Code asks before it opens a web site, but not for
// the domains it trusts (github.com, microsoft.com…) and never for `mailto:`, while the text of a
// markdown link need not say where it goes. So every link is shown as it is, and opened only once
// the user says so.
import * as vscode from 'vscode';
import { decodeUriComponentSafely } from '../core/uriComponent';

const OPENABLE_SCHEMES = new Set(['http', 'https', 'mailto']);

export function isOpenableLink(href: string): boolean {
  try {
    return OPENABLE_SCHEMES.has(vscode.Uri.parse(href, true).scheme.toLowerCase());
  } catch {
    return false;
  }
}

export interface LinkPrompts {
  /**
   * Asks whether to open `shown`; true opens it. Default: a modal dialog (Open Link, Copy Link).
   */
  readonly confirm?: (shown: string, uri: vscode.Uri) => Thenable<boolean>;
  /** Opens the link; default `vscode.env.openExternal`. */
  readonly open?: (uri: vscode.Uri) => Thenable<boolean>;
}

/** Opens links from answers, one instance per extension (its prompts are the tests' to answer). */
export class ModelLinks {
  options: LinkPrompts = {};

  /** Resolves true when the link was opened. */
  async open(href: string): Promise<boolean> {
    if (!isOpenableLink(href)) {
      return false;
    }
    const uri = vscode.Uri.parse(href, true);
    const shown = describeLink(uri, href);
    if (!(await (this.options.confirm ?? confirmLink)(shown, uri))) {
      return false;
    }
    return (this.options.open ?? vscode.env.openExternal)(uri);
  }
}

/** The whole address, and for mail whom it goes to: what the user decides on. */
function describeLink(uri: vscode.Uri, href: string): string {
  const text = href.trim();
  const shown = text.length > 600 ? `${text.slice(0, 599)}…` : text;
  return uri.scheme.toLowerCase() === 'mailto'
    ? vscode.l10n.t('An email to {0}: {1}', decodeUriComponentSafely(uri.path) || '?', shown)
    : shown;
}

async function confirmLink(shown: string): Promise<boolean> {
  const open = vscode.l10n.t('Open Link');
  const copy = vscode.l10n.t('Copy Link');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Open this link from the answer?'),
    { modal: true, detail: shown },
    open,
    copy,
  );
  if (choice === copy) {
    await vscode.env.clipboard.writeText(shown);
  }
  return choice === open;
}
