// Image sniffing and header checks read files from a repository before anything decodes them:
// property-based, on random bytes and on real files cut or corrupted anywhere. They never throw,
// and an AVIF or ICO is either read or refused: never let through without a size.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import sharp from 'sharp';
import { sniffImageMime } from '../../src/core/imageFacts';
import { headerProblem, pixelSize } from '../../src/core/imageHeader';
import { diagramPng } from '../support/imageFixtures';
import { damagedFile } from '../support/damagedFiles';

function check(bytes: Uint8Array): void {
  const mime = sniffImageMime(bytes);
  if (mime) {
    const problem = headerProblem(bytes, mime);
    const size = pixelSize(bytes, mime);
    if ((mime === 'image/avif' || mime === 'image/x-icon') && !problem) {
      assert.ok(size, `${mime} accepted without a size`);
    }
  }
}

describe('image header sniffing (property-based)', () => {
  let files: Uint8Array[];
  before(async () => {
    const avif = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#345' },
    })
      .avif()
      .toBuffer();
    const png = diagramPng(40, 30);
    const icoHeader = Buffer.alloc(22);
    icoHeader.writeUInt16LE(1, 2);
    icoHeader.writeUInt16LE(1, 4);
    icoHeader.writeUInt32LE(png.length, 14);
    icoHeader.writeUInt32LE(22, 18);
    files = [
      avif,
      png,
      Buffer.concat([icoHeader, png]),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"/>'),
    ];
  });

  it('never throws, and never accepts an AVIF or ICO without a size, on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => check(bytes)),
      { numRuns: 3_000 },
    );
  });

  it('R07 · real files cut anywhere or with any bytes changed → read or refused, never thrown or let through without a size', () => {
    fc.assert(
      fc.property(damagedFile(files), ({ file, cutAt }) => {
        check(file.subarray(0, cutAt % (file.length + 1)));
        check(file);
      }),
      { numRuns: 3_000 },
    );
  });

  it('finishes on 100k+ byte inputs shaped to loop: nested boxes, huge directories, long SVG prologs', () => {
    const nested = Buffer.alloc(120_000);
    nested.write('\0\0\0\x18ftypavif\0\0\0\0avifmif1', 0, 'latin1');
    for (let offset = 24; offset + 8 <= nested.length; offset += 8) {
      nested.writeUInt32BE(8, offset); // an endless run of empty boxes
      nested.write('meta', offset + 4, 'latin1');
    }
    check(nested);
    const directory = Buffer.alloc(6 + 16 * 65_535);
    directory.writeUInt16LE(1, 2);
    directory.writeUInt16LE(65_535, 4);
    check(directory);
    check(Buffer.from(`${'<!-- x -->'.repeat(10_000)}<svg width="1" height="1">`));
    check(Buffer.from(`<!DOCTYPE svg [${'<!ENTITY a "b">'.repeat(8_000)}]><svg>`));
  });
});
