// The messages the extension host and its two webviews exchange, one named type per message,
// tagged by `type` so each receiver switches exhaustively. Grouped by who uses them:
//   data.ts          what travels inside messages (images, turns, attachments, history entries)
//   conversation.ts  every conversation view: turns in, tasks and turn actions out
//   attachments.ts   the strip of further images, in both views
//   panel.ts         the analysis panel's own (its image), and the panel's two unions
//   sideView.ts      the side view's own (new chat, history), and its two unions
//   zoom.ts          the zoom loop: crops the panel cuts, the trail a turn shows
// A message's namespace says where it belongs: `conversation/`, `turn/`, `task/`… and
// `webview/` for every view, `attachments/` for both strips, `image/` for the panel's image,
// `chat/` and `history/` for the side view. Both sides import this folder, the webviews for
// types only. Messages from a webview are checked at src/core/webviewMessages.ts.
import type { AttachmentsToHostMessage, HostToAttachmentsMessage } from './attachments';
import type {
  ConversationToHostMessage,
  HostToConversationMessage,
  WebviewNoticeMessage,
} from './conversation';
import type {
  HostToPanelImageMessage,
  HostToPanelMessage,
  PanelImageToHostMessage,
  PanelToHostMessage,
} from './panel';
import type {
  HistoryListMessage,
  HostToSideViewMessage,
  SideViewOwnToHostMessage,
  SideViewToHostMessage,
} from './sideView';

export type * from './data';
export type * from './conversation';
export type * from './attachments';
export type * from './panel';
export type * from './sideView';
export type * from './zoom';

/** Anything the host posts to either webview. */
export type HostToWebview = HostToPanelMessage | HostToSideViewMessage;

/** Anything either webview may send (each view sends only its own: see webviewMessages.ts). */
export type WebviewToHost = PanelToHostMessage | SideViewToHostMessage;

/** The two webviews. */
export type WebviewKind = 'panel' | 'sideView';

/** What only one view receives and sends, besides what both do. */
interface OwnMessages {
  readonly panel: {
    readonly fromHost: HostToPanelImageMessage;
    readonly toHost: PanelImageToHostMessage;
  };
  readonly sideView: {
    readonly fromHost: HistoryListMessage;
    readonly toHost: SideViewOwnToHostMessage;
  };
}

/** What the host posts to view `V`: what both views receive, and that view's own. */
export type HostToViewMessage<V extends WebviewKind> =
  | HostToConversationMessage
  | HostToAttachmentsMessage
  | WebviewNoticeMessage
  | OwnMessages[V]['fromHost'];

/** What view `V` may send: what both views send, and that view's own. */
export type ViewToHostMessage<V extends WebviewKind> =
  ConversationToHostMessage | AttachmentsToHostMessage | ViewOwnToHostMessage<V>;

export type ViewOwnToHostMessage<V extends WebviewKind> = OwnMessages[V]['toHost'];
