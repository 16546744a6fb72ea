// PNG or JPEG, decided from the pixels, not the file name: diagrams, screenshots and text are
// large areas of flat colour with hard edges, which PNG keeps exact and compresses well; photos
// are noise and gradients everywhere, which PNG stores at 3 bytes a pixel and JPEG at a tenth of
// that with no visible loss. No DOM here (unit-tested in plain Node): it reads RGBA bytes.

export type ImageContent = 'graphic' | 'photo';

/** Two neighbours closer than this (sum of |ΔR|+|ΔG|+|ΔB|) count as the same flat colour; a
 *  little slack keeps a JPEG-compressed screenshot a screenshot. */
const FLAT_TOLERANCE = 12;
/** Measured on generated screenshots, diagrams and photo-like images (test/unit/imageContent):
 *  graphics are ≥ 0.55 flat even when dense with text; photos ≤ 0.35. */
const PHOTO_MAX_FLAT_SHARE = 0.45;
/** Samples at most this many pixel pairs, spread over the whole image. */
const SAMPLE_PAIRS = 40_000;

export interface ContentStats {
  /** Share of sampled horizontal neighbour pairs of (nearly) the same colour. */
  readonly flatShare: number;
  readonly sampled: number;
}

export function contentStats(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): ContentStats {
  if (width < 2 || height < 1) {
    return { flatShare: 1, sampled: 0 };
  }
  const pairs = (width - 1) * height;
  const step = Math.max(1, Math.floor(pairs / SAMPLE_PAIRS));
  let flat = 0;
  let sampled = 0;
  for (let index = 0; index < pairs; index += step) {
    const y = Math.floor(index / (width - 1));
    const x = index % (width - 1);
    const a = (y * width + x) * 4;
    const b = a + 4;
    const difference =
      Math.abs(rgba[a] - rgba[b]) +
      Math.abs(rgba[a + 1] - rgba[b + 1]) +
      Math.abs(rgba[a + 2] - rgba[b + 2]);
    if (difference <= FLAT_TOLERANCE) {
      flat++;
    }
    sampled++;
  }
  return { flatShare: flat / sampled, sampled };
}

export function classifyContent(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): ImageContent {
  return contentStats(rgba, width, height).flatShare <= PHOTO_MAX_FLAT_SHARE ? 'photo' : 'graphic';
}
