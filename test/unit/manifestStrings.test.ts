import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSupportScript } from '../support/supportScripts';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');

describe('manifest strings (package.nls.json)', () => {
  const manifestText = read('package.json');
  const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
  const used = new Set([...manifestText.matchAll(/"%([^%"]+)%"/g)].map((match) => match[1]));

  it('defines every %key% package.json uses, so no setting or command shows a raw key', () => {
    const missing = [...used].filter((key) => !(key in nls));
    assert.deepEqual(missing, []);
  });

  it('has no strings that package.json no longer uses', () => {
    const unused = Object.keys(nls).filter((key) => !used.has(key));
    assert.deepEqual(unused, []);
  });

  it('keeps user-facing manifest text in package.nls.json, not inline', () => {
    const manifest = JSON.parse(manifestText) as {
      displayName: string;
      description: string;
      contributes: { commands: { title: string; category: string }[] };
    };
    assert.match(manifest.displayName, /^%.+%$/);
    assert.match(manifest.description, /^%.+%$/);
    for (const command of manifest.contributes.commands) {
      assert.match(command.title, /^%.+%$/, `${command.title} is inline`);
      assert.match(command.category, /^%.+%$/);
    }
  });
});

describe('manifest facts', () => {
  /** The fields of package.json these facts are about. */
  const manifest = JSON.parse(read('package.json')) as {
    devDependencies: Record<string, string>;
    engines: { vscode: string };
    icon: string;
    galleryBanner: { color?: string; theme?: string };
    repository: { url: string };
    categories: string[];
    capabilities: { untrustedWorkspaces: { supported: unknown }; virtualWorkspaces: unknown };
    extensionKind: string[];
  };

  it('asks for the VS Code whose API the code is compiled against (engines.vscode = @types/vscode)', () => {
    const types = JSON.parse(read('node_modules/@types/vscode/package.json')) as {
      version: string;
    };
    assert.equal(
      manifest.devDependencies['@types/vscode'],
      types.version.replace(/^(\d+\.\d+)\.\d+$/, '$1.0'),
    );
    assert.equal(manifest.engines.vscode, `^${manifest.devDependencies['@types/vscode']}`);
  });

  it('is ready for the Marketplace: PNG icon, banner, repository, categories, trust and virtual-workspace support', () => {
    assert.match(manifest.icon, /\.png$/);
    assert.ok(
      fs.readFileSync(path.join(root, manifest.icon)).subarray(1, 4).equals(Buffer.from('PNG')),
    );
    assert.ok(manifest.galleryBanner.color && manifest.galleryBanner.theme);
    assert.match(manifest.repository.url, /^https:/);
    assert.deepEqual(manifest.categories, ['AI', 'Visualization']);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
    assert.deepEqual(manifest.extensionKind, ['workspace', 'ui']);
  });
});

describe('the walkthrough sample', () => {
  it('is the drawing test/support/sample-diagram.mjs makes (regenerate media/sample/architecture.png from it)', async () => {
    const generator = await importSupportScript<{ renderArchitecturePng(): Uint8Array }>(
      'sample-diagram.mjs',
    );
    assert.ok(
      Buffer.from(generator.renderArchitecturePng()).equals(
        fs.readFileSync(path.join(root, 'media', 'sample', 'architecture.png')),
      ),
    );
  });
});
