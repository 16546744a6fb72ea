// Images added to a conversation besides the panel's own (Attach, a drop, a paste): both views
// have a strip of them, so these messages are the same in both.
import type { AttachmentSource, AttachmentSummary, PreparedImage } from './data';

// ── Host → view ─────────────────────────────────────────────────────────────────────────────

/** Prepare this image (as the panel prepares its own) and send back `attachments/prepared`. */
export interface AttachmentsPrepareMessage {
  readonly type: 'attachments/prepare';
  readonly image: AttachmentSource;
}

/** The strip of attachments, as it is now. */
export interface AttachmentsListMessage {
  readonly type: 'attachments/list';
  readonly attachments: readonly AttachmentSummary[];
}

export type HostToAttachmentsMessage = AttachmentsPrepareMessage | AttachmentsListMessage;

// ── View → host ─────────────────────────────────────────────────────────────────────────────

/** Attach: the host opens a file dialog. */
export interface AttachmentsPickMessage {
  readonly type: 'attachments/pick';
}

/** URIs dropped from the Explorer or an editor tab (`text/uri-list`). */
export interface AttachmentsDropUrisMessage {
  readonly type: 'attachments/dropUris';
  readonly uris: readonly string[];
}

/** The copy of an attachment the model will see (of a file the host sent, or one pasted). */
export interface AttachmentsPreparedMessage {
  readonly type: 'attachments/prepared';
  readonly id: string;
  readonly name: string;
  readonly uri?: string;
  readonly image: PreparedImage;
  readonly thumbnail?: string;
}

export interface AttachmentsPrepareFailedMessage {
  readonly type: 'attachments/prepareFailed';
  readonly id: string;
  readonly message: string;
}

/** Remove an attachment not yet asked about. */
export interface AttachmentsRemoveMessage {
  readonly type: 'attachments/remove';
  readonly id: string;
}

export type AttachmentsToHostMessage =
  | AttachmentsPickMessage
  | AttachmentsDropUrisMessage
  | AttachmentsPreparedMessage
  | AttachmentsPrepareFailedMessage
  | AttachmentsRemoveMessage;
