// The messages of the zoom loop between the host and a conversation webview. The webview holds
// the decoded original (the host never decodes images), so the host asks it for crops the way it
// asks for restored region crops, and answers with the trail the turn shows.

import type { PixelBox, PreparedImage, Size, ZoomNote } from './data';
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

/** Cut these regions at full resolution (scaled only past `maxSide`) and answer `zoom/crops`. */
export interface ZoomCutMessage {
  readonly type: 'zoom/cut';
  readonly requestId: string;
  readonly maxSide: number;
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

/** The crops of one `zoom/cut`: each either cut or why it could not be. */
export interface ZoomCropsMessage {
  readonly type: 'zoom/crops';
  readonly requestId: string;
  readonly crops: readonly {
    readonly callId: string;
    readonly crop?: PreparedImage;
    readonly error?: string;
  }[];
}
