// Attacks from the positions an attacker has, in a real extension host (code-server): the
// endpoint (redirects, endless answers), a cloned repository (symbolic links, settings, hostile
// image headers), the webview's messages and state, and links in answers. Each test drives the
// extension as the user's action would, and checks what reached the wire, the disk or the screen.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { HostToWebview } from '../../src/core/protocol';
import { panelSerializer } from '../../src/host/panelSerializer';
import { diagramPng } from '../support/imageFixtures';
import { startLoopbackServer, textReply, type LoopbackServer } from '../support/loopbackServer';
import { openAnalysisPanel, useLoopbackEndpoint, waitFor } from './helpers';

const KEY = 'sk-attacks-5d1f0c9b8a7e6d5c';
const MAX_TURN_TEXT_CHARS = 2_000_000;

/** Polls `probe` until it yields a value (10 s at most). */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('attacks (extension host)', () => {
  const endpoint = useLoopbackEndpoint(KEY);
  let api: ExtensionApi;
  let server: LoopbackServer;
  let elsewhere: LoopbackServer;
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const imageUri = () => vscode.Uri.joinPath(folder(), 'architecture.png');
  const config = () => vscode.workspace.getConfiguration('multimodalReasoning');
  let outside: string;
  const logged: string[] = [];
  let logTap: vscode.Disposable | undefined;

  before(async () => {
    ({ api, server } = endpoint);
    elsewhere = await startLoopbackServer();
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-outside-'));
    logTap = api.tapLog((line) => logged.push(line));
  });
  afterEach(() => {
    elsewhere.requests.length = 0;
    server.redirectAll = undefined;
    logged.length = 0;
  });
  after(async () => {
    logTap?.dispose();
    await elsewhere.close();
    fs.rmSync(outside, { recursive: true, force: true });
  });

  async function panelWithPosts(uri = imageUri()) {
    const panel = await openAnalysisPanel(uri);
    const posted: HostToWebview[] = [];
    panel.onDidPost((message) => posted.push(message));
    return { panel, posted };
  }

  describe('from the endpoint', () => {
    it('E01 · an endpoint that redirects a panel’s request to another origin → the turn fails naming that address; nothing (image, conversation, key) reaches it', async () => {
      const target = `${elsewhere.baseUrl}/chat/completions`;
      server.enqueue({ kind: 'redirect', status: 307, location: target });
      elsewhere.enqueue(textReply('Answered elsewhere.'));
      const { panel } = await panelWithPosts();
      await panel.session.submit('what is this?');
      const [turn] = panel.session.turnViews;
      assert.equal(turn.status, 'error');
      assert.equal(turn.answer, '');
      assert.equal(turn.error?.code, 'redirected');
      assert.ok(turn.error?.message.includes(target), turn.error?.message);
      assert.equal(elsewhere.requests.length, 0, 'nothing was sent to the other origin');
    });

    it('E05 · a server that streams without end into a panel → the turn ends incomplete at 2 million characters with a clear message; the partial answer is kept and saved', async () => {
      server.enqueue({
        kind: 'flood',
        text: 'Endless answer. '.repeat(4_000),
        repeat: 100,
        chunkSize: 16_000,
      });
      const { panel } = await panelWithPosts();
      await panel.session.submit('describe it');
      const [turn] = panel.session.turnViews;
      assert.equal(turn.status, 'incomplete');
      assert.equal(turn.answer.length, MAX_TURN_TEXT_CHARS);
      assert.match(turn.error?.message ?? '', /more than 2,000,000 characters for one answer/);
      const saved = await eventually(async () => {
        const record = await api.history.get(panel.conversationId);
        return record?.turns[0]?.status === 'incomplete' ? record : undefined;
      });
      assert.equal(saved.turns[0].answer.length, MAX_TURN_TEXT_CHARS, 'history keeps the part');
    });
  });

  describe('from a cloned repository', () => {
    const victim = () => path.join(outside, 'bashrc');
    const answered = async () => {
      server.enqueue(textReply('An answer worth keeping.'));
      const { panel } = await panelWithPosts();
      await panel.session.submit('explain');
      return panel.session.turnViews[0];
    };

    afterEach(() => {
      api.keeper.options = {};
      for (const name of ['architecture.mmd', 'architecture.analysis.md']) {
        fs.rmSync(path.join(folder().fsPath, name), { force: true });
      }
    });

    it('R01 · "Open as file" and "Save as Markdown" where the repository put a symbolic link (arch.mmd -> ~/.bashrc) → nothing is written through the link; a save dialog is offered instead', async () => {
      const turn = await answered();
      for (const name of ['architecture.mmd', 'architecture.analysis.md']) {
        fs.writeFileSync(victim(), 'export SECRET=untouched\n');
        fs.symlinkSync(victim(), path.join(folder().fsPath, name));
        const dialogs: (string | undefined)[] = [];
        api.keeper.options = {
          announce: false,
          confirmOverwrite: () => Promise.resolve(true),
          chooseTarget: (_suggested, why) => (dialogs.push(why), Promise.resolve(undefined)),
        };
        if (name.endsWith('.mmd')) {
          await api.keeper.openMermaid(
            [{ name: 'architecture.png', uri: imageUri() }],
            'graph TD; a-->b',
          );
        } else {
          await api.keeper.keep(
            'markdown',
            [{ name: 'architecture.png', uri: imageUri() }],
            turn,
            'm',
          );
        }
        assert.equal(fs.readFileSync(victim(), 'utf8'), 'export SECRET=untouched\n', name);
        assert.equal(dialogs.length, 1, `${name}: the user was asked where to save`);
        assert.match(dialogs[0] ?? '', /symbolic link/);
        fs.rmSync(path.join(folder().fsPath, name));
      }
    });

    it('R02 · an image outside the workspace → its Markdown is not written next to it without a save dialog', async () => {
      const image = path.join(outside, 'diagram.png');
      fs.writeFileSync(image, diagramPng(64, 48));
      server.enqueue(textReply('Outside.'));
      const { panel } = await panelWithPosts(vscode.Uri.file(image));
      await panel.session.submit('explain');
      const suggested: string[] = [];
      api.keeper.options = {
        announce: false,
        chooseTarget: (uri) => (suggested.push(uri?.fsPath ?? ''), Promise.resolve(undefined)),
      };
      await api.keeper.keep(
        'markdown',
        [{ name: 'diagram.png', uri: vscode.Uri.file(image) }],
        panel.session.turnViews[0],
        'm',
      );
      assert.deepEqual(suggested, [path.join(outside, 'diagram.analysis.md')]);
      assert.ok(!fs.existsSync(path.join(outside, 'diagram.analysis.md')), 'nothing written');
    });

    it('R04 · a workspace that sets modelPrices (a trusted one, even) → ignored: costs come from the user’s settings only', async () => {
      // Written as a repository would ship it (VS Code itself refuses to write an
      // application-scoped setting into workspace settings).
      const settingsFile = path.join(folder().fsPath, '.vscode', 'settings.json');
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      fs.writeFileSync(
        settingsFile,
        JSON.stringify({
          'multimodalReasoning.modelPrices': { 'vision-test-model': { input: 0, output: 0 } },
        }),
      );
      // VS Code reads the file on its own; an application-scoped key may change nothing it reports.
      await new Promise((resolve) => {
        const subscription = vscode.workspace.onDidChangeConfiguration(() => {
          subscription.dispose();
          resolve(undefined);
        });
        setTimeout(resolve, 3_000);
      });
      await config().update(
        'modelPrices',
        { 'vision-test-model': { input: 1_000_000, output: 0 } },
        vscode.ConfigurationTarget.Global,
      );
      try {
        server.enqueue(textReply('Priced.', { usage: { prompt_tokens: 3, completion_tokens: 1 } }));
        const { panel } = await panelWithPosts();
        await panel.session.submit('explain');
        assert.equal(panel.session.turnViews[0].costUsd, 3, 'the user’s price, not the free one');
      } finally {
        fs.rmSync(settingsFile, { force: true });
        await config().update('modelPrices', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('R05 · an Azure deployment name "../../admin/x?" (from the model setting) → never put into the path: nothing reaches another path, and the turn says why', async () => {
      const origin = `http://127.0.0.1:${server.port}`;
      await config().update('provider', 'azure', vscode.ConfigurationTarget.Global);
      await config().update('azure.endpoint', origin, vscode.ConfigurationTarget.Global);
      await config().update('model', '../../admin/x?', vscode.ConfigurationTarget.Workspace);
      await api.apiKeys.set(`${origin}/openai`, KEY);
      try {
        const { panel } = await panelWithPosts();
        await panel.session.submit('explain');
        const paths = server.requests.map((request) => request.path);
        assert.ok(
          paths.every((sent) => sent.startsWith('/openai/deployments/')),
          `requests went to ${paths.join(', ')}`,
        );
        assert.equal(panel.session.turnViews[0]?.status ?? 'error', 'error');
      } finally {
        await config().update('model', undefined, vscode.ConfigurationTarget.Workspace);
        await config().update('azure.endpoint', undefined, vscode.ConfigurationTarget.Global);
        await config().update('provider', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('R06 · a workspace that sets maxImageSide to 100000 → clamped to 8192 before the page draws anything at that size', async () => {
      await config().update('maxImageSide', 100_000, vscode.ConfigurationTarget.Workspace);
      try {
        const panel = await openAnalysisPanel(imageUri());
        const posted: HostToWebview[] = [];
        panel.onDidPost((message) => posted.push(message));
        await panel.receive({ type: 'webview/ready' });
        const init = posted.find((message) => message.type === 'conversation/init');
        assert.ok(init && init.type === 'conversation/init');
        assert.equal(init.maxImageSide, 8192);
        assert.equal(init.imagePolicy?.maxSide, 8192);
      } finally {
        await config().update('maxImageSide', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    it('R07 · Analyze on an AVIF whose header claims 30000×30000, or an SVG XML bomb → refused before anything decodes it, naming the file', async () => {
      const avif = Buffer.from(
        await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
          .avif()
          .toBuffer(),
      );
      const ispe = avif.indexOf('ispe', 0, 'latin1');
      avif.writeUInt32BE(30_000, ispe + 8);
      avif.writeUInt32BE(30_000, ispe + 12);
      const avifPath = path.join(folder().fsPath, 'bomb.avif');
      fs.writeFileSync(avifPath, avif);
      const svgPath = path.join(folder().fsPath, 'laughs.svg');
      fs.writeFileSync(
        svgPath,
        '<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
      );
      try {
        await assert.rejects(api.panels.open(vscode.Uri.file(avifPath)), /bomb\.avif.*30000×30000/);
        await assert.rejects(api.panels.open(vscode.Uri.file(svgPath)), /laughs\.svg.*XML bomb/);
      } finally {
        fs.rmSync(avifPath, { force: true });
        fs.rmSync(svgPath, { force: true });
      }
    });
  });

  describe('from the webview', () => {
    const probeCalls: unknown[] = [];
    let probe: vscode.Disposable;
    before(() => {
      probe = vscode.commands.registerCommand(
        'multimodalReasoning.testProbe',
        (...args: unknown[]) => void probeCalls.push(args),
      );
    });
    after(() => {
      probe.dispose();
    });

    it('W01 · unknown, malformed and oversized messages to a panel and to the side chat → dropped with a log line; nothing is sent', async () => {
      const { panel } = await panelWithPosts();
      server.requests.length = 0;
      const hostile: unknown[] = [
        { type: 'task/submit', task: 'x'.repeat(200_000) },
        { type: 'task/submit', task: 42 },
        { type: 'task/submit' },
        { type: 'image/prepared', image: { dataUrl: 'javascript:alert(1)', width: 1, height: 1 } },
        { type: 'no/such/message' },
        'task/submit',
        null,
      ];
      for (const message of hostile) {
        await panel.receive(message);
        await api.chat.receive(message);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(server.chatRequests().length, 0, 'no request was made');
      const dropped = logged.filter((line) => line.includes('dropped a message'));
      assert.equal(dropped.length, hostile.length * 2, dropped.join('\n'));
      assert.ok(
        dropped.every((line) => !line.includes('xxxxxxxxxx')),
        'no content is logged',
      );
    });

    it('W02 · an error button naming a command that is not on the list → nothing runs (panel and side chat)', async () => {
      const { panel } = await panelWithPosts();
      for (const action of ['testProbe', '../testProbe', 'workbench.action.quit']) {
        await panel.receive({ type: 'action/run', action });
        await api.chat.receive({ type: 'action/run', action });
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(probeCalls, [], 'the probe command never ran');
    });

    it('W06 · a panel page asking to clear the history, open or delete a conversation, or the side chat sending a panel’s image → dropped as not that view’s message', async () => {
      const { panel } = await panelWithPosts();
      const saved = (await api.history.list()).length;
      await panel.receive({ type: 'history/clear' });
      await panel.receive({ type: 'history/delete', id: 'c1' });
      await panel.receive({ type: 'chat/new' });
      await api.chat.receive({ type: 'image/prepareFailed', message: 'planted' });
      const refused = logged.filter((line) =>
        / not a message the (panel|sideView) sends/.test(line),
      );
      assert.deepEqual(
        refused.map((line) => /: ([a-z]+\/[a-zA-Z]+): not a message/.exec(line)?.[1]),
        ['history/clear', 'history/delete', 'chat/new', 'image/prepareFailed'],
        refused.join('\n'),
      );
      assert.equal((await api.history.list()).length, saved, 'the history is untouched');
    });

    it('W03 · dropped URIs of files outside the workspace and the open editors → not read, the user told why', async () => {
      const image = path.join(outside, 'private.png');
      fs.writeFileSync(image, diagramPng(32, 32));
      const { panel, posted } = await panelWithPosts();
      await panel.receive({
        type: 'attachments/dropUris',
        uris: [vscode.Uri.file(image).toString()],
      });
      await waitFor(() => posted.some((message) => message.type === 'webview/notice'));
      assert.ok(!posted.some((message) => message.type === 'attachments/prepare'), 'not read');
      // A workspace file is read as before.
      await panel.receive({ type: 'attachments/dropUris', uris: [imageUri().toString()] });
      await waitFor(() => posted.some((message) => message.type === 'attachments/prepare'));
    });

    it('W04 · a revived panel whose saved state names another file → not reopened on the page’s word', async () => {
      const image = path.join(outside, 'elsewhere.png');
      fs.writeFileSync(image, diagramPng(32, 32));
      const webviewPanel = vscode.window.createWebviewPanel(
        'multimodalReasoning.analysisPanel',
        'revived',
        vscode.ViewColumn.Active,
      );
      let disposed = false;
      webviewPanel.onDidDispose(() => (disposed = true));
      await panelSerializer(api.panels).deserializeWebviewPanel(webviewPanel, {
        revive: { conversationId: 'cnotsaved1', imageUri: vscode.Uri.file(image).toString() },
      });
      assert.ok(disposed, 'the panel was closed');
      assert.ok(
        !api.panels.openPanels.some((panel) => panel.image.uri.fsPath === image),
        'the file was not opened',
      );
    });

    it('W05 · a panel’s page asking for files beside its image → it may load a private copy of its image only: the image’s folder is not a local resource root', async () => {
      const { panel } = await panelWithPosts();
      const roots = (
        panel as unknown as { panel: vscode.WebviewPanel }
      ).panel.webview.options.localResourceRoots!.map((root) => root.toString());
      assert.ok(
        !roots.some((root) => imageUri().toString().startsWith(`${root}/`)),
        `roots: ${roots.join(', ')}`,
      );
      const init = await new Promise<HostToWebview>((resolve) => {
        const subscription = panel.onDidPost((message) => {
          if (message.type === 'conversation/init') {
            subscription.dispose();
            resolve(message);
          }
        });
        void panel.receive({ type: 'webview/ready' });
      });
      assert.ok(
        init.type === 'conversation/init' && init.image?.src,
        'the page still gets its image',
      );
    });
  });

  describe('links in answers', () => {
    it('A05 · mailto: and trusted-domain links from an answer → shown in full and opened only once the user says so', async () => {
      const asked: string[] = [];
      const opened: string[] = [];
      let answer = false;
      api.links.options = {
        confirm: (shown) => (asked.push(shown), Promise.resolve(answer)),
        open: (uri) => (opened.push(uri.toString(true)), Promise.resolve(true)),
      };
      try {
        // What a page posts when a link in an answer is clicked (the side chat's page here).
        const links = [
          'mailto:attacker@example.com?subject=keys&body=paste%20them',
          'https://github.com/login/oauth/authorize?client_id=evil',
        ];
        for (const href of links) {
          await api.chat.receive({ type: 'link/open', href });
        }
        await waitFor(() => asked.length === 2);
        assert.deepEqual(opened, [], 'declined: nothing opened');
        assert.match(asked[0], /attacker@example\.com/);
        assert.ok(asked[1].includes('client_id=evil'), 'the whole address is shown');
        answer = true;
        await api.chat.receive({ type: 'link/open', href: links[1] });
        assert.deepEqual(opened, [links[1]]);
        await api.chat.receive({ type: 'link/open', href: 'command:workbench.action.quit' });
        assert.equal(asked.length, 3, 'a command: link is never even offered');
      } finally {
        api.links.options = {};
      }
    });
  });

  describe('logs', () => {
    it('S08 · Choose Provider with an endpoint URL that carries credentials (http://user:password@host) → the password never reaches the log', async () => {
      const withCredentials = `http://admin:hunter2-secret@127.0.0.1:${server.port}/v1`;
      await config().update('provider', 'custom', vscode.ConfigurationTarget.Global);
      await config().update('baseUrl', withCredentials, vscode.ConfigurationTarget.Global);
      await api.apiKeys.set(withCredentials, KEY);
      try {
        const done = vscode.commands.executeCommand('multimodalReasoning.chooseProvider', {
          provider: 'custom',
          offerModelPick: false,
        });
        // The URL box opens with the current URL in it: accept it as the user would with Enter.
        await new Promise((resolve) => setTimeout(resolve, 500));
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await done;
        const providerLines = logged.filter((line) => line.includes('[provider]'));
        assert.ok(providerLines.length > 0, 'the choice was logged');
        assert.ok(
          logged.every((line) => !line.includes('hunter2-secret')),
          providerLines.join('\n'),
        );
      } finally {
        await config().update(
          'baseUrl',
          endpoint.server.baseUrl,
          vscode.ConfigurationTarget.Global,
        );
        await config().update('provider', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });
});
