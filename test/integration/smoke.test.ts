// The first thing to break when packaging or activation goes wrong: the extension is there,
// it activates, and its commands exist in a real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'multimodal-reasoning.multimodal-reasoning-agent';
const COMMANDS = [
  'multimodalReasoning.analyzeImage',
  'multimodalReasoning.setApiKey',
  'multimodalReasoning.selectModel',
];

describe('smoke: the extension in a real extension host', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const others = vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.'));
    assert.ok(
      extension,
      `${EXTENSION_ID} is not loaded; non-built-in extensions: ${others.join(', ') || 'none'}`,
    );
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers its commands', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((id) => !commands.has(id));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });
});
