// A TIFF's pages read from its directory chain before anything decodes it
// (src/core/tiffStructure.ts): real files made by libtiff (test/support/tiffFixtures.ts), and files
// a repository could hold to hang a decoder that follows the chain blindly: a loop, a chain past
// the end, thousands of pages. Property-based on files cut or changed anywhere: always an answer,
// never a throw.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { headerProblem, pixelSize } from '../../src/core/imageHeader';
import { MAX_TIFF_PAGES, tiffStructure } from '../../src/core/tiffStructure';
import { faxTiff, loopingTiff, multiPageTiff, singlePageTiff } from '../support/tiffFixtures';
import { damagedFile } from '../support/damagedFiles';

/** A little-endian TIFF of `count` empty pages of `width`×`height` (directories only). */
function pagesOnly(count: number, width = 10, height = 10): Buffer {
  const ifdSize = 2 + 2 * 12 + 4;
  const file = Buffer.alloc(8 + count * ifdSize);
  file.write('II', 0, 'latin1');
  file.writeUInt16LE(42, 2);
  file.writeUInt32LE(8, 4);
  for (let page = 0; page < count; page++) {
    const at = 8 + page * ifdSize;
    file.writeUInt16LE(2, at);
    for (const [index, tag, value] of [
      [0, 256, width],
      [1, 257, height],
    ]) {
      const entry = at + 2 + index * 12;
      file.writeUInt16LE(tag, entry);
      file.writeUInt16LE(4, entry + 2); // LONG
      file.writeUInt32LE(1, entry + 4);
      file.writeUInt32LE(value, entry + 8);
    }
    file.writeUInt32LE(page + 1 < count ? at + ifdSize : 0, at + 2 + 24);
  }
  return file;
}

describe('TIFF structure', () => {
  it('lists the pages of a multi-page LZW scan and a CCITT fax page, with size and compression', async () => {
    const scan = tiffStructure(await multiPageTiff(640, 400));
    assert.equal(scan.kind, 'pages');
    assert.deepEqual(
      scan.pages.map(({ width, height, compression }) => [width, height, compression]),
      [
        [640, 400, 5],
        [640, 400, 5],
        [640, 400, 5],
      ],
    );
    const fax = tiffStructure(await faxTiff());
    assert.deepEqual(fax.kind === 'pages' && fax.pages, [
      { ifd: 0, width: 1728, height: 1100, compression: 4 },
    ]);
    for (const [compression, code] of [
      ['packbits', 32773],
      ['deflate', 8],
    ] as const) {
      const page = tiffStructure(await singlePageTiff(30, 20, compression));
      assert.equal(page.kind === 'pages' && page.pages[0].compression, code);
    }
    assert.deepEqual(pixelSize(await multiPageTiff(64, 40), 'image/tiff'), {
      width: 64,
      height: 40,
    });
  });

  it('R22 · a TIFF whose page directories loop, or run past its end → refused as damaged before any decoder follows them', async () => {
    const looping = loopingTiff(await multiPageTiff(64, 40));
    assert.deepEqual(tiffStructure(looping), {
      kind: 'damaged',
      reason: 'its page directories loop',
    });
    assert.deepEqual(headerProblem(looping, 'image/tiff'), {
      kind: 'damaged',
      format: 'TIFF',
      reason: 'its page directories loop',
    });
    const cut = pagesOnly(3).subarray(0, 8 + 30 + 10);
    assert.equal(tiffStructure(cut).kind, 'damaged');
    assert.equal(headerProblem(cut, 'image/tiff')?.kind, 'damaged');
  });

  it('R22 · a TIFF of 1,001 pages, or one whose page claims 30000×30000 → refused from its header', () => {
    assert.deepEqual(tiffStructure(pagesOnly(MAX_TIFF_PAGES + 1)), { kind: 'tooManyPages' });
    assert.equal(headerProblem(pagesOnly(MAX_TIFF_PAGES + 1), 'image/tiff')?.kind, 'tooManyPages');
    assert.equal(tiffStructure(pagesOnly(MAX_TIFF_PAGES)).kind, 'pages');
    assert.deepEqual(headerProblem(pagesOnly(1, 30_000, 30_000), 'image/tiff'), {
      kind: 'tooManyPixels',
      size: { width: 30_000, height: 30_000 },
    });
  });

  it('real TIFFs cut anywhere or with bytes changed → pages or damaged, never a throw (property-based)', async () => {
    const files = [await multiPageTiff(64, 40), await faxTiff(1000, 600), pagesOnly(5)];
    fc.assert(
      fc.property(damagedFile(files), ({ file, cutAt }) => {
        const result = tiffStructure(file.subarray(0, cutAt % (file.length + 1)));
        assert.ok(['pages', 'damaged', 'tooManyPages'].includes(result.kind));
        if (result.kind === 'pages') {
          assert.ok(result.pages.length <= MAX_TIFF_PAGES);
          assert.ok(result.pages.every((page) => page.width > 0 && page.height > 0));
        }
      }),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        tiffStructure(Buffer.concat([Buffer.from('II*\0\x08\0\0\0', 'latin1'), tail]));
      }),
      { numRuns: 2_000 },
    );
  });
});
