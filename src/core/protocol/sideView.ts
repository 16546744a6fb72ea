// The side view: a chat about any images, above the history of every conversation in the
// workspace. Its own messages start a chat, attach the active image, work the history list and
// answer the zoom loop's crop requests (the page holds the attached images decoded).
import type { AttachmentsToHostMessage, HostToAttachmentsMessage } from './attachments';
import type {
  ConversationToHostMessage,
  HostToConversationMessage,
  WebviewNoticeMessage,
} from './conversation';
import type { HistorySummary } from './data';
import type { ZoomCropsMessage, ZoomCutMessage } from './zoom';

/** The saved conversations, newest first. */
export interface HistoryListMessage {
  readonly type: 'history/list';
  readonly entries: readonly HistorySummary[];
}

/** New Chat: the current chat is already in history. */
export interface ChatNewMessage {
  readonly type: 'chat/new';
}

/** Use Active Image: attach the image open in the editor. */
export interface ChatUseActiveImageMessage {
  readonly type: 'chat/useActiveImage';
}

/** Reopen a saved conversation: a chat here, an analysis in its panel. */
export interface HistoryOpenMessage {
  readonly type: 'history/open';
  readonly id: string;
}

export interface HistoryDeleteMessage {
  readonly type: 'history/delete';
  readonly id: string;
}

/** Delete All (the host asks first). */
export interface HistoryClearMessage {
  readonly type: 'history/clear';
}

export type SideViewOwnToHostMessage =
  | ChatNewMessage
  | ChatUseActiveImageMessage
  | HistoryOpenMessage
  | HistoryDeleteMessage
  | HistoryClearMessage
  | ZoomCropsMessage;

export type HostToSideViewMessage =
  | HostToConversationMessage
  | HostToAttachmentsMessage
  | WebviewNoticeMessage
  | HistoryListMessage
  | ZoomCutMessage;

export type SideViewToHostMessage =
  ConversationToHostMessage | AttachmentsToHostMessage | SideViewOwnToHostMessage;
