// Facts about image files that need no decoder: the type from the first bytes (file names lie),
// which names look like images, and the hard size cap applied before a file is read.
import { isTiff } from './tiffStructure';

export type ImageMime =
  | 'image/png'
  | 'image/jpeg'
  | 'image/gif'
  | 'image/webp'
  | 'image/bmp'
  | 'image/avif'
  | 'image/x-icon'
  | 'image/svg+xml'
  | 'image/tiff';

/**
 * Every extension the commands offer. Chromium in the webview decodes each of these but TIFF
 * (decoded by the webview's TIFF worker) and HEIC/HEIF, which no decoder here reads: those are
 * offered so that opening one says how to convert it (see `isHeif`).
 */
export const IMAGE_EXTENSIONS: readonly string[] = [
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'bmp',
  'svg',
  'avif',
  'ico',
  'tif',
  'tiff',
  'heic',
  'heif',
];

/** Documents the analysis panel opens as pages (a chosen page then goes as an image). */
export const DOCUMENT_EXTENSIONS: readonly string[] = ['pdf'];

export const PDF_MIME = 'application/pdf';

/** Files above this are refused before reading: the webview would have to hold and decode them. */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;

export function isImagePath(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && IMAGE_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

/** An image or a document the analysis panel opens (a PDF). */
export function isPanelFilePath(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return (
    isImagePath(path) ||
    (dot > 0 && DOCUMENT_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase()))
  );
}

/**
 * A PDF by its header, `%PDF-`, which readers (pdf.js among them) find within the first 1,024
 * bytes: some writers put a few bytes before it.
 */
export function isPdf(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (
    let index = head.indexOf(0x25);
    index >= 0 && index + 5 <= head.length;
    index = head.indexOf(0x25, index + 1)
  ) {
    if (ascii(head, index, 5) === '%PDF-') {
      return true;
    }
  }
  return false;
}

export function isWithinImageSizeLimit(bytes: number): boolean {
  return bytes <= MAX_IMAGE_FILE_BYTES;
}

/** "diagram.png is 62.3 MB; images larger than 50 MB are not analyzed." */
export function describeImageSizeLimit(fileName: string, bytes: number): string {
  return `${fileName} is ${formatBytes(bytes)}; images larger than ${formatBytes(MAX_IMAGE_FILE_BYTES)} are not analyzed.`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Binary units as most file managers show them: 1536 → "1.5 KB", 52428800 → "50 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return `${bytes} B`;
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${shown} ${UNITS[unit]}`;
}

/** The image type from magic bytes, or undefined if it is not one we accept. */
export function sniffImageMime(bytes: Uint8Array): ImageMime | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'image/png';
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    return 'image/jpeg';
  }
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') {
    return 'image/gif';
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    return 'image/webp';
  }
  if (isBmp(bytes)) {
    return 'image/bmp';
  }
  if (isAvif(bytes)) {
    return 'image/avif';
  }
  if (isIco(bytes)) {
    return 'image/x-icon';
  }
  if (isTiff(bytes)) {
    return 'image/tiff';
  }
  if (isSvg(bytes)) {
    return 'image/svg+xml';
  }
  return undefined;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function readUint32LE(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset] |
      (bytes[offset + 1] << 8) |
      (bytes[offset + 2] << 16) |
      (bytes[offset + 3] << 24)) >>>
    0
  );
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] << 24) |
      (bytes[offset + 1] << 16) |
      (bytes[offset + 2] << 8) |
      bytes[offset + 3]) >>>
    0
  );
}

// "BM" alone also starts plain text; the DIB header size that follows is one of a few values.
const BMP_DIB_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

function isBmp(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 18 &&
    ascii(bytes, 0, 2) === 'BM' &&
    BMP_DIB_HEADER_SIZES.has(readUint32LE(bytes, 14))
  );
}

/**
 * The brands of an ISO-BMFF `ftyp` box (major, then compatible), or none if it starts otherwise.
 */
function ftypBrands(bytes: Uint8Array): string[] {
  if (bytes.length < 16 || ascii(bytes, 4, 4) !== 'ftyp') {
    return [];
  }
  const boxEnd = Math.min(readUint32BE(bytes, 0), bytes.length);
  const brands = [ascii(bytes, 8, 4)];
  for (let offset = 16; offset + 4 <= boxEnd; offset += 4) {
    brands.push(ascii(bytes, offset, 4));
  }
  return brands;
}

/** ISO-BMFF `ftyp` box whose major or a compatible brand is avif (still) or avis (sequence). */
function isAvif(bytes: Uint8Array): boolean {
  return ftypBrands(bytes).some((brand) => brand === 'avif' || brand === 'avis');
}

/**
 * A HEIC or HEIF still image (an ISO-BMFF `ftyp` whose brands are HEIF's and not AVIF's): an
 * iPhone's photo format, which Chromium cannot decode. Not an ImageMime: it is refused, with
 * advice on converting it.
 */
export function isHeif(bytes: Uint8Array): boolean {
  return !isAvif(bytes) && ftypBrands(bytes).some((brand) => HEIF_BRANDS.has(brand));
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** ICONDIR: reserved 0, type 1 (icon), at least one image, first entry's reserved byte 0. */
function isIco(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 22 &&
    startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) &&
    (bytes[4] | (bytes[5] << 8)) > 0 &&
    bytes[9] === 0
  );
}

/** How far into a text file we look for the root element (prologs and comments can be long). */
const SVG_SNIFF_BYTES = 64 * 1024;

/**
 * An XML text whose first element is <svg>: after an optional BOM, whitespace, the XML
 * declaration, other processing instructions, comments and a DOCTYPE. Read as Latin-1: the
 * markup we look for is ASCII, and non-ASCII text inside comments is skipped anyway.
 */
function isSvg(bytes: Uint8Array): boolean {
  let text = '';
  const end = Math.min(bytes.length, SVG_SNIFF_BYTES);
  for (let offset = 0; offset < end; offset += 8192) {
    text += String.fromCharCode(...bytes.subarray(offset, Math.min(end, offset + 8192)));
  }
  let position = text.startsWith('\xef\xbb\xbf') ? 3 : 0;
  for (;;) {
    while (position < text.length && /\s/.test(text[position])) {
      position++;
    }
    const skipTo = endOfPrologItem(text, position);
    if (skipTo === undefined) {
      break;
    }
    if (skipTo < 0) {
      return false;
    }
    position = skipTo;
  }
  return /^<svg[\s>/]/.test(text.slice(position, position + 5));
}

/**
 * If a prolog item (<?…?>, <!--…-->, <!DOCTYPE…>) starts at `position`, the index after it;
 * -1 if it never ends within the sniffed text; undefined if no prolog item starts there.
 */
function endOfPrologItem(text: string, position: number): number | undefined {
  const closeAfter = (open: string, close: string): number | undefined => {
    if (!text.startsWith(open, position)) {
      return undefined;
    }
    const index = text.indexOf(close, position + open.length);
    return index < 0 ? -1 : index + close.length;
  };
  const doctype = text.slice(position, position + 9).toUpperCase() === '<!DOCTYPE';
  if (doctype) {
    // An internal subset [ … ] may contain '>' characters of its own. The '[' is looked for only
    // before the first '>': searching the rest of the text for it, for every DOCTYPE of a long
    // run of them, would make this quadratic.
    const close = text.indexOf('>', position);
    const bracket = text.slice(position, close < 0 ? text.length : close).indexOf('[');
    if (bracket >= 0) {
      const subsetEnd = text.indexOf(']', position + bracket);
      const after = subsetEnd < 0 ? -1 : text.indexOf('>', subsetEnd);
      return after < 0 ? -1 : after + 1;
    }
    return close < 0 ? -1 : close + 1;
  }
  return closeAfter('<?', '?>') ?? closeAfter('<!--', '-->');
}

const PREPARED_IMAGE_DATA_URL = /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;

/** True for a base64 PNG or JPEG data URL: the only shapes a prepared image may take. */
export function isPreparedImageDataUrl(value: unknown): value is string {
  return typeof value === 'string' && PREPARED_IMAGE_DATA_URL.test(value);
}
