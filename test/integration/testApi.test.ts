// The extension's API is for its own tests: it reaches the key store, the conversations and the
// log. VS Code hands it to every extension that asks (`getExtension(…).exports`), so it is
// returned only when VS Code runs the extension under a test runner.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testApi, type ExtensionApi } from '../../src/extension';
import type { HostLayer } from '../../src/host/hostLayer';
import { EXTENSION_ID } from './helpers';

describe('the test-only API (extension host)', () => {
  it('X02 · another extension reading this one’s exports when no test runner runs it → gets nothing: no key store, no conversations, no log', () => {
    let loads = 0;
    const apiKeys = { marker: 'the key store' };
    const host = (): HostLayer => {
      loads++;
      return { api: { apiKeys } } as unknown as HostLayer;
    };
    for (const mode of [vscode.ExtensionMode.Production, vscode.ExtensionMode.Development]) {
      assert.equal(testApi(mode, host), undefined, `exported in ${vscode.ExtensionMode[mode]}`);
    }
    assert.equal(loads, 0, 'asking did not even load the host layer');

    const api = testApi(vscode.ExtensionMode.Test, host);
    assert.equal(api?.apiKeys, apiKeys, 'under a test runner the API reads through to the host');
    assert.equal(loads, 1);
  });

  it('is what this run gets, because VS Code runs the extension here in test mode', async () => {
    const extension = vscode.extensions.getExtension<ExtensionApi | undefined>(EXTENSION_ID)!;
    const api = await extension.activate();
    assert.ok(api, 'the extension exported its API to its own test run');
    assert.equal(typeof api.liveRegistrations(), 'number');
    assert.equal(extension.exports, api);
  });
});
