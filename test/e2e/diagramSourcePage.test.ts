// A diagram with a source in the analysis panel's webview in a real Chromium (production
// bundles under the panel's CSP, webviewPage.ts): a .drawio.svg, whose labels are HTML in
// <foreignObject> (which taints a canvas), is shown and prepared with its labels drawn from
// draw.io's text fallback; a turn that sent sources carries a tag that names them.
//
// Run: npx tsc -p . && npx mocha --no-config out/test/e2e/diagramSourcePage.test.js --timeout 90000

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { drawioSvg } from '../support/diagramFixtures';
import {
  checkedPages,
  deliver,
  imageInit,
  pageHarness,
  ROOT,
  waitForPost,
  type ServedImage,
} from './webviewPage';

const OUTPUT = path.join(ROOT, 'test-output/e2e');

describe('a diagram with its source in the panel webview (Chromium)', function () {
  this.timeout(90_000);
  let page: Page;
  const images: Record<string, ServedImage> = {
    'checkout.drawio.svg': { body: drawioSvg(true), type: 'image/svg+xml' },
  };
  const harness = pageHarness(images, { output: OUTPUT });
  const open = checkedPages(harness);

  async function openWith(name: string): Promise<void> {
    page = await open('panel');
    await deliver(page, imageInit(harness.server, images, name, { maxImageSide: 1280 }));
  }

  it("a .drawio.svg with <foreignObject> labels is prepared, its labels drawn from draw.io's text fallback", async () => {
    await openWith('checkout.drawio.svg');
    const prepared = await waitForPost(page, 'image/prepared');
    assert.deepEqual(
      { width: prepared.image.width, height: prepared.image.height },
      { width: 1280, height: 480 },
    );
    const { data, info } = await sharp(Buffer.from(prepared.image.dataUrl.split(',')[1], 'base64'))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    // The first box is x 20–150, y 80–140 of 640×240; at 2× its label is dark ink on light blue.
    let ink = 0;
    for (let y = 170; y < 270; y++) {
      for (let x = 50; x < 290; x++) {
        const offset = (y * info.width + x) * 3;
        if (data[offset] + data[offset + 1] + data[offset + 2] < 200) {
          ink++;
        }
      }
    }
    assert.ok(ink > 300, `the label "Browser" is drawn (${ink} dark pixels in its box)`);
  });

  it('a turn that sent diagram sources or a page carries a tag naming them', async () => {
    await openWith('checkout.drawio.svg');
    await waitForPost(page, 'image/prepared');
    await deliver(
      page,
      {
        type: 'turn/started',
        turnId: 't1',
        task: 'explain this architecture',
        diagramSources: [{ name: 'checkout.drawio.svg', format: 'drawio', items: 8 }],
      },
      { type: 'turn/answerDelta', turnId: 't1', text: 'Four services in a row.' },
      { type: 'turn/ended', turnId: 't1', status: 'done' },
      {
        type: 'turn/started',
        turnId: 't2',
        task: 'and these two?',
        diagramSources: [
          { name: 'a.excalidraw.png', format: 'excalidraw', items: 9 },
          { name: 'b.svg', format: 'svg', items: 4 },
        ],
      },
      { type: 'turn/started', turnId: 't3', task: 'and without?' },
      {
        type: 'turn/started',
        turnId: 't4',
        task: 'and on this page?',
        pages: [{ name: 'scan.tiff', number: 2, count: 3 }],
      },
    );
    const pageTag = page.locator('article.turn').nth(3).locator('.page-tag');
    assert.equal(await pageTag.innerText(), 'Page 2');
    assert.equal(await pageTag.getAttribute('title'), 'scan.tiff, page 2 of 3');
    const tags = page.locator('.diagram-source-tag');
    await tags.first().waitFor();
    assert.equal(await tags.count(), 2, 'only the turns that sent a source');
    assert.equal(await tags.nth(0).innerText(), 'draw.io source sent');
    assert.equal(
      await tags.nth(0).getAttribute('title'),
      'checkout.drawio.svg: 8 shapes and connectors from its draw.io source, as text beside the picture',
    );
    assert.equal(await tags.nth(1).innerText(), '2 diagram sources sent');
    assert.match(
      (await tags.nth(1).getAttribute('title')) ?? '',
      /a\.excalidraw\.png: 9 shapes[^\n]*\nb\.svg: 4 labels/,
    );
    const firstTurn = page.locator('article.turn').first();
    assert.equal(
      await firstTurn
        .getAttribute('aria-labelledby')
        .then((id) => page.locator(`#${id}`).innerText()),
      'explain this architecture',
      'the turn is still named by its task alone',
    );
    await page.screenshot({ path: path.join(OUTPUT, 'panel-diagram-source-tag.png') });
  });
});
