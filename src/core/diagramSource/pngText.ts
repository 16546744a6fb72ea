// The text chunks of a PNG (tEXt, zTXt, iTXt), where draw.io and Excalidraw keep the scene of
// a PNG they export. Chunks are walked by their lengths, each looked at once; the walk stops at
// IEND, at a chunk that runs past the file, or after MAX_CHUNKS.
import { latin1, utf8 } from './bytes';
import type { InflateBudget } from './inflateBudget';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_CHUNKS = 100_000;
/** Matching chunks read per file (all of them inflate within the file's one budget). */
const MAX_FOUND = 4;

export interface PngTextChunk {
  readonly type: 'tEXt' | 'zTXt' | 'iTXt';
  readonly keyword: string;
  readonly text: string;
}

/**
 * The text of every text chunk whose keyword is in `keywords`, in file order. tEXt is Latin-1;
 * zTXt is inflated (zlib, or raw deflate as draw.io's older exports wrote it) and read as
 * Latin-1; iTXt is UTF-8, inflated when its flag says so.
 */
export function pngTextChunks(
  png: Uint8Array,
  keywords: ReadonlySet<string>,
  budget: InflateBudget,
): PngTextChunk[] {
  if (png.length < 8 || SIGNATURE.some((byte, index) => png[index] !== byte)) {
    return [];
  }
  const found: PngTextChunk[] = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  for (let count = 0; count < MAX_CHUNKS && offset + 12 <= png.length; count++) {
    const length = view.getUint32(offset);
    const type = latin1(png.subarray(offset + 4, offset + 8));
    const start = offset + 8;
    const end = start + length;
    if (end + 4 > png.length || type === 'IEND') {
      break;
    }
    if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
      const chunk = readTextChunk(type, png.subarray(start, end), keywords, budget);
      if (chunk && found.push(chunk) >= MAX_FOUND) {
        break;
      }
    }
    offset = end + 4;
  }
  return found;
}

function readTextChunk(
  type: 'tEXt' | 'zTXt' | 'iTXt',
  data: Uint8Array,
  keywords: ReadonlySet<string>,
  budget: InflateBudget,
): PngTextChunk | undefined {
  const nul = data.indexOf(0);
  if (nul < 1 || nul > 79) {
    return undefined;
  }
  const keyword = latin1(data.subarray(0, nul));
  if (!keywords.has(keyword)) {
    return undefined;
  }
  if (type === 'tEXt') {
    return { type, keyword, text: latin1(data.subarray(nul + 1)) };
  }
  if (type === 'zTXt') {
    const inflated = inflateEither(data.subarray(nul + 2), budget);
    return inflated && { type, keyword, text: latin1(inflated) };
  }
  // iTXt: keyword NUL, compression flag, method, language NUL, translated keyword NUL, text.
  const compressed = data[nul + 1] === 1;
  const language = data.indexOf(0, nul + 3);
  const translated = language < 0 ? -1 : data.indexOf(0, language + 1);
  if (translated < 0) {
    return undefined;
  }
  const body = data.subarray(translated + 1);
  const bytes = compressed ? inflateEither(body, budget) : body;
  return bytes && { type, keyword, text: utf8(bytes) };
}

function inflateEither(data: Uint8Array, budget: InflateBudget): Uint8Array | undefined {
  return budget.inflate(data, 'zlib') ?? budget.inflate(data, 'raw');
}
