// A PNG of at most 256 colours written as a palette PNG. Chromium's encoder always writes RGBA
// (4 bytes a pixel before compression), so a diagram re-encoded by it grew: 16 KB as a palette
// PNG became 35 KB. Written here, in the encoders' worker or the page (no `document`), with the
// browser's own zlib (CompressionStream): fast-png, the library tried first, deflates in
// JavaScript, which added ~450 ms of CPU to a 12 MP screenshot's preparation (bench/README.md);
// the rest of a palette PNG is four short chunks. Lossless: decoded, it is the canvas's pixels.

import { concatBytes } from '../../core/bytes';

/**
 * Whether to try a palette PNG for a copy: `nearest` (the original is a palette PNG: map a
 * resized copy onto 256 colours if it has more), `exact` (only if the copy has at most 256),
 * `none` (not worth the look: a tile of an original with more colours; counting each of a
 * screenshot's 24 tiles cost ~230 ms of CPU for 11 % fewer bytes).
 */
export type PaletteTry = 'nearest' | 'exact' | 'none';

/** More distinct colours than a palette holds. */
export const MAX_PALETTE_COLOURS = 256;

export interface Indexed {
  /** [r, g, b] per palette entry, in order of first appearance. */
  readonly palette: number[][];
  /** One palette index per pixel. */
  readonly indices: Uint8Array;
}

/**
 * The opaque RGBA pixels (`data`, 4 bytes a pixel: the copy is drawn on white) as a palette and
 * indices, or undefined as soon as a 257th colour appears (one pass; a photo stops early).
 */
export function toIndexed(data: Uint8ClampedArray | Uint8Array): Indexed | undefined {
  const pixels = new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  const indices = new Uint8Array(pixels.length);
  const indexOf = new Map<number, number>();
  const palette: number[][] = [];
  let last = 0; // never a colour: every colour has alpha 255
  let lastIndex = 0;
  for (let i = 0; i < pixels.length; i++) {
    const colour = pixels[i] | 0xff000000; // alpha is 255: drawn on white
    if (colour !== last) {
      let index = indexOf.get(colour);
      if (index === undefined) {
        if (palette.length === MAX_PALETTE_COLOURS) return undefined;
        index = palette.length;
        indexOf.set(colour, index);
        const at = i * 4;
        palette.push([data[at], data[at + 1], data[at + 2]]);
      }
      last = colour;
      lastIndex = index;
    }
    indices[i] = lastIndex;
  }
  return { palette, indices };
}

/**
 * The pixels mapped onto their 256 most frequent colours, each other colour to the nearest of
 * them. For a resized copy of an image that had at most 256 colours itself (a palette PNG): the
 * resize blends colours along every edge (a 158-colour diagram had 1,723 after it), and those
 * blends are the only pixels that move, each to a colour beside it. Flat areas keep their colour.
 */
export function toNearestIndexed(data: Uint8ClampedArray | Uint8Array): Indexed {
  const pixels = new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  const counts = new Map<number, number>();
  for (let i = 0; i < pixels.length; i++) {
    const colour = pixels[i] | 0xff000000;
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  const kept = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_PALETTE_COLOURS)
    .map(([colour]) => colour);
  // Little-endian bytes R, G, B, A: red is the low byte.
  const palette = kept.map((colour) => [
    colour & 0xff,
    (colour >>> 8) & 0xff,
    (colour >>> 16) & 0xff,
  ]);
  const indexOf = new Map(kept.map((colour, index) => [colour, index]));
  for (const colour of counts.keys()) {
    if (indexOf.has(colour)) continue;
    const [r, g, b] = [colour & 0xff, (colour >>> 8) & 0xff, (colour >>> 16) & 0xff];
    let best = 0;
    let bestDistance = Infinity;
    palette.forEach(([pr, pg, pb], index) => {
      const distance = (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = index;
      }
    });
    indexOf.set(colour, best);
  }
  const indices = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) indices[i] = indexOf.get(pixels[i] | 0xff000000)!;
  return { palette, indices };
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The palette PNG's bytes: 8-bit indices, no filter (the usual choice for a palette). */
export async function encodeIndexedPng(
  width: number,
  height: number,
  indexed: Indexed,
): Promise<Uint8Array> {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 3, 0, 0, 0], 8); // depth 8, colour type 3 (palette), deflate, filter 0, no interlace
  const palette = new Uint8Array(indexed.palette.length * 3);
  indexed.palette.forEach((colour, index) => palette.set(colour, index * 3));
  // Each row: its filter type (0, none), then its indices.
  const rows = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) {
    rows.set(indexed.indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const compressed = await deflate(rows);
  return concatBytes([
    new Uint8Array(SIGNATURE),
    chunk('IHDR', header),
    chunk('PLTE', palette),
    chunk('IDAT', compressed),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** zlib-wrapped deflate, as IDAT holds it, by the browser's (or Node's) own zlib. */
async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  // A copy on a plain ArrayBuffer: the DOM and Node typings of BodyInit disagree on views.
  const stream = new Response(bytes.slice().buffer).body!.pipeThrough(
    new CompressionStream('deflate'),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as PNG's chunks use it). */
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
