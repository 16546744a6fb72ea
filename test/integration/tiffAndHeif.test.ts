// Issue 21 in a real extension host: TIFF and HEIC/HEIF, opened with Analyze as a user does.
// A multi-page LZW scan and a CCITT fax page (made here with libtiff, test/support/tiffFixtures.ts)
// are decoded by the real webview's TIFF worker and reach the loopback endpoint as PNG at their
// size, with their own pixels and, for the scan, which page of how many it is. A TIFF whose
// directories loop and a HEIC photo are refused before the webview sees them, saying why.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import * as vscode from 'vscode';
import {
  faxTiff,
  FAX_BOX,
  loopingTiff,
  multiPageTiff,
  PAGE_COLOURS,
} from '../support/tiffFixtures';
import { pngSize } from '../support/imageFixtures';
import { chatBody, textReply, type RecordedChatBody } from '../support/loopbackServer';
import { openAnalysisPanel, useLoopbackEndpoint } from './helpers';

type Part = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

function firstUserParts(body: RecordedChatBody): Part[] {
  const user = body.messages.find((message) => message.role === 'user')!;
  return Array.isArray(user.content) ? user.content : [{ type: 'text', text: user.content }];
}

async function pixel(dataUrl: string, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(Buffer.from(dataUrl.split(',')[1], 'base64'))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * 3;
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
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const written: string[] = [];
  const write = (name: string, bytes: Buffer): vscode.Uri => {
    const file = path.join(folder().fsPath, name);
    fs.writeFileSync(file, bytes);
    written.push(file);
    return vscode.Uri.file(file);
  };
  after(() => {
    for (const file of written) {
      fs.rmSync(file, { force: true });
    }
  });

  it('a multi-page LZW scan: page 1 goes as a 640×400 PNG of its own pixels, with "Page 1 of 3"', async () => {
    const panel = await openAnalysisPanel(write('scan.tiff', await multiPageTiff(640, 400)));
    endpoint.server.enqueue(textReply('A red page.'));
    await panel.session.submit('what is on this page?');
    const parts = firstUserParts(chatBody(endpoint.server.chatRequests()[0]));
    assert.deepEqual(
      parts.map((part) => part.type),
      ['text', 'text', 'image_url'],
    );
    assert.equal((parts[1] as { text: string }).text, 'Page 1 of 3 of "scan.tiff":');
    const url = (parts[2] as Extract<Part, { type: 'image_url' }>).image_url.url;
    assert.match(url, /^data:image\/png;base64,/);
    assert.deepEqual(pngSize(url), { width: 640, height: 400 });
    const top = await pixel(url, 320, 20);
    assert.ok(
      top.every((value, index) => Math.abs(value - PAGE_COLOURS[0][index]) <= 12),
      `page 1's colour: ${top.join(',')}`,
    );
    assert.deepEqual(await pixel(url, 320, 100), [0x20, 0x20, 0x20], "page 1's bar (band 2)");
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
