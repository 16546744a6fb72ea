// "Analyze Image…" (command palette: always asks which image) and "Analyze Image with AI"
// (Explorer context menu and the image preview's title bar: the image it was invoked on).
import * as vscode from 'vscode';
import type { AnalysisPanels } from '../analysisPanels';
import type { AnalysisPanel } from '../analysisPanel';
import {
  ANALYZE_IMAGE_COMMAND,
  ANALYZE_IMAGE_MENU_COMMAND,
  type CommandHandlers,
} from '../contributionIds';
import { ImageFileError } from '../imageFile';
import { activeImagePreviewUri, pickWorkspaceImage } from '../imagePicker';

export function analyzeImageCommands(
  panels: AnalysisPanels,
): Pick<CommandHandlers, typeof ANALYZE_IMAGE_COMMAND | typeof ANALYZE_IMAGE_MENU_COMMAND> {
  return {
    [ANALYZE_IMAGE_COMMAND]: async (resource?: unknown) =>
      openPanel(panels, asUri(resource) ?? (await pickWorkspaceImage(activeImagePreviewUri()))),
    [ANALYZE_IMAGE_MENU_COMMAND]: async (resource?: unknown) =>
      openPanel(panels, asUri(resource) ?? activeImagePreviewUri() ?? (await pickWorkspaceImage())),
  };
}

async function openPanel(
  panels: AnalysisPanels,
  uri: vscode.Uri | undefined,
): Promise<AnalysisPanel | undefined> {
  if (!uri) {
    return undefined;
  }
  // Beside the preview when the image is already open there, so the two sit side by side.
  const previewed = activeImagePreviewUri();
  const column =
    previewed?.toString() === uri.toString() ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  try {
    return await panels.open(uri, column);
  } catch (error) {
    if (error instanceof ImageFileError) {
      void vscode.window.showErrorMessage(error.message);
      return undefined;
    }
    throw error;
  }
}

function asUri(resource: unknown): vscode.Uri | undefined {
  return resource instanceof vscode.Uri ? resource : undefined;
}
