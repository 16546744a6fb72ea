// WCAG contrast measured on a screenshot's pixels: text (4.5:1 for AA) and outlines over the
// image (3:1 for non-text). Where the text and outlines are comes from the page when the
// picture is taken; what colours they have comes from the PNG alone. Node only.
import type { Box } from '../support/markedImages';
import type { Raster } from './pixelMeasure';

export interface TextRun {
  readonly text: string;
  readonly box: Box;
}

/** WCAG 2 relative luminance of 0xRRGGBB. */
export function luminance(colour: number): number {
  const channel = (value: number): number => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return (
    0.2126 * channel((colour >> 16) & 255) +
    0.7152 * channel((colour >> 8) & 255) +
    0.0722 * channel(colour & 255)
  );
}

export function contrastRatio(a: number, b: number): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function pixels(raster: Raster, box: Box): number[] {
  const out: number[] = [];
  const x0 = Math.max(0, Math.round(box.x));
  const y0 = Math.max(0, Math.round(box.y));
  const x1 = Math.min(raster.width, Math.round(box.x + box.width));
  const y1 = Math.min(raster.height, Math.round(box.y + box.height));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const o = (y * raster.width + x) * 3;
      out.push((raster.data[o] << 16) | (raster.data[o + 1] << 8) | raster.data[o + 2]);
    }
  }
  return out;
}

/**
 * The contrast of a run of text: its background is the commonest colour in its box, its colour
 * the pixel that differs most from that (the core of a glyph's stem is the text colour itself;
 * its anti-aliased edges are blends). Undefined for a box with no ink.
 */
export function textContrast(
  raster: Raster,
  box: Box,
): { ratio: number; text: number; background: number } | undefined {
  const all = pixels(raster, box);
  if (all.length < 20) {
    return undefined;
  }
  const counts = new Map<number, number>();
  for (const colour of all) {
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  const background = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  let text = background;
  let ratio = 1;
  for (const [colour, count] of counts) {
    // A stray pixel or two (a neighbour's edge) is not the text's colour.
    if (count < 2) continue;
    const r = contrastRatio(colour, background);
    if (r > ratio) {
      ratio = r;
      text = colour;
    }
  }
  return ratio > 1.05 ? { ratio, text, background } : undefined;
}

/** The commonest colour among some pixels. */
export function commonest(colours: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const colour of colours) counts.set(colour, (counts.get(colour) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

/**
 * An outline drawn over the image (a coloured stroke on a dark halo): the stroke against the
 * halo next to it, and the better of stroke and halo against the image beyond them (the pair is
 * seen where either stands out). Sampled along the middle of the top and left edges.
 */
export function outlineContrast(
  raster: Raster,
  box: Box,
  stroke: number,
  halo: number,
): { strokeVsHalo: number; outlineVsImage: number } | undefined {
  const samples = { stroke: [] as number[], halo: [] as number[], image: [] as number[] };
  const at = (x: number, y: number): number | undefined => {
    if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return undefined;
    const o = (Math.floor(y) * raster.width + Math.floor(x)) * 3;
    return (raster.data[o] << 16) | (raster.data[o + 1] << 8) | raster.data[o + 2];
  };
  const haloWidth = (halo - stroke) / 2;
  for (let t = 0.3; t <= 0.7; t += 0.02) {
    const x = box.x + box.width * t;
    const y = box.y + box.height * t;
    for (const [list, offset] of [
      [samples.stroke, 0],
      [samples.halo, stroke / 2 + haloWidth / 2],
      [samples.image, stroke / 2 + haloWidth + 2],
    ] as const) {
      for (const colour of [at(x, box.y - offset), at(box.x - offset, y)]) {
        if (colour !== undefined) list.push(colour);
      }
    }
  }
  if (!samples.stroke.length || !samples.halo.length || !samples.image.length) return undefined;
  const s = commonest(samples.stroke);
  const h = commonest(samples.halo);
  const i = commonest(samples.image);
  return {
    strokeVsHalo: contrastRatio(s, h),
    outlineVsImage: Math.max(contrastRatio(s, i), contrastRatio(h, i)),
  };
}
