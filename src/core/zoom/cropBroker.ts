// The host's side of `zoom/cut` → `zoom/crops`: one pending request per id, settled by the
// webview's answer, by Stop (the signal), by a timeout, or by the panel going away. What comes
// back is checked before it can reach the wire: only the calls asked for, only PNG or JPEG data
// URLs, and each at the size it must have (its region, scaled only past `maxSide`), so a
// confused page cannot send the model something other than the region it asked for.

import { isPreparedImageDataUrl } from '../imageFacts';
import { cropOutputSize } from './zoomRequest';
import type { CutCrop, PlannedZoom } from './zoomRounds';
import type { ZoomCropsMessage, ZoomCutMessage } from '../protocol/zoom';

/** A page that does not answer (hidden, reloading, busy) does not hold the question for long. */
export const DEFAULT_CUT_TIMEOUT_MS = 30_000;

interface Pending {
  readonly zooms: readonly PlannedZoom[];
  readonly maxSide: number;
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
    maxSide: number,
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
      this.pending.set(requestId, { zooms, maxSide, settle });
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      timer.id = setTimeout(failAll('the image did not answer in time'), this.timeoutMs);
      this.post({
        type: 'zoom/cut',
        requestId,
        maxSide,
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
      crops.set(zoom.callId, checkCrop(zoom, pending.maxSide, answered.get(zoom.callId)));
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

function checkCrop(
  zoom: PlannedZoom,
  maxSide: number,
  answer: ZoomCropsMessage['crops'][number] | undefined,
): CutCrop {
  const crop = answer?.crop;
  if (!crop) {
    return { ok: false, reason: answer?.error?.slice(0, 200) || 'the image could not be cut' };
  }
  const want = cropOutputSize(zoom.region, maxSide);
  if (
    !isPreparedImageDataUrl(crop.dataUrl) ||
    crop.width !== want.width ||
    crop.height !== want.height
  ) {
    return { ok: false, reason: 'the crop did not match the region asked for' };
  }
  return { ok: true, dataUrl: crop.dataUrl, width: crop.width, height: crop.height };
}
