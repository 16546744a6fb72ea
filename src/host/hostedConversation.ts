// One conversation as a view hosts it: the session that runs its turns, the recorder that keeps
// it in history and the images attached to it. The analysis panel has one for its life; the side
// view makes a new one for each chat.
import * as vscode from 'vscode';
import { newConversationId, type HistoryImage, type HistoryRecord } from '../core/history';
import type { HostToAttachmentsMessage, HostToConversationMessage } from '../core/protocol';
import { ConversationSession, type SessionServices, type ZoomCutter } from './conversationSession';
import { ConversationRecorder } from './history/conversationRecorder';
import type { HistoryStore } from './history/historyStore';
import { type AttachmentHost, ImageAttachments } from './imageAttachments';

export interface HostedConversationOptions {
  readonly kind: HistoryRecord['kind'];
  readonly services: SessionServices;
  readonly history: HistoryStore;
  /** The view: where messages go, and how it tells the user things. */
  readonly view: Omit<AttachmentHost, 'changed' | 'post'> & {
    post(message: HostToConversationMessage | HostToAttachmentsMessage): void;
  };
  /** What the status-bar item says while it streams, and how it brings the view forward. */
  readonly activity: { readonly label: string; readonly reveal: () => void };
  /** The panel cannot ask before its image is prepared; the side chat can ask without one. */
  readonly requireImage: boolean;
  /**
   * How the view cuts the regions the model zooms into (without it, the model is not offered zoom).
   */
  readonly cutZooms?: ZoomCutter;
  /** History's images before the attachments: the panel's own image (the side chat has none). */
  readonly leadingImages?: () => readonly HistoryImage[];
  /** A turn started (its images are now part of the conversation). */
  readonly onTurnStarted?: () => void;
  readonly restored?: HistoryRecord;
}

export class HostedConversation implements vscode.Disposable {
  readonly session: ConversationSession;
  /** Saves this conversation to history as its turns start and end. */
  readonly recorder: ConversationRecorder;
  /** Images asked about besides the panel's own (Attach, paste, drop). */
  readonly images: ImageAttachments;
  private readonly leading: () => readonly HistoryImage[];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly options: HostedConversationOptions) {
    const { services, restored, activity } = options;
    this.leading = options.leadingImages ?? (() => []);
    this.session = new ConversationSession(services, (message) => options.view.post(message), {
      requireImage: options.requireImage,
      cutZooms: options.cutZooms,
    });
    if (restored) {
      this.session.restore(restored.turns);
    }
    // Not disposed with the view: a turn cut short by closing it still ends, is saved, and
    // clears the status-bar item.
    services.turnActivity?.track(this.session, activity.label, activity.reveal);
    this.recorder = new ConversationRecorder(
      options.history,
      restored?.id ?? newConversationId(),
      options.kind,
      this.session,
      restored?.images.length ? restored.images : this.leading(),
      restored,
    );
    this.images = new ImageAttachments(this.session, {
      ...options.view,
      changed: (saveNow) => this.saveImages(saveNow),
    });
    this.subscription = this.session.onDidChangeTurn(({ phase }) => {
      if (phase === 'started') {
        this.images.markAllSent();
        options.onTurnStarted?.();
      }
    });
  }

  /** History's images changed (a thumbnail arrived, another image was attached). */
  saveImages(saveNow: boolean): void {
    this.recorder.setImages([...this.leading(), ...this.images.historyImages()], saveNow);
  }

  /** A reopened conversation's attachments come back from their files, where they went in it. */
  restoreImages(): void {
    this.images.restore(this.options.restored?.images.slice(this.leading().length) ?? []);
  }

  dispose(): void {
    this.subscription.dispose();
    this.session.dispose();
  }
}
