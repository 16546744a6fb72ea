// Measuring what is on the screen from a screenshot's pixels, to a fraction of a pixel: where a
// region of one colour lies over a background of another, and where a picture lies over the
// pane behind it. Edges that resampling blended count by how much of each colour they hold, so
// a 30 px box is measured to about a tenth of a pixel rather than to one whole pixel. Node only.
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { markedPixels, type Box } from '../support/markedImages';

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** RGB, 3 bytes a pixel. */
  readonly data: Buffer;
}

export async function decodeImage(image: Buffer): Promise<Raster> {
  const { data, info } = await sharp(image)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/**
 * A pixel counts as a blend of two colours while it is this close (RGB units) to the line between
 * them.
 */
const BLEND_TOLERANCE = 48;

type Rgb = readonly [number, number, number];
const rgb = (colour: number): Rgb => [(colour >> 16) & 255, (colour >> 8) & 255, colour & 255];

/**
 * How much of `colour` (0–1) each pixel of `within` holds, over `background`; `other` decides
 * what a pixel that is a blend of neither counts as (0: not the thing; 1: part of it).
 */
function coverage(
  raster: Raster,
  within: Box,
  colour: number,
  background: number,
  other: 0 | 1,
): { map: Float64Array; box: Box } {
  const x0 = Math.max(0, Math.floor(within.x));
  const y0 = Math.max(0, Math.floor(within.y));
  const x1 = Math.min(raster.width, Math.ceil(within.x + within.width));
  const y1 = Math.min(raster.height, Math.ceil(within.y + within.height));
  const box = { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
  const [cr, cg, cb] = rgb(colour);
  const [br, bg, bb] = rgb(background);
  const [vr, vg, vb] = [cr - br, cg - bg, cb - bb];
  const length2 = vr * vr + vg * vg + vb * vb;
  const map = new Float64Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const offset = ((y0 + y) * raster.width + x0 + x) * 3;
      const [pr, pg, pb] = [
        raster.data[offset] - br,
        raster.data[offset + 1] - bg,
        raster.data[offset + 2] - bb,
      ];
      const t = (pr * vr + pg * vg + pb * vb) / length2;
      const off = Math.hypot(pr - t * vr, pg - t * vg, pb - t * vb);
      const fromBackground = Math.hypot(pr, pg, pb);
      map[y * box.width + x] =
        off <= BLEND_TOLERANCE
          ? Math.min(1, Math.max(0, t))
          : other === 1 && fromBackground > BLEND_TOLERANCE
            ? 1
            : 0;
    }
  }
  return { map, box };
}

/** The rectangle that a coverage map holds (sub-pixel), or undefined when it holds nothing. */
function rectangleOf(map: Float64Array, box: Box): Box | undefined {
  const columns = new Float64Array(box.width);
  const rows = new Float64Array(box.height);
  let total = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const c = map[y * box.width + x];
      columns[x] += c;
      rows[y] += c;
      total += c;
      sumX += c * (x + 0.5);
      sumY += c * (y + 0.5);
    }
  }
  if (total < 1) {
    return undefined;
  }
  // A rectangle's full columns all hold its height and its full rows its width; the median of
  // the well-filled ones ignores the blended edges and a stray pixel.
  const height = robustFull(columns);
  const width = robustFull(rows);
  const cx = sumX / total;
  const cy = sumY / total;
  return { x: box.x + cx - width / 2, y: box.y + cy - height / 2, width, height };
}

function robustFull(sums: Float64Array): number {
  const max = Math.max(...sums);
  const full = [...sums].filter((sum) => sum >= max * 0.5).sort((a, b) => a - b);
  return full[Math.floor(full.length / 2)];
}

/** Where a region of `colour` over `background` lies inside `within` (device pixels). */
export function measureColour(
  raster: Raster,
  within: Box,
  colour: number,
  background: number,
): Box | undefined {
  const { map, box } = coverage(raster, within, colour, background, 0);
  return rectangleOf(map, box);
}

/**
 * Where a picture lies over the pane behind it (`background`), inside `within`: its edges are a
 * blend of the pane and `edge` (the picture's outermost colour); anything else that is not the
 * pane is inside the picture.
 */
export function measurePicture(
  raster: Raster,
  within: Box,
  edge: number,
  background: number,
): Box | undefined {
  const { map, box } = coverage(raster, within, edge, background, 1);
  return rectangleOf(map, box);
}

/** The colour (0xRRGGBB) of one pixel. */
export function pixelAt(raster: Raster, x: number, y: number): number {
  const offset = (Math.floor(y) * raster.width + Math.floor(x)) * 3;
  return (raster.data[offset] << 16) | (raster.data[offset + 1] << 8) | raster.data[offset + 2];
}

/**
 * Pixels of `crop` (an encoded image) that differ from the region `box` of the original, whose
 * colours `originalAt(x, y)` gives (0xRRGGBB). Asserts first that the crop is the region at full
 * resolution (its size).
 */
export async function cropMismatches(
  crop: Buffer,
  box: Box,
  originalAt: (x: number, y: number) => number,
): Promise<number> {
  const decoded = await decodeImage(crop);
  assert.deepEqual(
    { width: decoded.width, height: decoded.height },
    { width: box.width, height: box.height },
    'the crop is the region at full resolution',
  );
  let mismatches = 0;
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      if (pixelAt(decoded, x, y) !== originalAt(box.x + x, box.y + y)) {
        mismatches++;
      }
    }
  }
  return mismatches;
}

/** The colour at (x, y) of the marked test image of `size` (markedImages.ts), for cropMismatches. */
export function markedOriginal(size: {
  readonly width: number;
  readonly height: number;
}): (x: number, y: number) => number {
  const original = { ...size, data: markedPixels(size.width, size.height) };
  return (x, y) => pixelAt(original, x, y);
}

export function scaleBox(box: Box, factor: number): Box {
  return {
    x: box.x * factor,
    y: box.y * factor,
    width: box.width * factor,
    height: box.height * factor,
  };
}

export function inflate(box: Box, by: number): Box {
  return { x: box.x - by, y: box.y - by, width: box.width + 2 * by, height: box.height + 2 * by };
}

/** |displayed aspect / natural aspect − 1|. */
export function aspectError(displayed: Box, natural: { width: number; height: number }): number {
  return Math.abs(displayed.width / displayed.height / (natural.width / natural.height) - 1);
}
