// The pixel size a PDF page is drawn at. A page is a vector drawing in points (1/72 inch) with no
// pixel size of its own: it is drawn straight at the size the model reads, its long side at the
// configured limit (the short side within the provider's, when it has one), so the drawing is
// the prepared copy and nothing is scaled twice. A page of absurd size or shape is still drawn
// within MAX_PAGE_PIXELS: giant pages cannot take gigabytes of canvas.

import type { ImagePolicy } from '../../core/protocol';
import type { Size } from '../image/tileGrid';

/** No page is drawn larger than this many pixels (about 6,300 × 6,300). */
export const MAX_PAGE_PIXELS = 40_000_000;
const FALLBACK_MAX_SIDE = 2048;

/** `page` in points → the pixels it is drawn at for the model. */
export function pageRenderSize(
  page: Size,
  policy: Pick<ImagePolicy, 'maxSide' | 'maxShortSide' | 'maxPixels'>,
): Size {
  return fitPage(page, {
    longSide: policy.maxSide >= 64 ? policy.maxSide : FALLBACK_MAX_SIDE,
    shortSide: policy.maxShortSide ?? Infinity,
    pixels: Math.min(MAX_PAGE_PIXELS, policy.maxPixels > 0 ? policy.maxPixels : MAX_PAGE_PIXELS),
  });
}

/** `page` in points → a thumbnail within `side`×`side` pixels. */
export function thumbnailSize(page: Size, side: number): Size {
  return fitPage(page, { longSide: side, shortSide: Infinity, pixels: side * side });
}

function fitPage(
  page: Size,
  limits: { readonly longSide: number; readonly shortSide: number; readonly pixels: number },
): Size {
  const width = Number.isFinite(page.width) && page.width > 0 ? page.width : 0;
  const height = Number.isFinite(page.height) && page.height > 0 ? page.height : 0;
  if (!width || !height) {
    throw new RangeError('The page has no size.');
  }
  const scale = Math.min(
    limits.longSide / Math.max(width, height),
    limits.shortSide / Math.min(width, height),
    Math.sqrt(limits.pixels / (width * height)),
  );
  return {
    width: Math.max(1, Math.min(Math.floor(limits.longSide), Math.round(width * scale))),
    height: Math.max(1, Math.min(Math.floor(limits.longSide), Math.round(height * scale))),
  };
}
