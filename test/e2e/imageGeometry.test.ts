// What the webviews draw, measured on the screen: synthetic images with boxes of known colours at
// known places (test/support/markedImages.ts) are shown in the real panel and side view, and
// each screenshot is read back to find where the picture and each box actually landed. Asserted:
// the picture's aspect against the file's (within 1 %) at every pane size, zoom and
// devicePixelRatio, the overlay rectangles (grounding boxes, the region being selected) against
// the boxes they stand for (IoU ≥ 0.95), and the crop posted for a region against the same
// pixels of the original file (equal). The figures land in test-output/e2e/geometry.json.
//
// Run: npx tsc -p . && npx mocha --no-config --timeout 120000 out/test/e2e/imageGeometry.test.js

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { intersectionOverUnion } from '../../src/webview/image/imageTransform';
import { FIELD, markedBoxes, markedPng, type Box } from '../support/markedImages';
import {
  contains,
  expectedOnScreen,
  measureMarked,
  overlayRects,
  serveMarkedImages,
  setOverlayHidden,
} from './markedImageOnScreen';
import {
  aspectError,
  cropMismatches,
  decodeImage,
  inflate,
  measurePicture,
  pixelAt,
  scaleBox,
  type Raster,
  markedOriginal,
} from './pixelMeasure';
import {
  deliver,
  imageInit,
  nextFrames,
  openPage,
  pageHarness,
  ROOT,
  waitForAttachmentPrepared,
  waitForPost,
  type ServedImage,
} from './webviewPage';

const OUTPUT = path.join(ROOT, 'test-output/e2e');
const MAX_ASPECT_ERROR = 0.01;
const MIN_IOU = 0.95;
/** Fit leaves this much room around the picture (src/webview/image/imageViewer.ts). */
const FIT_PADDING = 12;

type Size = { width: number; height: number };
const IMAGES: Size[] = [
  { width: 1600, height: 900 },
  { width: 4000, height: 3000 },
  { width: 600, height: 3000 },
  { width: 320, height: 200 },
  { width: 120, height: 48 },
];
/** A wide panel, the default two-column split, and the stacked layout under 700 px. */
const PANES: Size[] = [
  { width: 1280, height: 820 },
  { width: 1000, height: 640 },
  { width: 640, height: 900 },
];
const RATIOS = [1, 2];

const fileName = (size: Size): string => `marked-${size.width}x${size.height}.png`;

interface Measurement {
  readonly what: string;
  readonly aspectError?: number;
  /** Kept apart: a thumbnail is too few pixels to measure to 1 %. */
  readonly thumbnailAspectError?: number;
  readonly iou?: number;
}

describe('what the webviews draw, measured on the screen', function () {
  this.timeout(180_000);

  const images: Record<string, ServedImage> = {};
  const harness = pageHarness(images, { output: OUTPUT });
  let page: Page | undefined;
  let pageErrors: string[] = [];
  const measurements: Measurement[] = [];

  serveMarkedImages(images, IMAGES, fileName);

  after(() => {
    const worst = (
      key: 'aspectError' | 'thumbnailAspectError' | 'iou',
      pick: (a: number, b: number) => number,
    ) =>
      measurements
        .filter((m) => m[key] !== undefined)
        .reduce<Measurement | undefined>(
          (best, m) => (best && pick(best[key]!, m[key]!) === best[key] ? best : m),
          undefined,
        );
    const summary = {
      measurements: measurements.length,
      worstAspectError: worst('aspectError', Math.max),
      worstIou: worst('iou', Math.min),
      worstThumbnailAspectError: worst('thumbnailAspectError', Math.max),
    };
    fs.writeFileSync(
      path.join(OUTPUT, 'geometry.json'),
      JSON.stringify({ ...summary, all: measurements }, null, 1),
    );
    console.log(`      geometry: ${JSON.stringify(summary)}`);
  });

  afterEach(async () => {
    const errors = pageErrors;
    pageErrors = [];
    await page
      ?.context()
      .close()
      .catch(() => undefined);
    page = undefined;
    assert.deepEqual(errors, [], 'no script errors or CSP violations');
  });

  async function open(kind: 'panel' | 'chat', viewport: Size, deviceScaleFactor: number) {
    const opened = await openPage(harness.browser, harness.server, kind, {
      viewport,
      deviceScaleFactor,
    });
    pageErrors = opened.errors;
    return opened.page;
  }

  /** The panel showing `size`'s marked image, prepared, fitted. */
  async function openPanel(size: Size, viewport: Size, dpr: number): Promise<Page> {
    const opened = await open('panel', viewport, dpr);
    await deliver(opened, imageInit(harness.server, images, fileName(size)));
    await waitForPost(opened, 'image/prepared', 0);
    await nextFrames(opened, 3);
    return opened;
  }

  async function shoot(target: Page, dpr: number): Promise<Raster & { dpr: number }> {
    return { ...(await decodeImage(await target.screenshot())), dpr };
  }

  /** A CSS-pixel rectangle's pixels in a device-pixel screenshot, and back. */
  const toDevice = (box: Box, shot: { dpr: number }): Box => scaleBox(box, shot.dpr);
  const toCss = (box: Box, shot: { dpr: number }): Box => scaleBox(box, 1 / shot.dpr);

  async function viewportBox(target: Page): Promise<Box> {
    return (await target.locator('.image-viewport').boundingBox())!;
  }

  /** Where the marked picture and each of its boxes are on the screen (CSS pixels). */
  async function measureShown(
    target: Page,
    size: Size,
    dpr: number,
    what: string,
    /** Where to look for each box (CSS pixels): by default, where the picture says it is. */
    guesses?: readonly Box[],
  ): Promise<{ picture: Box | undefined; boxes: (Box | undefined)[]; viewport: Box }> {
    await setOverlayHidden(target.locator('.image-overlay'), true);
    const shot = await shoot(target, dpr);
    await setOverlayHidden(target.locator('.image-overlay'), false);
    const viewport = await viewportBox(target);
    fs.writeFileSync(
      path.join(OUTPUT, `geometry-${fileSafe(what)}.png`),
      await target.screenshot(),
    );
    return { ...measureMarked(shot, dpr, viewport, size, guesses), viewport };
  }

  for (const size of IMAGES) {
    it(`draws a ${size.width}×${size.height} image at its own aspect in every pane and at every devicePixelRatio, fitted in both dimensions, its boxes where they belong`, async () => {
      for (const pane of PANES) {
        for (const dpr of RATIOS) {
          const what = `panel ${size.width}x${size.height} in ${pane.width}x${pane.height} at dpr ${dpr}`;
          page = await openPanel(size, pane, dpr);
          const { picture, boxes, viewport } = await measureShown(page, size, dpr, what);
          assert.ok(picture, `${what}: the picture is on the screen`);
          const error = aspectError(picture, size);
          measurements.push({ what, aspectError: error });
          assert.ok(
            error <= MAX_ASPECT_ERROR,
            `${what}: aspect off by ${(error * 100).toFixed(2)} %`,
          );
          // Fitted: inside the pane in both dimensions, as large as the padding allows (bitmaps
          // are never enlarged past 100 %).
          const room = Math.min(
            (viewport.width - 2 * FIT_PADDING) / size.width,
            (viewport.height - 2 * FIT_PADDING) / size.height,
            1,
          );
          assert.ok(
            Math.abs(picture.width - size.width * room) <= 1 &&
              Math.abs(picture.height - size.height * room) <= 1,
            `${what}: fitted at ${picture.width.toFixed(1)}×${picture.height.toFixed(1)}, expected ${(size.width * room).toFixed(1)}×${(size.height * room).toFixed(1)}`,
          );
          assert.ok(
            picture.x >= viewport.x - 0.5 &&
              picture.y >= viewport.y - 0.5 &&
              picture.x + picture.width <= viewport.x + viewport.width + 0.5 &&
              picture.y + picture.height <= viewport.y + viewport.height + 0.5,
            `${what}: inside the pane`,
          );
          // The boxes are where the file has them: the picture is not distorted inside either.
          markedBoxes(size.width, size.height).forEach((box, index) => {
            const found = boxes[index];
            const expected = expectedOnScreen(picture, size, box);
            if (expected.width < 6 || expected.height < 6) {
              return; // a few pixels on the screen: too small to measure to 5 %
            }
            assert.ok(found, `${what}: ${box.name} is on the screen`);
            const iou = intersectionOverUnion(found, expected);
            measurements.push({ what: `${what}: ${box.name} where the file has it`, iou });
            assert.ok(iou >= MIN_IOU, `${what}: ${box.name} IoU ${iou.toFixed(3)}`);
          });
          await page.context().close();
        }
      }
    });
  }

  for (const size of [IMAGES[0], IMAGES[2]]) {
    for (const dpr of RATIOS) {
      it(`keeps the grounding boxes on the coloured boxes of a ${size.width}×${size.height} image, fitted, zoomed and panned (dpr ${dpr})`, async () => {
        page = await openPanel(size, PANES[1], dpr);
        const marked = markedBoxes(size.width, size.height);
        await deliver(
          page,
          {
            type: 'turn/started',
            turnId: 'g1',
            task: 'where is everything?',
            groundingRequested: true,
          },
          {
            type: 'turn/answerDelta',
            turnId: 'g1',
            text: marked.map((box) => `The ${box.name} is here.`).join(' '),
          },
          {
            type: 'turn/ended',
            turnId: 'g1',
            status: 'done',
            grounding: marked.map((box) => ({
              name: box.name,
              box: {
                left: box.x / size.width,
                top: box.y / size.height,
                right: (box.x + box.width) / size.width,
                bottom: (box.y + box.height) / size.height,
              },
            })),
          },
        );
        await page.locator('.overlay-component-group').nth(3).waitFor({ state: 'attached' });
        const viewport = await viewportBox(page);
        const target = page;
        const check = async (state: string): Promise<void> => {
          await nextFrames(target, 2);
          const what = `grounding ${size.width}x${size.height} dpr ${dpr} ${state}`;
          const overlays = await overlayRects(
            target.locator('.overlay-component-group rect.overlay-component'),
          );
          // Each coloured box is looked for around its outline, and measured by its own pixels.
          const { boxes } = await measureShown(target, size, dpr, what, overlays);
          let compared = 0;
          marked.forEach((box, index) => {
            const overlay = overlays[index];
            const inView = contains(inflate(viewport, -2), overlay);
            if (!inView || overlay.width < 6 || overlay.height < 6) {
              return;
            }
            const found = boxes[index];
            assert.ok(found, `${what}: ${box.name} is on the screen`);
            const iou = intersectionOverUnion(found, overlay);
            measurements.push({ what: `${what}: ${box.name} overlay`, iou });
            assert.ok(
              iou >= MIN_IOU,
              `${what}: the ${box.name}'s outline has IoU ${iou.toFixed(3)} with it`,
            );
            // The box's own shape, at any zoom: its aspect is the file's.
            const error = aspectError(found, box);
            measurements.push({ what: `${what}: ${box.name} aspect`, aspectError: error });
            assert.ok(
              error <= MAX_ASPECT_ERROR * 2,
              `${what}: ${box.name} aspect off by ${(error * 100).toFixed(2)} %`,
            );
            compared++;
          });
          assert.ok(compared >= 1, `${what}: at least one box in view to compare`);
        };
        await check('fitted');
        // Wheel-zoom around the red box's centre, then pan by dragging and by the keyboard.
        const red = (await target
          .locator('.overlay-component-group rect.overlay-component')
          .first()
          .boundingBox())!;
        await target.mouse.move(red.x + red.width / 2, red.y + red.height / 2);
        await target.mouse.wheel(0, -300);
        await check('zoomed with the wheel');
        await target.mouse.move(viewport.x + viewport.width / 2, viewport.y + viewport.height / 2);
        await target.mouse.down();
        await target.mouse.move(
          viewport.x + viewport.width / 2 - 37,
          viewport.y + viewport.height / 2 - 23,
          { steps: 4 },
        );
        await target.mouse.up();
        await check('panned by dragging');
        await target.locator('.image-viewport').focus();
        await target.keyboard.press('0');
        await target.keyboard.press('+');
        await target.keyboard.press('ArrowLeft');
        await target.keyboard.press('ArrowUp');
        await check('zoomed and panned by keys');
        // Hovering a name draws its box at full strength: measured from its stroke's pixels too.
        await target.locator('.grounded-name', { hasText: 'Green box' }).first().hover();
        await target.keyboard.press('0');
        await check('fitted again');
        const shot = await shoot(target, dpr);
        fs.writeFileSync(
          path.join(
            OUTPUT,
            `geometry-grounding-${size.width}x${size.height}-dpr-${dpr}-hover-outline.png`,
          ),
          await target.screenshot(),
        );
        const [outline] = await overlayRects(
          target.locator('.overlay-component-group.active rect.overlay-component'),
        );
        const stroke = await target
          .locator('.overlay-component-group.active rect.overlay-component')
          .evaluate((rect: any) =>
            parseFloat((globalThis as any).getComputedStyle(rect).strokeWidth),
          );
        const drawn = measureStroke(shot, toDevice(inflate(outline, stroke + 2), shot), 0x3794ff);
        assert.ok(drawn, 'the hovered box is drawn');
        const strokeCentre = toCss(inflate(drawn, -(stroke * dpr) / 2), shot);
        const { boxes } = await measureShown(
          target,
          size,
          dpr,
          `grounding ${size.width}x${size.height} dpr ${dpr} hovered`,
        );
        const iou = intersectionOverUnion(strokeCentre, boxes[1]!);
        measurements.push({
          what: `grounding ${size.width}x${size.height} dpr ${dpr}: hovered Green box stroke pixels`,
          iou,
        });
        assert.ok(
          iou >= MIN_IOU,
          `the hovered outline's pixels have IoU ${iou.toFixed(3)} with the green box`,
        );
      });
    }
  }

  for (const size of [IMAGES[0], IMAGES[2], IMAGES[1]]) {
    for (const dpr of RATIOS) {
      it(`crops exactly the pixels of a rectangle dragged around a box of a ${size.width}×${size.height} image (dpr ${dpr})`, async () => {
        page = await openPanel(size, PANES[0], dpr);
        const box = markedBoxes(size.width, size.height)[0];
        const what = `region ${size.width}x${size.height} dpr ${dpr}`;
        const { boxes } = await measureShown(page, size, dpr, what);
        const red = boxes[0]!;
        await page.getByRole('button', { name: 'Select region' }).click();
        await page.mouse.move(red.x, red.y);
        await page.mouse.down();
        await page.mouse.move(red.x + red.width, red.y + red.height, { steps: 6 });
        await page.mouse.up();
        await page.locator('.region-chip').waitFor({ state: 'visible' });
        const [selection] = await overlayRects(page.locator('.overlay-selection'));
        const shownIou = intersectionOverUnion(selection, red);
        measurements.push({ what: `${what}: selection rectangle`, iou: shownIou });
        assert.ok(
          shownIou >= MIN_IOU,
          `the selection rectangle ${JSON.stringify(selection)} has IoU ${shownIou.toFixed(3)} with the box ${JSON.stringify(red)}`,
        );

        await page.getByRole('textbox', { name: 'Task' }).fill('what is in this box?');
        await page.getByRole('button', { name: 'Analyze' }).click();
        const submit = await waitForPost(page, 'task/submit');
        const region = submit.region!;
        const sentIou = intersectionOverUnion(region.box, box);
        measurements.push({ what: `${what}: region sent vs the box`, iou: sentIou });
        assert.ok(
          sentIou >= MIN_IOU,
          `the region sent ${JSON.stringify(region.box)} has IoU ${sentIou.toFixed(3)} with ${JSON.stringify(box)}`,
        );
        const crop = Buffer.from(region.crop.dataUrl.split(',')[1], 'base64');
        fs.writeFileSync(path.join(OUTPUT, `geometry-${fileSafe(what)}-crop.png`), crop);
        const mismatched = await cropMismatches(crop, region.box, markedOriginal(size));
        assert.equal(
          mismatched,
          0,
          `every pixel of the ${region.box.width}×${region.box.height} crop is the original's`,
        );
      });
    }
  }

  it('selects a region with the keyboard alone: Tab to Select region, Enter, arrows move, Shift+arrows resize, Enter; each step announced; the crop is those pixels', async () => {
    const size = IMAGES[0];
    page = await openPanel(size, PANES[0], 1);
    const target = page;
    const focused = () =>
      target.evaluate(() => {
        const element = (globalThis as any).document.activeElement;
        const style = (globalThis as any).getComputedStyle(element);
        return {
          label: element?.getAttribute('aria-label') ?? element?.className,
          ringed: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        };
      });
    const status = target.locator('.region-status');
    const selected = async (): Promise<Box> => {
      const [x, y, width, height] = await target
        .locator('.overlay-selection')
        .evaluate((rect: any) =>
          rect.getAttribute('visibility') === 'hidden'
            ? []
            : ['x', 'y', 'width', 'height'].map((name) => Number(rect.getAttribute(name))),
        );
      return { x, y, width, height };
    };
    // Tab from the top of the page to Select region; its focus ring shows.
    await target.locator('body').focus();
    for (let presses = 0; (await focused()).label !== 'Select region'; presses++) {
      assert.ok(presses < 20, 'Tab reaches Select region');
      await target.keyboard.press('Tab');
    }
    assert.ok((await focused()).ringed, 'Select region shows that it has the focus');
    await target.keyboard.press('Enter');
    assert.equal((await focused()).label, `Image: ${fileName(size)}`, 'the image takes the focus');
    assert.ok((await focused()).ringed, 'the image shows that it has the focus');
    await status
      .filter({ hasText: /^Selecting a region, \d+×\d+ pixels at \d+, \d+\. Arrow keys move it/ })
      .waitFor({ state: 'attached' });
    const start = await selected();
    assert.ok(
      start.width > 100 && start.height > 50,
      `a rectangle to start from: ${JSON.stringify(start)}`,
    );

    // Each arrow moves it 10 screen pixels; Shift+arrows move its right and bottom edges.
    const scale = await target.evaluate(
      () => parseFloat((globalThis as any).document.querySelector('.zoom-label').textContent) / 100,
    );
    const step = Math.round(10 / scale);
    for (const key of [
      'ArrowRight',
      'ArrowRight',
      'ArrowDown',
      'Shift+ArrowRight',
      'Shift+ArrowDown',
      'Shift+ArrowDown',
      'ArrowLeft',
    ]) {
      await target.keyboard.press(key);
    }
    const moved = await selected();
    // The zoom label is rounded to a percent: the step in image pixels is within one of this.
    assert.ok(
      Math.abs(moved.x - (start.x + step)) <= 1,
      `moved right twice and left once: ${JSON.stringify(moved)}`,
    );
    assert.ok(Math.abs(moved.y - (start.y + step)) <= 1, 'moved down once');
    assert.ok(Math.abs(moved.width - (start.width + step)) <= 1, 'widened once');
    assert.ok(Math.abs(moved.height - (start.height + 2 * step)) <= 2, 'heightened twice');
    await status
      .filter({ hasText: `${moved.width}×${moved.height} pixels at ${moved.x}, ${moved.y}` })
      .waitFor({ state: 'attached' });
    const what = 'keyboard region 1600x900';
    const shown = await measureShown(target, size, 1, what);
    fs.writeFileSync(path.join(OUTPUT, 'geometry-keyboard-region.png'), await target.screenshot());
    const [outline] = await overlayRects(target.locator('.overlay-selection'));
    const expected = expectedOnScreen(shown.picture!, size, moved);
    const iou = intersectionOverUnion(outline, expected);
    measurements.push({ what: `${what}: outline vs its pixels`, iou });
    assert.ok(
      iou >= MIN_IOU,
      `the keyboard's rectangle is drawn where its pixels are (IoU ${iou.toFixed(3)})`,
    );

    await target.keyboard.press('Enter');
    await status.filter({ hasText: /^Region selected/ }).waitFor({ state: 'attached' });
    assert.equal(
      await target.locator('.region-chip').innerText(),
      `Region ${moved.width}×${moved.height}`,
    );
    assert.equal(
      await target.getByRole('button', { name: 'Select region' }).getAttribute('aria-pressed'),
      'false',
    );
    // On to the task box by Tab, type, Ctrl+Enter: the crop is the rectangle's pixels.
    for (let presses = 0; (await focused()).label !== 'task-input'; presses++) {
      assert.ok(presses < 40, 'Tab reaches the task box');
      await target.keyboard.press('Tab');
    }
    await target.keyboard.type('what is here?');
    await target.keyboard.press('Control+Enter');
    const submit = await waitForPost(target, 'task/submit');
    assert.deepEqual(submit.region?.box, moved);
    const crop = Buffer.from(submit.region.crop.dataUrl.split(',')[1], 'base64');
    assert.equal(
      await cropMismatches(crop, moved, markedOriginal(size)),
      0,
      'the crop is the pixels selected',
    );

    // R starts another one; Escape cancels it.
    await target.locator('.image-viewport').focus();
    await target.keyboard.press('r');
    await status.filter({ hasText: /^Selecting a region/ }).waitFor({ state: 'attached' });
    await target.keyboard.press('Escape');
    await status.filter({ hasText: 'Region selection cancelled.' }).waitFor({ state: 'attached' });
    assert.equal(await target.locator('.overlay-selection').getAttribute('visibility'), 'hidden');
  });

  it('draws the side view’s thumbnails and the history’s at each image’s own aspect', async () => {
    // At 3 device pixels a CSS pixel the 32 px chip shows its 96 px thumbnail pixel for pixel.
    const dpr = 3;
    page = await open('chat', { width: 420, height: 760 }, dpr);
    const sizes = IMAGES.slice(0, 3);
    for (const [index, size] of sizes.entries()) {
      const png = await markedPng(size.width, size.height);
      await deliver(page, {
        type: 'attachments/prepare',
        image: {
          id: `i${index}`,
          name: fileName(size),
          src: `data:image/png;base64,${png.toString('base64')}`,
          mime: 'image/png',
          bytes: png.length,
        },
      });
    }
    const thumbnails: string[] = [];
    for (const [index] of sizes.entries()) {
      thumbnails.push((await waitForAttachmentPrepared(page, `i${index}`)).thumbnail!);
    }
    await deliver(page, {
      type: 'attachments/list',
      attachments: sizes.map((size, index) => ({
        id: `i${index}`,
        name: fileName(size),
        thumbnail: thumbnails[index],
        sent: false,
      })),
    });
    await checkThumbnails('.attachment-thumb', sizes, thumbnails, dpr, 'side chat attachment');

    await deliver(page, {
      type: 'history/list',
      entries: sizes.map((size, index) => ({
        id: `h${index}`,
        kind: 'panel' as const,
        title: `about ${fileName(size)}`,
        imageNames: [fileName(size)],
        thumbnail: thumbnails[index],
        updatedAt: Date.UTC(2026, 0, 1),
        turnCount: 1,
      })),
    });
    await page.getByRole('button', { name: 'History' }).click();
    await checkThumbnails('.history-thumb', sizes, thumbnails, dpr, 'history');
  });

  async function checkThumbnails(
    selector: string,
    sizes: Size[],
    thumbnails: string[],
    dpr: number,
    what: string,
  ): Promise<void> {
    const target = page!;
    await target
      .locator(selector)
      .nth(sizes.length - 1)
      .waitFor({ state: 'visible' });
    await nextFrames(target, 2);
    const shot = await shoot(target, dpr);
    fs.writeFileSync(
      path.join(OUTPUT, `geometry-${fileSafe(what)}.png`),
      await target.screenshot(),
    );
    for (const [index, size] of sizes.entries()) {
      const element = (await target.locator(selector).nth(index).boundingBox())!;
      // Behind the thumbnail: the colour just left of it.
      const behind = pixelAt(shot, (element.x - 1.5) * dpr, (element.y + 2) * dpr);
      const picture = measurePicture(shot, toDevice(inflate(element, 1), shot), FIELD, behind);
      assert.ok(picture, `${what} ${index}: drawn`);
      const natural = (await sharp(
        Buffer.from(thumbnails[index].split(',')[1], 'base64'),
      ).metadata()) as Size;
      // A thumbnail is a small JPEG, drawn snapped to whole device pixels, whose edge columns
      // blur into the boxes next to them: a 19 px wide one is measured to about two pixels,
      // not to 1 %. (Cut to a square, as `object-fit: cover` did, it is 44 % off or more.)
      const tolerance = Math.max(MAX_ASPECT_ERROR, 2 / Math.min(picture.width, picture.height));
      const error = aspectError(picture, natural);
      measurements.push({
        what: `${what} thumbnail ${size.width}x${size.height} (${picture.width.toFixed(1)}×${picture.height.toFixed(1)} device px: measured to ±2 px)`,
        thumbnailAspectError: error,
      });
      assert.ok(
        error <= tolerance,
        `${what} ${size.width}×${size.height}: the thumbnail is drawn ${(error * 100).toFixed(2)} % off its aspect (${JSON.stringify(picture)} in ${JSON.stringify(element)}, ${natural.width}×${natural.height})`,
      );
      const fileError = aspectError({ x: 0, y: 0, ...natural }, size);
      assert.ok(
        fileError <= Math.max(MAX_ASPECT_ERROR, 1 / Math.min(natural.width, natural.height)),
        `${what}: the ${natural.width}×${natural.height} thumbnail of ${size.width}×${size.height} keeps its aspect to a pixel`,
      );
      assert.ok(contains(inflate(toDevice(element, shot), 1), picture), `${what}: inside its box`);
    }
  }
});

/** The outer bounds of the pixels of one stroke colour inside `within` (device pixels). */
function measureStroke(raster: Raster, within: Box, colour: number): Box | undefined {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  const [r, g, b] = [(colour >> 16) & 255, (colour >> 8) & 255, colour & 255];
  for (
    let y = Math.max(0, Math.floor(within.y));
    y < Math.min(raster.height, within.y + within.height);
    y++
  ) {
    for (
      let x = Math.max(0, Math.floor(within.x));
      x < Math.min(raster.width, within.x + within.width);
      x++
    ) {
      const offset = (y * raster.width + x) * 3;
      const distance = Math.hypot(
        raster.data[offset] - r,
        raster.data[offset + 1] - g,
        raster.data[offset + 2] - b,
      );
      if (distance < 40) {
        left = Math.min(left, x);
        top = Math.min(top, y);
        right = Math.max(right, x + 1);
        bottom = Math.max(bottom, y + 1);
      }
    }
  }
  return right > left ? { x: left, y: top, width: right - left, height: bottom - top } : undefined;
}

/** The colour (0xRRGGBB) of each pixel of the marked image of `size`, as drawn. */
function fileSafe(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
}
