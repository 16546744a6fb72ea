// Pointing at the image in the analysis panel, in Chromium: a dragged region asked about with a
// full-resolution crop of exactly its pixels, and Show on diagram linking grounded names and boxes.
//
// Shared setup: panelPageSuite.ts (run one file as it says).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { largeCropMismatches, OUTPUT, panelPageSuite } from './panelPageSuite';
import { deliver, waitForPost } from './webviewPage';

describe('analysis panel webview in Chromium: regions and grounding', function () {
  this.timeout(60_000);

  const panel = panelPageSuite();
  const { openPreparedPanel, screenshot } = panel;
  let page: Page;

  it('asks about a dragged region with a full-resolution crop whose pixels are the source region’s, and outlines it beside the turn', async () => {
    page = await openPreparedPanel();
    await page.getByRole('button', { name: 'Select region' }).click();
    const viewport = (await page.locator('.image-viewport').boundingBox())!;
    const image = (await page.locator('.image-content').boundingBox())!;
    // Drag over the middle of the shown image (fitted, so one screen pixel is several image
    // pixels).
    const from = { x: image.x + image.width * 0.3, y: image.y + image.height * 0.35 };
    const to = { x: image.x + image.width * 0.55, y: image.y + image.height * 0.7 };
    assert.ok(from.x > viewport.x && to.y < viewport.y + viewport.height);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    const chip = page.locator('.region-chip');
    await chip.waitFor({ state: 'visible' });
    assert.match(await chip.innerText(), /^Region \d+×\d+$/);
    await screenshot(page, 'region-selected');

    await page.getByRole('textbox', { name: 'Task' }).fill('what does this part do?');
    await page.getByRole('button', { name: 'Analyze' }).click();
    const submit = await waitForPost(page, 'task/submit');
    assert.equal(submit.task, 'what does this part do?');
    const region = submit.region!;
    assert.ok(region, 'the region went with the task');
    assert.deepEqual(region.original, { width: 3000, height: 1800 });
    // The box is where the drag was, in the original's pixels.
    const scale = 3000 / image.width;
    assert.ok(
      Math.abs(region.box.x - (from.x - image.x) * scale) <= scale + 1,
      `x ${region.box.x}`,
    );
    assert.ok(
      Math.abs(region.box.y - (from.y - image.y) * scale) <= scale + 1,
      `y ${region.box.y}`,
    );
    assert.ok(
      Math.abs(region.box.width - (to.x - from.x) * scale) <= 2 * scale + 1,
      `width ${region.box.width}`,
    );
    // Full resolution: the crop is the box's size, not the downscaled copy's.
    assert.deepEqual(
      { width: region.crop.width, height: region.crop.height },
      { width: region.box.width, height: region.box.height },
    );
    assert.equal(
      await largeCropMismatches(region.crop.dataUrl, region.box),
      0,
      `every pixel of the ${region.box.width}×${region.box.height} crop is the source's`,
    );
    fs.writeFileSync(
      path.join(OUTPUT, 'panel-region-crop.png'),
      Buffer.from(region.crop.dataUrl.split(',')[1], 'base64'),
    );
    assert.equal(await chip.isVisible(), false, 'the pending region is used up');

    await deliver(page, {
      type: 'turn/started',
      turnId: 'g1',
      task: submit.task,
      region: region.box,
    });
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'g1', text: 'This region holds the **web tier**.' },
      { type: 'turn/ended', turnId: 'g1', status: 'done' },
    );
    const outline = page.locator('.overlay-region-group[data-turn-id="g1"] rect.overlay-region');
    assert.deepEqual(
      await outline.evaluate((rect) =>
        ['x', 'y', 'width', 'height'].map((name) => Number(rect.getAttribute(name))),
      ),
      [region.box.x, region.box.y, region.box.width, region.box.height],
    );
    const tag = page.locator('article.turn').last().locator('.region-tag');
    assert.equal(await tag.innerText(), 'Region 1');
    await tag.hover();
    assert.ok(
      await page
        .locator('.overlay-region-group[data-turn-id="g1"]')
        .evaluate((group) => group.classList.contains('active')),
      'hovering the tag highlights the region',
    );
    await screenshot(page, 'region-turn');
  });

  it('Show on diagram: hovering a grounded name highlights its box on the image, and hovering the box highlights the name', async () => {
    page = await openPreparedPanel();
    await page.getByRole('button', { name: 'Show on diagram' }).click();
    await page.getByRole('textbox', { name: 'Task' }).fill('explain this architecture');
    await page.getByRole('button', { name: 'Analyze' }).click();
    const submit = await waitForPost(page, 'task/submit');
    assert.equal(submit.grounding, true);
    await deliver(page, {
      type: 'turn/started',
      turnId: 'p1',
      task: submit.task,
      groundingRequested: true,
    });
    await deliver(page, {
      type: 'turn/answerDelta',
      turnId: 'p1',
      text: 'Requests reach the **API Gateway**, which calls the Orders service; orders live in Postgres.\n\n- The API Gateway is the only entry.\n\n`API Gateway` in code is left alone.',
    });
    const grounding = [
      { name: 'API Gateway', box: { left: 0.1, top: 0.2, right: 0.3, bottom: 0.4 } },
      { name: 'Postgres', box: { left: 0.6, top: 0.5, right: 0.9, bottom: 0.8 } },
    ];
    await deliver(page, { type: 'turn/ended', turnId: 'p1', status: 'done', grounding });
    const answer = page.getByRole('region', { name: 'Answer' }).last();
    const gatewayNames = answer.locator('.grounded-name', { hasText: 'API Gateway' });
    assert.equal(
      await gatewayNames.count(),
      2,
      'both mentions in text are linked, not the one in code',
    );
    assert.equal(await answer.locator('code .grounded-name').count(), 0);

    // Fractions of the image → the original 3000×1800's pixels.
    const postgresBox = page.locator('.overlay-component-group[data-name="Postgres"]');
    assert.deepEqual(
      await postgresBox
        .locator('rect.overlay-component')
        .evaluate((rect) =>
          ['x', 'y', 'width', 'height'].map((name) => Math.round(Number(rect.getAttribute(name)))),
        ),
      [1800, 900, 900, 540],
    );
    await answer.locator('.grounded-name', { hasText: 'Postgres' }).hover();
    const isActive = (locator: ReturnType<Page['locator']>) =>
      locator.evaluate((element) => element.classList.contains('active'));
    assert.ok(await isActive(postgresBox), 'hovering the name highlights its box');
    assert.equal(
      await isActive(page.locator('.overlay-component-group[data-name="API Gateway"]')),
      false,
      'and only its box',
    );
    await screenshot(page, 'grounding-name-hover');

    // The reverse: the box on the image highlights the names in the answer.
    const gatewayBox = (await page
      .locator('.overlay-component-group[data-name="API Gateway"] rect.overlay-component')
      .boundingBox())!;
    await page.mouse.move(
      gatewayBox.x + gatewayBox.width / 2,
      gatewayBox.y + gatewayBox.height / 2,
    );
    await page.waitForFunction(
      () => (globalThis as any).document.querySelectorAll('.grounded-name.active').length === 2,
    );
    assert.deepEqual(await answer.locator('.grounded-name.active').allInnerTexts(), [
      'API Gateway',
      'API Gateway',
    ]);
    assert.equal(await answer.getByText('box_2d').count(), 0);
    await screenshot(page, 'grounding-box-hover');
  });
});
