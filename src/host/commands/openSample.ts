// "Analyze the Sample Diagram", the walkthrough's last step: an architecture diagram shipped in
// media/sample, so a user who just installed the extension has something to try it on. The
// panel opens on a copy in the extension's global storage, never on the installed file: a
// Markdown answer is saved next to its image, and the extension's own folder is not the place
// (it may be read-only, and it is replaced on update). workspace.fs keeps it working remotely.
import * as vscode from 'vscode';
import type { AnalysisPanels } from '../analysisPanels';
import type { AnalysisPanel } from '../analysisPanel';
import { OPEN_SAMPLE_COMMAND, type CommandHandlers } from '../contributionIds';
import { ImageFileError } from '../imageFile';

export const SAMPLE_FILE_NAME = 'architecture.png';

export function openSampleCommands(
  context: vscode.ExtensionContext,
  panels: AnalysisPanels,
): Pick<CommandHandlers, typeof OPEN_SAMPLE_COMMAND> {
  return {
    [OPEN_SAMPLE_COMMAND]: async (): Promise<AnalysisPanel | undefined> => {
      try {
        return await panels.open(await copySample(context), vscode.ViewColumn.Active);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(
          error instanceof ImageFileError
            ? reason
            : vscode.l10n.t('Could not open the sample diagram: {0}', reason),
        );
        return undefined;
      }
    },
  };
}

/**
 * The sample's copy in global storage, written when missing (an earlier copy may hold answers next
 * to it).
 */
async function copySample(context: vscode.ExtensionContext): Promise<vscode.Uri> {
  const folder = vscode.Uri.joinPath(context.globalStorageUri, 'sample');
  const target = vscode.Uri.joinPath(folder, SAMPLE_FILE_NAME);
  const exists = await vscode.workspace.fs.stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.copy(
      vscode.Uri.joinPath(context.extensionUri, 'media', 'sample', SAMPLE_FILE_NAME),
      target,
      { overwrite: true },
    );
  }
  return target;
}
