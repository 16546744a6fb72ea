// What every conversation view (the analysis panel and the side view) exchanges with the host:
// the turns streaming in, and what the turn list and the task box ask for.
import type { TurnZoomedMessage, TurnZoomNoteMessage } from './zoom';
import type {
  CostModel,
  ErrorAction,
  ImageDescriptor,
  ImagePolicy,
  ReviveState,
  TaskOptions,
  TaskPreset,
  TokenUsage,
  TurnEndDetails,
  TurnStartDetails,
  TurnView,
  UserFacingError,
} from './data';

// ── Host → view ─────────────────────────────────────────────────────────────────────────────

/** Answers `webview/ready`, and starts over (a new chat, a chat reopened from history). */
export interface ConversationInitMessage {
  readonly type: 'conversation/init';
  /** The analysis panel's image; the side view has none of its own. */
  readonly image?: ImageDescriptor;
  readonly turns: readonly TurnView[];
  readonly model: string;
  readonly maxImageSide: number;
  /** The full preparation policy; without it the webview uses maxImageSide and the defaults. */
  readonly imagePolicy?: ImagePolicy;
  /** The task presets offered beside the task box. */
  readonly presets?: readonly TaskPreset[];
  /** The panel: what the webview keeps in its state so VS Code can revive it after a reload. */
  readonly revive?: ReviveState;
  /** The panel: restored region questions whose crops it should cut again (`image/regionCrops`). */
  readonly regionCropsWanted?: readonly string[];
  /** How the estimate beside Analyze is counted (see questionEstimate.ts). */
  readonly cost?: CostModel;
}

export interface TurnStartedMessage extends TurnStartDetails {
  readonly type: 'turn/started';
  readonly turnId: string;
  readonly task: string;
}

export interface ReasoningDeltaMessage {
  readonly type: 'turn/reasoningDelta';
  readonly turnId: string;
  readonly text: string;
}

export interface AnswerDeltaMessage {
  readonly type: 'turn/answerDelta';
  readonly turnId: string;
  readonly text: string;
}

export interface TurnUsageMessage {
  readonly type: 'turn/usage';
  readonly turnId: string;
  readonly usage: TokenUsage;
}

/**
 * The endpoint rate-limited the turn: it is sent again in `seconds` unless the user stops it.
 * `message` says who asked for the wait; the webview counts down.
 */
export interface TurnRateLimitedMessage {
  readonly type: 'turn/rateLimited';
  readonly turnId: string;
  readonly seconds: number;
  readonly message: string;
}

export interface TurnEndedMessage extends TurnEndDetails {
  readonly type: 'turn/ended';
  readonly turnId: string;
}

/** A problem found before any request was made (no key, unreadable image…). */
export interface RequestFailedMessage {
  readonly type: 'request/failed';
  readonly task: string;
  readonly error: UserFacingError;
}

/**
 * The user changed settings: the model shown, the presets, and how images are prepared (a panel
 * re-prepares its image when that changed).
 */
export interface SettingsChangedMessage {
  readonly type: 'settings/changed';
  readonly model: string;
  readonly presets?: readonly TaskPreset[];
  readonly imagePolicy?: ImagePolicy;
  readonly cost?: CostModel;
}

/** The Focus Task command: put the cursor in the task box. */
export interface ComposerFocusMessage {
  readonly type: 'composer/focus';
}

/** What the conversation (turn list and task box) of either view handles. */
export type HostToConversationMessage =
  | ConversationInitMessage
  | TurnStartedMessage
  | ReasoningDeltaMessage
  | AnswerDeltaMessage
  | TurnUsageMessage
  | TurnRateLimitedMessage
  | TurnEndedMessage
  | RequestFailedMessage
  | SettingsChangedMessage
  | ComposerFocusMessage
  | TurnZoomedMessage
  | TurnZoomNoteMessage;

/** Something the user should know that belongs to no turn (a file not attached, a chat gone). */
export interface WebviewNoticeMessage {
  readonly type: 'webview/notice';
  readonly message: string;
}

// ── View → host ─────────────────────────────────────────────────────────────────────────────

/** The page has loaded and listens: the host posts nothing before it. */
export interface WebviewReadyMessage {
  readonly type: 'webview/ready';
}

/** Analyze (or Send), and also Retry after an error: the webview resends the task it kept. */
export interface TaskSubmitMessage extends TaskOptions {
  readonly type: 'task/submit';
  readonly task: string;
}

export interface TurnStopMessage {
  readonly type: 'turn/stop';
}

/** An error's button (`retry` is the webview's own). */
export interface ActionRunMessage {
  readonly type: 'action/run';
  readonly action: Exclude<ErrorAction, 'retry'>;
}

export interface LinkOpenMessage {
  readonly type: 'link/open';
  readonly href: string;
}

export interface ClipboardWriteMessage {
  readonly type: 'clipboard/write';
  readonly text: string;
}

/** Keep an answer: save it as `<image>.analysis.md`, or insert it at the editor's cursor. */
export interface TurnExportMessage {
  readonly type: 'turn/export';
  readonly turnId: string;
  readonly target: 'markdown' | 'editor';
}

/** A `mermaid` block of this turn's answer did not render: ask the model to fix it (once). */
export interface MermaidRepairMessage {
  readonly type: 'mermaid/repair';
  readonly turnId: string;
  readonly source: string;
  readonly error: string;
}

/** "Open as file": save the diagram as `<image name>.mmd` next to the image and open it. */
export interface MermaidOpenMessage {
  readonly type: 'mermaid/open';
  readonly source: string;
}

/** What either view sends about its conversation. */
export type ConversationToHostMessage =
  | WebviewReadyMessage
  | TaskSubmitMessage
  | TurnStopMessage
  | ActionRunMessage
  | LinkOpenMessage
  | ClipboardWriteMessage
  | TurnExportMessage
  | MermaidRepairMessage
  | MermaidOpenMessage;
