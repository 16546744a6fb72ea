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

describe('manifest: what is sent and what it costs, in untrusted workspaces', () => {
  // Settings that change what leaves the machine, how much of it, or what the user is told it
  // cost. A Restricted Mode workspace's values for them are ignored (VS Code reads only the
  // user's).
  const SENT_OR_BILLED = [
    'multimodalReasoning.model',
    'multimodalReasoning.systemPrompt',
    'multimodalReasoning.maxOutputTokens',
    'multimodalReasoning.temperature',
    'multimodalReasoning.reasoningEffort',
    'multimodalReasoning.imageDetail',
    'multimodalReasoning.maxImageSide',
    'multimodalReasoning.maxImageMegabytes',
    'multimodalReasoning.sendDiagramSource',
    'multimodalReasoning.zoom.enabled',
    'multimodalReasoning.zoom.maxPerQuestion',
    'multimodalReasoning.modelPrices',
    'multimodalReasoning.taskPresets',
    'multimodalReasoning.azure.deployment',
    'multimodalReasoning.azure.apiVersion',
  ];

  it('R03 · settings that change what is sent or what it costs → listed under restrictedConfigurations; prices are user settings only', () => {
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.deepEqual(
      SENT_OR_BILLED.filter((key) => !restricted.includes(key)),
      [],
      'every one is restricted',
    );
    const properties = manifest.contributes.configuration.properties;
    assert.equal(properties['multimodalReasoning.modelPrices']?.scope, 'application');
    // Every setting is either restricted or harmless from a workspace (timeouts and waits only).
    const unrestricted = Object.keys(properties).filter((key) => !restricted.includes(key));
    assert.deepEqual(unrestricted.sort(), [
      'multimodalReasoning.rateLimitMaxWaitSeconds',
      'multimodalReasoning.requestTimeoutSeconds',
      'multimodalReasoning.streamIdleTimeoutSeconds',
    ]);
  });
});
