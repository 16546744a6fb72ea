// One log channel for the extension; its level follows VS Code's "Developer: Set Log Level".
// Callers pass a component prefix. Never log keys or image bytes: log sizes and origins. Every
// line is scrubbed of anything shaped like a credential as well (src/core/errors.ts).
import * as vscode from 'vscode';
import { scrubSecrets } from '../core/errors';

let channel: vscode.LogOutputChannel | undefined;
/** Listeners that see each line as written (the extension-host tests read the log through this). */
const taps = new Set<(line: string) => void>();

export function registerLogger(context: vscode.ExtensionContext): void {
  channel = vscode.window.createOutputChannel('Multimodal Reasoning', { log: true });
  context.subscriptions.push(channel);
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

type Level = keyof Logger;

export function createLogger(component: string): Logger {
  const prefix = `[${component}] `;
  const write = (level: Level) => (message: string) => {
    // Whatever a caller passes (a server's words, a URL), nothing shaped like a credential is kept.
    const line = prefix + scrubSecrets(message);
    channel?.[level](line);
    taps.forEach((tap) => tap(`${level} ${line}`));
  };
  return { info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug') };
}

/** Sees every line logged from now on, whatever the channel's level; dispose to stop. */
export function tapLog(listener: (line: string) => void): vscode.Disposable {
  taps.add(listener);
  return new vscode.Disposable(() => taps.delete(listener));
}
