// History, reopening, keeping answers and the side chat inside a real extension host: turns go
// through the real webviews (which prepare the images) to the loopback server, and history is
// read back by a second store over the same storage, as after a restart of the extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { HISTORY_VERSION, type HistoryRecord } from '../../src/core/history';
import { HistoryStore } from '../../src/host/history/historyStore';
import { STREAMING_SAVE_INTERVAL_MS } from '../../src/host/history/conversationRecorder';
import { pngSize } from '../support/imageFixtures';
import {
  chatBody,
  imageParts,
  textReply,
  type LoopbackServer,
  type RecordedContentPart,
} from '../support/loopbackServer';
import { openAnalysisPanel, useLoopbackEndpoint, waitFor } from './helpers';

const REASONING = 'The boxes are services; arrows are calls. '.repeat(20);
const ANSWER =
  '## Overview\n\nA gateway routes to **orders** and **billing**, which share one database.\n\n' +
  '- A point about the design.\n'.repeat(30);

/** The text parts of a recorded message, joined. */
function textOf(content: string | readonly RecordedContentPart[]): string {
  return typeof content === 'string'
    ? content
    : content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

describe('history, keeping answers and the side chat (extension host)', () => {
  const endpoint = useLoopbackEndpoint('sk-history');
  let api: ExtensionApi;
  let server: LoopbackServer;
  before(() => ({ api, server } = endpoint));
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const imageUri = () => vscode.Uri.joinPath(folder(), 'architecture.png');

  afterEach(() => {
    api.keeper.options = {};
  });

  it('saves a conversation after its turn, and a new store over the same storage reads it back', async () => {
    server.enqueue(textReply(ANSWER, { reasoning: REASONING }));
    const panel = await openPanel();
    await panel.session.submit('explain this architecture');
    await waitFor(() => panel.recorder.record().images[0]?.thumbnail !== undefined);
    await panel.recorder.flushed();

    // As after a restart: nothing cached, only what is on disk.
    const reopened = new HistoryStore(api.history.folder);
    const entry = (await reopened.list()).find(
      (candidate) => candidate.id === panel.conversationId,
    );
    assert.ok(entry, 'the conversation is listed');
    assert.equal(entry.kind, 'panel');
    assert.equal(entry.title, 'explain this architecture');
    assert.deepEqual(entry.imageNames, ['architecture.png']);
    assert.equal(entry.model, 'vision-test-model');
    assert.match(entry.thumbnail ?? '', /^data:image\/jpeg;base64,/);

    const record = await reopened.get(panel.conversationId);
    assert.ok(record);
    const [turn] = record.turns;
    assert.deepEqual(
      [turn.task, turn.answer, turn.reasoning, turn.status, turn.model],
      ['explain this architecture', ANSWER, REASONING, 'done', 'vision-test-model'],
    );
    assert.ok(typeof turn.at === 'number' && turn.at > 0, 'the time is kept');
    assert.equal(record.images[0].relativePath, 'architecture.png');
    assert.equal(record.images[0].uri, imageUri().toString());
    assert.ok(!JSON.stringify(record).includes('sk-history'), 'the key is never in history');
    assert.ok(
      !JSON.stringify(record).includes('data:image/png'),
      'the image itself is not kept, only its thumbnail',
    );
    assert.ok(
      api.history.folder.path.includes('history'),
      `stored under the extension storage: ${api.history.folder.toString()}`,
    );

    const bytes = await reopened.sizeOf(panel.conversationId);
    const thumbnail = entry.thumbnail?.length ?? 0;
    console.log(
      `      history: ${api.history.folder.fsPath}; one turn (${ANSWER.length} answer + ${REASONING.length} reasoning chars) takes ${bytes} bytes, of which the thumbnail ${thumbnail}`,
    );
    reopened.dispose();
  });

  it('reopens a saved conversation in its panel, and a follow-up carries the earlier turn', async () => {
    server.enqueue(textReply('First answer.'));
    const first = await openPanel();
    await first.session.submit('explain this architecture');
    await first.recorder.flushed();
    const id = first.conversationId;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => api.panels.openPanels.length === 0);

    await api.chat.openFromHistory(id);
    const [panel] = api.panels.openPanels;
    assert.ok(panel, 'the panel opened again');
    assert.equal(panel.conversationId, id);
    assert.deepEqual(
      panel.session.turnViews.map((turn) => [turn.task, turn.answer, turn.status]),
      [['explain this architecture', 'First answer.', 'done']],
    );

    await panel.session.imagePrepared;
    server.enqueue(textReply('Second answer.'));
    server.requests.length = 0;
    await panel.session.submit('where is the single point of failure?');
    const body = chatBody(server.requests[0]);
    assert.deepEqual(
      body.messages.map((message) => message.role),
      ['system', 'user', 'assistant', 'user'],
    );
    assert.equal(body.messages[2].content, 'First answer.');
    assert.equal(imageParts(body).length, 1, 'the image is sent once');
    await panel.recorder.flushed();
    assert.equal(
      (await api.history.get(id))?.turns.length,
      2,
      'the reopened conversation keeps growing',
    );
  });

  it('reopens a region question: the model is told again where the region was, with a crop cut again from the image', async () => {
    // A 1×1 PNG stands in for the crop the webview cuts (the browser tests check its pixels).
    const crop =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const region = {
      box: { x: 100, y: 40, width: 300, height: 200 },
      original: { width: 1600, height: 1000 },
      crop: { dataUrl: crop, width: 300, height: 200, mime: 'image/png' as const },
    };
    server.enqueue(textReply('The **web tier**.'));
    const first = await openPanel();
    await first.session.submit('what is in this part?', { region });
    const toldFirst = chatBody(server.requests.at(-1))
      .messages.filter((message) => message.role === 'user')
      .at(-1)!;
    await first.recorder.flushed();
    const id = first.conversationId;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => api.panels.openPanels.length === 0);

    const lines: string[] = [];
    const tap = api.tapLog((line) => lines.push(line));
    try {
      await api.chat.openFromHistory(id);
      // History keeps the region, not the crop: the webview cuts it again and sends it back.
      await waitFor(
        () =>
          lines.some((line) =>
            line.includes('architecture.png: restored the crops of 1 region question(s)'),
          ),
        30_000,
      );
    } finally {
      tap.dispose();
    }
    const [panel] = api.panels.openPanels;
    assert.deepEqual(
      panel.session.turnViews.map((turn) => [turn.task, turn.region]),
      [['what is in this part?', region.box]],
      'the turn shows the words typed and its region',
    );
    await panel.session.imagePrepared;
    server.enqueue(textReply('The database.'));
    server.requests.length = 0;
    await panel.session.submit('and below it?');
    const userTexts = chatBody(server.requests[0])
      .messages.filter((message) => message.role === 'user')
      .map((message) => textOf(message.content));
    const toldBefore = textOf(toldFirst.content);
    assert.match(userTexts[0], /x 100–400, y 40–240 in pixels of the original 1600×1000 image/);
    assert.equal(
      userTexts[0],
      toldBefore,
      'the reopened turn reads to the model as it did the first time',
    );
    assert.equal(userTexts[1], 'and below it?');
    const [firstUser] = chatBody(server.requests[0]).messages.filter(
      (message) => message.role === 'user',
    );
    const images =
      typeof firstUser.content === 'string'
        ? []
        : firstUser.content.flatMap((part) =>
            part.type === 'image_url' ? [part.image_url.url] : [],
          );
    assert.equal(
      images.length,
      2,
      'the overview and the region crop, with the turn that asked about the region',
    );
    assert.deepEqual(
      pngSize(images[1]),
      { width: 300, height: 200 },
      'the crop is the region at full resolution',
    );
  });

  it('saves the partial answer while a turn streams, so a reload keeps it', async () => {
    let release!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    server.enqueue({
      kind: 'stream',
      chunks: [{ content: 'Partial answer so far.' }, { content: ' The rest.' }],
      gate: { beforeChunk: 1, opened },
    });
    const panel = await openPanel();
    const turn = panel.session.submit('explain this architecture');
    await waitFor(() => panel.session.turnViews[0]?.answer === 'Partial answer so far.');
    // Read from disk, as the panel serializer does after a reload: the turn is still streaming.
    const saved = async () =>
      (await new HistoryStore(api.history.folder).get(panel.conversationId))?.turns[0];
    let partial = await saved();
    for (
      const deadline = Date.now() + 3 * STREAMING_SAVE_INTERVAL_MS;
      partial?.answer !== 'Partial answer so far.' && Date.now() < deadline;
      partial = await saved()
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual([partial?.status, partial?.answer], ['streaming', 'Partial answer so far.']);
    release();
    await turn;
  });

  it('shows a turn that was streaming when the window went away as interrupted', async () => {
    const record: HistoryRecord = {
      version: HISTORY_VERSION,
      id: 'c-interrupted',
      kind: 'panel',
      createdAt: Date.now(),
      updatedAt: Date.now(),
      images: [
        { name: 'architecture.png', uri: imageUri().toString(), relativePath: 'architecture.png' },
      ],
      turns: [
        { id: 'turn-1', task: 'explain', reasoning: '', answer: 'Done.', status: 'done' },
        {
          id: 'turn-2',
          task: 'and then?',
          reasoning: 'thinking',
          answer: 'Half',
          status: 'streaming',
        },
      ],
    };
    await api.history.save(record);
    await api.chat.openFromHistory(record.id);
    const panel = api.panels.openPanels.find((candidate) => candidate.conversationId === record.id);
    assert.ok(panel);
    const last = panel.session.turnViews.at(-1);
    assert.equal(last?.status, 'incomplete');
    assert.match(last?.error?.message ?? '', /^Interrupted/);
    assert.ok(!panel.isStreaming);
  });

  it('deletes one conversation, and all of them', async () => {
    const make = (id: string): HistoryRecord => ({
      version: HISTORY_VERSION,
      id,
      kind: 'chat',
      createdAt: 1,
      updatedAt: Date.now(),
      images: [],
      turns: [{ id: 'turn-1', task: id, reasoning: '', answer: 'x', status: 'done' }],
    });
    await api.history.save(make('c-del-1'));
    await api.history.save(make('c-del-2'));
    await api.history.delete('c-del-1');
    const ids = (await api.history.list()).map((entry) => entry.id);
    assert.ok(!ids.includes('c-del-1') && ids.includes('c-del-2'));
    assert.equal(await api.history.get('c-del-1'), undefined);
    await api.history.clear();
    assert.deepEqual(await api.history.list(), []);
    assert.deepEqual(
      await new HistoryStore(api.history.folder).list(),
      [],
      'nothing is left on disk',
    );
  });

  it('saves an answer as <name>.analysis.md next to the image, asking before it overwrites', async () => {
    server.enqueue(textReply('## Overview\n\nA gateway.'));
    const panel = await openPanel();
    await panel.session.submit('explain this architecture');
    const [turn] = panel.session.turnViews;
    const target = vscode.Uri.joinPath(folder(), 'architecture.analysis.md');
    await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    const asked: string[] = [];
    api.keeper.options = {
      announce: false,
      confirmOverwrite: (uri) => (asked.push(uri.path), Promise.resolve(false)),
    };

    const keep = () =>
      api.keeper.keep(
        'markdown',
        [{ name: 'architecture.png', uri: imageUri() }],
        turn,
        'vision-test-model',
      );
    await keep();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(
      text,
      /^# Analysis of architecture\.png\n\n!\[architecture\.png\]\(architecture\.png\)\n\n## Task\n\n> explain this architecture\n\n## Answer\n\n## Overview\n\nA gateway\.\n/,
    );
    assert.match(text, /Model: vision-test-model/);
    assert.deepEqual(asked, [], 'no question for a new file');

    // Declined: the file stays as it was.
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode('my notes'));
    await keep();
    assert.deepEqual(asked, [target.path]);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)), 'my notes');

    // Accepted: replaced.
    api.keeper.options = { announce: false, confirmOverwrite: () => Promise.resolve(true) };
    await keep();
    assert.match(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(target)),
      /^# Analysis of architecture\.png/,
    );
    await vscode.workspace.fs.delete(target);
  });

  it('links an image in another folder relatively from the Markdown file', async () => {
    const sub = vscode.Uri.joinPath(folder(), 'docs', 'img');
    await vscode.workspace.fs.createDirectory(sub);
    const copy = vscode.Uri.joinPath(sub, 'my diagram.png');
    await vscode.workspace.fs.copy(imageUri(), copy, { overwrite: true });
    api.keeper.options = { announce: false };
    await api.keeper.keep(
      'markdown',
      [{ name: 'my diagram.png', uri: copy }],
      { id: 't', task: 'what?', reasoning: '', answer: 'This.', status: 'done' },
      undefined,
    );
    const text = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(sub, 'my diagram.analysis.md')),
    );
    assert.match(text, /!\[my diagram\.png\]\(my%20diagram\.png\)/);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), 'docs'), { recursive: true });
  });

  it('inserts an answer at the cursor of the text editor used last', async () => {
    const document = await vscode.workspace.openTextDocument({ content: 'before\nafter\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await api.keeper.keep(
      'editor',
      [],
      { id: 't', task: 'x', reasoning: '', answer: 'THE ANSWER\n', status: 'done' },
      undefined,
    );
    assert.equal(document.getText(), 'before\nTHE ANSWER\nafter\n');
  });

  it('the side chat sends several attached images with the first task, each once', async () => {
    await vscode.commands.executeCommand('multimodalReasoning.newChat');
    const chat = api.chat;
    const second = vscode.Uri.joinPath(folder(), 'architecture.svg');
    await chat.attach(imageUri());
    await chat.attach(second);
    await waitFor(() => chat.conversation.attachments.length === 2, 20_000);
    assert.deepEqual(chat.conversation.attachments.map((attachment) => attachment.name).sort(), [
      'architecture.png',
      'architecture.svg',
    ]);

    server.enqueue(textReply('Both show the same system.'));
    server.enqueue(textReply('The database.'));
    await chat.conversation.session.submit('compare these diagrams');
    await chat.conversation.session.submit('what is shared?');
    const [first, followUp] = server.requests.map((request) => chatBody(request));
    assert.equal(imageParts(first).length, 2);
    assert.equal(
      imageParts(followUp).length,
      2,
      'the follow-up carries the conversation, each image once',
    );
    assert.ok(chat.conversation.attachments.every((attachment) => attachment.sent));

    await chat.conversation.recorder.flushed();
    const record = await api.history.get(chat.conversation.recorder.id);
    assert.equal(record?.kind, 'chat');
    assert.equal(record?.turns.length, 2);
    assert.deepEqual(record?.images.map((image) => image.name).sort(), [
      'architecture.png',
      'architecture.svg',
    ]);
  });

  it('Focus Task reveals the panel used last', async () => {
    const panel = await openPanel();
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await vscode.commands.executeCommand('multimodalReasoning.focusTask');
    await waitFor(() => panel.active);
  });

  const openPanel = () => openAnalysisPanel(imageUri());
});
