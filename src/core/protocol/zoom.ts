// The messages of the zoom loop between the host and a conversation webview. The webview holds
// the decoded original (the host never decodes images), so the host asks it for crops the way it
// asks for restored region crops, and answers with the trail the turn shows.

import type { PixelBox, Size, ZoomNote } from './data';
import type { ZoomRecord } from '../zoom/zoomRounds';

/** One crop the webview is asked to cut. */
export interface ZoomCutWanted {
  /** The tool call it answers; the crop comes back under it. */
  readonly callId: string;
  /** "Zoom 1", "Zoom 2"… within the turn. */
  readonly label: number;
  /** 1-based: the conversation's images in the order the panel shows them. */
  readonly image: number;
  /** The region of that original, in its pixels as displayed. */
  readonly region: PixelBox;
  /** That original's size as the host knows it: a page showing another image refuses. */
  readonly original: Size;
}

/**
 * Cut these regions at full resolution (scaled only past `maxSide`, or a short side past
 * `maxShortSide`) and answer `zoom/crops`.
 */
export interface ZoomCutMessage {
  readonly type: 'zoom/cut';
  readonly requestId: string;
  readonly maxSide: number;
  readonly maxShortSide?: number;
  readonly zooms: readonly ZoomCutWanted[];
}

/** The turn's trail grew: outline these regions and list their crops with the turn. */
export interface TurnZoomedMessage {
  readonly type: 'turn/zoomed';
  readonly turnId: string;
  readonly zooms: readonly ZoomRecord[];
}

/** The turn answered without zooming (see ZoomNote). */
export interface TurnZoomNoteMessage {
  readonly type: 'turn/zoomNote';
  readonly turnId: string;
  readonly note: ZoomNote;
}

/**
 * A crop as cut: the picture and the size the page says it has (the host reads the real one from
 * the data URL's header). Nothing else: no tiles, no detail, no source size.
 */
export interface ZoomCrop {
  /** `data:image/png;base64,…` or `data:image/jpeg;base64,…`. */
  readonly dataUrl: string;
  readonly width: number;
  readonly height: number;
}

/** The crops of one `zoom/cut`: each either cut or why it could not be. */
export interface ZoomCropsMessage {
  readonly type: 'zoom/crops';
  readonly requestId: string;
  readonly crops: readonly {
    readonly callId: string;
    readonly crop?: ZoomCrop;
    /** For the page's own log: the host tells the model only that the crop could not be cut. */
    readonly error?: string;
  }[];
}
