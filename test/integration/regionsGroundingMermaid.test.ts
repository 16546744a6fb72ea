// Issue 9 in a real extension host: a region's crop goes on the wire with the overview and the
// region's place; the grounding block is taken out of the answer and parsed; a Mermaid diagram
// that does not render is sent back exactly once; Open as file writes `<image>.mmd`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { RegionQuestion } from '../../src/core/protocol';
import {
  chatBody,
  imageParts,
  textReply,
  type LoopbackServer,
  type RecordedChatBody,
} from '../support/loopbackServer';
import { openAnalysisPanel, useLoopbackEndpoint, waitFor } from './helpers';

// A 1×1 PNG stands in for the crop the webview cuts (the browser tests check its pixels).
const CROP_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function lastUser(body: RecordedChatBody): { text: string; images: string[] } {
  const user = body.messages.filter((message) => message.role === 'user').at(-1)!;
  const parts = Array.isArray(user.content)
    ? user.content
    : [{ type: 'text' as const, text: user.content }];
  return {
    text: parts.map((part) => (part.type === 'text' ? part.text : '')).join(''),
    images: parts.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : [])),
  };
}

describe('region questions, grounding and Mermaid (extension host)', () => {
  const endpoint = useLoopbackEndpoint('sk-loopback');
  let api: ExtensionApi;
  let server: LoopbackServer;
  before(() => ({ api, server } = endpoint));
  const imageUri = () =>
    vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'architecture.png');
  const region: RegionQuestion = {
    box: { x: 100, y: 40, width: 300, height: 200 },
    original: { width: 1600, height: 1000 },
    crop: { dataUrl: CROP_PNG, width: 300, height: 200, mime: 'image/png' },
  };

  afterEach(async () => {
    // Open as file opens the .mmd beside the panel: leave one editor group for the next suite.
    await vscode.commands.executeCommand('workbench.action.closeAllGroups');
  });

  it('sends the overview and the crop with where the region is, and takes the crop back when the turn fails', async () => {
    const panel = await openAnalysisPanel(imageUri());
    server.enqueue({ kind: 'error', status: 500, body: { error: { message: 'boom' } } });
    server.enqueue({ kind: 'error', status: 500, body: { error: { message: 'boom' } } });
    server.enqueue({ kind: 'error', status: 500, body: { error: { message: 'boom' } } });
    await panel.session.submit('what is in this part?', { region });
    assert.equal(panel.session.turnViews.at(-1)?.status, 'error');

    server.requests.length = 0;
    server.enqueue(textReply('The **web tier**.'));
    await panel.session.submit('what is in this part?', { region });
    const first = lastUser(chatBody(server.requests.at(-1)));
    assert.equal(
      first.images.length,
      2,
      'overview and crop, the crop once even after the failed try',
    );
    assert.match(first.images[0], /^data:image\/png;base64,/);
    assert.equal(first.images[1], CROP_PNG, 'the crop is the last image');
    assert.match(first.text, /^what is in this part\?\n\n/);
    assert.match(first.text, /x 100–400, y 40–240 in pixels of the original 1600×1000 image/);
    const turn = panel.session.turnViews.at(-1)!;
    assert.equal(turn.task, 'what is in this part?', 'the turn keeps the words the user typed');
    assert.deepEqual(turn.region, region.box);

    server.enqueue(textReply('And more.'));
    await panel.session.submit('and next to it?');
    const followUp = chatBody(server.requests.at(-1));
    assert.equal(imageParts(followUp).length, 2, 'a follow-up sends neither image again');
  });

  it('takes the grounding block out of the streamed answer and keeps the boxes', async () => {
    const panel = await openAnalysisPanel(imageUri());
    const block =
      '```grounding\n[{"name": "API Gateway", "box_2d": [100, 200, 300, 400]}, {"name": "Bad", "box_2d": [0, 0, 2000, 10]}]\n```';
    server.enqueue(
      textReply(`The **API Gateway** routes requests.\n\n${block}\n`, { chunkSize: 3 }),
    );
    await panel.session.submit('explain this architecture', { grounding: true });
    const told = lastUser(chatBody(server.requests.at(-1))).text;
    assert.match(told, /one fenced code block tagged `grounding`/);
    const turn = panel.session.turnViews.at(-1)!;
    assert.equal(turn.answer, 'The **API Gateway** routes requests.\n\n');
    assert.equal(turn.groundingRequested, true);
    assert.deepEqual(turn.grounding, [
      { name: 'API Gateway', box: { left: 0.2, top: 0.1, right: 0.4, bottom: 0.3 } },
    ]);
  });

  it('the webview sends a diagram that did not render back, and the host asks the model to fix it exactly once', async () => {
    const panel = await openAnalysisPanel(imageUri());
    server.enqueue(textReply('```mermaid\nflowchart LR\n  A[Gateway --> B\n```\n'));
    server.enqueue(textReply('```mermaid\nflowchart LR\n  A[Gateway] --> B\n```\n'));
    await panel.session.submit('Generate Mermaid');
    const broken = panel.session.turnViews.at(-1)!;
    // The real webview draws the diagram with Mermaid, fails, and asks for the fix on its own.
    await waitFor(
      () => panel.session.turnViews.length === 2 && panel.session.turnViews[1].status === 'done',
      30_000,
    );
    assert.equal(server.requests.length, 2);
    const told = lastUser(chatBody(server.requests[1])).text;
    assert.match(told, /did not render\. Mermaid reported:\n\n```text\nParse error on line \d+:/);
    const repair = panel.session.turnViews[1];
    assert.equal(repair.repairOf, broken.id);
    assert.match(
      repair.task,
      /^Fix the Mermaid diagram \(it did not render: Parse error on line \d+:\)/,
    );

    assert.equal(
      await panel.session.repairMermaid(broken.id, 'again'),
      false,
      'never twice for a turn',
    );
    assert.equal(
      await panel.session.repairMermaid(repair.id, 'still broken'),
      false,
      'never for a fix',
    );
    assert.equal(server.requests.length, 2);
  });

  it('Open as file writes <image>.mmd next to the image and opens it', async () => {
    const target = vscode.Uri.joinPath(imageUri(), '..', 'architecture.mmd');
    await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    const saved = await api.keeper.openMermaid(
      [{ name: 'architecture.png', uri: imageUri() }],
      'flowchart LR\n  A --> B',
    );
    assert.equal(saved?.toString(), target.toString());
    assert.equal(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(target)),
      'flowchart LR\n  A --> B\n',
    );
    assert.equal(
      vscode.window.activeTextEditor?.document.uri.toString(),
      target.toString(),
      'the file is opened',
    );

    // An existing file is replaced only when the user agrees.
    const previous = api.keeper.options;
    api.keeper.options = { ...previous, confirmOverwrite: () => Promise.resolve(false) };
    try {
      assert.equal(
        await api.keeper.openMermaid(
          [{ name: 'architecture.png', uri: imageUri() }],
          'flowchart TD\n  X --> Y',
        ),
        undefined,
      );
      assert.equal(
        new TextDecoder().decode(await vscode.workspace.fs.readFile(target)),
        'flowchart LR\n  A --> B\n',
      );
    } finally {
      api.keeper.options = previous;
      await vscode.workspace.fs.delete(target);
    }
  });
});
