// The image a chat agent names for `analyze_image`: a path the model chose, possibly after reading
// a hostile repository, so it is held to the workspace. Relative paths are read from each
// workspace folder in turn; absolute paths and URIs must lie in one; `..` is resolved first; on
// disk the file's real path (every link followed) must lie in the real path of its folder, so a
// link cannot lead out. What the file holds is checked as every image is (imageFile.ts).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

export class WorkspaceImageError extends Error {}

/** The workspace file `requested` names; throws WorkspaceImageError saying why not. */
export async function resolveWorkspaceImage(requested: string): Promise<vscode.Uri> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    throw new WorkspaceImageError(
      vscode.l10n.t('No folder is open, so there is no workspace image to analyze.'),
    );
  }
  const candidates = candidateUris(requested.trim(), folders);
  for (const uri of candidates) {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || !isWithin(folder.uri.path, uri.path)) continue;
    if (!(await exists(uri))) continue;
    await assertNoEscape(uri, folder);
    return uri;
  }
  const inside = candidates.some((uri) => vscode.workspace.getWorkspaceFolder(uri));
  throw new WorkspaceImageError(
    inside
      ? vscode.l10n.t('There is no file "{0}" in the workspace.', requested)
      : vscode.l10n.t(
          '"{0}" is outside the workspace: only images in the open folders can be analyzed.',
          requested,
        ),
  );
}

function candidateUris(
  requested: string,
  folders: readonly vscode.WorkspaceFolder[],
): vscode.Uri[] {
  // Neither Uri.parse nor Uri.file resolves `..`: `/ws/../elsewhere` would pass as inside `/ws`
  // by its prefix, and on a remote or virtual file system nothing below would catch it.
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(requested)) {
    return [withResolvedDots(vscode.Uri.parse(requested, true))];
  }
  if (path.posix.isAbsolute(requested) || path.win32.isAbsolute(requested)) {
    return [withResolvedDots(vscode.Uri.file(requested))];
  }
  // joinPath normalises `a/../../b`, so an escape shows as a path outside the folder.
  return folders.map((folder) => vscode.Uri.joinPath(folder.uri, requested));
}

function withResolvedDots(uri: vscode.Uri): vscode.Uri {
  return uri.with({ path: path.posix.normalize(uri.path) });
}

/** `child` is `parent` or below it (both normalised URI paths). */
function isWithin(parent: string, child: string): boolean {
  const base = parent.endsWith('/') ? parent : `${parent}/`;
  return child.startsWith(base);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * On disk: the real path of the file is inside the real path of its folder. Elsewhere (virtual
 * file systems): no part of the path below the folder is a symbolic link.
 */
async function assertNoEscape(uri: vscode.Uri, folder: vscode.WorkspaceFolder): Promise<void> {
  const refused = () =>
    new WorkspaceImageError(
      vscode.l10n.t(
        '"{0}" leads out of the workspace through a symbolic link, so it is not read.',
        vscode.workspace.asRelativePath(uri, false),
      ),
    );
  if (uri.scheme === 'file' && folder.uri.scheme === 'file') {
    const [root, real] = await Promise.all([
      fs.realpath(folder.uri.fsPath),
      fs.realpath(uri.fsPath),
    ]);
    const relative = path.relative(root, real);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) throw refused();
    return;
  }
  const below = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1).split('/');
  for (let depth = 1; depth <= below.length; depth++) {
    const step = vscode.Uri.joinPath(folder.uri, ...below.slice(0, depth));
    if ((await vscode.workspace.fs.stat(step)).type & vscode.FileType.SymbolicLink) throw refused();
  }
}
