// The analysis panel: a conversation about one image, shown beside it, with attachments. Its
// own messages are about that image: the copy the model sees, and region crops cut again.
import type { AttachmentsToHostMessage, HostToAttachmentsMessage } from './attachments';
import type {
  ConversationToHostMessage,
  HostToConversationMessage,
  WebviewNoticeMessage,
} from './conversation';
import type { DocumentPages, PreparedImage } from './data';
import type { ZoomCropsMessage, ZoomCutMessage } from './zoom';

/** Sent once the webview has made the copy the model will see (before any Analyze). */
export interface ImagePreparedMessage {
  readonly type: 'image/prepared';
  readonly image: PreparedImage;
  /** A small JPEG data URL for history. */
  readonly thumbnail?: string;
  /** A PDF: `image` is the page shown; these say which pages were chosen and their text. */
  readonly document?: DocumentPages;
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
  ImagePreparedMessage | ImagePrepareFailedMessage | RegionCropsMessage | ZoomCropsMessage;

/** What the host posts about the panel's image: crops for the zoom loop. */
export type HostToPanelImageMessage = ZoomCutMessage;

export type HostToPanelMessage =
  | HostToConversationMessage
  | HostToAttachmentsMessage
  | WebviewNoticeMessage
  | HostToPanelImageMessage;

export type PanelToHostMessage =
  ConversationToHostMessage | AttachmentsToHostMessage | PanelImageToHostMessage;
