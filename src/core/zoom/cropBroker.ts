// The host's side of `zoom/cut` → `zoom/crops`: one pending request per id, settled by the
// webview's answer, by Stop (the signal), by a timeout, or by the panel going away. What comes
// back is checked before it can reach the wire: only the calls asked for, only PNG or JPEG data
// URLs, and each at the size it must have (its region, scaled only past `maxSide`) as the image's
// own header states it, so a confused or compromised page cannot send the model something other
// than the region it asked for, nor a larger picture under the right numbers.

import { dataUrlImage, maxDataUrlChars } from '../dataUrlImage';
import { isPreparedImageDataUrl } from '../imageFacts';
import { cropOutputSize, type CropLimits } from './zoomRequest';
import type { CutCrop, PlannedZoom } from './zoomRounds';
import type { ZoomCropsMessage, ZoomCutMessage } from '../protocol/zoom';

/** A page that does not answer (hidden, reloading, busy) does not hold the question for long. */
export const DEFAULT_CUT_TIMEOUT_MS = 30_000;

interface Pending {
  readonly zooms: readonly PlannedZoom[];
  readonly limits: CropLimits;
  readonly settle: (crops: ReadonlyMap<string, CutCrop>) => void;
}

export class CropBroker {
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  constructor(
    private readonly post: (message: ZoomCutMessage) => void,
    private readonly timeoutMs = DEFAULT_CUT_TIMEOUT_MS,
  ) {}

  /**
   * Asks the webview for `zooms`; resolves with a crop or a reason for each call. Never rejects:
   * Stop resolves it at once (the loop then sees the abort), and so do a timeout and dispose.
   */
  cut(
    zooms: readonly PlannedZoom[],
    limits: CropLimits,
    signal: AbortSignal,
  ): Promise<ReadonlyMap<string, CutCrop>> {
    const requestId = `zoom-${++this.counter}`;
    return new Promise((resolve) => {
      // Set once the question is posted; a holder, since settling may come before that.
      const timer: { id?: ReturnType<typeof setTimeout> } = {};
      const settle = (crops: ReadonlyMap<string, CutCrop>): void => {
        if (!this.pending.delete(requestId)) {
          return;
        }
        clearTimeout(timer.id);
        signal.removeEventListener('abort', onAbort);
        resolve(crops);
      };
      const failAll = (reason: string) => (): void =>
        settle(new Map(zooms.map((zoom) => [zoom.callId, { ok: false, reason }])));
      const onAbort = failAll('stopped');
      this.pending.set(requestId, { zooms, limits, settle });
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      timer.id = setTimeout(failAll('the image did not answer in time'), this.timeoutMs);
      this.post({
        type: 'zoom/cut',
        requestId,
        maxSide: limits.maxSide,
        ...(limits.maxShortSide !== undefined ? { maxShortSide: limits.maxShortSide } : {}),
        zooms: zooms.map(({ callId, label, image, region, original }) => ({
          callId,
          label,
          image,
          region,
          original,
        })),
      });
    });
  }

  /** The webview's answer; false when no request of that id is pending (late or made up). */
  receive(message: ZoomCropsMessage): boolean {
    const pending = this.pending.get(message.requestId);
    if (!pending) {
      return false;
    }
    const answered = new Map(message.crops.map((crop) => [crop.callId, crop]));
    const crops = new Map<string, CutCrop>();
    for (const zoom of pending.zooms) {
      crops.set(zoom.callId, checkCrop(zoom, pending.limits, answered.get(zoom.callId)));
    }
    pending.settle(crops);
    return true;
  }

  /** The page is gone: every pending question goes on without its crops. */
  dispose(): void {
    for (const { zooms, settle } of [...this.pending.values()]) {
      settle(
        new Map(zooms.map((zoom) => [zoom.callId, { ok: false, reason: 'the panel was closed' }])),
      );
    }
  }
}

/** Said to the model for any crop the page did not send: the page's own words never reach it. */
export const NOT_CUT = 'the image could not be cut';
export const NOT_MATCHING = 'the crop did not match the region asked for';

/**
 * The page's crop, let through only when its bytes are the picture asked for: a PNG or JPEG whose
 * header states exactly the expected size, and no longer than an image of that size can be. The
 * page's own width and height are claims, and so is its error text (not passed on).
 */
function checkCrop(
  zoom: PlannedZoom,
  limits: CropLimits,
  answer: ZoomCropsMessage['crops'][number] | undefined,
): CutCrop {
  const crop = answer?.crop;
  if (!crop) {
    return { ok: false, reason: NOT_CUT };
  }
  const want = cropOutputSize(zoom.region, limits.maxSide, limits.maxShortSide);
  // The length first: nothing past it is read, and the pattern below is not run over it.
  if (crop.dataUrl.length > maxDataUrlChars(want) || !isPreparedImageDataUrl(crop.dataUrl)) {
    return { ok: false, reason: NOT_MATCHING };
  }
  const real = dataUrlImage(crop.dataUrl);
  if (
    !real ||
    real.size.width !== want.width ||
    real.size.height !== want.height ||
    crop.width !== want.width ||
    crop.height !== want.height
  ) {
    return { ok: false, reason: NOT_MATCHING };
  }
  return { ok: true, dataUrl: crop.dataUrl, width: want.width, height: want.height };
}
