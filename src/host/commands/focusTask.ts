// "Focus Task" (Ctrl+Alt+A / Cmd+Alt+A): from anywhere, the cursor goes to the task box of the
// analysis panel used last, or of the side chat when no panel is open.
import * as vscode from 'vscode';
import type { AnalysisPanels } from '../analysisPanels';
import type { ChatViewProvider } from '../chatView';

export const FOCUS_TASK_COMMAND = 'multimodalReasoning.focusTask';
export const NEW_CHAT_COMMAND = 'multimodalReasoning.newChat';

export function registerFocusTaskCommand(context: vscode.ExtensionContext, panels: AnalysisPanels, chat: ChatViewProvider): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(FOCUS_TASK_COMMAND, async () => {
      const panel = panels.mostRecent;
      if (panel) {
        panel.focusTask();
      } else {
        await chat.focusTask();
      }
    }),
    vscode.commands.registerCommand(NEW_CHAT_COMMAND, async () => {
      chat.newChat();
      await chat.focusTask();
    }),
  );
}
