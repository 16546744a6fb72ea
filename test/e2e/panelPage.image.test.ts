// The analysis panel's image in Chromium: the copy the model sees (prepared once, again when the
// image settings change, never enlarged; crops of restored region questions cut again), an image
// it cannot read, and the viewer: zoom and pan, the stacked layout, the toolbar in a narrow pane.
//
// Shared setup: panelPageSuite.ts (run one file as it says).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { HostToWebview, TurnView } from '../../src/core/protocol';
import { ANSWER, pngSize } from './panelPage.fixtures';
import { largeCropMismatches, MAX_SIDE, OUTPUT, panelPageSuite } from './panelPageSuite';
import { deliver, posted, waitForPost } from './webviewPage';

describe('analysis panel webview in Chromium: image', function () {
  this.timeout(60_000);

  const panel = panelPageSuite();
  const { init, openPanel, openPreparedPanel, screenshot } = panel;
  let page: Page;

  it('blocks Analyze until the image is prepared, then posts a downscaled PNG of it', async () => {
    page = await openPanel();
    const analyze = page.getByRole('button', { name: 'Analyze' });
    assert.ok(await analyze.isDisabled());
    assert.match(await page.locator('.composer-hint').innerText(), /Preparing image…/);

    await deliver(page, init('large.png'));
    const prepared = await waitForPost(page, 'image/prepared');
    assert.equal(prepared.image.mime, 'image/png');
    assert.deepEqual(
      { width: prepared.image.width, height: prepared.image.height },
      { width: MAX_SIDE, height: Math.round((1800 * MAX_SIDE) / 3000) },
    );
    assert.deepEqual(pngSize(prepared.image.dataUrl), {
      width: prepared.image.width,
      height: prepared.image.height,
    });
    await page.waitForFunction(
      () => !(globalThis as any).document.querySelector('.submit-button').disabled,
    );
    const caption = await page.locator('.image-caption').innerText();
    // 3000×1800 would be read at 1280×768 by OpenAI (2.3× smaller): "auto" adds full-resolution
    // tiles.
    assert.match(
      caption,
      /large\.png · 3000×1800 · .* · the model sees 1568×941 PNG overview \+ 12 tiles \(4×3\) at full resolution, .* in all/,
    );
    assert.equal(prepared.image.tiles?.length, 12);
    await screenshot(page, 'empty-dark');
  });

  it('prepares the image again when the image settings change, and shows the new copy it will send', async () => {
    page = await openPanel();
    await deliver(page, init('large.png'));
    const first = await waitForPost(page, 'image/prepared');
    assert.equal(first.image.tiles?.length, 12);
    const sentCopy = page.getByRole('button', { name: 'What the model sees' });
    await sentCopy.click();
    // With tiles, the copy on screen has their grid drawn over it.
    const firstShown = await page.locator('.image-content').getAttribute('src');
    assert.match(firstShown ?? '', /^data:image\/png;base64,/);

    const policy = {
      maxSide: MAX_SIDE,
      maxBytes: 20 * 1024 * 1024,
      maxPixels: 64_000_000,
      maxFileBytes: 50 * 1024 * 1024,
    };
    const preparedCount = async (): Promise<number> =>
      (await posted(page)).filter((message) => message.type === 'image/prepared').length;
    // Another setting (the model) changed: the same policy, nothing prepared again (a
    // re-preparation would block Analyze and say so in the caption as the message is handled).
    await deliver(page, {
      type: 'settings/changed',
      model: 'gpt-4.1',
      imagePolicy: { ...policy, detail: 'auto' },
    });
    assert.equal(await page.locator('.submit-button').isDisabled(), false, 'Analyze stays enabled');
    assert.doesNotMatch(await page.locator('.image-caption').innerText(), /preparing/);
    // The detail changed to "high": one copy, no tiles.
    const before = (await posted(page)).length;
    await deliver(page, {
      type: 'settings/changed',
      model: 'gpt-4.1',
      imagePolicy: { detail: 'high', ...policy },
    });
    const second = await waitForPost(page, 'image/prepared', before);
    assert.equal(await preparedCount(), 2, 'prepared once more, for the changed detail only');
    assert.equal(second.image.tiles, undefined);
    assert.equal(second.image.detail, 'high');
    assert.deepEqual(
      { width: second.image.width, height: second.image.height },
      { width: first.image.width, height: first.image.height },
    );
    await page.waitForFunction(
      () => !(globalThis as any).document.querySelector('.submit-button').disabled,
    );
    assert.match(
      await page.locator('.image-caption').innerText(),
      /the model sees 1568×941 PNG \(high detail\), [\d.]+ (KB|MB)$/,
    );
    assert.match(
      await page.locator('.sent-copy-badge').innerText(),
      /^The model sees 1568×941 PNG \(high detail\), [\d.]+ (KB|MB)$/,
    );
    assert.equal(
      await page.locator('.image-content').getAttribute('src'),
      second.image.dataUrl,
      'the copy on screen is the new one',
    );

    // A smaller long side: a smaller copy.
    const beforeThird = (await posted(page)).length;
    await deliver(page, {
      type: 'settings/changed',
      model: 'gpt-4.1',
      imagePolicy: { ...policy, maxSide: 1024, detail: 'high' },
    });
    const third = await waitForPost(page, 'image/prepared', beforeThird);
    assert.deepEqual(
      { width: third.image.width, height: third.image.height },
      { width: 1024, height: Math.round((1800 * 1024) / 3000) },
    );
  });

  it('cuts the crops of restored region questions again from the image, only for the turns the host asks', async () => {
    page = await openPanel();
    const asked = { x: 600, y: 300, width: 420, height: 260 };
    const turns: TurnView[] = [
      {
        id: 'turn-1',
        task: 'what is this part?',
        reasoning: '',
        answer: 'The web tier.',
        status: 'done',
        region: asked,
      },
      {
        id: 'turn-2',
        task: 'and this one?',
        reasoning: '',
        answer: 'Its crop is still with the host.',
        status: 'done',
        region: { x: 0, y: 0, width: 100, height: 100 },
      },
    ];
    await deliver(page, {
      ...init('large.png', turns),
      regionCropsWanted: ['turn-1'],
    } as HostToWebview);
    const { crops } = await waitForPost(page, 'image/regionCrops');
    assert.deepEqual(
      crops.map((crop) => crop.turnId),
      ['turn-1'],
      'only the turns the host asked for',
    );
    assert.equal(
      await largeCropMismatches(crops[0].crop.dataUrl, asked),
      0,
      "every pixel is the source region's",
    );
    const order = (await posted(page))
      .map((message) => message.type)
      .filter((type) => type.startsWith('image/'));
    assert.deepEqual(order, ['image/prepared', 'image/regionCrops']);
    await page.waitForFunction(
      () => !(globalThis as any).document.querySelector('.submit-button').disabled,
    );
  });

  it('never enlarges a small image, and sizes a vector image without a size of its own', async () => {
    page = await openPanel('light');
    await deliver(page, init('small.png'));
    const small = await waitForPost(page, 'image/prepared');
    assert.deepEqual(
      { width: small.image.width, height: small.image.height },
      { width: 320, height: 200 },
    );
    assert.deepEqual(pngSize(small.image.dataUrl), { width: 320, height: 200 });

    const before = (await posted(page)).length;
    await deliver(page, init('unsized.svg'));
    const vector = await waitForPost(page, 'image/prepared', before);
    assert.deepEqual(
      { width: vector.image.width, height: vector.image.height },
      { width: MAX_SIDE, height: MAX_SIDE / 4 },
    );
    // Kept to look at: the vector image drawn sharp at the model's size, on white.
    fs.writeFileSync(
      path.join(OUTPUT, 'panel-prepared-svg.png'),
      Buffer.from(vector.image.dataUrl.split(',')[1], 'base64'),
    );
  });

  it('reports an image it cannot decode instead of hanging', async () => {
    page = await openPanel();
    await deliver(page, init('broken.png'));
    const failed = await waitForPost(page, 'image/prepareFailed');
    assert.match(failed.message, /broken\.png could not be read as an image/);
    assert.ok(await page.getByRole('button', { name: 'Analyze' }).isDisabled());
    await page.getByRole('alert').filter({ hasText: 'broken.png' }).waitFor();
    panel.errors = panel.errors.filter(
      (error) => !/Failed to load resource|broken\.png/.test(error),
    );
  });

  it('zooms and pans the image with wheel, click, drag and keys, and fits it back', async () => {
    page = await openPreparedPanel();
    const viewport = page.locator('.image-viewport');
    const zoom = page.locator('.zoom-label');
    const fitted = await zoom.innerText();
    const box = (await viewport.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(
      (before) => (globalThis as any).document.querySelector('.zoom-label').textContent !== before,
      fitted,
    );
    const zoomed = parseInt(await zoom.innerText(), 10);
    assert.ok(zoomed > parseInt(fitted, 10));

    await page.getByRole('button', { name: 'Fit' }).click();
    assert.equal(await zoom.innerText(), fitted);
    await viewport.click({ position: { x: 50, y: 50 } });
    const percent = async (): Promise<number> => parseInt(await zoom.innerText(), 10);
    const doubled = parseInt(fitted, 10) * 2;
    assert.ok(Math.abs((await percent()) - doubled) <= 1, 'a click zooms in two-fold');

    const transform = (): Promise<string> =>
      page.locator('.image-content').evaluate((image) => (image as any).style.transform);
    const beforeDrag = await transform();
    await page.mouse.move(box.x + 200, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + 120, box.y + 150, { steps: 5 });
    await page.mouse.up();
    assert.notEqual(await transform(), beforeDrag, 'dragging pans');
    assert.ok(Math.abs((await percent()) - doubled) <= 1, 'a drag is not a click');

    await viewport.focus();
    await page.keyboard.press('0');
    assert.equal(await zoom.innerText(), fitted);
    await page.keyboard.press('+');
    assert.ok(parseInt(await zoom.innerText(), 10) > parseInt(fitted, 10));
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    assert.ok(parseInt(await zoom.innerText(), 10) < parseInt(fitted, 10));

    // The copy the model receives can be inspected in place.
    const sentCopy = page.getByRole('button', { name: 'What the model sees' });
    await sentCopy.click();
    assert.equal(await sentCopy.getAttribute('aria-pressed'), 'true');
    assert.match(
      (await page.locator('.image-content').getAttribute('src')) ?? '',
      /^data:image\/png;base64,/,
    );
    assert.match(
      await page.locator('.sent-copy-badge').innerText(),
      /^The model sees 1568×941 PNG overview \+ 12 tiles \(4×3\) at full resolution, [\d.]+ (KB|MB) in all$/,
    );
    await screenshot(page, 'what-the-model-sees');
    await sentCopy.click();
    assert.equal(await sentCopy.getAttribute('aria-pressed'), 'false');
  });

  it('stacks image and conversation under 700 px', async () => {
    page = await openPreparedPanel('dark', { width: 640, height: 900 });
    await deliver(page, { type: 'turn/started', turnId: 'n1', task: 'explain this architecture' });
    await deliver(
      page,
      { type: 'turn/answerDelta', turnId: 'n1', text: ANSWER },
      { type: 'turn/ended', turnId: 'n1', status: 'done' },
    );
    const image = (await page.locator('.image-pane').boundingBox())!;
    const conversation = (await page.locator('.conversation-pane').boundingBox())!;
    assert.ok(conversation.y >= image.y + image.height - 1, 'the conversation is below the image');
    assert.ok(Math.abs(conversation.width - image.width) < 2);
    await screenshot(page, 'narrow-dark');
  });

  it('keeps the image toolbar on one line in a narrow pane: text buttons show their icons, keeping their names', async () => {
    const toolbarFacts = async (): Promise<{
      height: number;
      labelsShown: boolean[];
      buttonTops: number[];
    }> =>
      page.locator('.image-toolbar').evaluate((toolbar: any) => ({
        height: toolbar.getBoundingClientRect().height,
        labelsShown: [...toolbar.querySelectorAll('.tool-label')].map(
          (label: any) => label.getBoundingClientRect().width > 0,
        ),
        buttonTops: [...toolbar.querySelectorAll('button')].map((button: any) =>
          Math.round(button.getBoundingClientRect().top),
        ),
      }));
    // Side by side in a 1000 px panel: the image pane is under 640 px wide.
    page = await openPreparedPanel('dark', { width: 1000, height: 700 });
    const narrow = await toolbarFacts();
    assert.ok(
      narrow.labelsShown.length === 3 && narrow.labelsShown.every((shown) => !shown),
      'labels hidden',
    );
    assert.equal(new Set(narrow.buttonTops).size, 1, 'every button on one line');
    assert.ok(narrow.height <= 36, `one line high (${narrow.height} px)`);
    for (const name of ['Select region', 'What the model sees', 'Fit', 'Zoom in', 'Zoom out']) {
      assert.ok(
        await page.getByRole('button', { name, exact: true }).isVisible(),
        `${name} keeps its name`,
      );
    }
    await screenshot(page, 'narrow-toolbar');
    await page.context().close();

    page = await openPreparedPanel('dark', { width: 1600, height: 800 });
    const wide = await toolbarFacts();
    assert.ok(
      wide.labelsShown.every((shown) => shown),
      'labels shown when there is room',
    );
    assert.equal(new Set(wide.buttonTops).size, 1);
  });
});
