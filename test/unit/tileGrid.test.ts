import * as assert from 'node:assert/strict';
import {
  AUTO_TILES_SHRINK,
  MAX_TILES,
  openAiHighDetailShrink,
  planTiles,
  resolveDetail,
  TILE_SIDE,
  targetSize,
  tileOutputSize,
} from '../../src/webview/image/tileGrid';

describe('tile geometry', () => {
  it('downscales to the long side, keeps the aspect ratio and never enlarges', () => {
    assert.deepEqual(targetSize({ width: 4000, height: 3000 }, 2048), {
      width: 2048,
      height: 1536,
    });
    assert.deepEqual(targetSize({ width: 1000, height: 3000 }, 2048), { width: 683, height: 2048 });
    assert.deepEqual(targetSize({ width: 320, height: 200 }, 2048), { width: 320, height: 200 });
  });

  it("follows OpenAI's high-detail rule: fit 2048², then 768 on the short side", () => {
    assert.equal(openAiHighDetailShrink({ width: 1024, height: 768 }), 1);
    assert.equal(openAiHighDetailShrink({ width: 700, height: 500 }), 1);
    assert.equal(
      Math.round(openAiHighDetailShrink({ width: 1920, height: 1080 }) * 100) / 100,
      1.41,
    );
    assert.equal(
      Math.round(openAiHighDetailShrink({ width: 2560, height: 1440 }) * 100) / 100,
      1.88,
    );
    assert.equal(
      Math.round(openAiHighDetailShrink({ width: 3840, height: 2160 }) * 100) / 100,
      2.81,
    );
    assert.equal(
      Math.round(openAiHighDetailShrink({ width: 4000, height: 3000 }) * 100) / 100,
      3.91,
    );
    // A tall page: fitted to 2048 high first, then its 683 px short side is kept.
    assert.equal(
      Math.round(openAiHighDetailShrink({ width: 1000, height: 3000 }) * 100) / 100,
      1.46,
    );
  });

  it('"auto" sends tiles only when the model would read the image more than 2× smaller', () => {
    assert.equal(AUTO_TILES_SHRINK, 2);
    assert.equal(resolveDetail('auto', { width: 1920, height: 1080 }, false), 'auto');
    assert.equal(resolveDetail('auto', { width: 2560, height: 1440 }, false), 'auto');
    assert.equal(resolveDetail('auto', { width: 3840, height: 2160 }, false), 'tiles');
    assert.equal(resolveDetail('auto', { width: 4000, height: 3000 }, false), 'tiles');
    // Vectors are drawn at the size the model reads: there is nothing finer to crop.
    assert.equal(resolveDetail('auto', { width: 4000, height: 3000 }, true), 'auto');
    assert.equal(resolveDetail('tiles', { width: 4000, height: 3000 }, true), 'high');
    assert.equal(resolveDetail('tiles', { width: 800, height: 600 }, false), 'tiles');
    assert.equal(resolveDetail('low', { width: 4000, height: 3000 }, false), 'low');
    // A model that zooms gets the overview and asks for what it needs; tiles stay a choice.
    assert.equal(resolveDetail('auto', { width: 4000, height: 3000 }, false, true), 'auto');
    assert.equal(resolveDetail('tiles', { width: 4000, height: 3000 }, false, true), 'tiles');
  });

  it('cuts an even grid of full-resolution crops no larger than 768 px that covers every pixel once', () => {
    const source = { width: 3000, height: 1800 };
    const plan = planTiles(source);
    assert.equal(TILE_SIDE, 768);
    assert.deepEqual([plan.columns, plan.rows, plan.tiles.length, plan.shrink], [4, 3, 12, 1]);
    for (const tile of plan.tiles) {
      assert.ok(tile.width <= TILE_SIDE && tile.height <= TILE_SIDE);
      assert.deepEqual(
        tileOutputSize(tile),
        { width: tile.width, height: tile.height },
        'sent at full resolution',
      );
    }
    assert.deepEqual(plan.tiles[0], { x: 0, y: 0, width: 750, height: 600, row: 0, column: 0 });
    assert.deepEqual(plan.tiles[11], {
      x: 2250,
      y: 1200,
      width: 750,
      height: 600,
      row: 2,
      column: 3,
    });
    const area = plan.tiles.reduce((sum, tile) => sum + tile.width * tile.height, 0);
    assert.equal(area, source.width * source.height);
    // Neighbours meet exactly: no gap, no overlap.
    assert.equal(plan.tiles[1].x, plan.tiles[0].x + plan.tiles[0].width);
    assert.equal(plan.tiles[4].y, plan.tiles[0].y + plan.tiles[0].height);
  });

  it('a small image is one tile; a huge one gets at most 24 larger crops, each scaled to 768', () => {
    assert.deepEqual(planTiles({ width: 600, height: 400 }).tiles, [
      { x: 0, y: 0, width: 600, height: 400, row: 0, column: 0 },
    ]);
    const huge = planTiles({ width: 8000, height: 6000 });
    assert.ok(huge.tiles.length <= MAX_TILES);
    assert.ok(huge.shrink > 1);
    for (const tile of huge.tiles) {
      const out = tileOutputSize(tile);
      assert.ok(Math.max(out.width, out.height) <= TILE_SIDE);
    }
    assert.equal(
      huge.tiles.reduce((sum, tile) => sum + tile.width * tile.height, 0),
      8000 * 6000,
    );
  });
});
