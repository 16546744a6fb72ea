// Palette PNGs for copies of few colours: synthetic pixels of known content, encoded, then
// decoded by sharp (libspng) and compared pixel for pixel.
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { isPalettePng, PNG_COLOUR_TYPE_END } from '../../src/core/originalImage';
import { encodeIndexedPng, toIndexed, toNearestIndexed } from '../../src/webview/image/indexedPng';

type Rgb = readonly [number, number, number];

/** Opaque RGBA pixels from a function of (x, y). */
function pixels(width: number, height: number, colour: (x: number, y: number) => Rgb): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set([...colour(x, y), 255], (y * width + x) * 4);
    }
  }
  return data;
}

async function decoded(png: Uint8Array): Promise<Buffer> {
  return sharp(png).ensureAlpha().raw().toBuffer();
}

describe('palette PNGs of few colours', () => {
  it('writes an image of at most 256 colours as a palette PNG with the same pixels', async () => {
    const [width, height] = [320, 200];
    // 256 colours exactly (white included as one of them), in stripes and blocks.
    const data = pixels(width, height, (x, y) => {
      const index = Math.floor(x / 10) + 32 * Math.floor(y / 25);
      return [index, 255 - index, (index * 7) % 256];
    });
    const indexed = toIndexed(data);
    assert.ok(indexed);
    assert.equal(indexed.palette.length, 256);
    const png = await encodeIndexedPng(width, height, indexed);
    assert.ok(isPalettePng(png.subarray(0, PNG_COLOUR_TYPE_END)), 'colour type 3');
    assert.deepEqual(await decoded(png), Buffer.from(data));
    const rgba = await sharp(Buffer.from(data), { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
    assert.ok(png.length < rgba.length, `${png.length} B, RGBA ${rgba.length} B`);
  });

  it('keeps white as a colour of its own (the first pixel white, then others)', async () => {
    const data = pixels(4, 2, (x) => (x === 0 ? [255, 255, 255] : [x * 60, 0, 0]));
    const indexed = toIndexed(data)!;
    assert.deepEqual(await decoded(await encodeIndexedPng(4, 2, indexed)), Buffer.from(data));
  });

  it('refuses a 257th colour', () => {
    const data = pixels(257, 1, (x) => [x % 256, x >= 256 ? 1 : 0, 0]);
    assert.equal(toIndexed(data), undefined);
    assert.ok(toIndexed(data.subarray(0, 256 * 4)));
  });

  it('maps a resized copy onto its most frequent colours: flat areas exact, edges to a neighbour', async () => {
    // Four flat colours with 1,000 blended edge colours between them, as a resize makes.
    const flat: Rgb[] = [
      [255, 255, 255],
      [36, 88, 179],
      [255, 244, 214],
      [34, 34, 34],
    ];
    const [width, height] = [400, 300];
    const data = pixels(width, height, (x, y) => {
      if (x % 40 === 39) return [(x + y) % 256, (y * 3) % 256, 100];
      return flat[(Math.floor(x / 100) + Math.floor(y / 150)) % 4];
    });
    assert.equal(toIndexed(data), undefined, 'more than 256 colours');
    const png = await encodeIndexedPng(width, height, toNearestIndexed(data));
    const back = await decoded(png);
    let moved = 0;
    for (let i = 0; i < data.length; i += 4) {
      const x = (i / 4) % width;
      if (x % 40 !== 39) {
        assert.deepEqual(
          [...back.subarray(i, i + 4)],
          [...data.subarray(i, i + 4)],
          `pixel ${i / 4}`,
        );
      } else if (back.compare(Buffer.from(data.subarray(i, i + 4)), 0, 4, i, i + 4) !== 0) {
        moved++;
      }
    }
    assert.ok(moved > 0, 'some blends were mapped');
  });

  it('reads the colour type from a PNG start only', () => {
    assert.equal(isPalettePng(new Uint8Array(PNG_COLOUR_TYPE_END - 1)), false);
    assert.equal(isPalettePng(new Uint8Array(100)), false);
  });
});
