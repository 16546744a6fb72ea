// Ink in a screenshot: how many pixels differ from the background they are drawn on, and where.
// The background is the pane's colour behind the element (Mermaid's drawings are transparent
// where nothing is drawn), which the caller reads from the page. Node only.
import sharp from 'sharp';

/** A pixel is ink when one of its channels is this far (0–255) from the background's. */
const INK_DISTANCE = 40;

export interface Ink {
  readonly width: number;
  readonly height: number;
  /** Fraction of all pixels that are ink. */
  readonly fraction: number;
  /**
   * The smallest box holding every ink pixel, as fractions of the screenshot's width and height.
   */
  readonly extent: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
  /** Of a 4×4 grid over the screenshot, how many cells hold ink. */
  readonly cellsWithInk: number;
}

/** `background`: the colour behind the drawing, 0xRRGGBB. */
export async function measureInk(png: Buffer, background: number): Promise<Ink> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const [br, bg, bb] = [(background >> 16) & 255, (background >> 8) & 255, background & 255];
  let ink = 0;
  let [left, top, right, bottom] = [width, height, -1, -1];
  const cells = new Set<number>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      const distance = Math.max(
        Math.abs(data[offset] - br),
        Math.abs(data[offset + 1] - bg),
        Math.abs(data[offset + 2] - bb),
      );
      if (distance < INK_DISTANCE) {
        continue;
      }
      ink++;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      cells.add(Math.floor((4 * y) / height) * 4 + Math.floor((4 * x) / width));
    }
  }
  return {
    width,
    height,
    fraction: ink / (width * height),
    extent:
      ink === 0
        ? { x: 0, y: 0, width: 0, height: 0 }
        : {
            x: left / width,
            y: top / height,
            width: (right - left + 1) / width,
            height: (bottom - top + 1) / height,
          },
    cellsWithInk: cells.size,
  };
}

/**
 * The strongest WCAG contrast between `fill` and any pixel in the middle of the area painted
 * with it (the middle 30 % × 20 % of its bounding box: inside any node shape, a diamond's too,
 * clear of its border, and across the label written on it).
 * Undefined when no pixel has that fill.
 */
export async function labelContrastOn(png: Buffer, fill: number): Promise<number | undefined> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const target = channels(fill);
  let [left, top, right, bottom] = [info.width, info.height, -1, -1];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const offset = (y * info.width + x) * 3;
      if (target.every((value, channel) => Math.abs(data[offset + channel] - value) <= 2)) {
        [left, top] = [Math.min(left, x), Math.min(top, y)];
        [right, bottom] = [Math.max(right, x), Math.max(bottom, y)];
      }
    }
  }
  if (right < 0) {
    return undefined;
  }
  const [insetX, insetY] = [(right - left) * 0.35, (bottom - top) * 0.4];
  let strongest = 1;
  for (let y = Math.ceil(top + insetY); y <= bottom - insetY; y++) {
    for (let x = Math.ceil(left + insetX); x <= right - insetX; x++) {
      const offset = (y * info.width + x) * 3;
      const pixel = [data[offset], data[offset + 1], data[offset + 2]] as const;
      strongest = Math.max(strongest, contrastRatio(pixel, target));
    }
  }
  return strongest;
}

const channels = (colour: number): [number, number, number] => [
  (colour >> 16) & 255,
  (colour >> 8) & 255,
  colour & 255,
];

/**
 * WCAG 2 contrast ratio (written here, not imported, so the test does not share the code it
 * checks).
 */
function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const luminance = (rgb: readonly number[]): number => {
    const [r, g, b] = rgb.map((channel) => {
      const value = channel / 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (lighter + 0.05) / (darker + 0.05);
}
