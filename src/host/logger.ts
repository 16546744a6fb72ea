// One log channel for the extension; its level follows VS Code's "Developer: Set Log Level".
// Callers pass a component prefix. Never log keys or image bytes: log sizes and origins.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

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

export function createLogger(component: string): Logger {
  const prefix = `[${component}] `;
  return {
    info: (message) => channel?.info(prefix + message),
    warn: (message) => channel?.warn(prefix + message),
    error: (message) => channel?.error(prefix + message),
    debug: (message) => channel?.debug(prefix + message),
  };
}
