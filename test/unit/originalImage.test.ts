// Which files go to the model as they are, and what of them: real PNG and JPEG files made by
// sharp, with metadata of known content, checked by their decoded pixels and their bytes.
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import sharp from 'sharp';
import { sendableOriginal } from '../../src/core/originalImage';
import { diagramPng } from '../support/imageFixtures';
import { damagedFile } from '../support/damagedFiles';

/** A PNG chunk of `type` holding `data`, with its CRC. */
function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** `png` with `extra` chunks right after IHDR (which ends at byte 33). */
function withChunks(png: Buffer, ...extra: Buffer[]): Buffer {
  return Buffer.concat([png.subarray(0, 33), ...extra, png.subarray(33)]);
}

async function pixels(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).raw().toBuffer();
}

const contains = (haystack: Uint8Array, needle: string): boolean =>
  Buffer.from(haystack).includes(Buffer.from(needle, 'latin1'));

describe('originalImage: files sent as they are', () => {
  it('sends an opaque PNG without its text and time chunks, pixels unchanged', async () => {
    const png = withChunks(
      diagramPng(120, 80),
      chunk('tEXt', Buffer.from('Author\0Jane Doe, 12 Secret Street', 'latin1')),
      chunk('tIME', Buffer.from([7, 234, 1, 2, 3, 4, 5])),
      chunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f])),
    );
    const sendable = sendableOriginal(png, 'image/png');
    assert.ok(sendable);
    assert.equal(sendable.mayHaveAlpha, false);
    assert.equal(contains(sendable.bytes, 'Secret Street'), false, 'the text chunk is left out');
    assert.equal(contains(sendable.bytes, 'tIME'), false);
    assert.equal(contains(sendable.bytes, 'gAMA'), true, 'colour chunks stay');
    assert.equal(sendable.bytes.length, png.length - (12 + 33) - (12 + 7));
    assert.deepEqual(await pixels(sendable.bytes), await pixels(png));
  });

  it('says when a PNG may be transparent: an alpha channel, or a transparent palette entry', async () => {
    const rgba = await sharp({
      create: { width: 30, height: 20, channels: 4, background: { r: 9, g: 9, b: 9, alpha: 1 } },
    })
      .png()
      .toBuffer();
    assert.equal(sendableOriginal(rgba, 'image/png')?.mayHaveAlpha, true);
    const palette = withChunks(diagramPng(30, 20), chunk('tRNS', Buffer.from([0])));
    assert.equal(sendableOriginal(palette, 'image/png')?.mayHaveAlpha, true);
  });

  it('re-encodes an animated PNG, one with EXIF, and one with an unknown critical chunk', () => {
    const png = diagramPng(30, 20);
    for (const extra of [
      chunk('acTL', Buffer.alloc(8)),
      chunk('eXIf', Buffer.from('MM\0*', 'latin1')),
      chunk('ZZZZ', Buffer.alloc(4)),
    ]) {
      assert.equal(sendableOriginal(withChunks(png, extra), 'image/png'), undefined);
    }
  });

  it('sends an upright JPEG without EXIF, comments or what follows the image, pixels unchanged', async () => {
    const jpeg = await sharp({
      create: { width: 64, height: 48, channels: 3, background: '#3a6' },
    })
      .jpeg({ quality: 90 })
      .withExif({ IFD0: { Copyright: 'GPS 48.8584 N 2.2945 E', Orientation: '1' } })
      .toBuffer();
    assert.ok(contains(jpeg, 'GPS 48.8584'), 'the fixture carries its EXIF');
    const trailer = Buffer.from('appended preview image bytes');
    const sendable = sendableOriginal(Buffer.concat([jpeg, trailer]), 'image/jpeg');
    assert.ok(sendable);
    assert.equal(sendable.mayHaveAlpha, false);
    assert.equal(contains(sendable.bytes, 'GPS 48.8584'), false, 'the EXIF is left out');
    assert.equal(contains(sendable.bytes, 'appended preview'), false, 'nothing after the image');
    assert.ok(sendable.bytes.length < jpeg.length);
    assert.deepEqual(await pixels(sendable.bytes), await pixels(jpeg));
  });

  it('re-encodes a JPEG turned by its orientation, a CMYK JPEG, and other formats', async () => {
    const base = sharp({ create: { width: 40, height: 30, channels: 3, background: '#a36' } });
    const turned = await base.clone().jpeg().withMetadata({ orientation: 6 }).toBuffer();
    assert.equal(sendableOriginal(turned, 'image/jpeg'), undefined);
    const cmyk = await base.clone().toColourspace('cmyk').jpeg().toBuffer();
    assert.equal(sendableOriginal(cmyk, 'image/jpeg'), undefined);
    const webp = await base.clone().webp().toBuffer();
    assert.equal(sendableOriginal(webp, 'image/webp'), undefined);
  });

  it('R08 · image files whose segments lie about their lengths, or are cut or changed anywhere → sent re-encoded, or as their own bytes without metadata; never thrown, in one pass', async () => {
    const files = [
      withChunks(diagramPng(40, 30), chunk('tEXt', Buffer.from('k\0v'))),
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#123' } })
        .jpeg({ progressive: true })
        .withExif({ IFD0: { Copyright: 'x' } })
        .toBuffer(),
    ];
    const mimes = ['image/png', 'image/jpeg'];
    const check = (bytes: Uint8Array, mime: string): void => {
      const sendable = sendableOriginal(bytes, mime);
      if (sendable) {
        assert.ok(sendable.bytes.length <= bytes.length, 'never more bytes than the file');
        assert.deepEqual(
          sendableOriginal(sendable.bytes, mime)?.bytes,
          sendable.bytes,
          'what is sent reads the same again',
        );
      }
    };
    fc.assert(
      fc.property(damagedFile(files), ({ which, file, cutAt }) => {
        check(file.subarray(0, 1 + (cutAt % file.length)), mimes[which]);
        check(file, mimes[which]);
      }),
      { numRuns: 2_000 },
    );
    // Large hostile files: 4 MB of fill bytes, of tiny segments, of 0xFF in coded data, of
    // empty PNG chunks. Each is read in one pass (a quadratic reader would not finish).
    const big = 4 * 1024 * 1024;
    const fill = Buffer.alloc(big, 0xff);
    fill[0] = 0xff;
    fill[1] = 0xd8;
    const segments = Buffer.alloc(big);
    segments.set([0xff, 0xd8]);
    for (let at = 2; at + 4 <= big; at += 4) {
      segments.set([0xff, 0xfe, 0, 2], at);
    }
    const coded = Buffer.concat([
      files[1].subarray(0, files[1].indexOf(Buffer.from([0xff, 0xda]))),
      Buffer.from([0xff, 0xda, 0, 2]),
      Buffer.alloc(big, 0xff),
    ]);
    const emptyChunks = Buffer.concat([
      diagramPng(4, 4).subarray(0, 33),
      Buffer.concat(Array.from({ length: big / 12 }, () => chunk('zzZz', new Uint8Array(0)))),
    ]);
    for (const [bytes, mime] of [
      [fill, 'image/jpeg'],
      [segments, 'image/jpeg'],
      [coded, 'image/jpeg'],
      [emptyChunks, 'image/png'],
    ] as const) {
      assert.equal(sendableOriginal(bytes, mime), undefined);
    }
  });
});
