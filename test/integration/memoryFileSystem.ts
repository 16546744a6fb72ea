// A real FileSystemProvider for the tests' own URI scheme: a virtual file system as a remote or
// in-memory workspace has one, so reads go through `vscode.workspace.fs` exactly as there. Files
// may claim a size without holding the bytes (a 200 MB file costs nothing), refuse reads, and
// count every whole-file read.
import * as vscode from 'vscode';

export const MEMORY_SCHEME = 'mmr-memory';

interface MemoryFile {
  readonly data: Uint8Array;
  /** What stat reports; `data.length` unless the test says otherwise. */
  readonly size: number;
  /** readFile fails with this error (stat still works). */
  readonly readError?: vscode.FileSystemError;
}

export class MemoryFileSystem implements vscode.FileSystemProvider {
  private readonly files = new Map<string, MemoryFile>();
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  /** Paths read whole, in order. */
  readonly reads: string[] = [];

  static register(): { readonly fs: MemoryFileSystem; readonly registration: vscode.Disposable } {
    const fs = new MemoryFileSystem();
    return {
      fs,
      registration: vscode.workspace.registerFileSystemProvider(MEMORY_SCHEME, fs, {
        isReadonly: true,
      }),
    };
  }

  add(
    path: string,
    data: Uint8Array,
    options: { size?: number; readError?: vscode.FileSystemError } = {},
  ): vscode.Uri {
    this.files.set(path, { data, size: options.size ?? data.length, readError: options.readError });
    return vscode.Uri.from({ scheme: MEMORY_SCHEME, path });
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (
      uri.path === '/' ||
      [...this.files.keys()].some((path) => path.startsWith(`${uri.path}/`))
    ) {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    const file = this.file(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: file.size };
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.file(uri);
    this.reads.push(uri.path);
    if (file.readError) {
      throw file.readError;
    }
    return file.data;
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  private file(uri: vscode.Uri): MemoryFile {
    const file = this.files.get(uri.path);
    if (!file) {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    return file;
  }
}
