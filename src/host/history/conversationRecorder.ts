// Keeps one conversation's history record up to date: saved when a turn starts (so a reload
// mid-stream can show it as interrupted), every few seconds while it streams (so the partial
// answer survives a reload or a crash of the extension host) and when it ends; never on every
// delta.
import * as vscode from 'vscode';
import {
  HISTORY_VERSION,
  type HistoryImage,
  type HistoryRecord,
  type HistoryTurn,
} from '../../core/history';
import type { ConversationSession } from '../conversationSession';
import type { HistoryStore } from './historyStore';

/** How often a streaming turn's partial answer is written; a reload loses at most this much. */
export const STREAMING_SAVE_INTERVAL_MS = 2000;

export class ConversationRecorder implements vscode.Disposable {
  private streamingSaves: ReturnType<typeof setInterval> | undefined;
  private readonly stamps = new Map<string, { model?: string; at?: number }>();
  private readonly subscription: vscode.Disposable;
  private createdAt: number;
  private lastSave: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: HistoryStore,
    readonly id: string,
    private readonly kind: HistoryRecord['kind'],
    private readonly session: ConversationSession,
    private images: readonly HistoryImage[] = [],
    restored?: HistoryRecord,
  ) {
    this.createdAt = restored?.createdAt ?? Date.now();
    for (const turn of restored?.turns ?? []) {
      this.stamps.set(turn.id, { model: turn.model, at: turn.at });
    }
    this.subscription = session.onDidChangeTurn(({ turn, model, phase }) => {
      this.stamps.set(turn.id, { model, at: Date.now() });
      this.save();
      this.saveWhileStreaming(phase === 'started');
    });
  }

  get imageRecords(): readonly HistoryImage[] {
    return this.images;
  }

  /**
   * The images changed (a thumbnail arrived, the chat got another one); saved with the next turn.
   */
  setImages(images: readonly HistoryImage[], saveNow = false): void {
    this.images = images;
    if (saveNow && this.session.turnViews.length > 0) {
      this.save();
    }
  }

  /** Resolves when the last save has been written (tests wait for it). */
  flushed(): Promise<void> {
    return this.lastSave;
  }

  record(): HistoryRecord {
    const turns: HistoryTurn[] = this.session.turnViews.map((turn) => ({
      ...turn,
      ...this.stamps.get(turn.id),
    }));
    return {
      version: HISTORY_VERSION,
      id: this.id,
      kind: this.kind,
      createdAt: this.createdAt,
      updatedAt: Date.now(),
      images: this.images,
      turns,
    };
  }

  dispose(): void {
    this.subscription.dispose();
    this.saveWhileStreaming(false);
  }

  private saveWhileStreaming(streaming: boolean): void {
    clearInterval(this.streamingSaves);
    this.streamingSaves = streaming
      ? setInterval(() => this.save(), STREAMING_SAVE_INTERVAL_MS)
      : undefined;
  }

  private save(): void {
    // A snapshot now: the turn object keeps changing while it streams.
    const record = JSON.parse(JSON.stringify(this.record())) as HistoryRecord;
    this.lastSave = this.store.save(record).catch(() => undefined);
  }
}
