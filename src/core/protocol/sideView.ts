// The side view: a chat about any images, above the history of every conversation in the
// workspace. Its own messages start a chat, attach the active image and work the history list.
import type { AttachmentsToHostMessage, HostToAttachmentsMessage } from './attachments';
import type {
  ConversationToHostMessage,
  HostToConversationMessage,
  WebviewNoticeMessage,
} from './conversation';
import type { HistorySummary } from './data';

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
  | HistoryClearMessage;

export type HostToSideViewMessage =
  HostToConversationMessage | HostToAttachmentsMessage | WebviewNoticeMessage | HistoryListMessage;

export type SideViewToHostMessage =
  ConversationToHostMessage | AttachmentsToHostMessage | SideViewOwnToHostMessage;
