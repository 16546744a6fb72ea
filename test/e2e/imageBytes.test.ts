// What the panel sends for images that need no change, in a real Chromium (webviewPage.ts serves
// the production bundle): the file's own bytes without its metadata, never a larger re-encoded
// copy, and still a copy flattened onto white for a transparent image. Checked on the bytes
// posted to the host and on their decoded pixels.
//
// Run: npx tsc -p . && npx mocha out/test/e2e/imageBytes.test.js --timeout 60000

import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import sharp from 'sharp';
import {
  checkedPages,
  deliver,
  imageInit,
  pageHarness,
  waitForPost,
  type ServedImage,
} from './webviewPage';

const MAX_SIDE = 1568;

/** A PNG chunk of `type` holding `text`, with its CRC. */
function textChunk(text: string): Buffer {
  const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), Buffer.from(text, 'latin1')]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A diagram: boxes, lines and labels on white, few colours (as drawing tools export them). */
function diagramSvg(width: number, height: number): Buffer {
  const boxes = Array.from(
    { length: 6 },
    (_, index) =>
      `<rect x="${40 + (index % 3) * 380}" y="${60 + Math.floor(index / 3) * 300}" width="300" height="160" fill="#dbe8ff" stroke="#1f4fa8" stroke-width="3"/>` +
      `<text x="${60 + (index % 3) * 380}" y="${150 + Math.floor(index / 3) * 300}" font-size="28" font-family="sans-serif">Service ${index + 1}</text>`,
  ).join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${boxes}<path d="M340 140 H420 M720 140 H800 M190 220 V360" stroke="#333" stroke-width="3"/></svg>`,
  );
}

/** Bands of flat colour (the first five of BAND_COLOURS, 600 px each) with boxes and labels. */
const BAND_COLOURS = ['#ffffff', '#fff4d6', '#dbe8ff', '#e6f5e0', '#f4e1f0'];
function tallDiagramSvg(): Buffer {
  const bands = BAND_COLOURS.map(
    (colour, index) =>
      `<rect x="0" y="${index * 600}" width="600" height="600" fill="${colour}"/>` +
      `<rect x="60" y="${index * 600 + 380}" width="480" height="140" rx="10" fill="#fff" stroke="#a66b00" stroke-width="3"/>` +
      `<text x="90" y="${index * 600 + 460}" font-size="30" font-family="sans-serif" fill="#222">Step ${index + 1}: check the input</text>`,
  ).join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="3000">${bands}</svg>`,
  );
}

/** Whether a PNG's colour type (IHDR byte 9, file byte 25) is 3: a palette. */
const isPalette = (png: Buffer): boolean => png[25] === 3;

const decoded = (bytes: Uint8Array): Promise<Buffer> => sharp(bytes).removeAlpha().raw().toBuffer();
const bytesOf = (dataUrl: string): Buffer => Buffer.from(dataUrl.split(',')[1], 'base64');

describe('image bytes the panel sends', function () {
  this.timeout(60_000);

  const images: Record<string, ServedImage> = {};
  const harness = pageHarness(images);
  const open = checkedPages(harness);

  before(async () => {
    const diagram = await sharp(diagramSvg(1200, 560)).png({ palette: true }).toBuffer();
    // Written by a drawing tool that notes who made it: that note is not the model's business.
    images['diagram.png'] = {
      body: Buffer.concat([
        diagram.subarray(0, 33),
        textChunk('Author\0Jane Doe'),
        diagram.subarray(33),
      ]),
      type: 'image/png',
    };
    images['photo.jpg'] = {
      body: await sharp({
        create: {
          width: 1200,
          height: 900,
          channels: 3,
          background: '#777',
          noise: { type: 'gaussian', mean: 120, sigma: 40 },
        },
      })
        .jpeg({ quality: 85 })
        .withExif({ IFD0: { Copyright: 'GPS 48.8584 N 2.2945 E' } })
        .toBuffer(),
      type: 'image/jpeg',
    };
    // A diagram saved as JPEG: the panel would choose PNG for it, which is larger here.
    images['diagram.jpg'] = {
      body: await sharp(diagramSvg(1200, 560))
        .flatten({ background: '#fff' })
        .jpeg({ quality: 60 })
        .toBuffer(),
      type: 'image/jpeg',
    };
    // Transparent where nothing is drawn: models composite that unpredictably.
    images['transparent.png'] = {
      body: await sharp({
        create: {
          width: 300,
          height: 200,
          channels: 4,
          background: { r: 0, g: 0, b: 0, alpha: 0 },
        },
      })
        .composite([{ input: diagramSvg(300, 200), top: 0, left: 0 }])
        .png()
        .toBuffer(),
      type: 'image/png',
    };
    // Taller than the model's size (so resized), saved as a palette PNG.
    images['tall.png'] = {
      body: await sharp(tallDiagramSvg()).png({ palette: true }).toBuffer(),
      type: 'image/png',
    };
    // Transparent around crisp flat boxes: re-encoded (flattened), four colours in all.
    images['boxes.png'] = {
      body: await sharp(
        Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" shape-rendering="crispEdges"><rect x="20" y="20" width="160" height="100" fill="#1f4fa8"/><rect x="220" y="160" width="160" height="120" fill="#c0392b"/><rect x="20" y="160" width="160" height="120" fill="#27ae60"/></svg>',
        ),
      )
        .png()
        .toBuffer(),
      type: 'image/png',
    };
  });

  async function prepared(name: string) {
    const page = await open('panel');
    await deliver(page, imageInit(harness.server, images, name, { maxImageSide: MAX_SIDE }));
    return (await waitForPost(page, 'image/prepared')).image;
  }

  it('sends a small diagram as its own bytes, without what its tool wrote about it', async () => {
    const original = images['diagram.png'].body;
    const image = await prepared('diagram.png');
    const sent = bytesOf(image.dataUrl);
    assert.equal(image.mime, 'image/png');
    assert.deepEqual({ width: image.width, height: image.height }, { width: 1200, height: 560 });
    // The note and the print resolution (pHYs) are left out; the pixels' chunks stay as they were.
    assert.equal(sent.length, original.length - (12 + 'Author\0Jane Doe'.length) - (12 + 9));
    assert.ok(
      original.includes(sent.subarray(sent.indexOf('IDAT') - 4)),
      'the image data as it was',
    );
    assert.equal(sent.includes(Buffer.from('Jane Doe')), false);
    assert.deepEqual(await decoded(sent), await decoded(original), 'the same pixels');
  });

  it('sends an upright photo within the size as its own bytes, without its EXIF position', async () => {
    const original = images['photo.jpg'].body;
    const image = await prepared('photo.jpg');
    const sent = bytesOf(image.dataUrl);
    assert.equal(image.mime, 'image/jpeg');
    assert.ok(sent.length < original.length, `${sent.length} < ${original.length} bytes`);
    assert.equal(sent.includes(Buffer.from('GPS 48.8584')), false);
    assert.deepEqual(await decoded(sent), await decoded(original), 'the same pixels');
  });

  it('never sends a re-encoded copy larger than the file: a diagram saved as JPEG goes as it is', async () => {
    const original = images['diagram.jpg'].body;
    const image = await prepared('diagram.jpg');
    const sent = bytesOf(image.dataUrl);
    assert.ok(sent.length <= original.length, `${sent.length} ≤ ${original.length} bytes`);
    assert.equal(image.mime, 'image/jpeg');
  });

  it('sends a resized palette diagram as a palette PNG, smaller than the file, drawn where it was', async () => {
    const original = images['tall.png'].body;
    const image = await prepared('tall.png');
    const sent = bytesOf(image.dataUrl);
    assert.equal(image.mime, 'image/png');
    assert.deepEqual([image.width, image.height], [314, MAX_SIDE]);
    assert.ok(isPalette(sent), 'a palette PNG');
    assert.ok(sent.length <= original.length, `${sent.length} ≤ ${original.length} bytes`);
    const pixels = await decoded(sent);
    // Each band's flat colour, exactly, in the middle of its upper part (no edge near).
    BAND_COLOURS.forEach((colour, index) => {
      const y = Math.round(((index * 600 + 150) * MAX_SIDE) / 3000);
      const at = (y * 314 + 157) * 3;
      const expected = [1, 3, 5].map((offset) => parseInt(colour.slice(offset, offset + 2), 16));
      assert.deepEqual([...pixels.subarray(at, at + 3)], expected, `band ${index + 1}`);
    });
    // And the whole copy close to the original shrunk by another resizer (edges, labels).
    const reference = await sharp(original).resize(314, MAX_SIDE).removeAlpha().raw().toBuffer();
    let difference = 0;
    for (let i = 0; i < pixels.length; i++) difference += Math.abs(pixels[i] - reference[i]);
    const mean = difference / pixels.length;
    assert.ok(mean < 4, `mean difference ${mean.toFixed(2)} of 255`);
  });

  it('writes a re-encoded copy of few colours as a palette PNG with exactly its pixels', async () => {
    const image = await prepared('boxes.png');
    const sent = bytesOf(image.dataUrl);
    assert.ok(isPalette(sent), 'a palette PNG');
    const expected = await sharp(images['boxes.png'].body)
      .flatten({ background: '#fff' })
      .raw()
      .toBuffer();
    assert.ok((await decoded(sent)).equals(expected), 'the flattened pixels, exactly');
  });

  it('still flattens a transparent image onto white', async () => {
    const image = await prepared('transparent.png');
    const sent = bytesOf(image.dataUrl);
    const { data, info } = await sharp(sent).raw().toBuffer({ resolveWithObject: true });
    // The top-left corner was transparent: white in the copy, not black.
    assert.deepEqual([...data.subarray(0, 3)], [255, 255, 255]);
    assert.ok(info.channels === 3 || data[3] === 255, 'no transparency left');
  });
});
