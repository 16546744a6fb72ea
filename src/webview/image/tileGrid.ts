// Geometry of what the model is sent, with no DOM in it (unit-tested in plain Node): the
// downscaled size, how much a provider shrinks that again, whether "auto" detail sends tiles,
// and the grid of full-resolution crops "tiles" sends beside the overview.
//
// The tiling rule, from what each provider does with a large image:
// - OpenAI, detail "high": fits the image into 2048×2048, then scales it so the short side is
//   768 px, and reads it as 512 px tiles. A 4000×3000 screenshot is read at 1024×768: shrunk
//   3.9×, so 12 px text becomes 3 px and unreadable.
// - Anthropic: images over ~1568 px on the long side are scaled down to it (4000 → 1568: 2.6×).
// - Gemini: reads large images as 768×768 tiles.
// A 768×768 crop passes all three untouched (OpenAI: short side already 768; Anthropic: under
// 1568; Gemini: exactly one tile), so tiles are 768 px crops of the original pixels. "auto"
// sends them only when the strictest reader (OpenAI's rule) would shrink the image by more than
// 2×: below half size, the 10–12 px labels of a dense diagram or a screenshot fall under ~5 px
// and stop being legible, while up to 2× they still read (a 1920×1080 or 2560×1440 screenshot is
// shrunk 1.4× and 1.9×: one image is enough; a 4K screenshot, 2.8×, gets tiles). A photo (as
// imageContent.ts judges it) gets none under "auto": it has no small text to read.

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type ImageDetail = 'auto' | 'low' | 'high' | 'tiles';

/** A 768 px crop is read unshrunk by OpenAI (high detail), Anthropic and Gemini alike. */
export const TILE_SIDE = 768;
/** "auto" tiles an image the model would otherwise read at less than half its size. */
export const AUTO_TILES_SHRINK = 2;
/**
 * Beyond this many tiles each crop covers more than 768 px and is scaled to 768 (see planTiles).
 * 24 covers a 12-megapixel image (4000×3000: 6×4) at full resolution; at ~765 tokens a tile for
 * OpenAI (4 × 170 + 85), 258 for Gemini, ~790 for Anthropic, that is the most worth paying for.
 */
export const MAX_TILES = 24;
/** OpenAI's "low" detail reads a 512×512 image whatever it is sent; more is wasted bytes. */
export const LOW_DETAIL_SIDE = 512;

/**
 * The size the model is sent: long side at most `maxSide` (and short side at most
 * `maxShortSide`, for a provider that would rescale anything larger), aspect kept, never enlarged.
 */
export function targetSize(source: Size, maxSide: number, maxShortSide = Infinity): Size {
  const longSide = Math.max(source.width, source.height);
  const shortSide = Math.min(source.width, source.height);
  const scale = Math.min(1, maxSide / longSide, maxShortSide / shortSide);
  return {
    width: Math.max(1, Math.round(source.width * scale)),
    height: Math.max(1, Math.round(source.height * scale)),
  };
}

/** How many times OpenAI's high-detail rule shrinks an image (fit 2048², then short side 768). */
export function openAiHighDetailShrink(source: Size): number {
  const fit = Math.min(1, 2048 / Math.max(source.width, source.height));
  const shortSide = Math.min(source.width, source.height) * fit;
  const toShort = shortSide > 768 ? 768 / shortSide : 1;
  return 1 / (fit * toShort);
}

/**
 * The detail actually used: "auto" becomes "tiles" for images the model would read too small,
 * unless the model can zoom (`zoom`): then it gets the overview and asks for the regions it needs.
 */
export function resolveDetail(
  detail: ImageDetail,
  source: Size,
  vector: boolean,
  zoom = false,
): Exclude<ImageDetail, 'auto'> | 'auto' {
  if (detail !== 'auto') {
    return vector && detail === 'tiles' ? 'high' : detail;
  }
  if (zoom) {
    return 'auto';
  }
  // Vectors are drawn at the size the model reads; there are no finer pixels to crop.
  return !vector && openAiHighDetailShrink(source) > AUTO_TILES_SHRINK ? 'tiles' : 'auto';
}

export interface TilePlan {
  readonly columns: number;
  readonly rows: number;
  /** Regions of the original image, row by row; each is drawn at `outputSize(tile)`. */
  readonly tiles: readonly (Rect & { readonly row: number; readonly column: number })[];
  /** 1 when crops are full resolution; above 1 when MAX_TILES forced larger crops. */
  readonly shrink: number;
}

/**
 * An even grid over the image: as few columns and rows as keep each crop within TILE_SIDE
 * (cells are equal, so the last row and column are not slivers). When that needs more than
 * MAX_TILES, the cells grow until the grid fits and each is scaled to TILE_SIDE.
 */
export function planTiles(source: Size, tileSide = TILE_SIDE, maxTiles = MAX_TILES): TilePlan {
  let columns = Math.max(1, Math.ceil(source.width / tileSide));
  let rows = Math.max(1, Math.ceil(source.height / tileSide));
  let cell = tileSide;
  while (columns * rows > maxTiles) {
    cell *= 1.1;
    columns = Math.max(1, Math.ceil(source.width / cell));
    rows = Math.max(1, Math.ceil(source.height / cell));
  }
  const tiles: (Rect & { row: number; column: number })[] = [];
  const edges = (length: number, count: number): number[] =>
    Array.from({ length: count + 1 }, (_, index) => Math.round((length * index) / count));
  const xs = edges(source.width, columns);
  const ys = edges(source.height, rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      tiles.push({
        x: xs[column],
        y: ys[row],
        width: xs[column + 1] - xs[column],
        height: ys[row + 1] - ys[row],
        row,
        column,
      });
    }
  }
  const largest = Math.max(...tiles.map((tile) => Math.max(tile.width, tile.height)));
  return { columns, rows, tiles, shrink: Math.max(1, largest / tileSide) };
}

/** The pixel size a tile is sent at: its own size, or scaled to TILE_SIDE when the grid was capped. */
export function tileOutputSize(tile: Size, tileSide = TILE_SIDE): Size {
  return targetSize(tile, tileSide);
}
