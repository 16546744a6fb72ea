// What a PNG or JPEG data URL really holds, read from its first bytes without decoding the image:
// the format its magic bytes say and the pixel size its header says. A webview's own numbers for
// an image it sends (width, height, mime) are claims; these are what the model would receive.
import { sniffImageMime } from './imageFacts';
import { pixelSize, type PixelSize } from './imageHeader';

const PREFIX = /^data:image\/(png|jpeg);base64,/;
/**
 * Bytes of the file read for its header. PNG's size is at bytes 16–24; a JPEG's frame header
 * follows its APP and table segments: a canvas writes it within the first kilobyte, a camera's
 * EXIF block can push it to tens of kilobytes.
 */
const HEADER_BYTES = 64 * 1024;

export interface DataUrlImage {
  readonly mime: 'image/png' | 'image/jpeg';
  readonly size: PixelSize;
}

/**
 * The format and size a PNG or JPEG data URL's bytes declare; undefined when it is not one of
 * those, its magic bytes disagree with its media type, or its header states no size. Reads at
 * most HEADER_BYTES of the file, whatever the data URL's length.
 */
export function dataUrlImage(dataUrl: string): DataUrlImage | undefined {
  const prefix = PREFIX.exec(dataUrl);
  if (!prefix) {
    return undefined;
  }
  const declared = prefix[1] === 'png' ? 'image/png' : 'image/jpeg';
  const start = prefix[0].length;
  // Whole base64 quanta only: 4 characters are 3 bytes.
  const chars = Math.min(dataUrl.length - start, (HEADER_BYTES / 3) * 4) & ~3;
  const bytes = base64Bytes(dataUrl.slice(start, start + chars));
  if (!bytes || sniffImageMime(bytes) !== declared) {
    return undefined;
  }
  const size = pixelSize(bytes, declared);
  return size ? { mime: declared, size } : undefined;
}

/**
 * The longest data URL an image of `size` can need: a PNG stored without compression (4 bytes a
 * pixel, a filter byte a row, deflate's 5 bytes a 64 KB block), plus room for its chunks and a
 * JPEG's tables, in base64. Anything longer carries more than the picture it claims to be.
 */
export function maxDataUrlChars(size: PixelSize): number {
  const raw = size.height * (1 + 4 * size.width);
  const bytes = raw + 5 * Math.ceil(raw / 65_535) + 64 * 1024;
  return 'data:image/jpeg;base64,'.length + 4 * Math.ceil(bytes / 3);
}

/** Decoded base64 text, or undefined when it is not base64. */
function base64Bytes(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) {
      bytes[index] = binary.charCodeAt(index);
    }
    return bytes;
  } catch {
    return undefined;
  }
}
