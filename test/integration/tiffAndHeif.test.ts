// Issue 21 in a real extension host: TIFF and HEIC/HEIF, opened with Analyze as a user does.
// A multi-page LZW scan and a CCITT fax page (made here with libtiff, test/support/tiffFixtures.ts)
// are decoded by the real webview's TIFF worker and reach the loopback endpoint as PNG at their
// size, with their own pixels and, for the scan, which page of how many it is. A TIFF whose
// directories loop and a HEIC photo are refused before the webview sees them, saying why.
import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import {
  faxTiff,
  FAX_BOX,
  loopingTiff,
  multiPageTiff,
  PAGE_COLOURS,
} from '../support/tiffFixtures';
import { pngSize } from '../support/imageFixtures';
import {
  chatBody,
  firstUserParts,
  textReply,
  type RecordedContentPart,
} from '../support/loopbackServer';
import { rgbPixels } from './dataUrlPixels';
import { openAnalysisPanel, useLoopbackEndpoint, useWorkspaceFiles } from './helpers';

async function pixel(dataUrl: string, x: number, y: number): Promise<number[]> {
  const { data, width } = await rgbPixels(dataUrl);
  const offset = (y * width + x) * 3;
  return [data[offset], data[offset + 1], data[offset + 2]];
}

/** A HEIC photo's first bytes as an iPhone writes them (the ftyp box is all that is read). */
const HEIC = Buffer.concat([
  Buffer.from([0, 0, 0, 24]),
  Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
  Buffer.alloc(64),
]);

describe('TIFF and HEIC/HEIF (extension host)', () => {
  const endpoint = useLoopbackEndpoint('sk-tiff');
  const write = useWorkspaceFiles();

  it('a multi-page LZW scan: page 1 goes as a 640×400 PNG of its own pixels, with "Page 1 of 3"; page 3 chosen after the answer goes with the next question', async () => {
    const panel = await openAnalysisPanel(write('scan.tiff', await multiPageTiff(640, 400)));
    endpoint.server.enqueue(textReply('A red page.'));
    await panel.session.submit('what is on this page?');
    const parts = firstUserParts(chatBody(endpoint.server.chatRequests()[0]));
    assert.deepEqual(
      parts.map((part) => part.type),
      ['text', 'text', 'image_url'],
    );
    assert.equal((parts[1] as { text: string }).text, 'Page 1 of 3 of "scan.tiff":');
    const url = (parts[2] as Extract<RecordedContentPart, { type: 'image_url' }>).image_url.url;
    assert.match(url, /^data:image\/png;base64,/);
    assert.deepEqual(pngSize(url), { width: 640, height: 400 });
    const top = await pixel(url, 320, 20);
    assert.ok(
      top.every((value, index) => Math.abs(value - PAGE_COLOURS[0][index]) <= 12),
      `page 1's colour: ${top.join(',')}`,
    );
    assert.deepEqual(await pixel(url, 320, 100), [0x20, 0x20, 0x20], "page 1's bar (band 2)");
    assert.deepEqual(panel.session.turnViews.at(-1)?.pages, [
      { name: 'scan.tiff', number: 1, count: 3 },
    ]);

    // The user turns to page 3 (the webview posts its copy, as the page picker makes it) after
    // the answer: page 3 goes with the next question, page 1 stays where it was asked about.
    const page3 = {
      dataUrl: `data:image/png;base64,${(
        await sharp({ create: { width: 64, height: 40, channels: 3, background: '#3050d0' } })
          .png()
          .toBuffer()
      ).toString('base64')}`,
      width: 64,
      height: 40,
      mime: 'image/png' as const,
      page: { number: 3, count: 3 },
    };
    panel.session.setPreparedImage(page3, 'scan.tiff');
    endpoint.server.enqueue(textReply('A blue page.'));
    await panel.session.submit('and this page?');
    const follow = chatBody(endpoint.server.chatRequests()[1]);
    const users = follow.messages.filter((message) => message.role === 'user');
    const imagesOf = (content: unknown): string[] =>
      Array.isArray(content)
        ? (content as RecordedContentPart[]).flatMap((part) =>
            part.type === 'image_url' ? [part.image_url.url] : [],
          )
        : [];
    assert.deepEqual(imagesOf(users[0].content), [url], 'page 1 stays with the first question');
    assert.deepEqual(imagesOf(users[1].content), [page3.dataUrl], 'page 3 goes with the new one');
    assert.ok(
      (users[1].content as RecordedContentPart[]).some(
        (part) => part.type === 'text' && part.text === 'Page 3 of 3 of "scan.tiff":',
      ),
    );
    assert.deepEqual(panel.session.turnViews.at(-1)?.pages, [
      { name: 'scan.tiff', number: 3, count: 3 },
    ]);
  });

  it('a CCITT Group 4 fax page goes as a PNG at its size, its black box where it was drawn', async () => {
    const panel = await openAnalysisPanel(write('fax.tif', await faxTiff(1728, 1100)));
    endpoint.server.enqueue(textReply('A box.'));
    await panel.session.submit('what is drawn?');
    const parts = firstUserParts(chatBody(endpoint.server.chatRequests()[0]));
    const images = parts.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : []));
    assert.ok(images.length >= 1);
    assert.deepEqual(pngSize(images[0]), { width: 1728, height: 1100 }, 'the overview, whole');
    assert.deepEqual(
      await pixel(images[0], FAX_BOX.x + FAX_BOX.width / 2, FAX_BOX.y + FAX_BOX.height / 2),
      [0, 0, 0],
    );
    assert.deepEqual(await pixel(images[0], 100, 100), [255, 255, 255]);
    assert.ok(
      !parts.some((part) => part.type === 'text' && part.text.startsWith('Page ')),
      'one page: no page number',
    );
  });

  it('R22 · Analyze on a TIFF whose page directories loop → refused before the webview sees it, naming the file', async () => {
    const uri = write('looping.tiff', loopingTiff(await multiPageTiff(64, 40)));
    await assert.rejects(
      endpoint.api.panels.open(uri),
      /"looping\.tiff" is a damaged TIFF file \(its page directories loop\)/,
    );
  });

  it('B20 · a HEIC photo → refused with the steps to convert it on macOS, Windows and Linux', async () => {
    const uri = write('whiteboard.heic', HEIC);
    await assert.rejects(endpoint.api.panels.open(uri), (error: Error) => {
      assert.match(error.message, /"whiteboard\.heic" is a HEIC\/HEIF photo/);
      assert.match(error.message, /Convert it to JPEG or PNG/);
      assert.match(error.message, /Preview and choose File > Export/);
      assert.match(error.message, /Photos and choose Save as/);
      assert.match(error.message, /heif-convert "whiteboard\.heic" photo\.jpg/);
      return true;
    });
  });
});
