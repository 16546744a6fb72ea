// A PNG of at most 256 colours written as a palette PNG. Chromium's encoder always writes RGBA
// (4 bytes a pixel before compression), so a diagram re-encoded by it grew: 16 KB as a palette
// PNG became 35 KB. Written with fast-png (deflate by fflate), in the encoders' worker or the
// page; no `document` here. Lossless: the pixels decoded from it are the canvas's.

import { encode } from 'fast-png';

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

/** The palette PNG's bytes. */
export function encodeIndexedPng(width: number, height: number, indexed: Indexed): Uint8Array {
  return encode({
    width,
    height,
    data: indexed.indices,
    depth: 8,
    channels: 1,
    palette: indexed.palette,
  });
}
