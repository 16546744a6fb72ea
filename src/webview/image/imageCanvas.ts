// Canvas helpers shared by everything that makes pixels for the model (the prepared copy, its
// tiles, a selected region): crop a region at a given size with high-quality resampling,
// flatten onto white, encode, and read back as a data URL. No state; each call owns its canvas.
// No `document` either: the encoders' worker (imageWorker.ts) runs the same code on OffscreenCanvas.

import type { Rect, Size } from './tileGrid';
import * as l10n from '@vscode/l10n';

export type { Rect, Size } from './tileGrid';

/** The pixels of anything Chromium decoded, with their own size. */
export type PixelSource = HTMLImageElement | ImageBitmap | HTMLCanvasElement | OffscreenCanvas;

/** A page's canvas, or an OffscreenCanvas in a worker (which has no DOM). */
export type AnyCanvas = HTMLCanvasElement | OffscreenCanvas;

/**
 * A canvas's 2D context, whichever kind the canvas is: the two kinds' getContext overloads do
 * not combine on their union, so each is asked as itself.
 */
export function context2d(
  canvas: AnyCanvas,
): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null {
  return canvas instanceof OffscreenCanvas ? canvas.getContext('2d') : canvas.getContext('2d');
}

function newCanvas(size: Size): AnyCanvas {
  if (typeof document === 'undefined') {
    return new OffscreenCanvas(size.width, size.height);
  }
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  return canvas;
}

/**
 * Draws `region` of `source` (its own pixel coordinates; the whole image when omitted) onto a
 * new `size` canvas, flattened onto white: models composite transparency unpredictably (often
 * onto black, hiding dark lines), so the copy looks the way most viewers show it. Shrinking
 * goes through createImageBitmap's high-quality resize (drawImage alone aliases thin lines).
 */
export async function drawRegion(
  source: PixelSource,
  size: Size,
  region?: Rect,
  vector = false,
): Promise<AnyCanvas> {
  const canvas = newCanvas(size);
  const context = context2d(canvas);
  if (!context) {
    throw new Error(l10n.t('No canvas is available to resize the image.'));
  }
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, size.width, size.height);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  const own = sourceSize(source);
  const area = region ?? { x: 0, y: 0, width: own.width, height: own.height };
  const shrinking = size.width < area.width || size.height < area.height;
  if (shrinking && !vector && typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(source, area.x, area.y, area.width, area.height, {
        resizeWidth: size.width,
        resizeHeight: size.height,
        resizeQuality: 'high',
      });
      context.drawImage(bitmap, 0, 0);
      bitmap.close();
      return canvas;
    } catch {
      // Fall through to drawImage, which every source supports.
    }
  }
  if (vector && !region) {
    context.drawImage(source, 0, 0, size.width, size.height);
  } else {
    context.drawImage(
      source,
      area.x,
      area.y,
      area.width,
      area.height,
      0,
      0,
      size.width,
      size.height,
    );
  }
  return canvas;
}

/** Encodes a canvas; `quality` applies to JPEG and WebP. */
export async function encodeCanvas(
  canvas: AnyCanvas,
  mime: 'image/png' | 'image/jpeg',
  quality?: number,
): Promise<Blob> {
  const blob =
    'convertToBlob' in canvas
      ? await canvas.convertToBlob({ type: mime, quality }).catch(() => null)
      : await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, mime, quality));
  if (!blob) {
    throw new Error(l10n.t('The resized image could not be encoded.'));
  }
  return blob;
}

export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // readAsDataURL always yields a string.
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(new Error(l10n.t('The resized image could not be read.')));
    reader.readAsDataURL(blob);
  });
}

/** Crops `region` of `source` at full resolution (or at `size`) and returns it as a data URL. */
export async function cropToDataUrl(
  source: PixelSource,
  region: Rect,
  mime: 'image/png' | 'image/jpeg' = 'image/png',
  size: Size = region,
  quality?: number,
): Promise<{ dataUrl: string; bytes: number; size: Size }> {
  const canvas = await drawRegion(source, size, region);
  const blob = await encodeCanvas(canvas, mime, quality);
  return { dataUrl: await blobToDataUrl(blob), bytes: blob.size, size };
}

export function sourceSize(source: PixelSource): Size {
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    return { width: source.naturalWidth, height: source.naturalHeight };
  }
  return { width: source.width, height: source.height };
}
