import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}

const manifest = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
) as Manifest;

describe("manifest: where requests go is the user's choice only", () => {
  // Every setting that decides the endpoint, and so which origin receives the key.
  const ENDPOINT_SETTINGS = [
    'multimodalReasoning.baseUrl',
    'multimodalReasoning.provider',
    'multimodalReasoning.azure.endpoint',
  ];

  it('S03 · the endpoint settings in package.json → application-scoped and listed under restrictedConfigurations', () => {
    const properties = manifest.contributes.configuration.properties;
    for (const key of ENDPOINT_SETTINGS) {
      assert.equal(
        properties[key]?.scope,
        'application',
        `${key} is application-scoped (no workspace or folder value)`,
      );
      assert.ok(
        manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key),
        `${key} is restricted in untrusted workspaces`,
      );
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });
});
