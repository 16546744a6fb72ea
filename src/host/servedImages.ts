// What an analysis panel's page may load from disk. A webview loads local files only under its
// localResourceRoots, and a root is a folder: rooted at the image's folder, the page could read
// every file beside the image (a repository's .env next to its diagram). So the page gets a copy
// of the image in a folder of its own, in the extension's storage, removed when the panel closes;
// its roots are that folder and the extension's own media. Images in virtual file systems, which
// the page cannot load by URI, go inline as data URLs as before.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LoadedImage } from './imageFile';
import { createLogger } from './logger';

const log = createLogger('images');

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/avif': 'avif',
  'image/x-icon': 'ico',
  'image/svg+xml': 'svg',
  'image/tiff': 'tiff',
  'application/pdf': 'pdf',
};

/** The copy a page loads, and the folder that is its only local root besides the extension's. */
export interface ServedImage extends vscode.Disposable {
  readonly uri: vscode.Uri;
  readonly folder: vscode.Uri;
}

export class ServedImages {
  constructor(private readonly root: vscode.Uri) {}

  static forContext(context: vscode.ExtensionContext): ServedImages {
    return new ServedImages(
      vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'served-images'),
    );
  }

  /** A private copy of `image` for one panel; undefined when the page should get a data URL. */
  async serve(image: LoadedImage): Promise<ServedImage | undefined> {
    if (image.uri.scheme !== 'file' && image.uri.scheme !== 'vscode-remote') {
      return undefined;
    }
    // The copy has a name of our making (the extension follows the sniffed type, so VS Code serves
    // it with the right content type); the file's own name never touches this path.
    const folder = vscode.Uri.joinPath(this.root, randomBytes(12).toString('hex'));
    const uri = vscode.Uri.joinPath(folder, `image.${EXTENSIONS[image.mime] ?? 'bin'}`);
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.workspace.fs.writeFile(uri, image.data);
    return {
      uri,
      folder,
      dispose: () =>
        void vscode.workspace.fs
          .delete(folder, { recursive: true, useTrash: false })
          .then(undefined, (error: unknown) =>
            log.warn(`could not remove a panel's copy: ${String(error)}`),
          ),
    };
  }

  /**
   * Copies left by a window that closed without disposing its panels; only old ones, since other
   * windows of this workspace share the folder.
   */
  async removeStale(maxAgeMs = 24 * 60 * 60 * 1000): Promise<void> {
    const exists = await vscode.workspace.fs.stat(this.root).then(
      () => true,
      () => false,
    );
    const entries = exists
      ? await vscode.workspace.fs.readDirectory(this.root).then(undefined, () => [])
      : [];
    for (const [name] of entries) {
      const folder = vscode.Uri.joinPath(this.root, name);
      const stat = await vscode.workspace.fs.stat(folder).then(undefined, () => undefined);
      if (stat && Date.now() - stat.mtime > maxAgeMs) {
        await vscode.workspace.fs
          .delete(folder, { recursive: true, useTrash: false })
          .then(undefined, () => undefined);
      }
    }
  }
}
