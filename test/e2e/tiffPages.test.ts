// TIFF in the analysis panel's webview in a real Chromium (the production bundles under the
// panel's CSP, webviewPage.ts): the TIFF worker's file is fetched only when a TIFF is opened; a
// multi-page LZW scan shows page 1 with a page picker, and each page chosen is decoded and posted
// as the model's copy with its page number, at its size, with its own pixels; a CCITT fax page
// and PackBits and Deflate pages decode; a TIFF whose directories loop says so and never hangs.
//
// Run: npx tsc -p . && npx mocha --no-config out/test/e2e/tiffPages.test.js --timeout 90000

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { HostToWebview, ImagePreparedMessage } from '../../src/core/protocol';
import {
  FAX_BOX,
  faxTiff,
  loopingTiff,
  multiPageTiff,
  PAGE_COLOURS,
  singlePageTiff,
} from '../support/tiffFixtures';
import {
  checkedPages,
  deliver,
  imageInit,
  pageHarness,
  posted,
  ROOT,
  waitForPost,
  type ServedImage,
} from './webviewPage';

const OUTPUT = path.join(ROOT, 'test-output/e2e');
const MAX_SIDE = 1568;

/** The RGB of the prepared copy's pixel at (x, y) of its own size. */
async function pixelOf(dataUrl: string, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(Buffer.from(dataUrl.split(',')[1], 'base64'))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const offset = (Math.round(y) * info.width + Math.round(x)) * 3;
  return [data[offset], data[offset + 1], data[offset + 2]];
}

function near(actual: readonly number[], expected: readonly number[], tolerance = 12): boolean {
  return actual.every((value, index) => Math.abs(value - expected[index]) <= tolerance);
}

/** Which band of ten rows is dark in a page of `multiPageTiff` (the page's own marker). */
async function darkBand(dataUrl: string, height: number): Promise<number> {
  for (let band = 0; band < 10; band++) {
    const pixel = await pixelOf(dataUrl, 20, ((band + 0.5) * height) / 10);
    if (near(pixel, [0x20, 0x20, 0x20])) {
      return band;
    }
  }
  return -1;
}

describe('TIFF pages in the panel webview (Chromium)', function () {
  this.timeout(90_000);
  let page: Page;
  const images: Record<string, ServedImage> = {};
  const harness = pageHarness(images, { output: OUTPUT });
  const open = checkedPages(harness);
  const init = (name: string): HostToWebview => imageInit(harness.server, images, name);
  const openPanel = (theme = 'dark'): Promise<Page> => open('panel', { theme });

  before(async () => {
    images['scan.tiff'] = { body: await multiPageTiff(640, 400, 'lzw'), type: 'image/tiff' };
    images['fax.tif'] = { body: await faxTiff(), type: 'image/tiff' };
    images['packbits.tiff'] = {
      body: await singlePageTiff(300, 200, 'packbits'),
      type: 'image/tiff',
    };
    images['deflate.tiff'] = {
      body: await singlePageTiff(300, 200, 'deflate'),
      type: 'image/tiff',
    };
    images['looping.tiff'] = { body: loopingTiff(await multiPageTiff(64, 40)), type: 'image/tiff' };
    images['plain.png'] = {
      body: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#345' } })
        .png()
        .toBuffer(),
      type: 'image/png',
    };
  });

  it('loads no TIFF decoder for other images', async () => {
    page = await openPanel();
    await deliver(page, init('plain.png'));
    await waitForPost(page, 'image/prepared');
    assert.ok(
      !harness.server.hits.some((hit) => hit.includes('tiffWorker')),
      'the TIFF worker was not fetched',
    );
  });

  it('a multi-page LZW scan: page 1 first, then each page chosen, with its number, size and pixels', async () => {
    page = await openPanel();
    await deliver(page, init('scan.tiff'));
    const first = await waitForPost(page, 'image/prepared');
    assert.ok(
      harness.server.hits.includes('/bundles/tiff/tiffWorker.js'),
      'the worker was fetched',
    );
    const check = async (prepared: ImagePreparedMessage, index: number): Promise<void> => {
      assert.deepEqual(prepared.image.page, { number: index + 1, count: 3 });
      assert.equal(prepared.image.mime, 'image/png');
      assert.deepEqual(
        { width: prepared.image.width, height: prepared.image.height },
        { width: 640, height: 400 },
      );
      assert.ok(near(await pixelOf(prepared.image.dataUrl, 320, 20), PAGE_COLOURS[index]));
      assert.equal(await darkBand(prepared.image.dataUrl, 400), index + 2, 'its own bar');
    };
    await check(first, 0);
    const picker = page.getByRole('navigation', { name: 'Pages' });
    await picker.waitFor({ state: 'visible' });
    const select = picker.getByRole('combobox', { name: 'Page' });
    assert.equal(await select.inputValue(), '1', 'page 1 chosen');
    assert.equal(await picker.locator('.page-total').innerText(), 'of 3');
    assert.ok(await picker.getByRole('button', { name: 'Previous page' }).isDisabled());
    await page.screenshot({ path: path.join(OUTPUT, 'panel-tiff-page-1.png') });

    let before = (await posted(page)).length;
    await picker.getByRole('button', { name: 'Next page' }).click();
    await check(await waitForPost(page, 'image/prepared', before), 1);
    assert.match(await page.locator('.image-caption').innerText(), /scan\.tiff · page 2 of 3/);

    before = (await posted(page)).length;
    await select.selectOption({ label: '3' });
    await check(await waitForPost(page, 'image/prepared', before), 2);
    assert.ok(await picker.getByRole('button', { name: 'Next page' }).isDisabled());
    await page.screenshot({ path: path.join(OUTPUT, 'panel-tiff-page-3.png') });
  });

  it('a CCITT Group 4 fax page decodes to its black box, scaled to the long side', async () => {
    page = await openPanel('light');
    await deliver(page, init('fax.tif'));
    const prepared = await waitForPost(page, 'image/prepared');
    const scale = MAX_SIDE / 1728;
    assert.deepEqual(
      { width: prepared.image.width, height: prepared.image.height },
      { width: MAX_SIDE, height: Math.round(1100 * scale) },
    );
    assert.equal(prepared.image.page, undefined, 'one page: no page number');
    assert.equal(
      await page.getByRole('navigation', { name: 'Pages' }).isVisible(),
      false,
      'no page picker for one page',
    );
    const inside = await pixelOf(
      prepared.image.dataUrl,
      (FAX_BOX.x + FAX_BOX.width / 2) * scale,
      (FAX_BOX.y + FAX_BOX.height / 2) * scale,
    );
    const outside = await pixelOf(prepared.image.dataUrl, 100 * scale, 100 * scale);
    assert.ok(near(inside, [0, 0, 0], 40), `black inside the box: ${inside.join(',')}`);
    assert.ok(near(outside, [255, 255, 255], 40), `white outside: ${outside.join(',')}`);
    await page.screenshot({ path: path.join(OUTPUT, 'panel-tiff-fax.png') });
  });

  for (const name of ['packbits.tiff', 'deflate.tiff']) {
    it(`${name} decodes to its pixels`, async () => {
      page = await openPanel();
      await deliver(page, init(name));
      const prepared = await waitForPost(page, 'image/prepared');
      assert.deepEqual(
        { width: prepared.image.width, height: prepared.image.height },
        { width: 300, height: 200 },
      );
      assert.ok(near(await pixelOf(prepared.image.dataUrl, 150, 20), PAGE_COLOURS[0]));
      assert.equal(await darkBand(prepared.image.dataUrl, 200), 5);
    });
  }

  it('R22 · a TIFF whose page directories loop (UTIF.decode would never return) → "damaged" in the panel, nothing hangs', async () => {
    page = await openPanel();
    await deliver(page, init('looping.tiff'));
    const failed = await waitForPost(page, 'image/prepareFailed');
    assert.match(
      failed.message,
      /looping\.tiff could not be read: The TIFF file is damaged \(its page directories loop\)/,
    );
    await page.getByRole('alert').filter({ hasText: 'damaged' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Analyze' }).isDisabled());
  });
});
