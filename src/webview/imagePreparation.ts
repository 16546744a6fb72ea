// Step 2 of a turn's data flow (DESIGN.md): make the copy of the image the model will see.
// Chromium decodes every format the extension accepts (GIF: its first frame; JPEG: turned
// upright by its EXIF orientation, as <img> and createImageBitmap do by default), so the
// webview draws the image no larger than the configured long side, picks PNG or JPEG from its
// pixels (imageContent.ts), keeps within the endpoint's byte limit, and for detail "tiles" adds
// full-resolution crops (tileGrid.ts explains the rule).

import type { ImagePolicy, PreparedImage, PreparedTile } from '../core/protocol';
import { blobToDataUrl, drawRegion, encodeCanvas, type PixelSource } from './imageCanvas';
import { classifyContent } from './imageContent';
import { LOW_DETAIL_SIDE, planTiles, resolveDetail, targetSize, tileOutputSize, type Size } from './tileGrid';
import * as l10n from '@vscode/l10n';

export { targetSize, type Size } from './tileGrid';

/** Long side for vector images that have no size of their own. */
export const DEFAULT_VECTOR_SIDE = 1600;
const FALLBACK_MAX_SIDE = 2048;
/** Photos: visually lossless for a model, a tenth of PNG's bytes. */
const JPEG_QUALITY = 0.9;
/** Tried in turn when an image is over the byte limit, before it is made smaller. */
const JPEG_FALLBACK_QUALITIES = [0.85, 0.75, 0.6];
/** Crops encoded at once (Chromium encodes them on its own threads). */
const TILE_ENCODERS = 3;
/** Shrinking below this long side to meet a byte limit would lose the image; it fails instead. */
const MIN_LONG_SIDE = 256;

/** Used when the host sends no policy (an older host, a test page): the settings' defaults. */
export const DEFAULT_IMAGE_POLICY: ImagePolicy = {
  maxSide: FALLBACK_MAX_SIDE,
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 64_000_000,
  maxFileBytes: 50 * 1024 * 1024,
  detail: 'auto',
};

export function policyFrom(message: { readonly maxImageSide?: number; readonly imagePolicy?: ImagePolicy }): ImagePolicy {
  return message.imagePolicy ?? { ...DEFAULT_IMAGE_POLICY, maxSide: message.maxImageSide ?? FALLBACK_MAX_SIDE };
}

/** Why an image was refused before decoding (too many pixels); the message is for the user. */
export class ImageTooLargeError extends Error {}

/**
 * Loads an image so its pixels can be read back (VS Code serves webview resources with CORS).
 * The load event comes with the header read but nothing decoded yet, so an image over
 * `maxPixels` is refused before it takes hundreds of megabytes.
 */
export async function loadImage(src: string, readable = true, limit?: { readonly maxPixels: number; readonly name: string }): Promise<HTMLImageElement> {
  const image = new Image();
  if (readable) {
    image.crossOrigin = 'anonymous';
  }
  image.decoding = 'async';
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error(l10n.t('The image could not be decoded.')));
    image.src = src;
  });
  const { naturalWidth: width, naturalHeight: height } = image;
  if (limit && width * height > limit.maxPixels) {
    const megapixels = (value: number): number => Math.round(value / 1e5) / 10;
    image.src = ''; // never decoded
    throw new ImageTooLargeError(
      l10n.t('{0} is {1}×{2} ({3} megapixels); images larger than {4} megapixels are not analyzed. Crop or scale it down first.', limit.name, width, height, megapixels(width * height), megapixels(limit.maxPixels)),
    );
  }
  await image.decode().catch(() => {
    throw new Error(l10n.t('The image could not be decoded.'));
  });
  return image;
}

/**
 * The image's own pixel size. An SVG without width and height has none: Chromium reports a
 * default box (300×150, or 150 high with the viewBox's aspect ratio) and refuses to make an
 * ImageBitmap of it, so such an image is given a default long side, keeping its aspect ratio.
 */
export async function intrinsicSize(image: HTMLImageElement, mime: string): Promise<Size> {
  const natural = { width: image.naturalWidth, height: image.naturalHeight };
  if (mime !== 'image/svg+xml' || (await hasIntrinsicSize(image))) {
    return natural;
  }
  const longSide = Math.max(natural.width, natural.height);
  if (!longSide) {
    return { width: DEFAULT_VECTOR_SIDE, height: DEFAULT_VECTOR_SIDE };
  }
  const scale = DEFAULT_VECTOR_SIDE / longSide;
  return { width: Math.round(natural.width * scale), height: Math.round(natural.height * scale) };
}

async function hasIntrinsicSize(image: HTMLImageElement): Promise<boolean> {
  try {
    (await createImageBitmap(image)).close();
    return true;
  } catch {
    return false;
  }
}

export interface Preparation {
  readonly image: PreparedImage;
  /** Bytes of every image that leaves the machine (overview and tiles), before base64. */
  readonly bytes: number;
  /** The overview's pixels, for a thumbnail (cheaper than drawing from the full-size original). */
  readonly overview: HTMLCanvasElement;
}

/**
 * A vector is drawn with its long side at the limit, larger than its nominal size if need be:
 * an SVG's 300 px box with 9 px labels would reach the model unreadable, and vectors do not blur.
 */
function overviewSize(source: Size, maxSide: number, vector: boolean): Size {
  if (!vector) {
    return targetSize(source, maxSide);
  }
  const scale = maxSide / Math.max(source.width, source.height);
  return { width: Math.max(1, Math.round(source.width * scale)), height: Math.max(1, Math.round(source.height * scale)) };
}

export async function prepareImage(image: PixelSource, sourceMime: string, policy: ImagePolicy, source: Size): Promise<Preparation> {
  if (!source.width || !source.height) {
    throw new Error(l10n.t('The image has no size.'));
  }
  const vector = sourceMime === 'image/svg+xml';
  // A missing or nonsensical setting must not shrink the image to nothing.
  const maxSide = policy.maxSide >= 64 ? policy.maxSide : FALLBACK_MAX_SIDE;
  const detail = resolveDetail(policy.detail, source, vector);
  const size = overviewSize(source, detail === 'low' ? Math.min(LOW_DETAIL_SIDE, maxSide) : maxSide, vector);
  // Tiles crop the decoded pixels many times: decode once into a bitmap (an <img> may be
  // decoded again for every draw once Chromium drops a large image from its decode cache).
  const pixels = detail === 'tiles' && !vector ? await decodedOnce(image) : image;
  try {
    return await prepareFrom(pixels, vector, policy, source, size, detail);
  } finally {
    if (pixels !== image && 'close' in pixels) {
      pixels.close();
    }
  }
}

async function decodedOnce(image: PixelSource): Promise<PixelSource> {
  try {
    return await createImageBitmap(image);
  } catch {
    return image;
  }
}

async function prepareFrom(image: PixelSource, vector: boolean, policy: ImagePolicy, source: Size, size: Size, detail: ReturnType<typeof resolveDetail>): Promise<Preparation> {
  const overview = await drawRegion(image, size, undefined, vector);
  const mime = chooseFormat(image, source, vector, overview);
  // "auto" tiles what has small text to read: a photo has none, and its overview says it all.
  const tiled = detail === 'tiles' && !(policy.detail === 'auto' && mime === 'image/jpeg');
  const plan = tiled ? planTiles(source) : undefined;

  // The limit is for all of the image's parts; each gets an equal share of it.
  const share = Math.floor(policy.maxBytes / (1 + (plan?.tiles.length ?? 0)));
  const encoded = await encodeWithinLimit(overview, mime, share);
  let bytes = encoded.bytes;

  // Chromium encodes off the main thread: a few crops at a time keep both cores busy while
  // memory stays at a few tiles' canvases, whatever the grid.
  const planned = plan?.tiles ?? [];
  const tiles: PreparedTile[] = new Array(planned.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < planned.length; index = next++) {
      const tile = planned[index];
      const canvas = await drawRegion(image, tileOutputSize(tile), tile);
      const piece = await encodeWithinLimit(canvas, mime, share);
      bytes += piece.bytes;
      tiles[index] = { dataUrl: piece.dataUrl, width: piece.size.width, height: piece.size.height, mime: piece.mime, x: tile.x, y: tile.y, regionWidth: tile.width, regionHeight: tile.height, row: tile.row, column: tile.column };
    }
  };
  await Promise.all(Array.from({ length: Math.min(TILE_ENCODERS, planned.length) }, worker));
  return {
    image: {
      dataUrl: encoded.dataUrl,
      width: encoded.size.width,
      height: encoded.size.height,
      mime: encoded.mime,
      sourceWidth: source.width,
      sourceHeight: source.height,
      ...(detail === 'low' || detail === 'high' ? { detail } : {}),
      ...(tiles.length ? { tiles } : {}),
    },
    bytes,
    overview,
  };
}

/** Side of the patches of the original that the content check reads. */
const PATCH_SIDE = 256;

/**
 * PNG for graphics (diagrams, screenshots, text), JPEG for photos: decided from the pixels of
 * five patches of the original at full resolution (the centre and the middle of each quarter).
 * Not from the downscaled copy: shrinking averages a photo's grain away and makes it look flat.
 */
export function chooseFormat(image: PixelSource, source: Size, vector: boolean, overview: HTMLCanvasElement): PreparedImage['mime'] {
  const side = Math.min(PATCH_SIDE, source.width, source.height);
  const sample = vector || side < 16 ? undefined : document.createElement('canvas');
  const target = sample ?? overview;
  if (sample) {
    const centres = [
      [0.5, 0.5],
      [0.25, 0.25],
      [0.75, 0.25],
      [0.25, 0.75],
      [0.75, 0.75],
    ];
    sample.width = side * centres.length;
    sample.height = side;
    const context = sample.getContext('2d');
    if (!context) {
      return 'image/png';
    }
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, sample.width, sample.height);
    centres.forEach(([cx, cy], index) => {
      const x = Math.max(0, Math.min(source.width - side, Math.round(source.width * cx - side / 2)));
      const y = Math.max(0, Math.min(source.height - side, Math.round(source.height * cy - side / 2)));
      context.drawImage(image, x, y, side, side, index * side, 0, side, side);
    });
  }
  const context = target.getContext('2d');
  if (!context) {
    return 'image/png';
  }
  const { data } = context.getImageData(0, 0, target.width, target.height);
  return classifyContent(data, target.width, target.height) === 'photo' ? 'image/jpeg' : 'image/png';
}

interface Encoded {
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
async function encodeWithinLimit(canvas: HTMLCanvasElement, mime: PreparedImage['mime'], limit: number): Promise<Encoded> {
  let current = canvas;
  let smallest = Infinity;
  for (;;) {
    const attempts: [PreparedImage['mime'], number | undefined][] =
      mime === 'image/png' && current === canvas ? [['image/png', undefined], ...JPEG_FALLBACK_QUALITIES.map((q): [PreparedImage['mime'], number] => ['image/jpeg', q])] : [['image/jpeg', mime === 'image/jpeg' && current === canvas ? JPEG_QUALITY : JPEG_FALLBACK_QUALITIES[0]], ...JPEG_FALLBACK_QUALITIES.slice(1).map((q): [PreparedImage['mime'], number] => ['image/jpeg', q])];
    for (const [type, quality] of attempts) {
      const blob = await encodeCanvas(current, type, quality);
      smallest = Math.min(smallest, blob.size);
      if (blob.size <= limit) {
        return { dataUrl: await blobToDataUrl(blob), bytes: blob.size, size: { width: current.width, height: current.height }, mime: type };
      }
    }
    const next = targetSize(current, Math.floor(Math.max(current.width, current.height) * 0.75));
    if (Math.max(next.width, next.height) < MIN_LONG_SIDE) {
      throw new Error(l10n.t('The prepared image needs {0} even at its smallest; the endpoint accepts {1} (setting multimodalReasoning.maxImageMegabytes).', describeBytes(smallest), describeBytes(limit)));
    }
    current = await drawRegion(current, next);
  }
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

export function formatName(mime: PreparedImage['mime']): string {
  return mime === 'image/jpeg' ? 'JPEG' : 'PNG';
}

/** "2048×1536 PNG, 412 KB" or "1024×768 PNG overview + 16 tiles (4×4) at full resolution, 3.1 MB in all". */
export function describePreparation(preparation: Pick<Preparation, 'image' | 'bytes'>): string {
  const { image, bytes } = preparation;
  const tiles = image.tiles ?? [];
  const overview = `${image.width}×${image.height} ${formatName(image.mime)}`;
  if (tiles.length === 0) {
    return image.detail ? l10n.t('{0} ({1} detail), {2}', overview, image.detail, describeBytes(bytes)) : `${overview}, ${describeBytes(bytes)}`;
  }
  const columns = Math.max(...tiles.map((tile) => tile.column)) + 1;
  const rows = Math.max(...tiles.map((tile) => tile.row)) + 1;
  const fullResolution = tiles.every((tile) => tile.width === tile.regionWidth && tile.height === tile.regionHeight);
  return fullResolution
    ? l10n.t('{0} overview + {1} tiles ({2}×{3}) at full resolution, {4} in all', overview, tiles.length, columns, rows, describeBytes(bytes))
    : l10n.t('{0} overview + {1} tiles ({2}×{3}) of the original, {4} in all', overview, tiles.length, columns, rows, describeBytes(bytes));
}
