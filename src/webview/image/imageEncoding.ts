// One prepared part (the overview, or a tile) encoded within its share of the endpoint's byte
// limit. Run on the page, or in the encoders' worker (imageWorker.ts): no `document` here.

import type { PreparedImage } from '../../core/protocol';
import { blobToDataUrl, context2d, drawRegion, encodeCanvas, type AnyCanvas } from './imageCanvas';
import { encodeIndexedPng, toIndexed, toNearestIndexed, type PaletteTry } from './indexedPng';
import { targetSize, type Size } from './tileGrid';
import * as l10n from '@vscode/l10n';

/** Photos: visually lossless for a model, a tenth of PNG's bytes. */
export const JPEG_QUALITY = 0.9;
/** Tried in turn when an image is over the byte limit, before it is made smaller. */
const JPEG_FALLBACK_QUALITIES = [0.85, 0.75, 0.6];
/** Shrinking below this long side to meet a byte limit would lose the image; it fails instead. */
const MIN_LONG_SIDE = 256;

/**
 * A canvas holding `bitmap` on white. A bitmap already drawn on white (`flat`: a tile cut by
 * drawRegion) is handed over as it is (a bitmaprenderer canvas: no copy, no second draw);
 * any other is drawn on white.
 */
export async function canvasOf(bitmap: ImageBitmap, flat: boolean): Promise<AnyCanvas> {
  if (flat && typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('bitmaprenderer');
    if (context) {
      context.transferFromImageBitmap(bitmap);
      return canvas;
    }
  }
  const canvas = await drawRegion(bitmap, { width: bitmap.width, height: bitmap.height });
  bitmap.close();
  return canvas;
}

export interface Encoded {
  readonly dataUrl: string;
  readonly bytes: number;
  readonly size: Size;
  readonly mime: PreparedImage['mime'];
}

/**
 * The canvas encoded within `limit` bytes: as chosen first; then, if too large, as JPEG at
 * falling quality; then smaller, a quarter at a time. Fails with a clear message rather than
 * sending something the endpoint would reject with a 400.
 */
export async function encodeWithinLimit(
  canvas: AnyCanvas,
  mime: PreparedImage['mime'],
  limit: number,
  palette: PaletteTry = 'none',
): Promise<Encoded> {
  let current = canvas;
  let smallest = Infinity;
  for (;;) {
    const attempts: [PreparedImage['mime'], number | undefined][] =
      mime === 'image/png' && current === canvas
        ? [
            ['image/png', undefined],
            ...JPEG_FALLBACK_QUALITIES.map((q): [PreparedImage['mime'], number] => [
              'image/jpeg',
              q,
            ]),
          ]
        : [
            [
              'image/jpeg',
              mime === 'image/jpeg' && current === canvas
                ? JPEG_QUALITY
                : JPEG_FALLBACK_QUALITIES[0],
            ],
            ...JPEG_FALLBACK_QUALITIES.slice(1).map((q): [PreparedImage['mime'], number] => [
              'image/jpeg',
              q,
            ]),
          ];
    for (const [type, quality] of attempts) {
      const blob =
        (type === 'image/png' && palette !== 'none' && (await paletteBlob(current, palette))) ||
        (await encodeCanvas(current, type, quality));
      smallest = Math.min(smallest, blob.size);
      if (blob.size <= limit) {
        return {
          dataUrl: await blobToDataUrl(blob),
          bytes: blob.size,
          size: { width: current.width, height: current.height },
          mime: type,
        };
      }
    }
    const next = targetSize(current, Math.floor(Math.max(current.width, current.height) * 0.75));
    if (Math.max(next.width, next.height) < MIN_LONG_SIDE) {
      throw new Error(
        l10n.t(
          'The prepared image needs {0} even at its smallest; the endpoint accepts {1} (setting multimodalReasoning.maxImageMegabytes).',
          describeBytes(smallest),
          describeBytes(limit),
        ),
      );
    }
    current = await drawRegion(current, next);
  }
}

/**
 * The canvas as a palette PNG when it has at most 256 colours (a diagram, a chart, text on a
 * plain ground), else undefined: Chromium would write it as RGBA, 2–3× the bytes. `nearest`:
 * the original had at most 256 (a palette PNG), so a resized copy is mapped onto 256 of its
 * colours rather than sent as RGBA, larger than the file it was made from.
 */
async function paletteBlob(
  canvas: AnyCanvas,
  palette: Exclude<PaletteTry, 'none'>,
): Promise<Blob | undefined> {
  const { width, height } = canvas;
  // A bitmaprenderer canvas (a part handed over as it was cut) has no 2D context: read a copy.
  let context = context2d(canvas);
  if (!context && typeof OffscreenCanvas !== 'undefined') {
    context = new OffscreenCanvas(width, height).getContext('2d');
    context?.drawImage(canvas, 0, 0);
  }
  if (!context) {
    return undefined;
  }
  const { data } = context.getImageData(0, 0, width, height);
  const indexed = toIndexed(data) ?? (palette === 'nearest' ? toNearestIndexed(data) : undefined);
  return indexed
    ? new Blob([(await encodeIndexedPng(width, height, indexed)) as BlobPart], {
        type: 'image/png',
      })
    : undefined;
}

export function describeBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
