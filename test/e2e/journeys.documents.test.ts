// Issue 21 as a person lives it, in a real VS Code: right-click a draw.io export in the Explorer,
// ask, and see that its scene went with it (the turn's tag, and the scene's labels and
// connectors on the wire beside the picture); open a multi-page TIFF scan, choose page 2 and ask
// about it (that page's own pixels reach the model, told which page it is).
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { chatBody, textReply } from '../support/loopbackServer';
import { ARCHITECTURE, drawioPng } from '../support/diagramFixtures';
import { multiPageTiff, PAGE_COLOURS } from '../support/tiffFixtures';
import { analyzeFromExplorer, imageParts, journeyHooks, setApiKeyFromPalette } from './journey';
import { UI_TIMEOUT_MS } from './workbench';

function texts(body: ReturnType<typeof chatBody>): string[] {
  return body.messages.flatMap((message) =>
    typeof message.content === 'string'
      ? [message.content]
      : message.content.flatMap((part) =>
          part.type === 'text' ? [(part as { text: string }).text] : [],
        ),
  );
}

describe('journeys: diagram sources and TIFF pages in a real workbench', function () {
  const journey = journeyHooks();

  it('journey 21: a .drawio.png and a three-page TIFF from the Explorer → the scene goes with the picture; page 2 goes as itself', async () => {
    const { page, server, screenshot } = await journey.start({
      workspaceFiles: {
        'checkout.drawio.png': drawioPng(800, 300),
        'scan.tiff': await multiPageTiff(640, 400),
      },
    });
    await setApiKeyFromPalette(page, server, 'sk-journey-21');

    server.enqueue(textReply('The **Browser** reaches **Orders DB** through two services.'));
    const panel = await analyzeFromExplorer(page, 'checkout.drawio.png');
    const turn = await panel.ask('explain this architecture');
    await panel
      .answer(turn)
      .getByText('through two services')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await turn
      .getByText('draw.io source sent')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await screenshot('journey-21-drawio-source');
    const sent = texts(chatBody(server.chatRequests()[0]));
    const source = sent.find((text) => text.startsWith('Source of this diagram'));
    assert.ok(source, 'the scene went as text');
    for (const [from, to, label] of ARCHITECTURE.connectors) {
      assert.ok(source.includes(`"${from}" → `) && source.includes(`"${to}": "${label}"`));
    }

    server.enqueue(textReply('A green page with a dark bar.'));
    const scan = await analyzeFromExplorer(page, 'scan.tiff');
    await scan.frame.getByRole('button', { name: 'Next page' }).click();
    await scan.frame
      .locator('.image-caption', { hasText: 'page 2 of 3' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await scan.analyzeButton
      .and(scan.frame.locator(':enabled'))
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const asked = await scan.ask('what is on this page?');
    await scan
      .answer(asked)
      .getByText('green page')
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await screenshot('journey-21-tiff-page-2');
    const body = chatBody(server.chatRequests()[1]);
    assert.ok(texts(body).includes('Page 2 of 3 of "scan.tiff":'));
    const [image] = imageParts(body).map((part) =>
      part.type === 'image_url' ? part.image_url.url : '',
    );
    const { data, info } = await sharp(Buffer.from(image.split(',')[1], 'base64'))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height], [640, 400]);
    const top = [...data.subarray((20 * 640 + 320) * 3, (20 * 640 + 320) * 3 + 3)];
    assert.ok(
      top.every((value, index) => Math.abs(value - PAGE_COLOURS[1][index]) <= 12),
      `page 2's colour on the wire: ${top.join(',')}`,
    );
  });
});
