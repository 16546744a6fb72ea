// Every format the extension reads, decoded and prepared by the webview's own code in a real
// Chromium, from files generated here (test/e2e/imageFixtures.ts); and the tiles that keep small
// text readable, compared pixel for pixel with the source.
//
// Run: npx tsc -p . && npx mocha --no-config --timeout 60000 out/test/e2e/imageFormats.test.js

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { ImagePolicy, PreparedImage } from '../../src/core/protocol';
import { sniffImageMime } from '../../src/core/imageFacts';
import { encode, graphicPixels, paintSquare, photoPixels, SMALL_TEXT_SVG } from './imageFixtures';
import { openPage, pageHarness, ROOT, type ServedImage } from './webviewPage';

const OUTPUT = path.join(ROOT, 'test-output/e2e');

interface Outcome {
  readonly image?: PreparedImage;
  readonly bytes?: number;
  readonly error?: string;
}

/** Width and height from a PNG's IHDR or a JPEG's SOF: what the file really holds. */
function encodedSize(dataUrl: string): { mime: string; width: number; height: number } {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.subarray(1, 4).toString('ascii') === 'PNG') {
    return { mime: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  assert.equal(bytes.readUInt16BE(0), 0xffd8, 'a JPEG');
  for (let offset = 2; offset < bytes.length;) {
    const marker = bytes.readUInt16BE(offset);
    if (marker >= 0xffc0 && marker <= 0xffc3) {
      return {
        mime: 'image/jpeg',
        height: bytes.readUInt16BE(offset + 5),
        width: bytes.readUInt16BE(offset + 7),
      };
    }
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  throw new Error('no SOF marker');
}

describe('image formats and tiles in Chromium', function () {
  this.timeout(60_000);
  const files: Record<string, ServedImage> = {};
  const harness = pageHarness(files, { output: OUTPUT });
  let origin = '';
  let page: Page;

  const prepare = (
    name: string,
    policy: Partial<ImagePolicy> = {},
    fromImage = false,
    withOriginal = false,
  ): Promise<Outcome> =>
    page.evaluate(
      ([src, type, p, viaImage, original]) =>
        (globalThis as any).imageFormats.prepare(src, type, p, viaImage, original),
      [`${origin}/images/${name}`, files[name].type, policy, fromImage, withOriginal] as const,
    );
  const pixels = (
    src: string,
    x: number,
    y: number,
    width: number,
    height: number,
  ): Promise<number[]> =>
    page.evaluate(([s, a, b, c, d]) => (globalThis as any).imageFormats.pixels(s, a, b, c, d), [
      src,
      x,
      y,
      width,
      height,
    ] as const);

  before(async () => {
    const photo = (width: number, height: number) => photoPixels(width, height);
    // A red marker at the top left of the stored pixels: after EXIF orientation 6 it is at the top
    // right.
    const sideways = paintSquare(photoPixels(1600, 1200), 1600, 0, 0, 120, [255, 0, 0]);
    const add = (name: string, type: string, body: Buffer): void =>
      void (files[name] = { body, type });
    add('diagram.png', 'image/png', await encode.png(graphicPixels(3000, 2000), 3000, 2000));
    add('photo-rotated.jpg', 'image/jpeg', await encode.jpegRotated(sideways, 1600, 1200));
    add('animated.gif', 'image/gif', await encode.animatedGif(200, 100));
    add('graphic.webp', 'image/webp', await encode.webp(graphicPixels(800, 600), 800, 600));
    add('photo.avif', 'image/avif', await encode.avif(photo(1000, 800), 1000, 800));
    add('graphic.bmp', 'image/bmp', encode.bmp(graphicPixels(300, 200), 300, 200));
    add('icon.ico', 'image/x-icon', await encode.ico(graphicPixels(64, 64), 64, 64));
    add('small-text.svg', 'image/svg+xml', SMALL_TEXT_SVG);
    add('big-photo.jpg', 'image/jpeg', await encode.jpeg(photo(4000, 3000), 4000, 3000));
    add('noisy.png', 'image/png', await encode.png(photo(2000, 1500), 2000, 1500));
    // 25 MP stored sideways: red at the stored top left (shown top right), blue at the stored
    // bottom left (shown top left). Over 24 MP the overview is shrunk from the file itself.
    const hugeSideways = paintSquare(
      paintSquare(photoPixels(6000, 4200), 6000, 0, 0, 400, [255, 0, 0]),
      6000,
      0,
      3800,
      400,
      [0, 0, 255],
    );
    add('huge-rotated.jpg', 'image/jpeg', await encode.jpegRotated(hugeSideways, 6000, 4200));

    origin = harness.server.origin;
    // The harness in the webviews' page (their CSP), bundled as they are.
    page = (await openPage(harness.browser, harness.server, 'imageFormats')).page;
  });

  it('the generated files are what their names say (sniffed from their bytes)', () => {
    for (const [name, file] of Object.entries(files)) {
      assert.equal(sniffImageMime(file.body), file.type, name);
    }
  });

  const cases: [string, PreparedImage['mime'], number, number][] = [
    ['diagram.png', 'image/png', 2048, 1365],
    ['photo-rotated.jpg', 'image/jpeg', 1200, 1600],
    ['animated.gif', 'image/png', 200, 100],
    ['graphic.webp', 'image/png', 800, 600],
    ['photo.avif', 'image/jpeg', 1000, 800],
    ['graphic.bmp', 'image/png', 300, 200],
    ['icon.ico', 'image/png', 64, 64],
    ['small-text.svg', 'image/png', 2048, 1024],
  ];
  for (const [name, mime, width, height] of cases) {
    it(`decodes and prepares ${name} as a ${width}×${height} ${mime === 'image/png' ? 'PNG' : 'JPEG'}`, async () => {
      const outcome = await prepare(name, { detail: 'high' });
      assert.equal(outcome.error, undefined);
      const image = outcome.image!;
      assert.deepEqual(
        { mime: image.mime, width: image.width, height: image.height },
        { mime, width, height },
      );
      assert.deepEqual(
        encodedSize(image.dataUrl),
        { mime, width, height },
        'the encoded file says the same',
      );
      assert.equal(image.detail, 'high');
      fs.writeFileSync(
        path.join(OUTPUT, `format-${name}.${mime === 'image/png' ? 'png' : 'jpg'}`),
        Buffer.from(image.dataUrl.split(',')[1], 'base64'),
      );
    });
  }

  it('honours EXIF orientation: the marker stored at the top left is shown at the top right', async () => {
    const { image } = await prepare('photo-rotated.jpg');
    const topRight = await pixels(image!.dataUrl, image!.width - 40, 20, 1, 1);
    const topLeft = await pixels(image!.dataUrl, 20, 20, 1, 1);
    assert.ok(
      topRight[0] > 200 && topRight[1] < 60 && topRight[2] < 60,
      `top right is red: ${topRight.join(',')}`,
    );
    assert.ok(!(topLeft[0] > 200 && topLeft[1] < 60), `top left is not: ${topLeft.join(',')}`);
  });

  it('shrinks a 25 MP photo stored sideways from its file upright, at its own aspect', async () => {
    const { image, error } = await prepare('huge-rotated.jpg', { detail: 'high' }, false, true);
    assert.equal(error, undefined);
    const shown = { mime: 'image/jpeg', width: Math.round((4200 * 2048) / 6000), height: 2048 };
    assert.deepEqual({ mime: image!.mime, width: image!.width, height: image!.height }, shown);
    assert.deepEqual(encodedSize(image!.dataUrl), shown, 'the encoded file says the same');
    const at = (x: number, y: number) => pixels(image!.dataUrl, x, y, 1, 1);
    const [topRight, topLeft, bottomLeft] = [
      await at(image!.width - 60, 60),
      await at(60, 60),
      await at(60, image!.height - 60),
    ];
    assert.ok(topRight[0] > 200 && topRight[2] < 60, `top right is red: ${topRight.join(',')}`);
    assert.ok(topLeft[2] > 200 && topLeft[0] < 60, `top left is blue: ${topLeft.join(',')}`);
    assert.ok(
      !(bottomLeft[0] > 200 && bottomLeft[2] < 60) && !(bottomLeft[2] > 200 && bottomLeft[0] < 60),
      `bottom left is neither: ${bottomLeft.join(',')}`,
    );
  });

  it('sends the same bytes whether the pixels come from the file (panel) or the <img> (chat view)', async () => {
    const checks: [string, Partial<ImagePolicy>][] = [
      ['photo-rotated.jpg', { detail: 'tiles' }],
      ['animated.gif', {}],
      ['graphic.webp', {}],
      ['photo.avif', {}],
      ['diagram.png', { detail: 'tiles', maxBytes: 300_000 }],
    ];
    for (const [name, policy] of checks) {
      const [fromFile, fromImage] = [
        await prepare(name, policy),
        await prepare(name, policy, true),
      ];
      assert.equal(fromFile.error, undefined, name);
      assert.deepEqual(fromFile, fromImage, `${name} ${JSON.stringify(policy)}`);
    }
  });

  it("sends a GIF's first frame", async () => {
    const { image } = await prepare('animated.gif');
    const [r, g, b] = await pixels(image!.dataUrl, 100, 50, 1, 1);
    assert.ok(r > 200 && g < 60 && b < 60, `the first (red) frame: ${[r, g, b].join(',')}`);
  });

  it('rasterises a small SVG large enough for its 8 px labels to become 40 px', async () => {
    const { image } = await prepare('small-text.svg');
    // The label's row, scaled 5.12×: dark text pixels exist where the 8 px text was drawn.
    const row = await pixels(image!.dataUrl, 100, 200, 600, 40);
    const dark = row.filter((value, index) => index % 4 === 0 && value < 100).length;
    assert.ok(dark > 500, `text strokes drawn at full size (${dark} dark pixels)`);
  });

  it('keeps within the byte limit: re-encodes as JPEG, then shrinks', async () => {
    const limit = 150 * 1024;
    const roomy = await prepare('noisy.png', { detail: 'high' });
    assert.ok(roomy.bytes! > limit, `without a tight limit it is ${roomy.bytes} bytes`);
    const { image, bytes, error } = await prepare('noisy.png', { detail: 'high', maxBytes: limit });
    assert.equal(error, undefined);
    assert.ok(bytes! <= limit, `${bytes} ≤ ${limit}`);
    assert.equal(image!.mime, 'image/jpeg');
    const tight = await prepare('noisy.png', { detail: 'high', maxBytes: 2 * 1024 });
    assert.match(
      tight.error ?? '',
      /needs .* even at its smallest; the endpoint accepts 2\.0 KB \(setting multimodalReasoning\.maxImageMegabytes\)/,
    );
  });

  it('"auto" sends a 12 MP photo as one JPEG: tiles are for small text, which photos do not have', async () => {
    const { image, error } = await prepare('big-photo.jpg', { detail: 'auto' });
    assert.equal(error, undefined);
    assert.deepEqual(
      [image!.mime, image!.width, image!.height, image!.tiles],
      ['image/jpeg', 2048, 1536, undefined],
    );
  });

  it('refuses an image over the pixel cap before decoding it, saying what to do', async () => {
    const { error } = await prepare('diagram.png', { maxPixels: 5_000_000 });
    assert.equal(
      error,
      'diagram.png is 3000×2000 (6 megapixels); images larger than 5 megapixels are not analyzed. Crop or scale it down first.',
    );
  });

  it('"tiles" keeps 9 px text at full resolution: the crop equals the source region pixel for pixel', async () => {
    const drawn = await page.evaluate(() =>
      (globalThis as any).imageFormats.drawDiagram(4000, 3000),
    );
    files['big-diagram.png'] = { body: Buffer.from(drawn.png, 'base64'), type: 'image/png' };
    const source = `${origin}/images/big-diagram.png`;
    const { image, error } = await prepare('big-diagram.png', { detail: 'auto' });
    assert.equal(error, undefined);
    assert.deepEqual([image!.width, image!.height], [2048, 1536]);
    const tiles = image!.tiles ?? [];
    assert.equal(tiles.length, 6 * 4, '"auto" chose tiles for a 4000×3000 diagram');
    const { label } = drawn;
    const tile = tiles.find(
      (t) =>
        label.x >= t.x &&
        label.y >= t.y &&
        label.x + label.width <= t.x + t.regionWidth &&
        label.y + label.height <= t.y + t.regionHeight,
    )!;
    assert.ok(tile, 'one tile holds the whole label');
    assert.deepEqual(
      [tile.width, tile.height],
      [tile.regionWidth, tile.regionHeight],
      'full resolution',
    );
    const fromSource = await pixels(source, label.x, label.y, label.width, label.height);
    const fromTile = await pixels(
      tile.dataUrl,
      label.x - tile.x,
      label.y - tile.y,
      label.width,
      label.height,
    );
    const worst = fromSource.reduce(
      (max, value, index) => Math.max(max, Math.abs(value - fromTile[index])),
      0,
    );
    assert.ok(worst <= 2, `the tile's pixels equal the source's (largest difference ${worst})`);
    // The overview alone loses the text: its pixels there differ a lot from the source, scaled.
    const scale = image!.width / 4000;
    const fromOverview = await pixels(
      image!.dataUrl,
      Math.round(label.x * scale),
      Math.round(label.y * scale),
      Math.round(label.width * scale),
      Math.round(label.height * scale),
    );
    const darkInSource = fromSource.filter((value, index) => index % 4 === 0 && value < 80).length;
    const darkInOverview = fromOverview.filter(
      (value, index) => index % 4 === 0 && value < 80,
    ).length;
    assert.ok(
      darkInSource > 4 * darkInOverview,
      `strokes survive in the tile (${darkInSource} dark pixels) but not in the overview (${darkInOverview})`,
    );
    fs.writeFileSync(
      path.join(OUTPUT, 'tiles-label-tile.png'),
      Buffer.from(tile.dataUrl.split(',')[1], 'base64'),
    );
  });
});
