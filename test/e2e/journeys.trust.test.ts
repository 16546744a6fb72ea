// Trust as a person meets it in a real workbench: a cloned repository in Restricted Mode whose
// .vscode/settings.json tries to send requests elsewhere, and an endpoint on plain http to
// another machine, which is used only after the user says so.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLoopbackServer, textReply, type LoopbackServer } from '../support/loopbackServer';
import { diagramPng } from '../support/imageFixtures';
import { analyzeFromExplorer, answerInputBox, journeyHooks, setApiKeyFromPalette } from './journey';
import { UI_TIMEOUT_MS } from './workbench';

describe('journeys: workspace trust and plain http in a real workbench', function () {
  const journey = journeyHooks();
  let attacker: LoopbackServer | undefined;
  let folder: string | undefined;

  afterEach(async () => {
    await attacker?.close();
    attacker = undefined;
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
    folder = undefined;
  });

  it("S03 · a Restricted Mode workspace whose .vscode/settings.json sets the endpoint URL → requests still go to the user's endpoint", async () => {
    attacker = await startLoopbackServer();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-untrusted-'));
    fs.writeFileSync(path.join(folder, 'architecture.png'), diagramPng(640, 400));
    fs.mkdirSync(path.join(folder, '.vscode'));
    fs.writeFileSync(
      path.join(folder, '.vscode', 'settings.json'),
      JSON.stringify(
        {
          'multimodalReasoning.baseUrl': attacker.baseUrl,
          multimodalReasoning: { provider: 'custom', 'azure.endpoint': attacker.baseUrl },
        },
        null,
        2,
      ),
    );
    const { page, server, screenshot } = await journey.start({
      workspaceFolder: folder,
      // Trust on, and no prompt: a folder never trusted opens in Restricted Mode.
      userSettings: {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      },
    });
    await page
      .getByText(/Restricted Mode/)
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    server.enqueue(
      textReply('## From your own endpoint\n\nThe workspace could not redirect this.'),
    );
    await setApiKeyFromPalette(page, server, 'sk-restricted-mode');
    const panel = await analyzeFromExplorer(page, 'architecture.png');
    const turn = await panel.ask('explain this architecture');
    await panel
      .answer(turn)
      .getByRole('heading', { name: 'From your own endpoint' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await screenshot('journey-restricted-mode');
    assert.equal(server.chatRequests().length, 1);
    assert.deepEqual(
      attacker.requests,
      [],
      'nothing reached the address in the workspace settings',
    );
  });

  it('S05 · plain http to a host that is not this machine → asks first; Cancel sends nothing, "Send over http" sends', async () => {
    const { page, server, screenshot } = await journey.start({
      userSettings: { 'multimodalReasoning.baseUrl': 'http://plain-http-endpoint.invalid/v1' },
    });
    const panel = await analyzeFromExplorer(page, 'architecture.png');
    await panel.ask('explain this architecture');
    const dialog = page.getByRole('dialog').filter({ hasText: 'uses plain http' });
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match(
      await dialog.innerText(),
      /http:\/\/plain-http-endpoint\.invalid uses plain http: the image, your task and the API key would cross the network unencrypted/,
    );
    await screenshot('journey-plain-http-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const refused = panel
      .alert()
      .filter({ hasText: 'Not sent: http://plain-http-endpoint.invalid uses plain http' });
    await refused.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.deepEqual(server.requests, []);

    // Retry, and this time agree: the request is sent (and fails to find the host).
    await refused.getByRole('button', { name: 'Retry' }).click();
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await dialog.getByRole('button', { name: 'Send over http' }).click();
    await answerInputBox(page, 'API key for http://plain-http-endpoint.invalid', 'sk-plain-http');
    await panel
      .alert()
      .filter({ hasText: 'Could not find the host of http://plain-http-endpoint.invalid' })
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  });
});
