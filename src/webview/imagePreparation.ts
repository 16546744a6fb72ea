// Step 2 of a turn's data flow (DESIGN.md): make the copy of the image the model will see.
// Chromium decodes every format the extension accepts, so the webview draws the image on a
// canvas no larger than the configured long side and re-encodes it: PNG keeps diagram lines and
// text sharp, JPEG keeps photos small.

import type { PreparedImage } from '../core/protocol';
import * as l10n from '@vscode/l10n';

/** Long side for vector images that have no size of their own. */
export const DEFAULT_VECTOR_SIDE = 1600;
const JPEG_QUALITY = 0.9;
const FALLBACK_MAX_SIDE = 2048;

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** The size the model sees: long side at most `maxSide`, aspect kept, never enlarged. */
export function targetSize(source: Size, maxSide: number): Size {
  const longSide = Math.max(source.width, source.height);
  const scale = longSide > maxSide ? maxSide / longSide : 1;
  return {
    width: Math.max(1, Math.round(source.width * scale)),
    height: Math.max(1, Math.round(source.height * scale)),
  };
}

/** Loads an image so its pixels can be read back (VS Code serves webview resources with CORS). */
export function loadImage(src: string, readable = true): Promise<HTMLImageElement> {
  const image = new Image();
  if (readable) {
    image.crossOrigin = 'anonymous';
  }
  image.decoding = 'async';
  image.src = src;
  return image.decode().then(
    () => image,
    () => {
      throw new Error(l10n.t('The image could not be decoded.'));
    },
  );
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

export async function prepareImage(image: HTMLImageElement, sourceMime: string, maxSide: number, source: Size): Promise<PreparedImage> {
  if (!source.width || !source.height) {
    throw new Error(l10n.t('The image has no size.'));
  }
  // A missing or nonsensical setting must not shrink the image to nothing.
  const size = targetSize(source, maxSide >= 64 ? maxSide : FALLBACK_MAX_SIDE);
  const mime: PreparedImage['mime'] = sourceMime === 'image/jpeg' ? 'image/jpeg' : 'image/png';

  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) {
    throw new Error(l10n.t('No canvas is available to resize the image.'));
  }
  // Models composite transparency unpredictably (often onto black, hiding dark lines), so the
  // copy is flattened onto white, the way the image looks in most viewers.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, size.width, size.height);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(await resampled(image, sourceMime, size), 0, 0, size.width, size.height);

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, mime, mime === 'image/jpeg' ? JPEG_QUALITY : undefined));
  if (!blob) {
    throw new Error(l10n.t('The resized image could not be encoded.'));
  }
  return { dataUrl: await readAsDataUrl(blob), width: size.width, height: size.height, mime };
}

/**
 * A high-quality downscale of a raster image (drawImage alone aliases thin diagram lines when
 * shrinking a lot). Vector images are simply drawn at the target size.
 */
async function resampled(image: HTMLImageElement, mime: string, size: Size): Promise<CanvasImageSource> {
  const shrinking = size.width < image.naturalWidth || size.height < image.naturalHeight;
  if (mime === 'image/svg+xml' || !shrinking || typeof createImageBitmap !== 'function') {
    return image;
  }
  try {
    return await createImageBitmap(image, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
  } catch {
    return image;
  }
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error(l10n.t('The resized image could not be read.')));
    reader.readAsDataURL(blob);
  });
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
