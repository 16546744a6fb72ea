// Bad input inside a real extension host: each file the matrix names (docs/RELIABILITY.md) is
// given to Analyze as a user would, on disk or through a virtual file system, and must end in a
// message naming the file and the limit, with no panel and nothing read that need not be.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { chatBody, textReply, type LoopbackServer } from '../support/loopbackServer';
import {
  decompressionBombPng,
  diagramPng,
  HOSTILE_FILE_NAME,
  TEXT_AS_PNG,
  truncatedPng,
} from '../support/imageFixtures';
import { openAnalysisPanel, useLoopbackEndpoint } from './helpers';
import { MemoryFileSystem } from './memoryFileSystem';

describe('bad input (extension host)', () => {
  const endpoint = useLoopbackEndpoint('', { model: false });
  let api: ExtensionApi;
  let server: LoopbackServer;
  before(() => ({ api, server } = endpoint));
  let folder: string;
  let memory: MemoryFileSystem;
  let registration: vscode.Disposable;

  before(() => {
    folder = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'bad-input');
    fs.mkdirSync(folder, { recursive: true });
    ({ fs: memory, registration } = MemoryFileSystem.register());
  });

  after(() => {
    registration.dispose();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function onDisk(name: string, data: Uint8Array): vscode.Uri {
    const file = path.join(folder, name);
    fs.writeFileSync(file, data);
    return vscode.Uri.file(file);
  }

  /** Analyze on `uri` is refused: the message, and no panel opened. */
  async function refusal(uri: vscode.Uri): Promise<string> {
    const before = api.panels.openPanels.length;
    const error = await api.panels.open(uri).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    // The bundled extension's ImageFileError is not this module's class: check the shape.
    assert.ok(
      error instanceof Error && !(error instanceof assert.AssertionError),
      `refused with a message, got ${String(error)}`,
    );
    // The command shows the same message (as a notification) and opens nothing.
    assert.equal(
      await vscode.commands.executeCommand('multimodalReasoning.analyzeImage', uri),
      undefined,
    );
    assert.equal(api.panels.openPanels.length, before, 'no panel opened');
    return error.message;
  }

  it('B01 · a 0-byte file → "is empty (0 bytes)", naming the file', async () => {
    assert.equal(
      await refusal(onDisk('empty.png', new Uint8Array())),
      '"empty.png" is empty (0 bytes).',
    );
  });

  it('B02 · a truncated PNG → "damaged or incomplete", naming the file', async () => {
    assert.match(
      await refusal(onDisk('cut-short.png', truncatedPng())),
      /^"cut-short\.png" is damaged or incomplete: the PNG data ends before its end marker\./,
    );
  });

  it('B03 · a text file renamed .png → sniffed from its bytes: "not an image", listing the types accepted', async () => {
    assert.match(
      await refusal(onDisk('notes.png', TEXT_AS_PNG)),
      /^"notes\.png" is not an image this extension can read \(supported: PNG, JPEG/,
    );
  });

  it('B04 · a 200 MB file → refused from its size before it is read (stat first), naming the limit', async () => {
    // On disk, sparse: 200 MB that take no space.
    const file = path.join(folder, 'huge.png');
    fs.writeFileSync(file, diagramPng(32, 32));
    fs.truncateSync(file, 200 * 1024 * 1024);
    assert.equal(
      await refusal(vscode.Uri.file(file)),
      '"huge.png" is 200 MB; images larger than 50 MB are not analyzed.',
    );
    // Through a virtual file system that counts reads: the bytes are never asked for.
    const virtual = memory.add('/huge.png', diagramPng(32, 32), { size: 200 * 1024 * 1024 });
    assert.match(await refusal(virtual), /is 200 MB; images larger than 50 MB/);
    assert.deepEqual(
      memory.reads.filter((read) => read === '/huge.png'),
      [],
      'never read whole',
    );
  });

  it('B05 · a 30000×30000 PNG small on disk (decompression bomb) → refused from its header, naming the pixel limit', async () => {
    const bomb = decompressionBombPng();
    assert.match(
      await refusal(onDisk('bomb.png', bomb)),
      /^"bomb\.png" is 30000×30000 pixels \(900 megapixels\); images larger than 64 megapixels are not analyzed/,
    );
  });

  it('B07 · an unreadable file → "permission denied", naming the file', async () => {
    const locked = memory.add('/locked.png', diagramPng(32, 32), {
      readError: vscode.FileSystemError.NoPermissions('locked'),
    });
    assert.equal(await refusal(locked), 'Cannot read "locked.png": permission denied.');
  });

  it('B08 · a file deleted between the click and the analysis → "no longer exists", naming the file', async () => {
    const uri = onDisk('deleted.png', diagramPng(64, 64));
    fs.rmSync(uri.fsPath);
    assert.equal(await refusal(uri), 'Cannot open "deleted.png": the file no longer exists.');
  });

  it('B09 · an image in a virtual file system → read through workspace.fs, shown, prepared and sent', async () => {
    const uri = memory.add('/remote/diagram.png', diagramPng(400, 240));
    server.enqueue(textReply('A virtual diagram.'));
    const panel = await openAnalysisPanel(uri);
    assert.ok(memory.reads.includes('/remote/diagram.png'), 'read through the provider');
    await panel.session.submit('what is this?');
    assert.equal(panel.session.turnViews[0]?.answer, 'A virtual diagram.');
    const image = chatBody(server.chatRequests()[0])
      .messages.flatMap((message) => (Array.isArray(message.content) ? message.content : []))
      .find((part) => part.type === 'image_url');
    assert.match(
      image?.type === 'image_url' ? image.image_url.url : '',
      /^data:image\/png;base64,/,
    );
  });

  it('B10 · a hostile file name → the panel is titled with it as text, and a turn works', async () => {
    const uri = onDisk(HOSTILE_FILE_NAME, diagramPng(200, 120));
    server.enqueue(textReply('Fine.'));
    const panel = await openAnalysisPanel(uri);
    assert.equal(panel.image.name, HOSTILE_FILE_NAME);
    const tab = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .find((candidate) => candidate.input instanceof vscode.TabInputWebview);
    assert.equal(tab?.label, HOSTILE_FILE_NAME);
    await panel.session.submit('explain');
    assert.equal(panel.session.turnViews[0]?.status, 'done');
  });
});
