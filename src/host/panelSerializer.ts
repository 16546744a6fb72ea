// Analysis panels survive a window reload: VS Code keeps the webview's state (the image and the
// conversation id, see main.ts) and hands the panel back here; the conversation comes from
// history, with a turn that was streaming shown as interrupted.
import * as vscode from 'vscode';
import type { AnalysisPanels } from './analysisPanels';
import { isConversationId, type HistoryRecord } from '../core/history';
import { isPanelFilePath } from '../core/imageFacts';
import { ImageFileError } from './imageFile';
import { createLogger } from './logger';

const log = createLogger('revive');

export function panelSerializer(panels: AnalysisPanels): vscode.WebviewPanelSerializer {
  return {
    async deserializeWebviewPanel(webviewPanel, state: unknown) {
      const revive = reviveState(state);
      if (!revive) {
        // Nothing to restore it from (a panel from an older version): close it rather than show a
        // blank page.
        webviewPanel.dispose();
        return;
      }
      const record = await panels.panelServices.history.get(revive.conversationId);
      const imageUri = trustedImageUri(revive.imageUri, record);
      if (!imageUri) {
        // The page's state is the page's word: a file neither saved with this conversation nor
        // in the workspace is not opened on its say-so.
        log.warn("did not revive a panel whose saved image is not its conversation's");
        webviewPanel.dispose();
        return;
      }
      try {
        await panels.revive(webviewPanel, imageUri, record);
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
  return typeof revive?.conversationId === 'string' &&
    isConversationId(revive.conversationId) &&
    typeof revive.imageUri === 'string' &&
    revive.imageUri.length <= 8_192
    ? { conversationId: revive.conversationId, imageUri: revive.imageUri }
    : undefined;
}

/**
 * The image to reopen: the one history saved for this conversation (the host wrote that), or,
 * for a conversation not saved yet, a file of this workspace.
 */
function trustedImageUri(
  claimed: string,
  record: HistoryRecord | undefined,
): vscode.Uri | undefined {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(claimed, true);
  } catch {
    return undefined;
  }
  const saved = record?.images[0]?.uri;
  if (saved !== undefined) {
    return saved === uri.toString() ? uri : undefined;
  }
  return vscode.workspace.getWorkspaceFolder(uri) && isPanelFilePath(uri.path) ? uri : undefined;
}
