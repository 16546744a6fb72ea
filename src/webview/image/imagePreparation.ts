// Step 2 of a turn (docs/ARCHITECTURE.md, "One turn"): make the copy of the image the model sees.
// Chromium decodes every format the extension accepts (GIF: its first frame; JPEG: turned
// upright by its EXIF orientation, as <img> and createImageBitmap do by default), so the
// webview draws the image no larger than the configured long side, picks PNG or JPEG from its
// pixels (imageContent.ts), keeps within the endpoint's byte limit, and for detail "tiles" adds
// full-resolution crops (tileGrid.ts explains the rule).

import type { ImagePolicy, PreparedImage, PreparedTile } from '../../core/protocol';
import {
  context2d,
  drawRegion,
  sourceSize,
  type AnyCanvas,
  type PixelSource,
  type Rect,
} from './imageCanvas';
import { classifyContent } from './imageContent';
import { encodePart, encoderSlots, startEncoders, type EncodedPart } from './imageEncoders';
import { describeBytes } from './imageEncoding';
import { isPalettePng, PNG_COLOUR_TYPE_END } from '../../core/originalImage';
import { originalCopy, type OriginalCopy } from './originalBytes';
import {
  LOW_DETAIL_SIDE,
  planTiles,
  resolveDetail,
  targetSize,
  tileOutputSize,
  type Size,
} from './tileGrid';
import * as l10n from '@vscode/l10n';

export { targetSize, type Size } from './tileGrid';
export { describeBytes } from './imageEncoding';

/** Long side for vector images that have no size of their own. */
export const DEFAULT_VECTOR_SIDE = 1600;
const FALLBACK_MAX_SIDE = 2048;

/** Used when the host sends no policy (an older host, a test page): the settings' defaults. */
export const DEFAULT_IMAGE_POLICY: ImagePolicy = {
  maxSide: FALLBACK_MAX_SIDE,
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 64_000_000,
  maxFileBytes: 50 * 1024 * 1024,
  detail: 'auto',
};

export function policyFrom(message: {
  readonly maxImageSide?: number;
  readonly imagePolicy?: ImagePolicy;
}): ImagePolicy {
  return (
    message.imagePolicy ?? {
      ...DEFAULT_IMAGE_POLICY,
      maxSide: message.maxImageSide ?? FALLBACK_MAX_SIDE,
    }
  );
}

/** Why an image was refused before decoding (too many pixels); the message is for the user. */
export class ImageTooLargeError extends Error {}

/**
 * Loads an image so its pixels can be read back (VS Code serves webview resources with CORS).
 * The load event comes with the header read but nothing decoded yet, so an image over
 * `maxPixels` is refused before it takes hundreds of megabytes. `onSized` is called once the
 * size is known to be within it, before the <img> is decoded (imageSession.ts starts the
 * preparation then, from `decodeFile`'s pixels, rather than after the viewer's decoding).
 */
export async function loadImage(
  src: string,
  readable = true,
  limit?: { readonly maxPixels: number; readonly name: string },
  onSized?: (image: HTMLImageElement) => void,
): Promise<HTMLImageElement> {
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
      l10n.t(
        '{0} is {1}×{2} ({3} megapixels); images larger than {4} megapixels are not analyzed. Crop or scale it down first.',
        limit.name,
        width,
        height,
        megapixels(width * height),
        megapixels(limit.maxPixels),
      ),
    );
  }
  onSized?.(image);
  await image.decode().catch(() => {
    throw new Error(l10n.t('The image could not be decoded.'));
  });
  return image;
}

/**
 * The file's bytes, or undefined when they cannot be read (a network or CORS error, a 404):
 * `loadImage` then tries the URL itself and says what went wrong, as it always has. A data: URL
 * is decoded here (the webview's CSP lets no fetch read one).
 */
export async function fetchFile(src: string): Promise<Blob | undefined> {
  if (src.startsWith('data:')) {
    const base64 = /^data:([^;,]*);base64,/.exec(src);
    if (!base64) {
      return undefined;
    }
    try {
      const text = atob(src.slice(base64[0].length));
      const bytes = Uint8Array.from(text, (character) => character.charCodeAt(0));
      return new Blob([bytes], { type: base64[1] });
    } catch {
      return undefined;
    }
  }
  try {
    const response = await fetch(src);
    return response.ok ? await response.blob() : undefined;
  } catch {
    return undefined;
  }
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
  readonly overview: ImageBitmap;
}

/**
 * A vector is drawn with its long side at the limit, larger than its nominal size if need be:
 * an SVG's 300 px box with 9 px labels would reach the model unreadable, and vectors do not blur.
 */
function overviewSize(
  source: Size,
  maxSide: number,
  vector: boolean,
  maxShortSide = Infinity,
): Size {
  if (!vector) {
    return targetSize(source, maxSide, maxShortSide);
  }
  const scale = Math.min(
    maxSide / Math.max(source.width, source.height),
    maxShortSide / Math.min(source.width, source.height),
  );
  return {
    width: Math.max(1, Math.round(source.width * scale)),
    height: Math.max(1, Math.round(source.height * scale)),
  };
}

/**
 * The file's pixels, decoded by Chromium off the main thread (createImageBitmap of a Blob), for
 * `prepareImage`. Start it once the file's size has passed the pixel cap (`loadImage`), beside
 * the viewer's own decoding, so the two run on two cores. Undefined when it cannot be decoded
 * so (an SVG), and the <img> is used instead.
 */
export function decodeFile(file: Blob, mime: string): Promise<ImageBitmap | undefined> {
  if (mime === 'image/svg+xml' || typeof createImageBitmap !== 'function') {
    return Promise.resolve(undefined);
  }
  startEncoders(); // they start while the file decodes
  return createImageBitmap(file).catch(() => undefined);
}

/**
 * `decoded` (from `decodeFile`) spares decoding the <img> again on the main thread (70–80 ms for
 * 12 megapixels); the preparation takes it over and closes it. `file`: the image's own bytes,
 * sent as they are when the copy would be the same pixels (originalBytes.ts).
 */
export async function prepareImage(
  image: PixelSource,
  sourceMime: string,
  policy: ImagePolicy,
  source: Size,
  decoded?: Promise<ImageBitmap | undefined>,
  file?: Blob,
): Promise<Preparation> {
  const bitmap = await decoded;
  try {
    if (!source.width || !source.height) {
      throw new Error(l10n.t('The image has no size.'));
    }
    const vector = sourceMime === 'image/svg+xml';
    // A missing or nonsensical setting must not shrink the image to nothing.
    const maxSide = policy.maxSide >= 64 ? policy.maxSide : FALLBACK_MAX_SIDE;
    const detail = resolveDetail(policy.detail, source, vector, policy.zoom === true);
    const size = overviewSize(
      source,
      detail === 'low' ? Math.min(LOW_DETAIL_SIDE, maxSide) : maxSide,
      vector,
      policy.maxShortSide,
    );
    // Tiles crop the decoded pixels many times: decode once into a bitmap (an <img> may be
    // decoded again for every draw once Chromium drops a large image from its decode cache).
    const pixels = bitmap ?? (detail === 'tiles' && !vector ? await decodedOnce(image) : image);
    try {
      return await prepareFrom(pixels, vector, policy, source, size, detail, {
        file,
        mime: sourceMime,
      });
    } finally {
      if (pixels !== image && pixels !== bitmap && 'close' in pixels) {
        pixels.close();
      }
    }
  } finally {
    bitmap?.close();
  }
}

async function decodedOnce(image: PixelSource): Promise<PixelSource> {
  try {
    return await createImageBitmap(image);
  } catch {
    return image;
  }
}

/**
 * `region` of `image` (all of it when omitted) at `size`, as a bitmap for an encoder, which
 * draws it on white (imageEncoders.ts). Made here as `drawRegion` makes it, so the pixels are
 * the same wherever the encoding runs: a shrink through createImageBitmap's high-quality
 * resize, anything else drawn. (Not a createImageBitmap crop: of a JPEG turned upright by its
 * EXIF orientation, that crops other pixels than drawImage does.)
 */
async function cut(
  image: PixelSource,
  size: Size,
  region: Rect | undefined,
  vector: boolean,
): Promise<{ bitmap: ImageBitmap; flat: boolean }> {
  const own = sourceSize(image);
  const area = region ?? { x: 0, y: 0, width: own.width, height: own.height };
  if (!vector && (size.width < area.width || size.height < area.height)) {
    try {
      const bitmap = await createImageBitmap(image, area.x, area.y, area.width, area.height, {
        resizeWidth: size.width,
        resizeHeight: size.height,
        resizeQuality: 'high',
      });
      return { bitmap, flat: false };
    } catch {
      // drawRegion below falls back to drawImage, which every source supports.
    }
  }
  const canvas = await drawRegion(image, size, region, vector);
  return {
    bitmap:
      'transferToImageBitmap' in canvas
        ? canvas.transferToImageBitmap()
        : await createImageBitmap(canvas),
    flat: true,
  };
}

async function prepareFrom(
  image: PixelSource,
  vector: boolean,
  policy: ImagePolicy,
  source: Size,
  size: Size,
  detail: ReturnType<typeof resolveDetail>,
  original: { readonly file: Blob | undefined; readonly mime: string },
): Promise<Preparation> {
  // The format is read from patches of the original; only a vector or a tiny image needs the
  // drawn overview for it.
  const drawn =
    vector || Math.min(PATCH_SIDE, source.width, source.height) < MIN_PATCH_SIDE
      ? await drawRegion(image, size, undefined, vector)
      : undefined;
  const mime = chooseFormat(image, source, vector, drawn);
  // "auto" tiles what has small text to read: a photo has none, and its overview says it all.
  const tiled = detail === 'tiles' && !(policy.detail === 'auto' && mime === 'image/jpeg');
  const plan = tiled ? planTiles(source) : undefined;

  // The limit is for all of the image's parts; each gets an equal share of it.
  const share = Math.floor(policy.maxBytes / (1 + (plan?.tiles.length ?? 0)));

  // An image the copy would not resize goes as its own bytes when it can: in its own format, at
  // once; in another (a photo saved as PNG is sent as JPEG), only if that is no smaller.
  const unchanged =
    !vector && !plan && size.width === source.width && size.height === source.height;
  const asIs =
    unchanged && original.file
      ? await originalCopy(original.file, original.mime, share, image)
      : undefined;
  if (asIs && asIs.mime === mime) {
    return asItIs(asIs, image, source, detail);
  }
  // The overview first. Chromium's high-quality shrink (~60–120 ms here for 12 megapixels)
  // holds a lock that every canvas in the process waits for, workers' too (a trace shows their
  // first fillRect waiting it out), so nothing is gained by giving them tiles before it.
  // A palette PNG's copy stays a palette PNG, resized or not (imageEncoding.ts, paletteBlob);
  // another's overview becomes one only if it has few colours, and its tiles are not looked at.
  const fromPalette =
    mime === 'image/png' &&
    original.mime === 'image/png' &&
    !!original.file &&
    isPalettePng(new Uint8Array(await original.file.slice(0, PNG_COLOUR_TYPE_END).arrayBuffer()));
  const part = drawn
    ? { bitmap: await createImageBitmap(drawn), flat: true }
    : ((await shrunkFromFile(original.file, source, size, vector)) ??
      (await cut(image, size, undefined, vector)));
  const overview = encodePart(part.bitmap, mime, share, {
    keepCanvas: true,
    flat: part.flat,
    palette: fromPalette ? 'nearest' : 'exact',
  });

  // A few crops at a time keep every encoder busy while memory stays at a few tiles' bitmaps.
  const planned = plan?.tiles ?? [];
  const tiles = new Array<PreparedTile>(planned.length);
  let bytes = 0;
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < planned.length && !failed; index = next++) {
      const tile = planned[index];
      const { bitmap, flat } = await cut(image, tileOutputSize(tile), tile, false);
      const piece = await encodePart(bitmap, mime, share, {
        flat,
        palette: fromPalette ? 'nearest' : 'none',
      });
      bytes += piece.bytes;
      tiles[index] = {
        dataUrl: piece.dataUrl,
        width: piece.size.width,
        height: piece.size.height,
        mime: piece.mime,
        x: tile.x,
        y: tile.y,
        regionWidth: tile.width,
        regionHeight: tile.height,
        row: tile.row,
        column: tile.column,
      };
    }
  };
  const tilesDone = Promise.all(
    Array.from({ length: Math.min(encoderSlots(), planned.length) }, worker),
  );
  tilesDone.catch(() => undefined); // reported below, after the overview's own failure if any
  let encoded: EncodedPart;
  try {
    encoded = await overview;
  } catch (error) {
    failed = true;
    throw error;
  }
  await tilesDone;
  if (asIs && asIs.bytes <= encoded.bytes) {
    encoded.drawn?.close();
    return asItIs(asIs, image, source, detail);
  }
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
    bytes: encoded.bytes + bytes,
    overview: encoded.drawn!,
  };
}

/**
 * Above this many pixels the overview is shrunk from the file rather than from the decoded
 * bitmap. Shrinking a bitmap runs on the main thread, in one task with the code after the
 * decoding: for a 50 MP photo the panel froze for 161–215 ms. From a file, Chromium decodes and
 * shrinks off the main thread (115–133 ms then, as for a 12 MP image), at the cost of decoding
 * the file a second time (+150–250 ms in all): worth it only for images this large
 * (bench/README.md, image_huge_*).
 */
const SHRINK_FROM_FILE_PIXELS = 24_000_000;

/**
 * A raster `file` over SHRINK_FROM_FILE_PIXELS decoded at `size` (turned upright by its EXIF
 * orientation first, as the <img> shows it); undefined for any other, or when Chromium cannot
 * (the caller then shrinks the decoded bitmap).
 */
async function shrunkFromFile(
  file: Blob | undefined,
  source: Size,
  size: Size,
  vector: boolean,
): Promise<{ bitmap: ImageBitmap; flat: boolean } | undefined> {
  if (!file || vector || source.width * source.height <= SHRINK_FROM_FILE_PIXELS) {
    return undefined;
  }
  try {
    const bitmap = await createImageBitmap(file, {
      resizeWidth: size.width,
      resizeHeight: size.height,
      resizeQuality: 'high',
    });
    return { bitmap, flat: false };
  } catch {
    return undefined;
  }
}

/** The preparation that sends the file's own bytes (`copy`), the image at its own size. */
async function asItIs(
  copy: OriginalCopy,
  image: PixelSource,
  source: Size,
  detail: ReturnType<typeof resolveDetail>,
): Promise<Preparation> {
  return {
    image: {
      dataUrl: copy.dataUrl,
      width: source.width,
      height: source.height,
      mime: copy.mime,
      sourceWidth: source.width,
      sourceHeight: source.height,
      ...(detail === 'low' || detail === 'high' ? { detail } : {}),
    },
    bytes: copy.bytes,
    overview: await createImageBitmap(image),
  };
}

/** Side of the patches of the original that the content check reads. */
const PATCH_SIDE = 256;
/** Below this, patches say little: the drawn overview is read instead. */
const MIN_PATCH_SIDE = 16;

/**
 * PNG for graphics (diagrams, screenshots, text), JPEG for photos: decided from the pixels of
 * five patches of the original at full resolution (the centre and the middle of each quarter).
 * Not from the downscaled copy: shrinking averages a photo's grain away and makes it look flat.
 * A vector or a tiny image is judged from `overview`, the copy drawn for the model.
 */
export function chooseFormat(
  image: PixelSource,
  source: Size,
  vector: boolean,
  overview: AnyCanvas | undefined,
): PreparedImage['mime'] {
  const side = Math.min(PATCH_SIDE, source.width, source.height);
  const sample = vector || side < MIN_PATCH_SIDE ? undefined : document.createElement('canvas');
  const target = sample ?? overview;
  if (!target) {
    return 'image/png';
  }
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
      const x = Math.max(
        0,
        Math.min(source.width - side, Math.round(source.width * cx - side / 2)),
      );
      const y = Math.max(
        0,
        Math.min(source.height - side, Math.round(source.height * cy - side / 2)),
      );
      context.drawImage(image, x, y, side, side, index * side, 0, side, side);
    });
  }
  const context = context2d(target);
  if (!context) {
    return 'image/png';
  }
  const { data } = context.getImageData(0, 0, target.width, target.height);
  return classifyContent(data, target.width, target.height) === 'photo'
    ? 'image/jpeg'
    : 'image/png';
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
    return image.detail
      ? l10n.t('{0} ({1} detail), {2}', overview, image.detail, describeBytes(bytes))
      : `${overview}, ${describeBytes(bytes)}`;
  }
  const columns = Math.max(...tiles.map((tile) => tile.column)) + 1;
  const rows = Math.max(...tiles.map((tile) => tile.row)) + 1;
  const fullResolution = tiles.every(
    (tile) => tile.width === tile.regionWidth && tile.height === tile.regionHeight,
  );
  return fullResolution
    ? l10n.t(
        '{0} overview + {1} tiles ({2}×{3}) at full resolution, {4} in all',
        overview,
        tiles.length,
        columns,
        rows,
        describeBytes(bytes),
      )
    : l10n.t(
        '{0} overview + {1} tiles ({2}×{3}) of the original, {4} in all',
        overview,
        tiles.length,
        columns,
        rows,
        describeBytes(bytes),
      );
}
