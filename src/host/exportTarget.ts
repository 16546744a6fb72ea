// Where "Save as Markdown" and "Open as file" may write. A cloned repository controls what lies
// next to its images: `arch.mmd -> ~/.bashrc`, or a folder that is a link out of the workspace.
// So a file is written next to the image only when it is inside the workspace for real (its
// folder resolved through any links), never through a link, and never over an existing file
// without asking; anywhere else the user picks the place in a save dialog.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

export class ExportRefusedError extends Error {}

/** Whether `target` would land inside a workspace folder, following links of its folder. */
export async function isInsideWorkspace(target: vscode.Uri): Promise<boolean> {
  const folder = vscode.workspace.getWorkspaceFolder(target);
  if (!folder) {
    return false;
  }
  if (target.scheme !== 'file' || folder.uri.scheme !== 'file') {
    return true; // no links to follow in other file systems through this API
  }
  try {
    const [root, parent] = await Promise.all([
      fs.realpath(folder.uri.fsPath),
      fs.realpath(path.dirname(target.fsPath)),
    ]);
    const relative = path.relative(root, parent);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  } catch {
    return false;
  }
}

/**
 * What is at `target` now: nothing, a file (or folder), or a symbolic link (even a dangling one).
 */
export async function existingEntry(target: vscode.Uri): Promise<'none' | 'file' | 'link'> {
  if (target.scheme === 'file') {
    try {
      return (await fs.lstat(target.fsPath)).isSymbolicLink() ? 'link' : 'file';
    } catch {
      return 'none';
    }
  }
  try {
    const stat = await vscode.workspace.fs.stat(target);
    return stat.type & vscode.FileType.SymbolicLink ? 'link' : 'file';
  } catch {
    return 'none';
  }
}

/**
 * Writes `bytes` to `target`, never through a symbolic link: on disk the file is opened with
 * O_NOFOLLOW, so a link swapped in after the checks still fails instead of being followed.
 */
export async function writeWithoutFollowingLinks(
  target: vscode.Uri,
  bytes: Uint8Array,
): Promise<void> {
  if (target.scheme !== 'file' || fs.constants.O_NOFOLLOW === undefined) {
    if ((await existingEntry(target)) === 'link') {
      throw linkRefused(target);
    }
    await vscode.workspace.fs.writeFile(target, bytes);
    return;
  }
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(
      target.fsPath,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW,
      0o644,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw linkRefused(target);
    }
    throw error;
  }
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
}

function linkRefused(target: vscode.Uri): ExportRefusedError {
  return new ExportRefusedError(
    vscode.l10n.t(
      '{0} is a symbolic link, and nothing is written through one. Choose another file name.',
      vscode.workspace.asRelativePath(target),
    ),
  );
}
