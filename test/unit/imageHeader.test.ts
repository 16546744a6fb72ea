import * as assert from 'node:assert/strict';
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
