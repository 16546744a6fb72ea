// The messages the extension host and a conversation webview exchange: one union per
// direction, tagged by `type`, so each receiver switches exhaustively. Both sides import this
// file; the webview imports it for types only. Namespaced type names keep logs readable.

import type { ErrorAction, UserFacingError } from './userError';
import type { TokenUsage } from './reasoningEvents';
import type { GroundedComponent, PixelBox, Size } from './grounding';
import type { TaskPreset } from './taskPresets';

export type { UserFacingError, ErrorAction } from './userError';
export type { TokenUsage } from './reasoningEvents';
export type { FractionBox, GroundedComponent, PixelBox, Size } from './grounding';
export type { TaskPreset } from './taskPresets';

/** The image a panel is about, as the webview needs it to show and prepare it. */
export interface ImageDescriptor {
  /** File name shown to the user (never interpreted as HTML). */
  readonly name: string;
  /** `asWebviewUri` of the file, loadable under the panel's CSP. */
  readonly src: string;
  /** MIME type sniffed from the file's magic bytes. */
  readonly mime: string;
  /** Size on disk, in bytes. */
  readonly bytes: number;
  /** EXIF orientation (1–8) of a JPEG; the browser shows the image turned by it. */
  readonly orientation?: number;
}

/** The copy of the image that leaves the machine, made by the webview before Analyze. */
export interface PreparedImage {
  /** `data:image/png;base64,…` or `data:image/jpeg;base64,…`. */
  readonly dataUrl: string;
  readonly width: number;
  readonly height: number;
  readonly mime: 'image/png' | 'image/jpeg';
  /** The original's pixel size (a vector's: the size it was drawn at). */
  readonly sourceWidth?: number;
  readonly sourceHeight?: number;
  /** Sent as OpenAI's `image_url.detail` when the user chose low or high; otherwise not sent. */
  readonly detail?: 'low' | 'high';
  /** Detail "tiles": crops of the original at full resolution, row by row, beside this overview. */
  readonly tiles?: readonly PreparedTile[];
}

/** One crop of the original, and where it lies in it (the original's pixels). */
export interface PreparedTile {
  readonly dataUrl: string;
  readonly width: number;
  readonly height: number;
  readonly mime: 'image/png' | 'image/jpeg';
  readonly x: number;
  readonly y: number;
  readonly regionWidth: number;
  readonly regionHeight: number;
  readonly row: number;
  readonly column: number;
}

/** How the webview prepares images, from the settings (src/core/imageLimits.ts). */
export interface ImagePolicy {
  /** Long side of the copy, `multimodalReasoning.maxImageSide`. */
  readonly maxSide: number;
  /**
   * Short side of the copy (and of a region's crop), when the provider rescales anything larger
   * (VS Code's language models): then the copy shown is the copy the model reads.
   */
  readonly maxShortSide?: number;
  /** All prepared bytes of one image (overview and tiles) stay within this: the provider's limit. */
  readonly maxBytes: number;
  /** Decoded images above this many pixels are refused before decoding. */
  readonly maxPixels: number;
  /** Pasted and dropped files above this are refused (the host refuses files it reads). */
  readonly maxFileBytes: number;
  readonly detail: 'auto' | 'low' | 'high' | 'tiles';
}

/** "Ask about a region": the rectangle the user dragged, and a full-resolution crop of it. */
export interface RegionQuestion {
  /** In the original image's pixels, as displayed (EXIF orientation applied). */
  readonly box: PixelBox;
  /** The original image's size, as displayed. */
  readonly original: Size;
  readonly crop: PreparedImage;
}

/** What goes with a task besides its text. */
export interface TaskOptions {
  readonly region?: RegionQuestion;
  /** "Show on diagram": ask the model for the boxes of the components it mentions. */
  readonly grounding?: boolean;
}

export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'incomplete' | 'error';

/** A finished or streaming turn, as the webview shows it (used to restore a panel). */
export interface TurnView {
  readonly id: string;
  readonly task: string;
  readonly reasoning: string;
  readonly answer: string;
  readonly status: TurnStatus;
  readonly usage?: TokenUsage;
  readonly reasoningMs?: number;
  /** From sending the request to the end of the answer. */
  readonly durationMs?: number;
  /** What the turn cost, when the user configured prices for the model. */
  readonly costUsd?: number;
  readonly error?: UserFacingError;
  /** The region asked about, outlined on the image beside this turn. */
  readonly region?: PixelBox;
  /** Whether "Show on diagram" was on for this turn. */
  readonly groundingRequested?: boolean;
  /** The components the answer mentions and where they are (from its grounding block). */
  readonly grounding?: readonly GroundedComponent[];
  /** An automatic turn asking the model to fix the Mermaid of turn `repairOf`. */
  readonly repairOf?: string;
  /**
   * What the model was told when it was more than `task` (where a region is, how to mark
   * components, an automatic repair): a reopened conversation tells the model the same again.
   */
  readonly modelTask?: string;
}

/** What `turn/started` says about a turn besides its task. */
export type TurnStartDetails = Pick<TurnView, 'region' | 'groundingRequested' | 'repairOf'>;

export type HostToWebview =
  | {
      readonly type: 'conversation/init';
      /** The analysis panel's image; the side chat has none of its own. */
      readonly image?: ImageDescriptor;
      readonly turns: readonly TurnView[];
      readonly model: string;
      readonly maxImageSide: number;
      /** The full preparation policy; without it the webview uses maxImageSide and the defaults. */
      readonly imagePolicy?: ImagePolicy;
      /** The task presets offered beside the task box. */
      readonly presets?: readonly TaskPreset[];
      /** What the webview keeps in its state so VS Code can revive it after a reload. */
      readonly revive?: ReviveState;
      /** Restored region questions whose crops the webview should cut again (`image/regionCrops`). */
      readonly regionCropsWanted?: readonly string[];
    }
  | ({
      readonly type: 'turn/started';
      readonly turnId: string;
      readonly task: string;
    } & TurnStartDetails)
  | { readonly type: 'turn/reasoningDelta'; readonly turnId: string; readonly text: string }
  | { readonly type: 'turn/answerDelta'; readonly turnId: string; readonly text: string }
  | { readonly type: 'turn/usage'; readonly turnId: string; readonly usage: TokenUsage }
  /**
   * The endpoint rate-limited the turn: it is sent again in `seconds` unless the user stops it.
   * `message` says who asked for the wait; the webview counts down.
   */
  | {
      readonly type: 'turn/rateLimited';
      readonly turnId: string;
      readonly seconds: number;
      readonly message: string;
    }
  | {
      readonly type: 'turn/ended';
      readonly turnId: string;
      readonly status: Exclude<TurnStatus, 'streaming'>;
      /** How long the model spent reasoning, when it reasoned. */
      readonly reasoningMs?: number;
      /** From sending the request to the end of the answer. */
      readonly durationMs?: number;
      /** What the turn cost, when the user configured prices for the model. */
      readonly costUsd?: number;
      readonly error?: UserFacingError;
      readonly grounding?: readonly GroundedComponent[];
    }
  /** A problem found before any request was made (no key, unreadable image…). */
  | { readonly type: 'request/failed'; readonly task: string; readonly error: UserFacingError }
  /** The user changed settings: the model shown, the presets, and how images are prepared (a panel re-prepares its image when that changed). */
  | {
      readonly type: 'settings/changed';
      readonly model: string;
      readonly presets?: readonly TaskPreset[];
      readonly imagePolicy?: ImagePolicy;
    }
  /** The Focus Task command: put the cursor in the task box. */
  | { readonly type: 'composer/focus' }
  | SideViewToWebview;

export type WebviewToHost =
  | { readonly type: 'webview/ready' }
  /** Sent once the webview has made the copy the model will see (before any Analyze). */
  | {
      readonly type: 'image/prepared';
      readonly image: PreparedImage;
      /** A small JPEG data URL for history. */ readonly thumbnail?: string;
    }
  | { readonly type: 'image/prepareFailed'; readonly message: string }
  /** The crops of restored region questions (`regionCropsWanted`), cut again from the image. */
  | {
      readonly type: 'image/regionCrops';
      readonly crops: readonly { readonly turnId: string; readonly crop: PreparedImage }[];
    }
  /** Analyze, and also Retry after an error: the webview resends the task it kept. */
  | ({ readonly type: 'task/submit'; readonly task: string } & TaskOptions)
  | { readonly type: 'turn/stop' }
  | { readonly type: 'action/run'; readonly action: Exclude<ErrorAction, 'retry'> }
  | { readonly type: 'link/open'; readonly href: string }
  | { readonly type: 'clipboard/write'; readonly text: string }
  /** Keep an answer: save it as `<image>.analysis.md`, or insert it at the editor's cursor. */
  | {
      readonly type: 'turn/export';
      readonly turnId: string;
      readonly target: 'markdown' | 'editor';
    }
  /** A `mermaid` block of this turn's answer did not render: ask the model to fix it (once). */
  | {
      readonly type: 'mermaid/repair';
      readonly turnId: string;
      readonly source: string;
      readonly error: string;
    }
  /** "Open as file": save the diagram as `<image name>.mmd` next to the image and open it. */
  | { readonly type: 'mermaid/open'; readonly source: string }
  | SideViewToHost;

/** Enough to reopen an analysis panel after a window reload (never a key, never image bytes). */
export interface ReviveState {
  readonly conversationId: string;
  /** The image file's URI (`Uri.toString()`). */
  readonly imageUri: string;
}

/** An image of the side chat, as its strip of attachments shows it. */
export interface ChatAttachment {
  readonly id: string;
  readonly name: string;
  readonly thumbnail?: string;
  /** Asked about already: it is part of the conversation and cannot be removed. */
  readonly sent: boolean;
}

/** An image the side chat should prepare (from Attach, Use Active Image or a dropped file). */
export interface ChatImageSource {
  readonly id: string;
  readonly name: string;
  /** A data URL of the file's bytes. */
  readonly src: string;
  readonly mime: string;
  readonly bytes: number;
  /** The file, when there is one (`Uri.toString()`); pasted images have none. */
  readonly uri?: string;
}

/** One saved conversation in the history list. */
export interface HistorySummary {
  readonly id: string;
  readonly kind: 'panel' | 'chat';
  readonly title: string;
  readonly imageNames: readonly string[];
  readonly thumbnail?: string;
  readonly model?: string;
  /** Milliseconds since the epoch. */
  readonly updatedAt: number;
  readonly turnCount: number;
}

/** Messages only the side view (chat + history) exchanges. */
export type SideViewToWebview =
  | { readonly type: 'chat/prepareImage'; readonly image: ChatImageSource }
  | { readonly type: 'chat/attachments'; readonly attachments: readonly ChatAttachment[] }
  | { readonly type: 'chat/notice'; readonly message: string }
  | { readonly type: 'history/list'; readonly entries: readonly HistorySummary[] };

export type SideViewToHost =
  | { readonly type: 'chat/attach' }
  | { readonly type: 'chat/useActiveImage' }
  | { readonly type: 'chat/new' }
  /** URIs dropped from the Explorer or an editor tab (`text/uri-list`). */
  | { readonly type: 'chat/dropUris'; readonly uris: readonly string[] }
  | {
      readonly type: 'chat/imagePrepared';
      readonly id: string;
      readonly name: string;
      readonly uri?: string;
      readonly image: PreparedImage;
      readonly thumbnail?: string;
    }
  | { readonly type: 'chat/imageFailed'; readonly id: string; readonly message: string }
  | { readonly type: 'chat/removeImage'; readonly id: string }
  | { readonly type: 'history/open'; readonly id: string }
  | { readonly type: 'history/delete'; readonly id: string }
  | { readonly type: 'history/clear' };

/** The messages a conversation UI (turn list + task box) handles, wherever it is shown. */
export type ConversationToWebview = Exclude<HostToWebview, SideViewToWebview>;
