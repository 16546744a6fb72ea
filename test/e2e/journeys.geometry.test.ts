// What the panel draws in a real VS Code, measured on the screen: a wide and a tall synthetic
// image (boxes of known colours at known places, test/support/markedImages.ts) are opened from
// the Explorer; the screenshot says where the picture and each box landed. Asserted: the
// picture's aspect is the file's (within 1 %) under VS Code's own webview stylesheet, the
// grounding outline a model's answer draws sits on its box (IoU ≥ 0.95), and the crop that
// reaches the model for a rectangle dragged around a box is the file's own pixels there.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { intersectionOverUnion } from '../../src/webview/image/imageTransform';
import { chatBody, textReply } from '../support/loopbackServer';
import { markedBoxes, markedPng, type Box } from '../support/markedImages';
import {
  AnalysisPanel,
  analyzeFromExplorer,
  imageParts,
  journeyHooks,
  setApiKeyFromPalette,
  userTexts,
} from './journey';
import { measureMarked, overlayRects, setOverlayHidden } from './markedImageOnScreen';
import { aspectError, cropMismatches, decodeImage, markedOriginal } from './pixelMeasure';
import { UI_TIMEOUT_MS } from './workbench';

const WIDE = { width: 1600, height: 900 };
const TALL = { width: 600, height: 3000 };
const fileName = (size: { width: number; height: number }): string =>
  `marked-${size.width}x${size.height}.png`;

/** The frame's offset in the page: webview content sits in nested iframes. */
async function frameOffset(panel: AnalysisPanel): Promise<{ x: number; y: number }> {
  const viewport = panel.frame.locator('.image-viewport');
  const inPage = (await viewport.boundingBox())!;
  const inFrame = await viewport.evaluate((element: any) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.x, y: rect.y };
  });
  return { x: inPage.x - inFrame.x, y: inPage.y - inFrame.y };
}

/** The picture and its boxes as the page's screenshot shows them (page CSS pixels). */
async function measurePanel(
  page: Page,
  panel: AnalysisPanel,
  size: { width: number; height: number },
  guesses?: readonly Box[],
): Promise<{ picture: Box | undefined; boxes: (Box | undefined)[] }> {
  const overlay = panel.frame.locator('.image-overlay');
  await setOverlayHidden(overlay, true);
  const shot = await decodeImage(await page.screenshot());
  await setOverlayHidden(overlay, false);
  const viewport = (await panel.frame.locator('.image-viewport').boundingBox())!;
  return measureMarked(shot, 1, viewport, size, guesses);
}

describe('journeys: what the panel draws, measured on the screen', function () {
  const journey = journeyHooks();

  it('journey 12: a wide and a tall image drawn at their own aspect; a grounding outline on its box; a dragged region’s crop is the file’s pixels', async () => {
    const workspaceFiles: Record<string, Buffer> = {};
    for (const size of [WIDE, TALL]) {
      workspaceFiles[fileName(size)] = await markedPng(size.width, size.height);
    }
    const { page, server, screenshot } = await journey.start({ workspaceFiles });
    await setApiKeyFromPalette(page, server, 'sk-journey-12');

    // The tall page first: VS Code's stylesheet used to squash it into the pane's height.
    const tall = await analyzeFromExplorer(page, fileName(TALL));
    const tallShown = await measurePanel(page, tall, TALL);
    assert.ok(tallShown.picture, 'the tall image is on the screen');
    const tallError = aspectError(tallShown.picture, TALL);
    assert.ok(
      tallError <= 0.01,
      `the tall image is drawn ${(tallError * 100).toFixed(2)} % off its aspect`,
    );
    await screenshot('journey-12-tall');

    const wide = await analyzeFromExplorer(page, fileName(WIDE));
    const { picture, boxes } = await measurePanel(page, wide, WIDE);
    assert.ok(picture, 'the wide image is on the screen');
    const wideError = aspectError(picture, WIDE);
    assert.ok(
      wideError <= 0.01,
      `the wide image is drawn ${(wideError * 100).toFixed(2)} % off its aspect`,
    );
    console.log(
      `      aspect error: tall ${(tallError * 100).toFixed(3)} %, wide ${(wideError * 100).toFixed(3)} %`,
    );

    // Show on diagram: the model names the green box in 0–1000 units; its outline is on it.
    const marked = markedBoxes(WIDE.width, WIDE.height);
    const green = marked[1];
    const box2d = [
      (green.y / WIDE.height) * 1000,
      (green.x / WIDE.width) * 1000,
      ((green.y + green.height) / WIDE.height) * 1000,
      ((green.x + green.width) / WIDE.width) * 1000,
    ];
    server.enqueue(
      textReply(
        `The **Green box** is on the right.\n\n\`\`\`grounding\n[{"name": "Green box", "box_2d": ${JSON.stringify(box2d)}}]\n\`\`\`\n`,
      ),
    );
    await wide.frame.getByRole('button', { name: 'Show on diagram' }).click();
    const grounded = await wide.ask('where is the green box?');
    const name = wide.answer(grounded).locator('.grounded-name', { hasText: 'Green box' });
    await name.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await wide.waitUntilIdle();
    await name.hover();
    const offset = await frameOffset(wide);
    const [outlineInFrame] = await overlayRects(
      wide.frame.locator('.overlay-component-group[data-name="Green box"] rect.overlay-component'),
    );
    const outline = {
      ...outlineInFrame,
      x: outlineInFrame.x + offset.x,
      y: outlineInFrame.y + offset.y,
    };
    const measuredGreen =
      (await measurePanel(page, wide, WIDE, [, outline] as Box[])).boxes[1] ?? boxes[1];
    assert.ok(measuredGreen, 'the green box is on the screen');
    const groundingIou = intersectionOverUnion(outline, measuredGreen);
    assert.ok(
      groundingIou >= 0.95,
      `the outline has IoU ${groundingIou.toFixed(3)} with the green box`,
    );
    await screenshot('journey-12-grounding');
    await wide.frame.getByRole('button', { name: 'Show on diagram' }).click();

    // A rectangle dragged exactly around the red box: the model gets that box's pixels.
    const red = boxes[0]!;
    server.enqueue(textReply('That is the **Red box**.'));
    await wide.frame.getByRole('button', { name: 'Select region' }).click();
    await page.mouse.move(red.x, red.y);
    await page.mouse.down();
    await page.mouse.move(red.x + red.width, red.y + red.height, { steps: 8 });
    await page.mouse.up();
    await wide.frame.locator('.region-chip').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const [selectionInFrame] = await overlayRects(wide.frame.locator('.overlay-selection'));
    const selection = {
      ...selectionInFrame,
      x: selectionInFrame.x + offset.x,
      y: selectionInFrame.y + offset.y,
    };
    const selectionIou = intersectionOverUnion(selection, red);
    assert.ok(
      selectionIou >= 0.95,
      `the selection has IoU ${selectionIou.toFixed(3)} with the red box`,
    );
    const turn = await wide.ask('what is in this box?');
    await wide
      .answer(turn)
      .getByText('That is the')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await wide.waitUntilIdle();
    await screenshot('journey-12-region');

    const body = chatBody(server.chatRequests().at(-1));
    const told = userTexts(body).at(-1)!;
    const where = /x (\d+)–(\d+), y (\d+)–(\d+) in pixels of the original (\d+)×(\d+) image/.exec(
      told,
    );
    assert.ok(where, told);
    const [x1, x2, y1, y2] = where.slice(1).map(Number);
    const region = { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
    const regionIou = intersectionOverUnion(region, marked[0]);
    assert.ok(
      regionIou >= 0.95,
      `the region sent ${JSON.stringify(region)} has IoU ${regionIou.toFixed(3)} with the red box`,
    );
    const images = imageParts(body).map((part) =>
      part.type === 'image_url' ? part.image_url.url : '',
    );
    const mismatched = await cropMismatches(
      Buffer.from(images.at(-1)!.split(',')[1], 'base64'),
      region,
      markedOriginal(WIDE),
    );
    assert.equal(
      mismatched,
      0,
      `every pixel of the ${region.width}×${region.height} crop is the file's`,
    );
    console.log(
      `      IoU: grounding outline ${groundingIou.toFixed(3)}, selection ${selectionIou.toFixed(3)}, region sent ${regionIou.toFixed(3)}`,
    );
  });
});
