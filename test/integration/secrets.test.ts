// Secrets and trust inside a real extension host: a workspace's settings cannot redirect
// requests, each origin gets only its own key, and a planted key never shows up in the log,
// the webview's messages, the errors shown or the saved history.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { startLoopbackServer, textReply, type LoopbackServer } from '../support/loopbackServer';
import { openAnalysisPanel, useLoopbackEndpoint, waitFor } from './helpers';

const PLANTED_KEY = 'sk-planted-4f1c9e2b7a5d3c8e6b0a';

describe('secrets and trust (extension host)', () => {
  const endpoint = useLoopbackEndpoint(PLANTED_KEY);
  let api: ExtensionApi;
  let server: LoopbackServer;
  before(() => ({ api, server } = endpoint));
  let attacker: LoopbackServer;
  const workspaceFolder = () => vscode.workspace.workspaceFolders![0].uri;
  const imageUri = () => vscode.Uri.joinPath(workspaceFolder(), 'architecture.png');
  const settingsFile = () => path.join(workspaceFolder().fsPath, '.vscode', 'settings.json');
  const config = () => vscode.workspace.getConfiguration('multimodalReasoning');

  before(async () => {
    attacker = await startLoopbackServer();
  });

  afterEach(() => {
    attacker.requests.length = 0;
  });

  after(async () => {
    fs.rmSync(path.dirname(settingsFile()), { recursive: true, force: true });
    await attacker.close();
  });

  /** Writes the workspace's .vscode/settings.json and waits until VS Code has read it. */
  async function writeWorkspaceSettings(settings: object): Promise<void> {
    const changed = new Promise<void>((resolve) => {
      const subscription = vscode.workspace.onDidChangeConfiguration(() => {
        subscription.dispose();
        resolve();
      });
    });
    fs.mkdirSync(path.dirname(settingsFile()), { recursive: true });
    fs.writeFileSync(settingsFile(), JSON.stringify(settings, null, 2));
    // A change to only application-scoped keys may not fire an event: also accept the model key.
    await Promise.race([changed, new Promise((resolve) => setTimeout(resolve, 3_000))]);
  }

  describe("S02 · a workspace .vscode/settings.json that sets the endpoint URL (dotted and nested forms) → requests still go to the user's endpoint (trusted workspace)", () => {
    for (const [form, settings] of [
      [
        'dotted',
        (url: string) => ({
          'multimodalReasoning.baseUrl': url,
          'multimodalReasoning.provider': 'custom',
          'multimodalReasoning.model': 'workspace-model',
        }),
      ],
      [
        'nested',
        (url: string) => ({
          multimodalReasoning: { baseUrl: url, provider: 'custom', model: 'workspace-model' },
        }),
      ],
    ] as const) {
      it(`${form} form`, async () => {
        assert.equal(vscode.workspace.isTrusted, true, 'this suite runs in a trusted workspace');
        await writeWorkspaceSettings(settings(attacker.baseUrl));
        // VS Code read the file: the ordinary (window-scoped) key in it took effect.
        await waitFor(() => config().get('model') === 'workspace-model');
        server.enqueue(textReply('From the real endpoint.'));
        const panel = await openAnalysisPanel(imageUri());
        await panel.session.submit('explain this architecture');
        assert.equal(panel.session.turnViews[0]?.answer, 'From the real endpoint.');
        assert.equal(server.chatRequests().length, 1);
        assert.deepEqual(attacker.requests, [], 'the workspace could not redirect the request');
        fs.rmSync(settingsFile());
        await waitFor(() => config().get('model') === 'vision-test-model');
      });
    }
  });

  it("S04 · two endpoints with their own keys → each request carries its origin's key only", async () => {
    await api.apiKeys.set(attacker.baseUrl, 'sk-second-origin-key-0002');
    try {
      server.enqueue(textReply('one'));
      const panel = await openAnalysisPanel(imageUri());
      await panel.session.submit('first');
      await config().update('baseUrl', attacker.baseUrl, vscode.ConfigurationTarget.Global);
      attacker.enqueue(textReply('two'));
      await panel.session.submit('second');
      assert.equal(server.chatRequests()[0]?.headers.authorization, `Bearer ${PLANTED_KEY}`);
      assert.equal(
        attacker.chatRequests()[0]?.headers.authorization,
        'Bearer sk-second-origin-key-0002',
      );
      assert.ok(
        !JSON.stringify(attacker.requests.map((request) => request.headers)).includes(PLANTED_KEY),
      );
    } finally {
      await config().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
      await api.apiKeys.delete(attacker.baseUrl);
    }
  });

  it('S06 · a planted key → never in the log, the webview messages (init and state included), the errors shown, or saved history', async () => {
    const logLines: string[] = [];
    const posted: unknown[] = [];
    const tap = api.tapLog((line) => logLines.push(line));
    try {
      const panel = await openAnalysisPanel(imageUri());
      panel.onDidPost((message) => posted.push(message));
      const echo = (status: number) => ({
        kind: 'error' as const,
        status,
        body: {
          error: {
            message: `Invalid key ${PLANTED_KEY} (Authorization: Bearer ${PLANTED_KEY})`,
            type: 'invalid_request_error',
          },
        },
      });
      server.enqueue(echo(401));
      await panel.session.submit('first try');
      server.enqueue(echo(400));
      await panel.session.submit('second try');
      server.enqueue({
        kind: 'stream',
        chunks: [{ content: `The key is ${PLANTED_KEY.slice(0, 6)}` }],
      });
      await panel.session.submit('third try');
      await waitFor(() => !panel.isStreaming);
      assert.ok(server.chatRequests().length >= 3, 'the key was used');
      // The webview's saved state is made from what conversation/init carries (the revive record)
      // and the typed draft: reloading the webview makes the panel send init again, so it is
      // scanned too.
      await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
      await waitFor(
        () => posted.some((message) => (message as { type?: string }).type === 'conversation/init'),
        20_000,
      );
      const history = await Promise.all(
        (await api.history.list()).map((entry) => api.history.get(entry.id)),
      );
      const haystacks: Array<[string, string]> = [
        ['log', logLines.join('\n')],
        ['webview messages', JSON.stringify(posted)],
        ['errors shown', JSON.stringify(panel.session.turnViews.map((turn) => turn.error))],
        ['history', JSON.stringify(history)],
      ];
      assert.ok(logLines.length > 0 && posted.length > 0, 'there was something to scan');
      for (const [where, text] of haystacks) {
        assert.ok(!text.includes(PLANTED_KEY), `the key is not in the ${where}`);
      }
    } finally {
      tap.dispose();
    }
  });

  it("S07 · OPENAI_API_KEY and OPENAI_BASE_URL in the extension host's environment → change nothing", async () => {
    const saved = { key: process.env.OPENAI_API_KEY, base: process.env.OPENAI_BASE_URL };
    process.env.OPENAI_API_KEY = 'sk-from-the-environment-0003';
    process.env.OPENAI_BASE_URL = attacker.baseUrl;
    try {
      server.enqueue(textReply('configured endpoint'));
      const panel = await openAnalysisPanel(imageUri());
      await panel.session.submit('explain');
      assert.equal(panel.session.turnViews[0]?.answer, 'configured endpoint');
      assert.equal(server.chatRequests()[0]?.headers.authorization, `Bearer ${PLANTED_KEY}`);
      assert.deepEqual(attacker.requests, []);
    } finally {
      for (const [name, value] of [
        ['OPENAI_API_KEY', saved.key],
        ['OPENAI_BASE_URL', saved.base],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
