// One log channel for the extension; its level follows VS Code's "Developer: Set Log Level".
// Callers pass a component prefix. Never log keys or image bytes: log sizes and origins.
import * as vscode from 'vscode';

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
    channel?.[level](prefix + message);
    taps.forEach((tap) => tap(`${level} ${prefix}${message}`));
  };
  return { info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug') };
}

/** Sees every line logged from now on, whatever the channel's level; dispose to stop. */
export function tapLog(listener: (line: string) => void): vscode.Disposable {
  taps.add(listener);
  return new vscode.Disposable(() => taps.delete(listener));
}
