import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { sniffImageMime } from '../../src/core/imageFacts';
import { headerProblem, MAX_IMAGE_PIXELS, pixelSize } from '../../src/core/imageHeader';
import {
  decompressionBombPng,
  diagramPng,
  TEXT_AS_PNG,
  truncatedPng,
} from '../support/imageFixtures';

describe('image headers (checked before anything decodes the image)', () => {
  it('B05 · a 30000×30000 PNG that is small on disk → refused from its header as a decompression bomb', () => {
    const bomb = decompressionBombPng();
    assert.ok(bomb.length < 1024 * 1024, `small on disk (${bomb.length} bytes)`);
    assert.equal(sniffImageMime(bomb), 'image/png');
    assert.deepEqual(headerProblem(bomb, 'image/png'), {
      kind: 'tooManyPixels',
      size: { width: 30_000, height: 30_000 },
    });
  });

  it('B02 · a truncated PNG → refused as damaged (no end marker)', () => {
    assert.deepEqual(headerProblem(truncatedPng(), 'image/png'), {
      kind: 'truncated',
      format: 'PNG',
    });
  });

  it('B03 · a text file renamed .png → not recognised as any image type (never sent with a wrong MIME type)', () => {
    assert.equal(sniffImageMime(TEXT_AS_PNG), undefined);
  });

  it('accepts a whole PNG within the pixel limit', () => {
    assert.equal(headerProblem(diagramPng(320, 200), 'image/png'), undefined);
    assert.deepEqual(pixelSize(diagramPng(320, 200), 'image/png'), { width: 320, height: 200 });
  });

  it('reads the declared size of JPEG, GIF, BMP and WebP headers', () => {
    // JPEG: SOI, an APP0 segment, then SOF0 with height 30000 and width 20000.
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x75, 0x30,
      0x4e, 0x20, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    assert.deepEqual(pixelSize(jpeg, 'image/jpeg'), { width: 20_000, height: 30_000 });
    assert.equal(headerProblem(jpeg, 'image/jpeg')?.kind, 'tooManyPixels');

    const gif = Buffer.from('GIF89a\x10\x27\x10\x27\x00\x00\x00', 'latin1');
    assert.deepEqual(pixelSize(gif, 'image/gif'), { width: 10_000, height: 10_000 });
    assert.equal(headerProblem(gif, 'image/gif')?.kind, 'tooManyPixels');

    const bmp = Buffer.alloc(54);
    bmp.write('BM', 0, 'ascii');
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(640, 18);
    bmp.writeInt32LE(-480, 22); // top-down rows
    assert.deepEqual(pixelSize(bmp, 'image/bmp'), { width: 640, height: 480 });

    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'ascii');
    webp.write('WEBPVP8X', 8, 'ascii');
    webp.writeUIntLE(16_383, 24, 3);
    webp.writeUIntLE(16_383, 27, 3);
    assert.deepEqual(pixelSize(webp, 'image/webp'), { width: 16_384, height: 16_384 });
    assert.ok(16_384 * 16_384 > MAX_IMAGE_PIXELS);
  });
});

/** A real AVIF from an encoder (libheif through sharp), `width`×`height`, flat grey. */
async function realAvif(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080' } })
    .avif({ quality: 50 })
    .toBuffer();
}

/** `avif` with its `ispe` box (the image's declared size) rewritten, or removed (renamed). */
function withIspe(avif: Buffer, size: { width: number; height: number } | 'none'): Buffer {
  const copy = Buffer.from(avif);
  const at = copy.indexOf('ispe', 0, 'latin1');
  assert.ok(at > 0, 'the encoder wrote an ispe box');
  if (size === 'none') {
    copy.write('free', at, 'latin1');
  } else {
    copy.writeUInt32BE(size.width, at + 8);
    copy.writeUInt32BE(size.height, at + 12);
  }
  return copy;
}

/** An .ico with one image: a PNG (Vista and later) or a BMP whose DIB header says its size. */
function ico(image: Buffer): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, image]);
}

function dib(width: number, height: number): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // the colour rows and the mask's
  return header;
}

describe('image headers of AVIF, ICO and SVG (they fail closed)', () => {
  it('reads the size real files state: an encoder’s AVIF, a PNG or BMP icon, an SVG', async () => {
    const avif = await realAvif(64, 48);
    assert.equal(sniffImageMime(avif), 'image/avif');
    assert.deepEqual(pixelSize(avif, 'image/avif'), { width: 64, height: 48 });
    assert.equal(headerProblem(avif, 'image/avif'), undefined);
    assert.deepEqual(pixelSize(ico(diagramPng(48, 32)), 'image/x-icon'), { width: 48, height: 32 });
    assert.equal(headerProblem(ico(dib(32, 32)), 'image/x-icon'), undefined);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4in" height="300">');
    assert.deepEqual(pixelSize(svg, 'image/svg+xml'), { width: 384, height: 300 });
  });

  it('R07 · an AVIF, ICO or SVG whose header claims 30000×30000 → refused from its header, as a PNG is', async () => {
    const avif = withIspe(await realAvif(64, 48), { width: 30_000, height: 30_000 });
    assert.deepEqual(headerProblem(avif, 'image/avif'), {
      kind: 'tooManyPixels',
      size: { width: 30_000, height: 30_000 },
    });
    const pngIcon = ico(decompressionBombPng());
    assert.equal(headerProblem(pngIcon, 'image/x-icon')?.kind, 'tooManyPixels');
    assert.equal(headerProblem(ico(dib(30_000, 30_000)), 'image/x-icon')?.kind, 'tooManyPixels');
    const svg = Buffer.from(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="30000" height="30000px"></svg>',
    );
    assert.equal(headerProblem(svg, 'image/svg+xml')?.kind, 'tooManyPixels');
  });

  it('R07 · an AVIF or ICO that does not state its size, or whose directory runs past the file → refused, not decoded', async () => {
    assert.deepEqual(headerProblem(withIspe(await realAvif(64, 48), 'none'), 'image/avif'), {
      kind: 'unreadableSize',
      format: 'AVIF',
    });
    const cut = ico(diagramPng(48, 32)).subarray(0, 30);
    assert.deepEqual(headerProblem(cut, 'image/x-icon'), {
      kind: 'unreadableSize',
      format: 'ICO',
    });
  });

  it('R07 · an SVG whose entities expand into other entities (billion laughs) → refused', () => {
    const bomb = Buffer.from(
      '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "lol">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>',
    );
    assert.equal(sniffImageMime(bomb), 'image/svg+xml');
    assert.deepEqual(headerProblem(bomb, 'image/svg+xml'), { kind: 'xmlBomb' });
    // Illustrator declares plain entities for its namespaces: those are fine.
    const illustrator = Buffer.from(
      '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY ns_svg "http://www.w3.org/2000/svg">\n]>\n<svg xmlns="&ns_svg;" width="100" height="50"></svg>',
    );
    assert.equal(headerProblem(illustrator, 'image/svg+xml'), undefined);
  });
});
