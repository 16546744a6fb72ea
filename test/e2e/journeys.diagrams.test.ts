// Issue 9 as a person lives it, in a real VS Code: drag a region on the diagram and ask about
// it (the crop that reaches the model is the region's own pixels); ask with Show on diagram and
// hover a name to see its box; ask for Mermaid, watch a broken diagram get fixed by exactly one
// automatic turn, and open the result as a file next to the image.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { chatBody, textReply } from '../support/loopbackServer';
import {
  analyzeFromExplorer,
  imageParts,
  journeyHooks,
  setApiKeyFromPalette,
  userTexts,
} from './journey';
import { UI_TIMEOUT_MS } from './workbench';

/** RGB pixels of an encoded image (the file, or a data URL's bytes). */
async function rgb(bytes: Buffer): Promise<{ width: number; height: number; data: Buffer }> {
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}
const fromDataUrl = (dataUrl: string): Buffer =>
  Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

describe('journeys: regions, grounding and Mermaid in a real workbench', function () {
  const journey = journeyHooks();

  it('journey 10: drag a region → Analyze → the model receives the overview and a crop whose pixels are that region of the file', async () => {
    const { page, server, workbench, screenshot } = await journey.start();
    await setApiKeyFromPalette(page, server, 'sk-journey-10');
    server.enqueue(textReply('This region holds the **API Gateway** and its rate limiter.'));
    const panel = await analyzeFromExplorer(page, 'architecture.png');

    await panel.frame.getByRole('button', { name: 'Select region' }).click();
    const shown = (await panel.image('architecture.png').boundingBox())!;
    const from = { x: shown.x + shown.width * 0.2, y: shown.y + shown.height * 0.25 };
    const to = { x: shown.x + shown.width * 0.5, y: shown.y + shown.height * 0.6 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 10 });
    await page.mouse.up();
    await panel.frame.locator('.region-chip').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const turn = await panel.ask('what does this part do?');
    await panel
      .answer(turn)
      .getByText('rate limiter')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await panel.waitUntilIdle();
    await turn.getByText('Region 1').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await screenshot('journey-10-region');

    // On the wire: the overview, then the crop, and where the region is in words.
    const body = chatBody(server.chatRequests()[0]);
    const images = imageParts(body).map((part) =>
      part.type === 'image_url' ? part.image_url.url : '',
    );
    assert.equal(images.length, 2);
    const told = userTexts(body).at(-1)!;
    const where = /x (\d+)–(\d+), y (\d+)–(\d+) in pixels of the original (\d+)×(\d+) image/.exec(
      told,
    );
    assert.ok(where, told);
    const [x1, x2, y1, y2, width, height] = where.slice(1).map(Number);
    const source = await rgb(
      fs.readFileSync(path.join(workbench.workspaceFolder, 'architecture.png')),
    );
    assert.deepEqual(
      [width, height],
      [source.width, source.height],
      'the region is in the file’s own pixels',
    );
    const crop = await rgb(fromDataUrl(images[1]));
    assert.deepEqual(
      [crop.width, crop.height],
      [x2 - x1, y2 - y1],
      'the crop is at full resolution',
    );
    let worst = 0;
    for (let y = 0; y < crop.height; y++) {
      for (let x = 0; x < crop.width; x++) {
        const c = (y * crop.width + x) * 3;
        const s = ((y + y1) * source.width + (x + x1)) * 3;
        // The file is opaque; the crop is flattened onto white as the whole image is.
        for (let channel = 0; channel < 3; channel++) {
          worst = Math.max(worst, Math.abs(crop.data[c + channel] - source.data[s + channel]));
        }
      }
    }
    assert.equal(
      worst,
      0,
      `every pixel of the ${crop.width}×${crop.height} crop is the file's (worst channel difference ${worst})`,
    );
  });

  it('journey 11: Show on diagram → hover a name → its box lights up; Generate Mermaid → a broken diagram is fixed by one automatic turn → Open as file', async () => {
    const { page, server, workbench, screenshot } = await journey.start();
    await setApiKeyFromPalette(page, server, 'sk-journey-11');
    const grounded =
      'Requests enter through the **API Gateway**, which calls the Orders service; orders are kept in **Postgres**.\n\n' +
      '```grounding\n[{"name": "API Gateway", "box_2d": [300, 150, 520, 400]}, {"name": "Postgres", "box_2d": [600, 650, 850, 900]}, {"name": "Ghost", "box_2d": [0, 0, 5000, 1]}]\n```\n';
    server.enqueue(textReply(grounded, { chunkSize: 5 }));
    server.enqueue(textReply('```mermaid\nflowchart LR\n  Browser --> Gateway[API Gateway\n```\n'));
    server.enqueue(
      textReply(
        '```mermaid\nflowchart LR\n  Browser --> Gateway[API Gateway]\n  Gateway --> Orders\n  Orders --> DB[(Postgres)]\n```\n',
      ),
    );
    const panel = await analyzeFromExplorer(page, 'architecture.png');

    await panel.frame.getByRole('button', { name: 'Show on diagram' }).click();
    const first = await panel.ask('explain this architecture');
    const answer = panel.answer(first);
    await answer
      .locator('.grounded-name', { hasText: 'Postgres' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(await answer.getByText('box_2d').count(), 0, 'the JSON never shows');
    assert.equal(
      await panel.frame.locator('.overlay-component-group').count(),
      2,
      'the out-of-range box is ignored',
    );
    await answer.locator('.grounded-name', { hasText: 'Postgres' }).hover();
    const postgres = panel.frame.locator('.overlay-component-group[data-name="Postgres"]');
    await page.waitForFunction(() => true);
    assert.ok(
      await postgres.evaluate((group) => group.classList.contains('active')),
      'the hovered name’s box is highlighted',
    );
    assert.equal(await panel.frame.locator('.overlay-component-group.active').count(), 1);
    await screenshot('journey-11-grounding');
    assert.match(userTexts(chatBody(server.chatRequests()[0])).at(-1)!, /tagged `grounding`/);

    await panel.frame.getByRole('button', { name: 'Show on diagram' }).click();
    await panel.frame
      .getByRole('group', { name: 'Task presets' })
      .getByRole('button', { name: 'Generate Mermaid' })
      .click();
    await panel.analyzeButton.click();
    // The broken diagram goes back to the model once; the fix renders.
    const diagram = panel.frame.getByRole('img', { name: 'The Mermaid diagram above, rendered' });
    await diagram.waitFor({ state: 'visible', timeout: 60_000 });
    await panel.waitUntilIdle();
    await panel.frame
      .getByText('Automatic fix')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const requests = server.chatRequests();
    assert.equal(requests.length, 3, 'the task, its answer, and exactly one repair turn');
    assert.match(userTexts(chatBody(requests[2])).at(-1)!, /did not render\. Mermaid reported:/);
    await diagram.scrollIntoViewIfNeeded();
    await screenshot('journey-11-mermaid');

    await panel.frame.getByRole('button', { name: 'Open as file' }).click();
    const saved = path.join(workbench.workspaceFolder, 'architecture.mmd');
    await page
      .getByRole('tab', { name: /^architecture\.mmd/ })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(
      fs.readFileSync(saved, 'utf8'),
      'flowchart LR\n  Browser --> Gateway[API Gateway]\n  Gateway --> Orders\n  Orders --> DB[(Postgres)]\n',
    );
    assert.equal(server.chatRequests().length, 3, 'nothing more was asked');
    await screenshot('journey-11-open-as-file');
  });
});
