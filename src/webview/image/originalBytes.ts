// The file itself as the model's copy, when it needs no change (core/originalImage.ts says which
// files can go as they are, and leaves their metadata out). What only the pixels can tell is
// checked here: a PNG that may be transparent goes as it is only when every pixel is opaque
// (models composite transparency unpredictably; the re-encoded copy is flattened onto white).

import type { PreparedImage } from '../../core/protocol';
import { sendableOriginal } from '../../core/originalImage';
import { blobToDataUrl, context2d, sourceSize, type PixelSource } from './imageCanvas';

export interface OriginalCopy {
  readonly dataUrl: string;
  readonly bytes: number;
  readonly mime: PreparedImage['mime'];
}

/**
 * `file` (of type `mime`) ready to send as it is, within `limit` bytes, or undefined when it must
 * be re-encoded. `pixels` are its decoded pixels, read only when it may be transparent.
 */
export async function originalCopy(
  file: Blob,
  mime: string,
  limit: number,
  pixels: PixelSource,
): Promise<OriginalCopy | undefined> {
  if (mime !== 'image/png' && mime !== 'image/jpeg') {
    return undefined;
  }
  const sendable = sendableOriginal(new Uint8Array(await file.arrayBuffer()), mime);
  if (!sendable || sendable.bytes.length > limit) {
    return undefined;
  }
  if (sendable.mayHaveAlpha && !isOpaque(pixels)) {
    return undefined;
  }
  const bytes = sendable.bytes;
  return {
    dataUrl: await blobToDataUrl(new Blob([bytes as BlobPart], { type: mime })),
    bytes: bytes.length,
    mime,
  };
}

/** Whether every pixel of `pixels` is fully opaque. */
function isOpaque(pixels: PixelSource): boolean {
  const { width, height } = sourceSize(pixels);
  const canvas = new OffscreenCanvas(width, height);
  const context = context2d(canvas);
  if (!context) {
    return false;
  }
  context.drawImage(pixels, 0, 0);
  const { data } = context.getImageData(0, 0, width, height);
  for (let index = 3; index < data.length; index += 4) {
    if (data[index] !== 255) {
      return false;
    }
  }
  return true;
}
