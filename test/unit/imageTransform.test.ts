import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ImageTransform,
  intersectionOverUnion,
  pixelsBetween,
  scaleBox,
  type Point,
  type Size,
} from '../../src/webview/image/imageTransform';
import { startingRegion, stepRegion } from '../../src/webview/image/keyboardRegion';

// Image sizes the issue names (a wide diagram, a photo, a tall page, small and odd ones), pane
// sizes from a narrow side view to a wide monitor, every zoom from far out to 16×, and the
// devicePixelRatios of ordinary, fractional and high-density screens.
const IMAGES: Size[] = [
  { width: 1600, height: 900 },
  { width: 4000, height: 3000 },
  { width: 600, height: 3000 },
  { width: 320, height: 200 },
  { width: 37, height: 11 },
  { width: 1, height: 1 },
  { width: 8192, height: 613 },
];
const PANES: Size[] = [
  { width: 621, height: 308 },
  { width: 300, height: 900 },
  { width: 1280, height: 800 },
  { width: 2543, height: 1377 },
];
const ZOOMS = [0.013, 0.1, 0.37, 1, 1.25, 3, 16];
const RATIOS = [1, 1.25, 1.5, 2, 3];

/** Every combination of the lists above, each with an offset that is not on a pixel. */
function* transforms(): Generator<{ transform: ImageTransform; pane: Size }> {
  for (const image of IMAGES) {
    for (const pane of PANES) {
      for (const dpr of RATIOS) {
        yield {
          transform: ImageTransform.fit(image, pane, { padding: 12, devicePixelRatio: dpr }),
          pane,
        };
        for (const scale of ZOOMS) {
          const view = {
            scale,
            x: -image.width * scale * 0.31 + 7.3,
            y: 13.7 - image.height * scale * 0.2,
          };
          yield { transform: new ImageTransform(image, view, dpr).placedIn(pane), pane };
        }
      }
    }
  }
}

const close = (actual: number, expected: number, what: string, tolerance = 1e-9): void =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} ≠ ${expected}`,
  );

function samplePoints(size: Size): Point[] {
  const points: Point[] = [];
  for (const fx of [0, 0.001, 0.25, 0.5, 0.999, 1]) {
    for (const fy of [0, 0.37, 1]) {
      points.push({ x: size.width * fx, y: size.height * fy });
    }
  }
  return points;
}

describe('image transform', () => {
  it('round-trips image → screen → image and screen → image → screen at every size, zoom and DPR', () => {
    let cases = 0;
    for (const { transform, pane } of transforms()) {
      for (const point of samplePoints(transform.image)) {
        const back = transform.toImage(transform.toScreen(point));
        close(back.x, point.x, 'x after image→screen→image');
        close(back.y, point.y, 'y after image→screen→image');
      }
      for (const point of samplePoints(pane)) {
        const back = transform.toScreen(transform.toImage(point));
        close(back.x, point.x, 'x after screen→image→screen');
        close(back.y, point.y, 'y after screen→image→screen');
        const device = transform.fromDevice(transform.toDevice(point));
        close(device.x, point.x, 'x after screen→device→screen');
      }
      cases++;
    }
    assert.ok(cases > 1000, `${cases} transforms`);
  });

  it('draws every image at its own aspect: one scale for both axes', () => {
    for (const { transform } of transforms()) {
      const { width, height } = transform.displayed;
      close(width / height, transform.image.width / transform.image.height, 'displayed aspect');
      const box = transform.rectToScreen({ x: 0, y: 0, ...transform.image });
      close(box.width, width, 'the whole image maps to the displayed size');
    }
  });

  it('fits both dimensions into the pane (never past it), centred, never enlarging a bitmap', () => {
    for (const image of IMAGES) {
      for (const pane of PANES) {
        for (const dpr of RATIOS) {
          const fitted = ImageTransform.fit(image, pane, { padding: 12, devicePixelRatio: dpr });
          const { width, height } = fitted.displayed;
          assert.ok(
            width <= pane.width - 24 + 1e-9 && height <= pane.height - 24 + 1e-9,
            `${image.width}×${image.height} fits ${pane.width}×${pane.height}`,
          );
          assert.ok(fitted.scale <= 1, 'a bitmap is not enlarged');
          // One dimension touches the padding unless the image is shown at 100 %.
          const fills = Math.max(width / (pane.width - 24), height / (pane.height - 24));
          assert.ok(fitted.scale === 1 || Math.abs(fills - 1) < 1e-9, 'fills one dimension');
          // Centred to within one device pixel, and the offset is on a device pixel.
          assert.ok(Math.abs(fitted.view.x - (pane.width - width) / 2) <= 0.5 / dpr + 1e-9);
          assert.ok(Math.abs(fitted.view.y - (pane.height - height) / 2) <= 0.5 / dpr + 1e-9);
          close(Math.round(fitted.view.x * dpr), fitted.view.x * dpr, 'x on a device pixel', 1e-9);
          close(Math.round(fitted.view.y * dpr), fitted.view.y * dpr, 'y on a device pixel', 1e-9);
        }
      }
    }
    const vector = ImageTransform.fit(
      { width: 400, height: 100 },
      { width: 1000, height: 600 },
      { enlarge: true },
    );
    close(vector.scale, 2.5, 'a vector image is enlarged to fit');
  });

  it('keeps the image point under the cursor when zooming, and the pane covered when panning', () => {
    const pane = { width: 800, height: 600 };
    let transform = ImageTransform.fit({ width: 4000, height: 3000 }, pane, { padding: 12 });
    const at = { x: 300.5, y: 211.25 };
    const under = transform.toImage(at);
    transform = transform.zoomedTo(transform.scale * 3.7, at, { min: 0.01, max: 16 });
    const after = transform.toImage(at);
    close(after.x, under.x, 'zoom keeps x under the cursor');
    close(after.y, under.y, 'zoom keeps y under the cursor');
    const panned = transform.panned(1e6, -1e6).placedIn(pane);
    assert.equal(panned.view.x, 0, 'panned far right: the left edge stops at the pane');
    close(
      panned.view.y,
      pane.height - panned.displayed.height,
      'panned far up: the bottom edge stops (on a device pixel)',
      0.5 / 1000,
    );
    assert.equal(transform.zoomedTo(99, at, { min: 0.01, max: 16 }).scale, 16, 'zoom is clamped');
  });

  it('crops exactly the pixels a screen rectangle covers: low edges down, high edges up, clamped', () => {
    const transform = new ImageTransform(
      { width: 1600, height: 900 },
      { scale: 0.5, x: 10, y: 20 },
    );
    // A drag exactly around the 350×200 box at (400, 300) of the original.
    const box = { x: 400, y: 300, width: 350, height: 200 };
    const drawn = transform.rectToScreen(box);
    assert.deepEqual(
      transform.pixelsUnder(
        { x: drawn.x, y: drawn.y },
        { x: drawn.x + drawn.width, y: drawn.y + drawn.height },
      ),
      box,
    );
    // Corners in any order; a corner inside a pixel takes the whole pixel.
    assert.deepEqual(
      transform.pixelsUnder(
        { x: drawn.x + drawn.width + 0.2, y: drawn.y + 0.2 },
        { x: drawn.x + 0.3, y: drawn.y + drawn.height + 0.1 },
      ),
      { x: 400, y: 300, width: 351, height: 201 },
    );
    // Beyond the picture: clamped to it; wholly outside or empty: nothing.
    assert.deepEqual(transform.pixelsUnder({ x: -500, y: -500 }, { x: 1e5, y: 1e5 }), {
      x: 0,
      y: 0,
      width: 1600,
      height: 900,
    });
    assert.equal(transform.pixelsUnder({ x: 0, y: 0 }, { x: 9, y: 400 }), undefined);
    assert.equal(transform.pixelsUnder({ x: 100, y: 100 }, { x: 100, y: 300 }), undefined);
  });

  it('maps any screen rectangle to a crop that covers it and stays inside the image (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9000 }),
        fc.integer({ min: 1, max: 9000 }),
        fc.double({ min: 0.01, max: 16, noNaN: true }),
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        fc.double({ min: -5000, max: 5000, noNaN: true }),
        fc.array(fc.double({ min: -3000, max: 3000, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.constantFrom(...RATIOS),
        (width, height, scale, x, y, [ax, ay, bx, by], dpr) => {
          const transform = new ImageTransform({ width, height }, { scale, x, y }, dpr);
          const crop = transform.pixelsUnder({ x: ax, y: ay }, { x: bx, y: by });
          if (!crop) {
            return;
          }
          assert.ok(Number.isInteger(crop.x) && Number.isInteger(crop.width));
          assert.ok(crop.x >= 0 && crop.y >= 0 && crop.width > 0 && crop.height > 0);
          assert.ok(crop.x + crop.width <= width && crop.y + crop.height <= height);
          // It covers the part of the rectangle that is on the image, and by less than a pixel
          // more.
          const p = transform.toImage({ x: Math.min(ax, bx), y: Math.min(ay, by) });
          const q = transform.toImage({ x: Math.max(ax, bx), y: Math.max(ay, by) });
          assert.ok(crop.x <= Math.max(0, p.x) + 1e-6 && crop.x > Math.max(0, p.x) - 1);
          assert.ok(crop.x + crop.width >= Math.min(width, q.x) - 1e-6);
          assert.ok(crop.x + crop.width < Math.min(width, q.x) + 1);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a rectangle drawn around any whole-pixel box at any zoom crops that box (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...IMAGES.filter((image) => image.width > 50)),
        fc.constantFrom(...PANES),
        fc.constantFrom(...ZOOMS),
        fc.constantFrom(...RATIOS),
        fc.double({ min: 0, max: 0.8, noNaN: true }),
        fc.double({ min: 0, max: 0.8, noNaN: true }),
        fc.double({ min: 0.01, max: 0.2, noNaN: true }),
        (image, pane, zoom, dpr, fx, fy, fsize) => {
          const transform = new ImageTransform(
            image,
            { scale: zoom, x: 33.3, y: -71.9 },
            dpr,
          ).placedIn(pane);
          const box = {
            x: Math.floor(image.width * fx),
            y: Math.floor(image.height * fy),
            width: Math.max(1, Math.floor(image.width * fsize)),
            height: Math.max(1, Math.floor(image.height * fsize)),
          };
          const drawn = transform.rectToScreen(box);
          const crop = transform.pixelsUnder(drawn, {
            x: drawn.x + drawn.width,
            y: drawn.y + drawn.height,
          });
          assert.deepEqual(crop, box);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('scales a box onto another size of the same picture, covering what it covered', () => {
    assert.deepEqual(
      scaleBox(
        { x: 10, y: 10, width: 20, height: 5 },
        { width: 400, height: 100 },
        { width: 400, height: 100 },
      ),
      { x: 10, y: 10, width: 20, height: 5 },
    );
    assert.deepEqual(
      scaleBox(
        { x: 10, y: 10, width: 20, height: 5 },
        { width: 400, height: 100 },
        { width: 300, height: 75 },
      ),
      { x: 7, y: 7, width: 16, height: 5 },
    );
    assert.deepEqual(pixelsBetween({ x: 2.5, y: 1 }, { x: 3.5, y: 2 }, { width: 10, height: 10 }), {
      x: 2,
      y: 1,
      width: 2,
      height: 1,
    });
  });

  it('measures overlap as intersection over union', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    assert.equal(intersectionOverUnion(a, a), 1);
    assert.equal(intersectionOverUnion(a, { x: 10, y: 0, width: 10, height: 10 }), 0);
    close(
      intersectionOverUnion(a, { x: 5, y: 0, width: 10, height: 10 }),
      50 / 150,
      'half overlap',
    );
  });
});

describe('keyboard region selection', () => {
  it('starts with a third of what is in view, centred in it, inside the image', () => {
    for (const { transform, pane } of transforms()) {
      const region = startingRegion(transform, pane);
      assert.ok(region.x >= 0 && region.y >= 0 && region.width >= 1 && region.height >= 1);
      assert.ok(region.x + region.width <= transform.image.width);
      assert.ok(region.y + region.height <= transform.image.height);
      assert.ok(Number.isInteger(region.x) && Number.isInteger(region.width));
    }
    const fitted = ImageTransform.fit({ width: 1600, height: 900 }, { width: 800, height: 600 });
    assert.deepEqual(startingRegion(fitted, { width: 800, height: 600 }), {
      x: 534,
      y: 300,
      width: 533,
      height: 300,
    });
  });

  it('moves and resizes by ten screen pixels at any zoom, never past the image or below a pixel', () => {
    for (const scale of ZOOMS) {
      const transform = new ImageTransform({ width: 4000, height: 3000 }, { scale, x: 0, y: 0 });
      const region = { x: 1000, y: 1000, width: 500, height: 400 };
      const step = Math.max(1, Math.round(10 / scale));
      const coarse = { resize: false, fine: false };
      assert.deepEqual(stepRegion(region, 'ArrowRight', coarse, transform), {
        ...region,
        x: Math.min(1000 + step, 3500),
      });
      assert.deepEqual(stepRegion(region, 'ArrowUp', coarse, transform), {
        ...region,
        y: Math.max(1000 - step, 0),
      });
      const wider = stepRegion(region, 'ArrowRight', { resize: true, fine: false }, transform);
      assert.equal(wider.width, Math.min(500 + step, 3000));
      const fine = stepRegion(region, 'ArrowLeft', { resize: false, fine: true }, transform);
      assert.equal(fine.x, 1000 - Math.max(1, Math.round(1 / scale)));
    }
    const transform = new ImageTransform({ width: 100, height: 100 }, { scale: 1, x: 0, y: 0 });
    const corner = { x: 95, y: 0, width: 5, height: 5 };
    assert.deepEqual(
      stepRegion(corner, 'ArrowRight', { resize: false, fine: false }, transform),
      corner,
    );
    assert.deepEqual(stepRegion(corner, 'ArrowUp', { resize: true, fine: false }, transform), {
      ...corner,
      height: 1,
    });
  });
});
