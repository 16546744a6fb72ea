// The zoom trail in the real panel page (Chromium): the page cuts the regions the host asks for
// from the original it shows, pixel for pixel, and refuses to cut from an image of another size;
// the regions a turn zoomed into are outlined on the image over the coloured boxes of a marked
// image (IoU ≥ 0.95, measured from the screenshot's pixels, fitted and zoomed), labelled
// "Zoom 1"… beside a list of thumbnails with the same names; hovering one highlights its outline;
// a turn restored from history shows its trail again.
//
// Run: npx tsc -p . && npx mocha --no-config --timeout 120000 out/test/e2e/zoomTrail.test.js

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { TurnView, ZoomRecord } from '../../src/core/protocol';
import { intersectionOverUnion } from '../../src/webview/image/imageTransform';
import { markedBoxes } from '../support/markedImages';
import {
  contains,
  measureMarked,
  overlayRects,
  serveMarkedImages,
  setOverlayHidden,
} from './markedImageOnScreen';
import { cropMismatches, decodeImage, inflate, markedOriginal } from './pixelMeasure';
import {
  checkedPages,
  deliver,
  imageInit,
  nextFrames,
  pageHarness,
  ROOT,
  waitForPost,
  type ServedImage,
} from './webviewPage';

const OUTPUT = path.join(ROOT, 'test-output/e2e');
const MIN_IOU = 0.95;
type Size = { width: number; height: number };
const SIZES: Size[] = [
  { width: 4000, height: 3000 },
  { width: 1600, height: 900 },
];
const PANE: Size = { width: 1000, height: 640 };
const fileName = (size: Size): string => `zoom-marked-${size.width}x${size.height}.png`;

/** The trail of a turn that zoomed into each coloured box, in the order of the boxes. */
function trailOf(size: Size): ZoomRecord[] {
  return markedBoxes(size.width, size.height).map((box, index) => ({
    label: index + 1,
    image: 1,
    box: [
      Math.floor((box.y / size.height) * 1000),
      Math.floor((box.x / size.width) * 1000),
      Math.ceil(((box.y + box.height) / size.height) * 1000),
      Math.ceil(((box.x + box.width) / size.width) * 1000),
    ],
    region: { x: box.x, y: box.y, width: box.width, height: box.height },
    sent: { width: box.width, height: box.height },
  }));
}

describe('the zoom trail on the image (panel page)', function () {
  this.timeout(180_000);

  let page: Page | undefined;
  const images: Record<string, ServedImage> = {};
  const harness = pageHarness(images, { output: OUTPUT });
  const open = checkedPages(harness);

  serveMarkedImages(images, SIZES, fileName);

  async function openPanel(size: Size, dpr: number, turns: TurnView[] = []): Promise<Page> {
    const opened = await open('panel', { viewport: PANE, deviceScaleFactor: dpr });
    await deliver(
      opened,
      imageInit(harness.server, images, fileName(size), {
        turns,
        maxImageSide: 2048,
      }),
    );
    await waitForPost(opened, 'image/prepared', 0);
    await nextFrames(opened, 3);
    return opened;
  }

  /** The outlines of the trail against the coloured boxes they stand for, measured by pixels. */
  async function checkOutlines(target: Page, size: Size, dpr: number, what: string) {
    await nextFrames(target, 2);
    const outlines = await overlayRects(target.locator('.overlay-zoom-group rect.overlay-zoom'));
    assert.equal(outlines.length, 4, `${what}: four outlines`);
    await setOverlayHidden(target.locator('.image-overlay'), true);
    const shot = { ...(await decodeImage(await target.screenshot())), dpr };
    await setOverlayHidden(target.locator('.image-overlay'), false);
    fs.writeFileSync(
      path.join(OUTPUT, `zoom-trail-${what.replace(/[^\w.-]+/g, '-')}.png`),
      await target.screenshot(),
    );
    const viewport = (await target.locator('.image-viewport').boundingBox())!;
    const { boxes } = measureMarked(shot, dpr, viewport, size, outlines);
    let compared = 0;
    markedBoxes(size.width, size.height).forEach((box, index) => {
      const outline = outlines[index];
      if (!contains(inflate(viewport, -2), outline) || outline.width < 6 || outline.height < 6) {
        return;
      }
      const found = boxes[index];
      assert.ok(found, `${what}: ${box.name} is on the screen`);
      const iou = intersectionOverUnion(found, outline);
      assert.ok(
        iou >= MIN_IOU,
        `${what}: Zoom ${index + 1} has IoU ${iou.toFixed(3)} with it: ${JSON.stringify({ found, outline })}`,
      );
      compared++;
    });
    assert.ok(compared >= 1, `${what}: at least one outline in view`);
    return outlines;
  }

  it('cuts the regions the host asks for from the original, pixel for pixel, and refuses another image', async () => {
    const size = SIZES[0];
    page = await openPanel(size, 1);
    const red = markedBoxes(size.width, size.height)[0];
    await deliver(page, {
      type: 'zoom/cut',
      requestId: 'zoom-1',
      maxSide: 2048,
      zooms: [
        { callId: 'a', label: 1, image: 1, region: red, original: size },
        { callId: 'b', label: 2, image: 1, region: red, original: { width: 10, height: 10 } },
        { callId: 'c', label: 3, image: 2, region: red, original: size },
      ],
    });
    const answer = await waitForPost(page, 'zoom/crops');
    assert.equal(answer.requestId, 'zoom-1');
    const [a, b, c] = answer.crops;
    assert.ok(a.crop, 'the region is cut');
    // The picture and its size only: the host's schema refuses a crop with anything more.
    assert.deepEqual(Object.keys(a.crop).sort(), ['dataUrl', 'height', 'width']);
    const mismatches = await cropMismatches(
      Buffer.from(a.crop.dataUrl.split(',')[1], 'base64'),
      red,
      markedOriginal(size),
    );
    assert.equal(mismatches, 0, 'every pixel of the crop is the original’s');
    assert.match(b.error ?? '', /image 1 here is 4000×3000, not 10×10/);
    assert.match(c.error ?? '', /image 2 is not shown here/);
  });

  for (const size of SIZES) {
    for (const dpr of [1, 2]) {
      it(`outlines each zoomed region of a ${size.width}×${size.height} image on its pixels, labelled as its thumbnail (dpr ${dpr})`, async () => {
        page = await openPanel(size, dpr);
        const target = page;
        const trail = trailOf(size);
        await deliver(
          target,
          { type: 'turn/started', turnId: 't1', task: 'read the boxes' },
          { type: 'turn/zoomed', turnId: 't1', zooms: trail.slice(0, 2) },
          { type: 'turn/zoomed', turnId: 't1', zooms: trail.slice(2) },
          { type: 'turn/answerDelta', turnId: 't1', text: 'Four boxes.' },
          { type: 'turn/ended', turnId: 't1', status: 'done' },
        );
        // The crops are listed with the turn under the same names, with pictures.
        for (const record of trail) {
          const button = target.getByRole('button', { name: `Zoom ${record.label}`, exact: true });
          await button.waitFor();
          await target.waitForFunction(
            (label) =>
              ((globalThis as any).document.querySelector(
                `.zoom-crop[data-zoom-label="${label}"] img`,
              )?.naturalWidth ?? 0) > 0,
            record.label,
          );
        }
        const what = `${size.width}x${size.height} dpr ${dpr}`;
        const outlines = await checkOutlines(target, size, dpr, `${what} fitted`);

        // Each outline's label is the visible text "Zoom N", inside its top-left corner.
        const labels = await target.locator('.overlay-zoom-tag').evaluateAll((tags: any[]) =>
          tags.map((tag) => {
            const r = tag.getBoundingClientRect();
            return { text: tag.textContent, x: r.x, y: r.y, width: r.width, height: r.height };
          }),
        );
        labels.forEach((label, index) => {
          assert.equal(label.text, `Zoom ${index + 1}`);
          assert.ok(label.width > 20, `Zoom ${index + 1}'s label has room for its text`);
          assert.ok(
            Math.abs(label.x - outlines[index].x) <= 1 &&
              Math.abs(label.y - outlines[index].y) <= 1,
            `Zoom ${index + 1}'s label sits at its outline's corner`,
          );
        });

        // Hovering a crop highlights its outline, and only that one.
        await target.getByRole('button', { name: 'Zoom 3', exact: true }).hover();
        const active = await target
          .locator('.overlay-zoom-group.active')
          .evaluateAll((groups: any[]) => groups.map((group) => group.dataset.zoomLabel));
        assert.deepEqual(active, ['3']);

        // Zoomed with the wheel around the red box: the outlines stay on the boxes.
        const red = outlines[0];
        await target.mouse.move(red.x + red.width / 2, red.y + red.height / 2);
        await target.mouse.wheel(0, -120);
        const zoomed = await checkOutlines(target, size, dpr, `${what} zoomed`);
        const tag = (await target.locator('.overlay-zoom-tag').first().boundingBox())!;
        assert.ok(
          Math.abs(tag.x - zoomed[0].x) <= 1 && Math.abs(tag.y - zoomed[0].y) <= 1,
          'the label follows its outline when zoomed',
        );
      });
    }
  }

  it('draws the trail of a turn restored from history once the image is shown', async () => {
    const size = SIZES[1];
    page = await openPanel(size, 1, [
      {
        id: 'turn-1',
        task: 'read the boxes',
        reasoning: '',
        answer: 'Four boxes.',
        status: 'done',
        zooms: trailOf(size),
      },
    ]);
    await checkOutlines(page, size, 1, 'restored');
    assert.equal(await page.getByRole('button', { name: /^Zoom \d$/ }).count(), 4);
  });

  it('shows the estimate beside Analyze and updates it when the detail changes and a region is selected', async () => {
    const size = SIZES[0];
    page = await openPanel(size, 1);
    const target = page;
    const policy = {
      maxSide: 2048,
      maxBytes: 20 * 1024 * 1024,
      maxPixels: 64_000_000,
      maxFileBytes: 50 * 1024 * 1024,
      detail: 'auto' as const,
    };
    const estimate = target.locator('.cost-estimate');
    const prepared = async (zoom: boolean, maxZooms?: number) => {
      const before = (await target.evaluate(
        () => (globalThis as any).__host.posted.length,
      )) as number;
      await deliver(target, {
        type: 'settings/changed',
        model: 'gpt-4o',
        imagePolicy: { ...policy, zoom },
        cost: { rule: 'openaiTiles', inputPricePerMillion: 2.5, maxZooms },
      });
      const message = await waitForPost(target, 'image/prepared', before);
      await nextFrames(target, 2);
      return message.image;
    };
    // The model can zoom: the overview alone, and what zooming to the cap may add.
    const overview = await prepared(true, 3);
    assert.equal(overview.tiles, undefined);
    assert.match(
      (await estimate.textContent()) ?? '',
      /^1 image · ≈765 tokens · <\$0\.01 · ≤8\.0k with zooms$/,
    );
    // It cannot: detail auto adds the tiles, and the estimate counts them.
    const tiled = await prepared(false);
    const images = 1 + (tiled.tiles?.length ?? 0);
    assert.ok(images > 10, 'a 4000×3000 image goes with its tiles');
    assert.match(
      (await estimate.textContent()) ?? '',
      new RegExp(`^${images} images · ≈\\d+k tokens · \\$0\\.\\d\\d$`),
    );
    // A selected region adds its crop.
    await target.getByRole('button', { name: 'Select region' }).click();
    const shown = (await target.locator('.image-content').boundingBox())!;
    await target.mouse.move(shown.x + shown.width * 0.2, shown.y + shown.height * 0.2);
    await target.mouse.down();
    await target.mouse.move(shown.x + shown.width * 0.4, shown.y + shown.height * 0.4, {
      steps: 4,
    });
    await target.mouse.up();
    await target.locator('.region-chip').waitFor({ state: 'visible' });
    assert.match((await estimate.textContent()) ?? '', new RegExp(`^${images + 1} images`));
  });

  it('says quietly that a turn answered without zooming', async () => {
    page = await openPanel(SIZES[1], 1);
    await deliver(
      page,
      { type: 'turn/started', turnId: 't1', task: 'what is this?' },
      { type: 'turn/zoomNote', turnId: 't1', note: 'toolsRejected' },
      { type: 'turn/answerDelta', turnId: 't1', text: 'From the overview.' },
      { type: 'turn/ended', turnId: 't1', status: 'done' },
    );
    await page
      .getByText('Answered without zooming: this model does not take tools.')
      .waitFor({ state: 'visible' });
  });
});
