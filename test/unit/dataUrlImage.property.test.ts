// The size a crop's data URL really declares (property-based): any PNG or JPEG header of any size
// reads back as that size, whatever follows it; anything else (random text, base64 of random
// bytes, a JPEG labelled PNG, megabytes of it) reads as nothing, never throws, and is read no
// further than its first 64 KB.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { dataUrlImage, maxDataUrlChars } from '../../src/core/dataUrlImage';

const dimension = fc.integer({ min: 1, max: 65_535 });

/** The first bytes of a PNG: signature and IHDR with that size. */
function pngHead(width: number, height: number): Buffer {
  const head = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(head, 0);
  head.writeUInt32BE(13, 8);
  head.write('IHDR', 12, 'latin1');
  head.writeUInt32BE(width, 16);
  head.writeUInt32BE(height, 20);
  return head;
}

/** SOI, an APP0 segment of `appBytes`, then a baseline frame header with that size. */
function jpegHead(width: number, height: number, appBytes: number): Buffer {
  const app = Buffer.alloc(4 + appBytes);
  app.writeUInt16BE(0xffe0, 0);
  app.writeUInt16BE(2 + appBytes, 2);
  const sof = Buffer.alloc(12);
  sof.writeUInt16BE(0xffc0, 0);
  sof.writeUInt16BE(11, 2);
  sof[4] = 8;
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app, sof]);
}

const asDataUrl = (mime: string, bytes: Buffer): string =>
  `data:${mime};base64,${bytes.toString('base64')}`;

describe('a data URL’s real image size (property-based)', () => {
  it('reads the size a PNG or JPEG header declares, whatever bytes follow', () => {
    fc.assert(
      fc.property(
        dimension,
        dimension,
        fc.integer({ min: 0, max: 30_000 }),
        fc.uint8Array({ maxLength: 2_000 }),
        (width, height, appBytes, tail) => {
          const png = dataUrlImage(
            asDataUrl('image/png', Buffer.concat([pngHead(width, height), tail])),
          );
          assert.deepEqual(png, { mime: 'image/png', size: { width, height } });
          const jpeg = dataUrlImage(
            asDataUrl('image/jpeg', Buffer.concat([jpegHead(width, height, appBytes), tail])),
          );
          assert.deepEqual(jpeg, { mime: 'image/jpeg', size: { width, height } });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('W07 · random text, random bytes, one format labelled as the other → no size, never thrown', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 5_000 }),
          fc
            .uint8Array({ maxLength: 5_000 })
            .map((bytes) => asDataUrl('image/png', Buffer.from(bytes))),
          fc
            .uint8Array({ maxLength: 5_000 })
            .map((bytes) => `data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}!`),
          fc
            .tuple(dimension, dimension)
            .map(([width, height]) => asDataUrl('image/png', jpegHead(width, height, 16))),
          fc
            .tuple(dimension, dimension)
            .map(([width, height]) => asDataUrl('image/jpeg', pngHead(width, height))),
        ),
        (dataUrl) => {
          const read = dataUrlImage(dataUrl);
          if (read) {
            // Random bytes may happen to start like a PNG; then what they say is what is read.
            assert.equal(read.mime, 'image/png');
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('W01 · a 70 MB data URL, and a JPEG whose frame header lies past 64 KB → read only as far as its header (the PNG sized, the JPEG not)', () => {
    const huge = Buffer.concat([pngHead(300, 200), Buffer.alloc(52 * 1024 * 1024)]);
    assert.deepEqual(dataUrlImage(asDataUrl('image/png', huge)), {
      mime: 'image/png',
      size: { width: 300, height: 200 },
    });
    assert.equal(dataUrlImage(asDataUrl('image/jpeg', jpegHead(300, 200, 65_533))), undefined);
  });

  it('the length a size can need: an uncompressed PNG of that size fits, ten times the pixels do not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 4096 }), (w, h) => {
        const limit = maxDataUrlChars({ width: w, height: h });
        // Stored deflate: a filter byte a row, 4 bytes a pixel, 5 bytes a block, chunk overhead.
        const stored = h * (1 + 4 * w) + 5 * Math.ceil((h * (1 + 4 * w)) / 65_535) + 57;
        assert.ok(limit >= 'data:image/png;base64,'.length + 4 * Math.ceil(stored / 3));
        assert.ok(
          limit < 'data:image/png;base64,'.length + 4 * Math.ceil((40 * w * h) / 3) + 90_000,
        );
      }),
    );
  });
});
