// The webview's side of `zoom/cut`: each region the model asked for is cut from the decoded
// original at full resolution (scaled only past the long-side limit the host names) and sent
// back under its tool call's id, or with the reason it could not be.

import type { PixelBox, PreparedImage } from '../core/protocol';
import type { ZoomCropsMessage, ZoomCutMessage } from '../core/protocol/zoom';
import * as l10n from '@vscode/l10n';

/** Cuts `region` of image `image` (1-based); undefined when that image is not shown here. */
export type RegionCutter = (
  image: number,
  region: PixelBox,
  maxSide: number,
) => Promise<PreparedImage | undefined>;

export async function cutZooms(
  request: ZoomCutMessage,
  cut: RegionCutter,
): Promise<ZoomCropsMessage> {
  const crops: ZoomCropsMessage['crops'][number][] = [];
  for (const zoom of request.zooms) {
    try {
      const crop = await cut(zoom.image, zoom.region, request.maxSide);
      crops.push(
        crop
          ? { callId: zoom.callId, crop }
          : { callId: zoom.callId, error: l10n.t('image {0} is not shown here', zoom.image) },
      );
    } catch (error) {
      crops.push({
        callId: zoom.callId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { type: 'zoom/crops', requestId: request.requestId, crops };
}
