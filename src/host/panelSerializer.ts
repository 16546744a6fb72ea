// Analysis panels survive a window reload: VS Code keeps the webview's state (the image and the
// conversation id, see main.ts) and hands the panel back here; the conversation comes from
// history, with a turn that was streaming shown as interrupted.
import * as vscode from 'vscode';
import type { AnalysisPanels } from './analysisPanels';
import { ImageFileError } from './imageFile';
import { createLogger } from './logger';

const log = createLogger('revive');

export function panelSerializer(panels: AnalysisPanels): vscode.WebviewPanelSerializer {
  return {
    async deserializeWebviewPanel(webviewPanel, state: unknown) {
      const revive = reviveState(state);
      if (!revive) {
        // Nothing to restore it from (a panel from an older version): close it rather than show a blank page.
        webviewPanel.dispose();
        return;
      }
      const record = await panels.panelServices.history.get(revive.conversationId);
      try {
        await panels.revive(webviewPanel, vscode.Uri.parse(revive.imageUri, true), record);
        log.info(`revived a panel with ${record?.turns.length ?? 0} turns`);
      } catch (error) {
        webviewPanel.dispose();
        if (error instanceof ImageFileError) {
          void vscode.window.showWarningMessage(
            vscode.l10n.t(
              'An analysis panel was not restored: {0} Its conversation is in the Multimodal Reasoning history.',
              error.message,
            ),
          );
        } else {
          throw error;
        }
      }
    },
  };
}

function reviveState(state: unknown): { conversationId: string; imageUri: string } | undefined {
  const revive = (
    state as { revive?: { conversationId?: unknown; imageUri?: unknown } } | undefined
  )?.revive;
  return typeof revive?.conversationId === 'string' && typeof revive.imageUri === 'string'
    ? { conversationId: revive.conversationId, imageUri: revive.imageUri }
    : undefined;
}
