// Where messages from a conversation webview enter the host: each is checked against its type's
// schema (src/core/webviewMessages.ts) and dropped, with a log line, when it does not fit. What a
// message may make the host do is limited here too: an error's buttons run only the commands on
// a fixed list, never a command named by the page.
import * as vscode from 'vscode';
import type { ErrorAction, ViewToHostMessage, WebviewKind } from '../core/protocol';
import { checkWebviewMessage } from '../core/webviewMessages';
import { createLogger } from './logger';

const log = createLogger('webview');

/**
 * The message, if it is one the protocol lets `view` send; otherwise undefined (and a log line
 * naming `where`, e.g. the panel of which image).
 */
export function acceptWebviewMessage<V extends WebviewKind>(
  raw: unknown,
  view: V,
  where: string,
): ViewToHostMessage<V> | undefined {
  const checked = checkWebviewMessage(raw, view);
  if (!checked.ok) {
    log.warn(`dropped a message from ${where}: ${checked.reason}`);
    return undefined;
  }
  return checked.message;
}

/** The command each error button runs, and its arguments: the whole allow-list. */
const ACTION_COMMANDS: Readonly<
  Record<Exclude<ErrorAction, 'retry'>, readonly [command: string, ...args: unknown[]]>
> = {
  setApiKey: ['multimodalReasoning.setApiKey'],
  selectModel: ['multimodalReasoning.selectModel'],
  chooseProvider: ['multimodalReasoning.chooseProvider'],
  openSettings: ['workbench.action.openSettings', 'multimodalReasoning'],
};

/** Runs an error button's command; anything not on the list does nothing. */
export async function runWebviewAction(action: string): Promise<void> {
  if (!Object.hasOwn(ACTION_COMMANDS, action)) {
    log.warn(`refused an action that is not on the list: ${JSON.stringify(action.slice(0, 40))}`);
    return;
  }
  const [command, ...args] = ACTION_COMMANDS[action as keyof typeof ACTION_COMMANDS];
  await vscode.commands.executeCommand(command, ...args);
}
