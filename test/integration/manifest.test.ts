// The manifest as VS Code reads it, in a real extension host: every command is titled,
// categorised and registered; the menus offer Analyze on exactly the image types the README
// documents and the core accepts; the walkthrough's steps point at real commands, settings and
// media. Strings are checked as VS Code shows them, after package.nls.json is applied.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS } from '../../src/core/imageFacts';

const EXTENSION_ID = 'multimodal-reasoning.multimodal-reasoning-agent';

interface Manifest {
  displayName: string;
  description: string;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, unknown> };
    walkthroughs: {
      id: string;
      title: string;
      steps: {
        id: string;
        title: string;
        description: string;
        media: { markdown?: string; image?: string };
        completionEvents?: string[];
      }[];
    }[];
  };
}

describe('manifest (extension host)', () => {
  let extension: vscode.Extension<unknown>;
  let manifest: Manifest;

  before(async () => {
    extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    manifest = extension.packageJSON as Manifest;
  });

  const unlocalised = (text: string | undefined) =>
    text === undefined || text.trim() === '' || /^%.+%$/.test(text);

  it('shows its name and description in words, not %keys%', () => {
    assert.equal(manifest.displayName, 'Multimodal Reasoning Agent');
    assert.ok(!unlocalised(manifest.description), manifest.description);
  });

  it('gives every command a title and a category, and registers every one', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of manifest.contributes.commands) {
      assert.ok(!unlocalised(command.title), `${command.command} has no title (${command.title})`);
      assert.equal(command.category, 'Multimodal Reasoning', `${command.command}'s category`);
      assert.ok(registered.has(command.command), `${command.command} is not registered`);
    }
  });

  it('offers Analyze in the Explorer on exactly the image types the README documents and the core accepts', async () => {
    const entry = manifest.contributes.menus['explorer/context'].find(
      (item) => item.command === 'multimodalReasoning.analyzeImageWithAI',
    );
    const match = /resourceExtname =~ \/(.+?)\/(\w*)/.exec(entry?.when ?? '');
    assert.ok(match, `no resourceExtname test in ${entry?.when}`);
    const pattern = new RegExp(match[1], match[2]);
    for (const extension of [...IMAGE_EXTENSIONS, ...DOCUMENT_EXTENSIONS]) {
      assert.ok(pattern.test(`.${extension}`), `.${extension} is accepted but not offered`);
      assert.ok(
        pattern.test(`.${extension.toUpperCase()}`),
        `.${extension.toUpperCase()} (upper case) is not offered`,
      );
    }
    for (const other of ['.txt', '.pdfx', '.psd', '.tga', '.png.bak', '.svgz', 'png']) {
      assert.equal(pattern.test(other), false, `${other} is offered but is not an image we accept`);
    }
    assert.match(entry?.when ?? '', /!explorerResourceIsFolder/);

    // vsce stores the README as readme.md: so it is named where the .vsix was installed.
    const readmeName = (await vscode.workspace.fs.readDirectory(extension.extensionUri))
      .map(([name]) => name)
      .find((name) => name.toLowerCase() === 'readme.md');
    assert.ok(readmeName, `no README in ${extension.extensionUri.toString()}`);
    const readme = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, readmeName)),
    );
    const documented = /Explorer, right-click an image \(([^)]+)\)/.exec(readme)?.[1].split(/,\s*/);
    assert.deepEqual(
      [...(documented ?? [])].sort(),
      [...IMAGE_EXTENSIONS].sort(),
      'README lists the types the menu offers',
    );
    const documents = /or a document \(([^)]+)\)/.exec(readme)?.[1].split(/,\s*/);
    assert.deepEqual(documents, [...DOCUMENT_EXTENSIONS], 'README lists the documents too');
  });

  it('offers Analyze in the image preview only, and hides the menu-only command from the palette', () => {
    const title = manifest.contributes.menus['editor/title'].find(
      (item) => item.command === 'multimodalReasoning.analyzeImageWithAI',
    );
    assert.equal(title?.when, 'activeCustomEditorId == imagePreview.previewEditor');
    const palette = manifest.contributes.menus.commandPalette.find(
      (item) => item.command === 'multimodalReasoning.analyzeImageWithAI',
    );
    assert.equal(palette?.when, 'false');
  });

  it('has a walkthrough whose steps run real commands, complete on real events and show shipped media', async () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.ok(walkthrough && !unlocalised(walkthrough.title));
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id),
      ['provider', 'key', 'model', 'sample'],
    );
    const contributed = new Set(manifest.contributes.commands.map((command) => command.command));
    const settings = new Set(Object.keys(manifest.contributes.configuration.properties));
    for (const step of walkthrough.steps) {
      assert.ok(
        !unlocalised(step.title) && !unlocalised(step.description),
        `step ${step.id} has its words`,
      );
      const buttons = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map(
        (found) => found[1],
      );
      assert.equal(buttons.length, 1, `step ${step.id} has one button`);
      assert.ok(
        contributed.has(buttons[0]),
        `step ${step.id}'s button runs ${buttons[0]}, which is not a contributed command`,
      );
      assert.ok(step.completionEvents?.length, `step ${step.id} can be completed`);
      for (const event of step.completionEvents ?? []) {
        const [kind, target] = event.split(':');
        if (kind === 'onCommand') assert.ok(contributed.has(target), `${event}: no such command`);
        else if (kind === 'onSettingChanged')
          assert.ok(settings.has(target), `${event}: no such setting`);
        else assert.fail(`unexpected completion event ${event}`);
      }
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media, `step ${step.id} has media`);
      const stat = await vscode.workspace.fs.stat(
        vscode.Uri.joinPath(extension.extensionUri, media),
      );
      assert.ok(stat.size > 0, `${media} is empty`);
    }
  });
});
