// "Ask about a region": the crop that goes with the question, cut from the original image at
// its full resolution (only a crop larger than the model's limits is scaled down), so detail the
// downscaled overview lost is there to read. Drawn from the decoded <img>, which has its EXIF
// orientation applied, so the crop matches what the user saw and dragged over.

import type { PixelBox, PreparedImage } from '../core/protocol';
import { cropToDataUrl } from './imageCanvas';
import { targetSize, type Size } from './imagePreparation';

export async function cropRegion(
  image: HTMLImageElement,
  original: Size,
  box: PixelBox,
  mime: string,
  maxSide: number,
  maxShortSide?: number,
): Promise<PreparedImage> {
  const size = targetSize({ width: box.width, height: box.height }, maxSide, maxShortSide);
  // An SVG without a size of its own is decoded at a default box: scale the rectangle to it.
  const sx = image.naturalWidth / original.width || 1;
  const sy = image.naturalHeight / original.height || 1;
  const region = { x: box.x * sx, y: box.y * sy, width: box.width * sx, height: box.height * sy };
  const outputMime: PreparedImage['mime'] = mime === 'image/jpeg' ? 'image/jpeg' : 'image/png';
  const crop = await cropToDataUrl(
    image,
    region,
    outputMime,
    size,
    outputMime === 'image/jpeg' ? 0.92 : undefined,
  );
  return {
    dataUrl: crop.dataUrl,
    width: crop.size.width,
    height: crop.size.height,
    mime: outputMime,
  };
}
