// The analysis panel: a conversation about one image, shown beside it, with attachments. Its
// own messages are about that image: the copy the model sees, and region crops cut again.
import type { AttachmentsToHostMessage, HostToAttachmentsMessage } from './attachments';
import type {
  ConversationToHostMessage,
  HostToConversationMessage,
  WebviewNoticeMessage,
} from './conversation';
import type { PreparedImage } from './data';

/** Sent once the webview has made the copy the model will see (before any Analyze). */
export interface ImagePreparedMessage {
  readonly type: 'image/prepared';
  readonly image: PreparedImage;
  /** A small JPEG data URL for history. */
  readonly thumbnail?: string;
}

export interface ImagePrepareFailedMessage {
  readonly type: 'image/prepareFailed';
  readonly message: string;
}

/** The crops of restored region questions (`regionCropsWanted`), cut again from the image. */
export interface RegionCropsMessage {
  readonly type: 'image/regionCrops';
  readonly crops: readonly { readonly turnId: string; readonly crop: PreparedImage }[];
}

export type PanelImageToHostMessage =
  ImagePreparedMessage | ImagePrepareFailedMessage | RegionCropsMessage;

export type HostToPanelMessage =
  HostToConversationMessage | HostToAttachmentsMessage | WebviewNoticeMessage;

export type PanelToHostMessage =
  ConversationToHostMessage | AttachmentsToHostMessage | PanelImageToHostMessage;
