// Where a marked image (test/support/markedImages.ts) and each of its boxes landed on the screen,
// measured from a screenshot's pixels, and where the overlay says they are: shared by the page
// tests (imageGeometry.test.ts, zoomTrail.test.ts), which it also serves the images, and the
// workbench journeys (journeys.geometry.test.ts).
import type { Locator } from 'playwright-core';
import { FIELD, markedBoxes, markedPng, type Box } from '../support/markedImages';
import {
  inflate,
  measureColour,
  measurePicture,
  pixelAt,
  scaleBox,
  type Raster,
} from './pixelMeasure';
import type { ServedImage } from './webviewPage';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * Before a page suite's tests, a marked PNG of each of `sizes` put into `images` (the images its
 * page harness serves) as `fileName(size)`.
 */
export function serveMarkedImages(
  images: Record<string, ServedImage>,
  sizes: readonly Size[],
  fileName: (size: Size) => string,
): void {
  before(async () => {
    for (const size of sizes) {
      images[fileName(size)] = {
        body: await markedPng(size.width, size.height),
        type: 'image/png',
      };
    }
  });
}

/**
 * The picture and each of its boxes (CSS pixels, undefined where not found) in a screenshot
 * taken at `dpr` device pixels a CSS pixel, inside the image viewport at `viewport` (CSS
 * pixels). Each box is looked for around `guesses[index]` when given, else where the measured
 * picture puts it, with room for a wrong guess, and measured by its own pixels.
 */
export function measureMarked(
  shot: Raster,
  dpr: number,
  viewport: Box,
  size: Size,
  guesses?: readonly Box[],
): { picture: Box | undefined; boxes: (Box | undefined)[] } {
  const inside = inflate(scaleBox(viewport, dpr), -1);
  const paneColour = pixelAt(shot, inside.x + 1, inside.y + 1);
  const found = measurePicture(shot, inside, FIELD, paneColour);
  const picture = found && scaleBox(found, 1 / dpr);
  const boxes = markedBoxes(size.width, size.height).map((box, index) => {
    const expected = guesses?.[index] ?? (picture && expectedOnScreen(picture, size, box));
    if (!expected) {
      return undefined;
    }
    const room = Math.max(expected.width, expected.height) * 0.25 + 4;
    const search = intersect(scaleBox(inflate(expected, room), dpr), inside);
    const measured = search && measureColour(shot, search, box.colour, FIELD);
    return measured && scaleBox(measured, 1 / dpr);
  });
  return { picture, boxes };
}

/** Where a box of the file must be on the screen, given where the whole picture is. */
export function expectedOnScreen(picture: Box, size: Size, box: Box): Box {
  const sx = picture.width / size.width;
  const sy = picture.height / size.height;
  return {
    x: picture.x + box.x * sx,
    y: picture.y + box.y * sy,
    width: box.width * sx,
    height: box.height * sy,
  };
}

export function intersect(a: Box, b: Box): Box | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

export function contains(outer: Box, inner: Box): boolean {
  return (
    inner.x >= outer.x - 0.01 &&
    inner.y >= outer.y - 0.01 &&
    inner.x + inner.width <= outer.x + outer.width + 0.01 &&
    inner.y + inner.height <= outer.y + outer.height + 0.01
  );
}

/**
 * Where overlay rectangles are drawn, in the CSS pixels of their own page: their geometry
 * through the SVG's transforms to the screen. (getBoundingClientRect would add the stroke.)
 */
export function overlayRects(rects: Locator): Promise<Box[]> {
  return rects.evaluateAll((elements: any[]) =>
    elements.map((rect) => {
      const matrix = rect.getScreenCTM();
      const [x, y, width, height] = ['x', 'y', 'width', 'height'].map(
        (name) => rect[name].baseVal.value as number,
      );
      const corner = (px: number, py: number) => ({
        x: matrix.a * px + matrix.c * py + matrix.e,
        y: matrix.b * px + matrix.d * py + matrix.f,
      });
      const a = corner(x, y);
      const b = corner(x + width, y + height);
      return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
    }),
  );
}

/** Hides (or shows again) what is drawn over the picture, to measure the picture alone. */
export async function setOverlayHidden(overlay: Locator, hidden: boolean): Promise<void> {
  await overlay.evaluate(
    (svg: any, value) =>
      new Promise<void>((resolve) => {
        svg.style.visibility = value ? 'hidden' : '';
        // Two frames: the change is painted before a screenshot is taken.
        const G = globalThis as any;
        G.requestAnimationFrame(() => G.requestAnimationFrame(() => resolve()));
      }),
    hidden,
  );
}
