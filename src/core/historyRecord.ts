// The shape of a saved conversation: what history.ts makes and historySchema.ts checks when it
// is read back. Data shapes only, so both can import them without importing each other.
import type { TurnView } from './protocol';

export const HISTORY_VERSION = 1;

export interface HistoryImage {
  readonly name: string;
  /** The file (`Uri.toString()`), when there was one. */
  readonly uri?: string;
  /** The file's path relative to the workspace folder, to find it again when the folder moved. */
  readonly relativePath?: string;
  /** A JPEG data URL, at most 96 px on its long side. */
  readonly thumbnail?: string;
  /** The user message it went with (0: the first). */
  readonly turn?: number;
  /** A PDF: the pages that were sent, 1-based. */
  readonly pages?: readonly number[];
}

export interface HistoryTurn extends TurnView {
  readonly model?: string;
  /** When the turn ended (or started, while it streams), ms since the epoch. */
  readonly at?: number;
}

export interface HistoryRecord {
  readonly version: typeof HISTORY_VERSION;
  readonly id: string;
  readonly kind: 'panel' | 'chat';
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly images: readonly HistoryImage[];
  readonly turns: readonly HistoryTurn[];
}
