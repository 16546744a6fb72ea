// "Focus Task" (Ctrl+Alt+A / Cmd+Alt+A): from anywhere, the cursor goes to the task box of the
// analysis panel used last, or of the side chat when no panel is open.
import type { AnalysisPanels } from '../analysisPanels';
import type { ChatViewProvider } from '../chatView';
import { FOCUS_TASK_COMMAND, NEW_CHAT_COMMAND, type CommandHandlers } from '../contributionIds';

export function focusTaskCommands(
  panels: AnalysisPanels,
  chat: ChatViewProvider,
): Pick<CommandHandlers, typeof FOCUS_TASK_COMMAND | typeof NEW_CHAT_COMMAND> {
  return {
    [FOCUS_TASK_COMMAND]: async () => {
      const panel = panels.mostRecent;
      if (panel) {
        panel.focusTask();
      } else {
        await chat.focusTask();
      }
    },
    [NEW_CHAT_COMMAND]: async () => {
      chat.newChat();
      await chat.focusTask();
    },
  };
}
