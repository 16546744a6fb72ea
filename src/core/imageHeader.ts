// What an image's header says before anything decodes it: its pixel size (a 100 KB PNG can
// claim 30000×30000, gigabytes once decoded) and, for PNG, whether the file is whole. Checked in
// the host, so a decompression bomb or a broken file never reaches the webview's decoder.
import type { ImageMime } from './imageFacts';

/** Larger images are refused: decoding one takes over 256 MB (4 bytes a pixel) in the webview. */
export const MAX_IMAGE_PIXELS = 64_000_000;

export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

export type HeaderProblem =
  | { readonly kind: 'truncated'; readonly format: string }
  | { readonly kind: 'tooManyPixels'; readonly size: PixelSize };

/** A reason to refuse the file before decoding it, or undefined when its header is acceptable. */
export function headerProblem(bytes: Uint8Array, mime: ImageMime): HeaderProblem | undefined {
  if (mime === 'image/png' && !isCompletePng(bytes)) {
    return { kind: 'truncated', format: 'PNG' };
  }
  const size = pixelSize(bytes, mime);
  if (size && size.width * size.height > MAX_IMAGE_PIXELS) {
    return { kind: 'tooManyPixels', size };
  }
  return undefined;
}

/** The width and height the header declares, for the raster formats whose header says it. */
export function pixelSize(bytes: Uint8Array, mime: ImageMime): PixelSize | undefined {
  switch (mime) {
    case 'image/png':
      // IHDR is the first chunk: width and height big-endian at 16 and 20.
      return bytes.length >= 24 ? { width: u32be(bytes, 16), height: u32be(bytes, 20) } : undefined;
    case 'image/gif':
      return bytes.length >= 10 ? { width: u16le(bytes, 6), height: u16le(bytes, 8) } : undefined;
    case 'image/bmp':
      // BITMAPINFOHEADER and later: signed 32-bit, height negative for top-down rows.
      return bytes.length >= 26 && u32le(bytes, 14) >= 40
        ? { width: Math.abs(i32le(bytes, 18)), height: Math.abs(i32le(bytes, 22)) }
        : undefined;
    case 'image/jpeg':
      return jpegSize(bytes);
    case 'image/webp':
      return webpSize(bytes);
    default:
      return undefined;
  }
}

/** A PNG ends with its IEND chunk; one cut short (an interrupted download or copy) does not. */
function isCompletePng(bytes: Uint8Array): boolean {
  const IEND = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
  // Some encoders leave a few bytes after IEND: look near the end, not only at it.
  const tail = bytes.subarray(Math.max(0, bytes.length - 64));
  for (let start = tail.length - IEND.length; start >= 0; start--) {
    if (IEND.every((byte, index) => tail[start + index] === byte)) {
      return true;
    }
  }
  return false;
}

/** The frame header (SOF0…SOF15, not DHT/JPG/DAC) gives height, then width, big-endian. */
function jpegSize(bytes: Uint8Array): PixelSize | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) {
      return undefined;
    }
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    const length = u16be(bytes, offset + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(bytes, offset + 5), width: u16be(bytes, offset + 7) };
    }
    offset += 2 + length;
  }
  return undefined;
}

function webpSize(bytes: Uint8Array): PixelSize | undefined {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8X' && bytes.length >= 30) {
    return { width: 1 + u24le(bytes, 24), height: 1 + u24le(bytes, 27) };
  }
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits = u32le(bytes, 21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30) {
    return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
  }
  return undefined;
}

const u16be = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];
const u16le = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
const u24le = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
const u32be = (b: Uint8Array, o: number): number =>
  ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
const u32le = (b: Uint8Array, o: number): number =>
  (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const i32le = (b: Uint8Array, o: number): number =>
  b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
