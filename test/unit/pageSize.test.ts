// The pixel size a PDF page is drawn at (src/webview/pdf/pageSize.ts): the model's size for a page
// of any shape, and never more pixels than the cap, whatever size the file claims.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_PAGE_PIXELS, pageRenderSize, thumbnailSize } from '../../src/webview/pdf/pageSize';

const policy = { maxSide: 2048, maxPixels: 64_000_000 };

describe('PDF page size', () => {
  it('draws a page with its long side at the limit, and the short side within the provider’s', () => {
    assert.deepEqual(pageRenderSize({ width: 612, height: 792 }, policy), {
      width: 1583,
      height: 2048,
    });
    assert.deepEqual(pageRenderSize({ width: 842, height: 595 }, { ...policy, maxSide: 1568 }), {
      width: 1568,
      height: 1108,
    });
    assert.deepEqual(
      pageRenderSize({ width: 612, height: 792 }, { ...policy, maxShortSide: 768 }),
      { width: 768, height: 994 },
    );
    assert.deepEqual(thumbnailSize({ width: 612, height: 792 }, 96), { width: 74, height: 96 });
  });

  it('B14 · pages of any claimed size or shape → at most the long side and the pixel cap, at least 1 pixel; no size → refused', () => {
    const points = fc.double({ min: 1e-3, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(points, points, fc.integer({ min: 0, max: 10_000 }), (width, height, side) => {
        const size = pageRenderSize({ width, height }, { maxSide: side, maxPixels: 64_000_000 });
        const longSide = side >= 64 ? side : 2048;
        assert.ok(size.width >= 1 && size.height >= 1);
        assert.ok(Math.max(size.width, size.height) <= longSide);
        assert.ok(size.width * size.height <= MAX_PAGE_PIXELS + size.width + size.height);
      }),
      { numRuns: 2_000 },
    );
    for (const bad of [0, -5, Number.NaN, Infinity]) {
      assert.throws(() => pageRenderSize({ width: bad, height: 792 }, policy), RangeError);
    }
  });
});
