// The one mapping between the original image's pixels and the screen. The viewer draws the
// picture with it, the overlay (selection, asked regions, grounded components) is laid with it,
// and a rectangle drawn on the screen is turned back into the original's pixels with it, so what
// the user sees, draws and sends are the same pixels. Pure arithmetic, no DOM: unit-tested in
// plain Node by round trips (test/unit/imageTransform.test.ts).
//
// Screen coordinates are CSS pixels relative to the viewport's top-left corner; the picture is
// drawn as an element of the original's pixel size, moved by (x, y) and scaled by `scale`:
//   screen = (x, y) + image × scale
// One scale for both axes, so nothing drawn through it can have another aspect than the image.
// Offsets are snapped to device pixels, so the picture's edges and the overlay's strokes fall on
// the same physical pixels at every devicePixelRatio.

import type { Rect, Size } from './tileGrid';

export type { Rect, Size } from './tileGrid';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where the image is: its top-left corner on the screen and CSS pixels per original pixel. */
export interface View {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

export interface FitOptions {
  /** Room kept free around the fitted picture, in CSS pixels. */
  readonly padding?: number;
  /** Vector images stay sharp when enlarged, so Fit may enlarge them; bitmaps stop at 100 %. */
  readonly enlarge?: boolean;
  readonly devicePixelRatio?: number;
}

const MIN_SCALE = 1e-4;
/** In original pixels: far below anything a pointer can point at. */
const EDGE_TOLERANCE = 1e-6;

export class ImageTransform {
  constructor(
    /** The original image's size in its own pixels: the coordinate system of every box. */
    readonly image: Size,
    readonly view: View,
    readonly devicePixelRatio = 1,
  ) {}

  /** The whole image inside `pane` (both dimensions), centred, never enlarged unless allowed. */
  static fit(image: Size, pane: Size, options: FitOptions = {}): ImageTransform {
    const padding = options.padding ?? 0;
    const room = Math.min(
      Math.max(pane.width - 2 * padding, 1) / image.width,
      Math.max(pane.height - 2 * padding, 1) / image.height,
    );
    const scale = Math.max(MIN_SCALE, options.enlarge ? room : Math.min(1, room));
    return new ImageTransform(image, { scale, x: 0, y: 0 }, options.devicePixelRatio).placedIn(
      pane,
    );
  }

  get scale(): number {
    return this.view.scale;
  }

  /** The picture's size on the screen, in CSS pixels. */
  get displayed(): Size {
    return {
      width: this.image.width * this.view.scale,
      height: this.image.height * this.view.scale,
    };
  }

  /** The CSS transform of an element whose own size is the original's pixels (transform-origin 0 0). */
  get css(): string {
    return `translate(${this.view.x}px, ${this.view.y}px) scale(${this.view.scale})`;
  }

  /** Original pixels → screen (CSS pixels). */
  toScreen(point: Point): Point {
    return {
      x: this.view.x + point.x * this.view.scale,
      y: this.view.y + point.y * this.view.scale,
    };
  }

  /** Screen (CSS pixels) → original pixels; not clamped to the image. */
  toImage(point: Point): Point {
    return {
      x: (point.x - this.view.x) / this.view.scale,
      y: (point.y - this.view.y) / this.view.scale,
    };
  }

  /** CSS pixels → device pixels (what a screenshot measures). */
  toDevice(point: Point): Point {
    return { x: point.x * this.devicePixelRatio, y: point.y * this.devicePixelRatio };
  }

  fromDevice(point: Point): Point {
    return { x: point.x / this.devicePixelRatio, y: point.y / this.devicePixelRatio };
  }

  /** A box in the original's pixels, where it is drawn on the screen. */
  rectToScreen(box: Rect): Rect {
    const topLeft = this.toScreen(box);
    return {
      x: topLeft.x,
      y: topLeft.y,
      width: box.width * this.view.scale,
      height: box.height * this.view.scale,
    };
  }

  /**
   * The original's pixels a screen rectangle (between two corners, in any order) covers: every
   * pixel it touches, so the low edges round down and the high edges up, clamped to the image.
   * Undefined when it covers none (outside the image, or no area).
   */
  pixelsUnder(a: Point, b: Point): Rect | undefined {
    const p = this.toImage(a);
    const q = this.toImage(b);
    return pixelsBetween(p, q, this.image);
  }

  /** Zoomed to `scale` (clamped to [min, max]) keeping the image point under `at` where it is. */
  zoomedTo(scale: number, at: Point, limits: { min: number; max: number }): ImageTransform {
    const next = Math.min(limits.max, Math.max(limits.min, scale));
    const anchor = this.toImage(at);
    return this.with({ scale: next, x: at.x - anchor.x * next, y: at.y - anchor.y * next });
  }

  /** Moved by (dx, dy) CSS pixels. */
  panned(dx: number, dy: number): ImageTransform {
    return this.with({ ...this.view, x: this.view.x + dx, y: this.view.y + dy });
  }

  /**
   * Placed in `pane`: centred along a dimension where the picture is smaller than the pane,
   * otherwise moved only as far as needed to keep the pane covered; snapped to device pixels.
   */
  placedIn(pane: Size): ImageTransform {
    const { width, height } = this.displayed;
    const x =
      width <= pane.width ? (pane.width - width) / 2 : clamp(this.view.x, pane.width - width, 0);
    const y =
      height <= pane.height
        ? (pane.height - height) / 2
        : clamp(this.view.y, pane.height - height, 0);
    return this.with({ scale: this.view.scale, x: this.snap(x), y: this.snap(y) });
  }

  /** The same view for an image of another size (the copy shown in place of the original). */
  withImage(image: Size): ImageTransform {
    return new ImageTransform(image, this.view, this.devicePixelRatio);
  }

  withDevicePixelRatio(devicePixelRatio: number): ImageTransform {
    return new ImageTransform(this.image, this.view, devicePixelRatio);
  }

  private with(view: View): ImageTransform {
    return new ImageTransform(this.image, view, this.devicePixelRatio);
  }

  private snap(value: number): number {
    return Math.round(value * this.devicePixelRatio) / this.devicePixelRatio;
  }
}

/**
 * The pixels of an image of `size` between two points in its pixel coordinates: low edges
 * floored, high edges ceiled, clamped to the image. Undefined when that is no pixel at all.
 */
export function pixelsBetween(p: Point, q: Point, size: Size): Rect | undefined {
  // An edge a rounding error away from a pixel boundary (a box mapped to the screen and back)
  // is on that boundary, not one pixel further.
  const down = (value: number): number => Math.floor(value + EDGE_TOLERANCE);
  const up = (value: number): number => Math.ceil(value - EDGE_TOLERANCE);
  const left = clamp(down(Math.min(p.x, q.x)), 0, size.width);
  const top = clamp(down(Math.min(p.y, q.y)), 0, size.height);
  const right = clamp(up(Math.max(p.x, q.x)), 0, size.width);
  const bottom = clamp(up(Math.max(p.y, q.y)), 0, size.height);
  return right > left && bottom > top
    ? { x: left, y: top, width: right - left, height: bottom - top }
    : undefined;
}

/**
 * A box in one image's pixels mapped onto another image of the same picture at another size
 * (the decoded bitmap of an SVG without a size of its own), covering every pixel it touches.
 */
export function scaleBox(box: Rect, from: Size, to: Size): Rect {
  const sx = to.width / from.width;
  const sy = to.height / from.height;
  if (sx === 1 && sy === 1) {
    return box;
  }
  return (
    pixelsBetween(
      { x: box.x * sx, y: box.y * sy },
      { x: (box.x + box.width) * sx, y: (box.y + box.height) * sy },
      to,
    ) ?? { x: 0, y: 0, width: 0, height: 0 }
  );
}

/** Intersection over union of two rectangles (1 for the same rectangle, 0 for disjoint ones). */
export function intersectionOverUnion(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const intersection = width > 0 && height > 0 ? width * height : 0;
  const union = a.width * a.height + b.width * b.height - intersection;
  return union > 0 ? intersection / union : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
