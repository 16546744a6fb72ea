// Load inside a real extension host: ten panels stream at once against the loopback server and
// all finish; ten panels closed mid-stream leave no timers, sockets or registrations behind.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { AnalysisPanel } from '../../src/host/analysisPanel';
import { textReply, type LoopbackServer } from '../support/loopbackServer';
import { diagramPng } from '../support/imageFixtures';
import { openAnalysisPanel, useLoopbackEndpoint, waitFor } from './helpers';

const PANELS = 10;

/** Node's own list of what keeps the event loop busy: timers, sockets, immediates… */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

describe('load (extension host)', function () {
  this.timeout(120_000);
  const endpoint = useLoopbackEndpoint('sk-load-test', { model: false });
  let api: ExtensionApi;
  let server: LoopbackServer;
  before(() => ({ api, server } = endpoint));
  let folder: string;
  const images: vscode.Uri[] = [];

  before(() => {
    folder = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'load');
    fs.mkdirSync(folder, { recursive: true });
    for (let index = 0; index < PANELS; index++) {
      const file = path.join(folder, `diagram-${index}.png`);
      fs.writeFileSync(file, diagramPng(320 + index * 8, 200));
      images.push(vscode.Uri.file(file));
    }
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function openAll(): Promise<AnalysisPanel[]> {
    const panels: AnalysisPanel[] = [];
    for (const uri of images) {
      panels.push(await openAnalysisPanel(uri));
    }
    return panels;
  }

  it('L01 · ten panels streaming at once → every one finishes with its own answer', async () => {
    const panels = await openAll();
    for (let index = 0; index < PANELS; index++) {
      server.enqueue(
        textReply(`Answer number ${index}. `.repeat(20), { chunkSize: 6, delayMs: 2 }),
      );
    }
    await Promise.all(panels.map((panel, index) => panel.session.submit(`question ${index}`)));
    assert.equal(server.chatRequests().length, PANELS);
    const answers = panels.map((panel) => panel.session.turnViews[0]);
    assert.deepEqual(
      answers.map((turn) => turn?.status),
      Array(PANELS).fill('done'),
    );
    // Each panel got one whole answer (which one depends on arrival order), none mixed.
    for (const turn of answers) {
      assert.match(turn?.answer ?? '', /^(Answer number (\d)\. )\1{19}$/);
    }
    assert.equal(
      new Set(answers.map((turn) => turn?.answer)).size,
      PANELS,
      'ten different answers',
    );
  });

  it('L02 · ten panels closed mid-stream → the turns end stopped, the connections close, no timers or registrations are left', async () => {
    // One open-and-close first, so whatever is made once per extension host already exists.
    await openAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => api.panels.openPanels.length === 0);
    const registrationsBefore = api.liveRegistrations();
    const timersBefore = activeResources().Timeout ?? 0;

    const panels = await openAll();
    const ended: string[] = [];
    for (const panel of panels) {
      panel.session.onDidChangeTurn(
        (change) => change.phase === 'ended' && ended.push(change.turn.status),
      );
      server.enqueue(textReply('word '.repeat(2_000), { chunkSize: 5, delayMs: 10 }));
    }
    const closedBefore = server.closedConnections;
    const turns = panels.map((panel, index) => panel.session.submit(`long question ${index}`));
    await waitFor(
      () => panels.every((panel) => (panel.session.turnViews[0]?.answer.length ?? 0) > 50),
      30_000,
    );
    assert.ok(api.liveRegistrations() > registrationsBefore, 'the open panels hold registrations');

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await Promise.all(turns);
    await server.waitForClientClose(closedBefore + PANELS);
    assert.deepEqual(ended, Array(PANELS).fill('stopped'));
    assert.equal(api.panels.openPanels.length, 0);

    // Let the aborted streams unwind, then count.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(
      api.liveRegistrations(),
      registrationsBefore,
      'every listener the panels registered was disposed',
    );
    const timersAfter = activeResources().Timeout ?? 0;
    console.log(
      `      timers before ${timersBefore}, after ${timersAfter}; registrations ${registrationsBefore} → ${api.liveRegistrations()}`,
    );
    // VS Code's own timers come and go; one left per closed panel would be ten.
    assert.ok(
      timersAfter < timersBefore + PANELS / 2,
      `timers: ${timersBefore} before, ${timersAfter} after`,
    );
  });
});
