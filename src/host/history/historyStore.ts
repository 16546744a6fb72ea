// Saved conversations, per workspace, in the extension's own storage (`context.storageUri`,
// or the global storage when no folder is open): never in settings, never in the repository.
// One JSON file per conversation plus an index of summaries for the list, under
// <storage>/history/. Writes are queued, so a save never interleaves with a delete.
// Size (measured by test/integration/history.test.ts): a one-turn conversation with a 0.9 KB
// answer and 0.8 KB of reasoning is a 4.5 KB file, 2.2 KB of it the thumbnail; each further turn
// adds about its text plus 200 bytes. The index holds ~2.5 KB per conversation (its thumbnail).
import * as vscode from 'vscode';
import {
  parseHistoryIndex,
  parseHistoryRecord,
  summarize,
  type HistoryRecord,
} from '../../core/history';
import type { HistorySummary } from '../../core/protocol';
import { createLogger } from '../logger';

const log = createLogger('history');
const INDEX_FILE = 'index.json';
/** Oldest conversations beyond this many are dropped, so storage cannot grow without bound. */
export const MAX_CONVERSATIONS = 200;

export class HistoryStore implements vscode.Disposable {
  private readonly onDidChangeEmitter = new vscode.EventEmitter<void>();
  /** Fires after a save or delete has reached the disk. */
  readonly onDidChange = this.onDidChangeEmitter.event;
  private queue: Promise<unknown> = Promise.resolve();
  private index: HistorySummary[] | undefined;

  constructor(readonly folder: vscode.Uri) {}

  static forContext(context: vscode.ExtensionContext): HistoryStore {
    // storageUri is per workspace; without a folder open there is none, and the global one serves.
    return new HistoryStore(
      vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'history'),
    );
  }

  dispose(): void {
    this.onDidChangeEmitter.dispose();
  }

  /** Summaries, newest first. */
  list(): Promise<HistorySummary[]> {
    return this.enqueue(async () => [...(await this.loadIndex())]);
  }

  async get(id: string): Promise<HistoryRecord | undefined> {
    await this.queue;
    try {
      const parsed: unknown = JSON.parse(
        new TextDecoder().decode(await vscode.workspace.fs.readFile(this.fileOf(id))),
      );
      const record = parseHistoryRecord(parsed);
      if (!record) {
        log.warn(`did not open a history file that is not a well-formed conversation: ${id}`);
      }
      return record;
    } catch {
      return undefined;
    }
  }

  /** Bytes the conversation takes on disk (its file; the index holds a summary besides). */
  async sizeOf(id: string): Promise<number | undefined> {
    await this.queue;
    return vscode.workspace.fs.stat(this.fileOf(id)).then(
      (stat) => stat.size,
      () => undefined,
    );
  }

  save(record: HistoryRecord): Promise<void> {
    return this.enqueue(async () => {
      await vscode.workspace.fs.createDirectory(this.folder);
      await vscode.workspace.fs.writeFile(
        this.fileOf(record.id),
        new TextEncoder().encode(JSON.stringify(record)),
      );
      const index = (await this.loadIndex()).filter((entry) => entry.id !== record.id);
      index.unshift(summarize(record));
      index.sort((a, b) => b.updatedAt - a.updatedAt);
      for (const dropped of index.splice(MAX_CONVERSATIONS)) {
        await this.deleteFile(dropped.id);
      }
      await this.writeIndex(index);
    }, true);
  }

  delete(id: string): Promise<void> {
    return this.enqueue(async () => {
      await this.deleteFile(id);
      await this.writeIndex((await this.loadIndex()).filter((entry) => entry.id !== id));
    }, true);
  }

  clear(): Promise<void> {
    return this.enqueue(async () => {
      await vscode.workspace.fs
        .delete(this.folder, { recursive: true, useTrash: false })
        .then(undefined, () => undefined);
      this.index = [];
    }, true);
  }

  private enqueue<T>(work: () => Promise<T>, changes = false): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.then(
      () => changes && this.onDidChangeEmitter.fire(),
      (error: unknown) =>
        log.error(`history: ${error instanceof Error ? error.message : String(error)}`),
    );
    return result;
  }

  private async loadIndex(): Promise<HistorySummary[]> {
    if (this.index) {
      return this.index;
    }
    try {
      const parsed: unknown = JSON.parse(
        new TextDecoder().decode(
          await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.folder, INDEX_FILE)),
        ),
      );
      if (Array.isArray(parsed)) {
        const { entries, dropped } = parseHistoryIndex(parsed);
        if (dropped > 0) {
          log.warn(`left ${dropped} malformed entries out of the history index`);
        }
        return (this.index = entries);
      }
    } catch {
      // No index yet, or a damaged one: rebuilt from the conversation files below.
    }
    return (this.index = await this.rebuildIndex());
  }

  private async rebuildIndex(): Promise<HistorySummary[]> {
    const exists = await vscode.workspace.fs.stat(this.folder).then(
      () => true,
      () => false,
    );
    const entries = exists
      ? await vscode.workspace.fs
          .readDirectory(this.folder)
          .then(undefined, () => [] as [string, vscode.FileType][])
      : [];
    const summaries: HistorySummary[] = [];
    for (const [name] of entries) {
      if (name === INDEX_FILE || !name.endsWith('.json')) {
        continue;
      }
      try {
        const parsed: unknown = JSON.parse(
          new TextDecoder().decode(
            await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.folder, name)),
          ),
        );
        const record = parseHistoryRecord(parsed);
        if (record) {
          summaries.push(summarize(record));
        }
      } catch {
        log.warn(`skipped an unreadable history file: ${name}`);
      }
    }
    return summaries.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  private async writeIndex(index: HistorySummary[]): Promise<void> {
    this.index = index;
    await vscode.workspace.fs.createDirectory(this.folder);
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(this.folder, INDEX_FILE),
      new TextEncoder().encode(JSON.stringify(index)),
    );
  }

  private async deleteFile(id: string): Promise<void> {
    await vscode.workspace.fs
      .delete(this.fileOf(id), { useTrash: false })
      .then(undefined, () => undefined);
  }

  private fileOf(id: string): vscode.Uri {
    if (!/^[\w-]{1,64}$/.test(id)) {
      throw new Error(`not a conversation id: ${id}`);
    }
    return vscode.Uri.joinPath(this.folder, `${id}.json`);
  }
}
