// What an image's header says before anything decodes it: its pixel size (a 100 KB PNG can
// claim 30000×30000, gigabytes once decoded) and, for PNG, whether the file is whole. Checked in
// the host, so a decompression bomb or a broken file never reaches the webview's decoder.
import { ascii4, i32le, u16be, u16le, u24le, u32be, u32le } from './bytes';
import { isFrameHeader, skipFillBytes } from './jpegMarkers';
import type { ImageMime } from './imageFacts';
import { MAX_TIFF_PAGES, tiffStructure } from './tiffStructure';

/** Larger images are refused: decoding one takes over 256 MB (4 bytes a pixel) in the webview. */
export const MAX_IMAGE_PIXELS = 64_000_000;

export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

export type HeaderProblem =
  | { readonly kind: 'truncated'; readonly format: string }
  | { readonly kind: 'tooManyPixels'; readonly size: PixelSize }
  /** The format always states its size, and this file does not (or not readably): not decoded. */
  | { readonly kind: 'unreadableSize'; readonly format: string }
  /** An SVG whose entities expand into other entities: the "billion laughs" XML bomb. */
  | { readonly kind: 'xmlBomb' }
  /** A TIFF whose page directories loop, run past the file or state no size. */
  | { readonly kind: 'damaged'; readonly format: string; readonly reason: string }
  | { readonly kind: 'tooManyPages'; readonly format: string; readonly max: number };

/**
 * Formats whose files always state their size; a file that does not is refused, not let through.
 */
const SIZE_REQUIRED: Partial<Record<ImageMime, string>> = {
  'image/avif': 'AVIF',
  'image/x-icon': 'ICO',
};

/** A reason to refuse the file before decoding it, or undefined when its header is acceptable. */
export function headerProblem(bytes: Uint8Array, mime: ImageMime): HeaderProblem | undefined {
  if (mime === 'image/png' && !isCompletePng(bytes)) {
    return { kind: 'truncated', format: 'PNG' };
  }
  if (mime === 'image/svg+xml' && hasNestedEntities(svgHead(bytes))) {
    return { kind: 'xmlBomb' };
  }
  if (mime === 'image/tiff') {
    const structure = tiffStructure(bytes);
    if (structure.kind === 'damaged') {
      return { kind: 'damaged', format: 'TIFF', reason: structure.reason };
    }
    if (structure.kind === 'tooManyPages') {
      return { kind: 'tooManyPages', format: 'TIFF', max: MAX_TIFF_PAGES };
    }
  }
  const size = pixelSize(bytes, mime);
  if (size && size.width * size.height > MAX_IMAGE_PIXELS) {
    return { kind: 'tooManyPixels', size };
  }
  const format = SIZE_REQUIRED[mime];
  if (!size && format) {
    return { kind: 'unreadableSize', format };
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
    case 'image/avif':
      return avifSize(bytes);
    case 'image/x-icon':
      return icoSize(bytes);
    case 'image/svg+xml':
      return svgSize(svgHead(bytes));
    case 'image/tiff': {
      // The first page: the one shown when the file opens (each page is checked when chosen).
      const structure = tiffStructure(bytes);
      const first = structure.kind === 'pages' ? structure.pages[0] : undefined;
      return first && { width: first.width, height: first.height };
    }
    default:
      return undefined;
  }
}

/**
 * The larger of two sizes by pixel count (a file with several images is as large as its largest).
 */
function larger(a: PixelSize | undefined, b: PixelSize | undefined): PixelSize | undefined {
  if (!a || !b) {
    return a ?? b;
  }
  return b.width * b.height > a.width * a.height ? b : a;
}

/** ISO-BMFF boxes in bytes[start, end): type and the range of its content. */
function* boxes(
  bytes: Uint8Array,
  start: number,
  end: number,
): Generator<{ type: string; from: number; to: number }> {
  let offset = start;
  for (let count = 0; offset + 8 <= end && count < 4096; count++) {
    let size = u32be(bytes, offset);
    let header = 8;
    if (size === 1) {
      // A 64-bit size: anything beyond 2^32 is beyond any file we read.
      if (offset + 16 > end || u32be(bytes, offset + 8) !== 0) {
        return;
      }
      size = u32be(bytes, offset + 12);
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) {
      return;
    }
    yield { type: ascii4(bytes, offset + 4), from: offset + header, to: offset + size };
    offset += size;
  }
}

/** A child box's content range, or undefined. */
function child(bytes: Uint8Array, parent: { from: number; to: number }, type: string) {
  for (const box of boxes(bytes, parent.from, parent.to)) {
    if (box.type === type) {
      return box;
    }
  }
  return undefined;
}

/**
 * AVIF: every image item has an `ispe` property (meta → iprp → ipco → ispe, HEIF §6.5.3) with its
 * width and height; an image sequence's track header (moov → trak → tkhd) has its size too.
 */
function avifSize(bytes: Uint8Array): PixelSize | undefined {
  let size: PixelSize | undefined;
  for (const top of boxes(bytes, 0, bytes.length)) {
    if (top.type === 'meta') {
      // A full box: its children start after the version and flags.
      const iprp = child(bytes, { from: top.from + 4, to: top.to }, 'iprp');
      const ipco = iprp && child(bytes, iprp, 'ipco');
      for (const property of ipco ? boxes(bytes, ipco.from, ipco.to) : []) {
        if (property.type === 'ispe' && property.from + 12 <= property.to) {
          size = larger(size, {
            width: u32be(bytes, property.from + 4),
            height: u32be(bytes, property.from + 8),
          });
        }
      }
    } else if (top.type === 'moov') {
      for (const trak of boxes(bytes, top.from, top.to)) {
        const tkhd = trak.type === 'trak' ? child(bytes, trak, 'tkhd') : undefined;
        // 16.16 fixed point, last in the box: 76 bytes into it for version 0, 88 for version 1.
        const at = tkhd && tkhd.from + (bytes[tkhd.from] === 1 ? 88 : 76);
        if (tkhd && at !== undefined && at + 8 <= tkhd.to) {
          size = larger(size, {
            width: u32be(bytes, at) >>> 16,
            height: u32be(bytes, at + 4) >>> 16,
          });
        }
      }
    }
  }
  return size;
}

/**
 * ICO: a directory of images, each a BMP (its DIB header's height counts the mask too) or a whole
 * PNG, whose own header may claim far more than the directory's one-byte width and height.
 */
function icoSize(bytes: Uint8Array): PixelSize | undefined {
  const count = u16le(bytes, 4);
  if (bytes.length < 6 + 16 * count) {
    return undefined;
  }
  let size: PixelSize | undefined;
  for (let index = 0; index < count; index++) {
    const entry = 6 + 16 * index;
    const offset = u32le(bytes, entry + 12);
    if (offset + 24 > bytes.length) {
      return undefined;
    }
    if (u32be(bytes, offset) === 0x89504e47) {
      size = larger(size, { width: u32be(bytes, offset + 16), height: u32be(bytes, offset + 20) });
    } else if (u32le(bytes, offset) >= 40) {
      size = larger(size, {
        width: Math.abs(i32le(bytes, offset + 4)),
        height: Math.ceil(Math.abs(i32le(bytes, offset + 8)) / 2),
      });
    } else {
      return undefined;
    }
  }
  return size;
}

/** The part of an SVG that holds its DOCTYPE and root element (as isSvg reads it: Latin-1). */
function svgHead(bytes: Uint8Array): string {
  let text = '';
  const end = Math.min(bytes.length, 64 * 1024);
  for (let offset = 0; offset < end; offset += 8192) {
    text += String.fromCharCode(...bytes.subarray(offset, Math.min(end, offset + 8192)));
  }
  return text;
}

/** Whether an entity is declared with a value that refers to an entity: expansion without end. */
function hasNestedEntities(head: string): boolean {
  for (let at = head.indexOf('<!ENTITY'); at >= 0; at = head.indexOf('<!ENTITY', at + 8)) {
    const close = head.indexOf('>', at);
    if (close < 0 || head.slice(at, close).includes('&')) {
      return true;
    }
  }
  return false;
}

const CSS_PIXELS: Readonly<Record<string, number>> = {
  '': 1,
  px: 1,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  pt: 96 / 72,
  pc: 16,
};

/** The root <svg>'s width and height in CSS pixels, when both are absolute lengths. */
function svgSize(head: string): PixelSize | undefined {
  const start = head.indexOf('<svg');
  const end = start < 0 ? -1 : head.indexOf('>', start);
  if (end < 0) {
    return undefined;
  }
  const tag = head.slice(start, end);
  const length = (name: string): number | undefined => {
    // Number and unit cannot share a character, so a long attribute cannot make it backtrack.
    const value = new RegExp(
      `\\s${name}\\s*=\\s*["']\\s*([0-9.]+(?:[eE][+-]?[0-9]+)?)\\s*([a-z]*)\\s*["']`,
      'i',
    ).exec(tag);
    const scale = value ? CSS_PIXELS[value[2].toLowerCase()] : undefined;
    const number = value ? Number(value[1]) : NaN;
    return scale !== undefined && Number.isFinite(number) ? Math.ceil(number * scale) : undefined;
  };
  const width = length('width');
  const height = length('height');
  return width !== undefined && height !== undefined ? { width, height } : undefined;
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
  while ((offset = skipFillBytes(bytes, offset)) + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) {
      return undefined;
    }
    const marker = bytes[offset + 1];
    if (isFrameHeader(marker)) {
      return { height: u16be(bytes, offset + 5), width: u16be(bytes, offset + 7) };
    }
    offset += 2 + u16be(bytes, offset + 2);
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
