// The webview's side of `zoom/cut`: each region the model asked for is cut from the decoded
// original at full resolution (scaled only past the long-side limit the host names) and sent
// back under its tool call's id, or with the reason it could not be.

import type { Size, ZoomCutWanted } from '../../core/protocol';
import type { ZoomCrop, ZoomCropsMessage, ZoomCutMessage } from '../../core/protocol/zoom';
import { cropRegion } from '../image/regionCrop';
import * as l10n from '@vscode/l10n';

/** One of the conversation's originals as this page holds it, decoded. */
export interface HeldOriginal {
  readonly image: HTMLImageElement;
  /** As displayed (EXIF orientation applied): the pixels regions are given in. */
  readonly size: Size;
  readonly mime: string;
}

/** The original the model numbers `image` (1-based); undefined when this page does not hold it. */
export type OriginalLookup = (image: number) => HeldOriginal | undefined;

export async function cutZooms(
  request: ZoomCutMessage,
  originals: OriginalLookup,
): Promise<ZoomCropsMessage> {
  const crops: ZoomCropsMessage['crops'][number][] = [];
  for (const zoom of request.zooms) {
    try {
      crops.push({ callId: zoom.callId, crop: await cutOne(zoom, originals, request) });
    } catch (error) {
      crops.push({
        callId: zoom.callId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { type: 'zoom/crops', requestId: request.requestId, crops };
}

async function cutOne(
  zoom: ZoomCutWanted,
  originals: OriginalLookup,
  limits: Pick<ZoomCutMessage, 'maxSide' | 'maxShortSide'>,
): Promise<ZoomCrop> {
  const original = originals(zoom.image);
  if (!original) {
    throw new Error(l10n.t('image {0} is not shown here', zoom.image));
  }
  const { width, height } = original.size;
  // The host numbers images as it was told them; a page showing another image must not answer.
  if (width !== zoom.original.width || height !== zoom.original.height) {
    throw new Error(
      l10n.t(
        'image {0} here is {1}×{2}, not {3}×{4}',
        zoom.image,
        width,
        height,
        zoom.original.width,
        zoom.original.height,
      ),
    );
  }
  const crop = await cropRegion(
    original.image,
    original.size,
    zoom.region,
    original.mime,
    limits.maxSide,
    limits.maxShortSide,
  );
  return { dataUrl: crop.dataUrl, width: crop.width, height: crop.height };
}
