// Whether an image file can go to the model as it is, and its bytes without metadata. A file the
// model can read (PNG or JPEG, upright, in a colour model every decoder reads) that needs no
// resizing is sent as its own compressed pixels: re-encoding it only costs time, and often bytes
// (Chromium writes every PNG as 8-bit RGBA, so a 7 KB palette diagram became 31 KB). What is
// left out is what the model has no use for and the user may not mean to send: text chunks,
// EXIF (camera, time, GPS position), XMP, comments, timestamps. Pixels and colour are kept
// byte for byte. One pass over the file's segments: linear in its length (the file comes from a
// repository or a paste, so it is untrusted input).

import { concatBytes, u32be } from './bytes';
import { exifOrientation } from './exifOrientation';
import { isFrameHeader, skipFillBytes } from './jpegMarkers';

export interface SendableOriginal {
  /** The file with its metadata left out: same pixels, same colour. */
  readonly bytes: Uint8Array;
  /**
   * A PNG with an alpha channel or a transparent colour: sendable only if every pixel is opaque.
   */
  readonly mayHaveAlpha: boolean;
}

/**
 * The file ready to send as it is, or undefined when it must be re-encoded: another format, a
 * JPEG turned by its EXIF orientation (decoders disagree on applying it), a CMYK or arithmetic-
 * coded JPEG (many decoders refuse them), an animated PNG (the model reads one frame), or a
 * file whose structure does not read cleanly.
 */
export function sendableOriginal(bytes: Uint8Array, mime: string): SendableOriginal | undefined {
  if (mime === 'image/png') {
    return sendablePng(bytes);
  }
  if (mime === 'image/jpeg') {
    const stripped = sendableJpeg(bytes);
    return stripped && { bytes: stripped, mayHaveAlpha: false };
  }
  return undefined;
}

// ── PNG ─────────────────────────────────────────────────────────────────────────────────────

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Chunks that say what the pixels are or how their colours read; every other one is left out. */
const PNG_KEPT = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'cICP',
  'mDCV',
  'cLLI',
]);

function sendablePng(bytes: Uint8Array): SendableOriginal | undefined {
  if (bytes.length < 8 || PNG_SIGNATURE.some((value, index) => bytes[index] !== value)) {
    return undefined;
  }
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let mayHaveAlpha = false;
  let first = true;
  for (let offset = 8; ;) {
    if (offset + 12 > bytes.length) {
      return undefined; // no IEND
    }
    const length = u32be(bytes, offset);
    const type = String.fromCharCode(
      bytes[offset + 4],
      bytes[offset + 5],
      bytes[offset + 6],
      bytes[offset + 7],
    );
    const end = offset + 12 + length;
    if (end > bytes.length || (first && (type !== 'IHDR' || length !== 13))) {
      return undefined;
    }
    first = false;
    if (type === 'IHDR') {
      const colourType = bytes[offset + 8 + 9];
      mayHaveAlpha ||= colourType === 4 || colourType === 6;
    } else if (type === 'tRNS') {
      mayHaveAlpha = true;
    } else if (type === 'acTL' || type === 'eXIf') {
      // Animated (the model reads one frame), or with EXIF that may turn it: re-encoded instead.
      return undefined;
    } else if (!PNG_KEPT.has(type) && isCritical(type)) {
      return undefined; // a critical chunk no decoder knows
    }
    if (PNG_KEPT.has(type)) {
      kept.push(bytes.subarray(offset, end));
    }
    if (type === 'IEND') {
      return { bytes: concatBytes(kept), mayHaveAlpha };
    }
    offset = end;
  }
}

/**
 * Bytes of a PNG's start that hold its colour type: signature, IHDR's length, type, size, depth.
 */
export const PNG_COLOUR_TYPE_END = 26;

/**
 * Whether `start` (a file's first PNG_COLOUR_TYPE_END bytes or more) is a palette PNG: at most
 * 256 colours, whatever its pixels. Reads fixed offsets only.
 */
export function isPalettePng(start: Uint8Array): boolean {
  return (
    start.length >= PNG_COLOUR_TYPE_END &&
    PNG_SIGNATURE.every((value, index) => start[index] === value) &&
    String.fromCharCode(start[12], start[13], start[14], start[15]) === 'IHDR' &&
    start[25] === 3
  );
}

/** A chunk type whose first letter is upper case is critical: a decoder must understand it. */
function isCritical(type: string): boolean {
  const code = type.charCodeAt(0);
  return code >= 0x41 && code <= 0x5a;
}

// ── JPEG ────────────────────────────────────────────────────────────────────────────────────

/** Baseline, extended and progressive Huffman-coded frames: what every decoder reads. */
const READABLE_FRAMES = new Set([0xc0, 0xc1, 0xc2]);

/**
 * The JPEG without APP1 (EXIF, XMP), APP2 other than the colour profile (multi-picture
 * indexes), APP3–APP13, APP15 and comments; JFIF (APP0), the colour profile and Adobe's colour
 * transform (APP14) stay, as do the tables, the frame and everything from the first scan to the
 * end of the image.
 */
function sendableJpeg(bytes: Uint8Array): Uint8Array | undefined {
  // Shown turned by its orientation, it is sent as shown: re-encoded.
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || exifOrientation(bytes) !== 1) {
    return undefined;
  }
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let frame = false;
  for (let offset = skipFillBytes(bytes, 2); offset < bytes.length;) {
    if (bytes[offset] !== 0xff) {
      return undefined;
    }
    const marker = bytes[offset + 1];
    if (marker === 0xda) {
      // Start of scan: the coded image (and any later tables and scans) follows as it is, up to
      // the end of image; what some cameras append after it (preview and depth images) is not.
      const eoi = endOfImage(bytes, offset);
      return frame && eoi ? concatBytes([...kept, bytes.subarray(offset, eoi)]) : undefined;
    }
    if (offset + 4 > bytes.length || marker === undefined || !hasLength(marker)) {
      return undefined;
    }
    const end = offset + 2 + ((bytes[offset + 2] << 8) | bytes[offset + 3]);
    if (end > bytes.length || end < offset + 4) {
      return undefined;
    }
    if (isFrameHeader(marker)) {
      // A frame header: its coding, and its components at offset 9 (1: grey, 3: YCbCr or RGB).
      const components = end > offset + 9 ? bytes[offset + 9] : 0;
      if (frame || !READABLE_FRAMES.has(marker) || (components !== 1 && components !== 3)) {
        return undefined;
      }
      frame = true;
    }
    if (
      !droppedJpegSegment(marker) &&
      !(marker === 0xe2 && !isIccProfile(bytes, offset + 4, end))
    ) {
      kept.push(bytes.subarray(offset, end));
    }
    offset = skipFillBytes(bytes, end);
  }
  return undefined; // no scan
}

/** Markers followed by a length: all but SOI, EOI, TEM and the restart markers. */
function hasLength(marker: number): boolean {
  return !(
    marker === 0xd8 ||
    marker === 0xd9 ||
    marker === 0x01 ||
    (marker >= 0xd0 && marker <= 0xd7)
  );
}

/**
 * Where the image ends (after its EOI marker), from its first scan (at `scan`), or undefined if
 * it does not. In coded data a 0xFF is followed by 0x00 (stuffing), a restart marker or a marker
 * that ends the scan; segments between scans (tables, the next scan's header) are skipped by
 * their length, so bytes inside them are never read as markers.
 */
function endOfImage(bytes: Uint8Array, scan: number): number | undefined {
  let at = scan;
  for (;;) {
    // `at` is a segment with a length (the scan header, or tables between scans).
    if (at + 4 > bytes.length) {
      return undefined;
    }
    at += 2 + ((bytes[at + 2] << 8) | bytes[at + 3]);
    for (;;) {
      at = bytes.indexOf(0xff, at);
      if (at === -1 || at + 1 >= bytes.length) {
        return undefined;
      }
      const next = bytes[at + 1];
      if (next === 0xd9) {
        return at + 2;
      }
      if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) {
        at += next === 0xff ? 1 : 2;
        continue;
      }
      break; // a segment: skipped by its length above
    }
  }
}

function isIccProfile(bytes: Uint8Array, at: number, end: number): boolean {
  const name = 'ICC_PROFILE\0';
  if (at + name.length > end) {
    return false;
  }
  for (let index = 0; index < name.length; index++) {
    if (bytes[at + index] !== name.charCodeAt(index)) {
      return false;
    }
  }
  return true;
}

function droppedJpegSegment(marker: number): boolean {
  const app = marker >= 0xe0 && marker <= 0xef;
  return marker === 0xfe || (app && marker !== 0xe0 && marker !== 0xe2 && marker !== 0xee);
}
