import * as assert from 'node:assert/strict';
import { classifyContent, contentStats } from '../../src/webview/image/imageContent';

/** RGBA pixels from a function of (x, y) → [r, g, b]. */
function pixels(
  width: number,
  height: number,
  colour: (x: number, y: number) => [number, number, number],
): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return data;
}

function noise(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe('PNG or JPEG from the pixels', () => {
  it('a diagram (flat fills, thin lines, boxes) is a graphic', () => {
    const diagram = pixels(400, 300, (x, y) =>
      x % 50 < 2 || y % 40 < 2
        ? [60, 60, 60]
        : x > 100 && x < 200 && y > 80 && y < 160
          ? [43, 87, 151]
          : [244, 244, 244],
    );
    assert.equal(classifyContent(diagram, 400, 300), 'graphic');
  });

  it('a screenshot dense with anti-aliased text is a graphic', () => {
    const random = noise(7);
    // Rows of "glyphs": short runs of varying grey on a dark background, half the rows text.
    const shot = pixels(600, 400, (x, y) =>
      y % 12 < 8 && x % 9 < 5 && (x * 7 + y) % 13 > 3
        ? [Math.round(120 + random() * 130), 200, 220]
        : [30, 30, 30],
    );
    assert.ok(contentStats(shot, 600, 400).flatShare > 0.45);
    assert.equal(classifyContent(shot, 600, 400), 'graphic');
  });

  it('a photo (gradients with sensor noise everywhere) is a photo', () => {
    const random = noise(3);
    const photo = pixels(400, 300, (x, y) => {
      const grain = (random() - 0.5) * 24;
      return [120 + x / 5 + grain, 90 + y / 4 + grain, 60 + (x + y) / 10 + grain];
    });
    assert.ok(contentStats(photo, 400, 300).flatShare < 0.45);
    assert.equal(classifyContent(photo, 400, 300), 'photo');
  });

  it('a smooth gradient without noise stays a graphic (PNG keeps it exact)', () => {
    assert.equal(
      classifyContent(
        pixels(256, 64, (x) => [x, x, x]),
        256,
        64,
      ),
      'graphic',
    );
  });
});
