// "Ask about a region": the crop that goes with the question, cut from the original image at
// its full resolution (only a crop larger than the model's limits is scaled down), so detail the
// downscaled overview lost is there to read. Drawn from the decoded <img>, which has its EXIF
// orientation applied, so the crop matches what the user saw and dragged over.

import type { PixelBox, PreparedImage } from '../../core/protocol';
import { cropToDataUrl } from './imageCanvas';
import { targetSize, type Size } from './imagePreparation';
import { pixelsBetween, scaleBox } from './imageTransform';

export async function cropRegion(
  image: HTMLImageElement,
  original: Size,
  box: PixelBox,
  mime: string,
  maxSide: number,
  maxShortSide?: number,
): Promise<PreparedImage> {
  // Whole pixels inside the image, whatever the box came from (a drag, a restored turn).
  const inside =
    pixelsBetween(box, { x: box.x + box.width, y: box.y + box.height }, original) ?? box;
  const size = targetSize({ width: inside.width, height: inside.height }, maxSide, maxShortSide);
  // An SVG without a size of its own is decoded at a default box: the rectangle is scaled to it.
  const decoded = { width: image.naturalWidth, height: image.naturalHeight };
  const region = decoded.width && decoded.height ? scaleBox(inside, original, decoded) : inside;
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
