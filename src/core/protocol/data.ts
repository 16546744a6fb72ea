// The data the host and the webviews pass around inside messages: images, turns, attachments and
// history entries. Types only: both sides import them, the webview for types alone.
import type { GroundedComponent, PixelBox, Size } from '../grounding';
import type { TokenUsage } from '../reasoningEvents';
import type { UserFacingError } from '../userError';
import type { ZoomRecord } from '../zoom/zoomRounds';

export type { ErrorAction, UserFacingError } from '../userError';
export type { TokenUsage } from '../reasoningEvents';
export type { FractionBox, GroundedComponent, PixelBox, Size } from '../grounding';
export type { TaskPreset } from '../taskPresets';
export type { ZoomRecord } from '../zoom/zoomRounds';
export type { CostModel } from '../questionEstimate';

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
  /** A PDF: the pages chosen before (a panel revived or reopened from history); else page 1. */
  readonly pages?: readonly number[];
}

/** What goes with a PDF page besides its picture: which page it is, and the words on it. */
export interface PageFacts {
  /** 1-based. */
  readonly number: number;
  /** The page's text layer, capped (MAX_PAGE_TEXT_CHARS): untrusted data from the file. */
  readonly text?: string;
}

export interface PreparedPage extends PageFacts {
  readonly image: PreparedImage;
}

/** The chosen pages of a PDF: the one shown (the prepared image itself) and any further ones. */
export interface DocumentPages {
  readonly pageCount: number;
  /** The page the prepared image is: shown in the panel, where regions are selected. */
  readonly page: PageFacts;
  /** Further chosen pages, in page order, each prepared like the first. */
  readonly more: readonly PreparedPage[];
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
  /** The page this is of a file with several (a multi-page TIFF): `number` from 1. */
  readonly page?: { readonly number: number; readonly count: number };
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
  /**
   * All prepared bytes of one image (overview and tiles) stay within this: the provider's limit.
   */
  readonly maxBytes: number;
  /** Decoded images above this many pixels are refused before decoding. */
  readonly maxPixels: number;
  /** Pasted and dropped files above this are refused (the host refuses files it reads). */
  readonly maxFileBytes: number;
  readonly detail: 'auto' | 'low' | 'high' | 'tiles';
  /**
   * The model will be offered the zoom tool: detail "auto" sends the overview only, and the
   * model asks for the regions it needs. Without it, "auto" adds tiles to large images.
   */
  readonly zoom?: boolean;
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
export type EndedTurnStatus = Exclude<TurnStatus, 'streaming'>;

/** Why a turn answered without zooming, said quietly beside the answer. */
export type ZoomNote = 'toolsRejected' | 'notOffered';

/** What a turn keeps of the zoom loop (history restores the trail from it). */
export interface TurnZoomFields {
  /** The regions the model zoomed into, in the order it asked ("Zoom 1", "Zoom 2"…). */
  readonly zooms?: readonly ZoomRecord[];
  readonly zoomNote?: ZoomNote;
}

/** A finished or streaming turn, as the webview shows it (used to restore a panel). */
export interface TurnView extends TurnZoomFields {
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
  /** The diagram sources that went with this turn's message, beside their pictures. */
  readonly diagramSources?: readonly SentDiagramSource[];
  /** The pages of documents (a multi-page TIFF) that went with this turn's message. */
  readonly pages?: readonly SentPage[];
  /**
   * What the model was told when it was more than `task` (where a region is, how to mark
   * components, an automatic repair): a reopened conversation tells the model the same again.
   */
  readonly modelTask?: string;
}

/** A diagram's source sent beside its picture (src/core/diagramSource), as its turn shows it. */
export interface SentDiagramSource {
  /** The image's file name. */
  readonly name: string;
  readonly format: 'svg' | 'drawio' | 'excalidraw';
  /** How many labels, or shapes and connectors, it described. */
  readonly items: number;
}

/** A page of a document that went with a turn, as its tag shows it. */
export interface SentPage {
  readonly name: string;
  /** From 1. */
  readonly number: number;
  readonly count: number;
}

/** What `turn/started` says about a turn besides its task. */
export type TurnStartDetails = Pick<
  TurnView,
  'region' | 'groundingRequested' | 'repairOf' | 'diagramSources' | 'pages'
>;

/** What `turn/ended` says about a turn: how it ended, how long it took, what it cost. */
export interface TurnEndDetails {
  readonly status: EndedTurnStatus;
  /** How long the model spent reasoning, when it reasoned. */
  readonly reasoningMs?: number;
  /** From sending the request to the end of the answer. */
  readonly durationMs?: number;
  /** What the turn cost, when the user configured prices for the model. */
  readonly costUsd?: number;
  readonly error?: UserFacingError;
  readonly grounding?: readonly GroundedComponent[];
}

/** Enough to reopen an analysis panel after a window reload (never a key, never image bytes). */
export interface ReviveState {
  readonly conversationId: string;
  /** The image file's URI (`Uri.toString()`). */
  readonly imageUri: string;
}

/** An image attached to a conversation, as the strip of attachments shows it. */
export interface AttachmentSummary {
  readonly id: string;
  readonly name: string;
  readonly thumbnail?: string;
  /** Asked about already: it is part of the conversation and cannot be removed. */
  readonly sent: boolean;
}

/** An image the webview should prepare (from Attach, Use Active Image or a dropped file). */
export interface AttachmentSource {
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
