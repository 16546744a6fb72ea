import * as assert from 'node:assert/strict';
import * as path from 'node:path';

interface SettingsTableScript {
  readProject(): { readme: string; manifest: unknown; nls: Record<string, string> };
  updateReadme(readme: string, manifest: unknown, nls: Record<string, string>): string;
  renderSettingsTable(manifest: unknown, nls: Record<string, string>): string;
}

// The generator is the plain CommonJS script `npm run readme` runs; out/test/unit → repo root.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require(
  path.resolve(__dirname, '..', '..', '..', 'scripts', 'settings-table.cjs'),
) as SettingsTableScript;

describe('README settings table', () => {
  it('matches package.json: run `npm run readme` when this fails', () => {
    const { readme, manifest, nls } = script.readProject();
    assert.equal(readme, script.updateReadme(readme, manifest, nls));
  });

  it('lists every contributed setting with its default and its description in English', () => {
    const manifest = {
      contributes: {
        configuration: {
          properties: {
            'x.second': { type: 'string', default: 'b|c', description: '%second%', order: 2 },
            'x.first': {
              type: 'integer',
              default: 3,
              markdownDescription: 'Goes with #x.second#.\nTwo lines.',
              enum: [3, 4],
              scope: 'application',
              order: 1,
            },
          },
        },
      },
    };
    const table = script.renderSettingsTable(manifest, { second: 'From the nls file' });
    assert.deepEqual(table.split('\n'), [
      '| Setting | Default | What it does |',
      '|---|---|---|',
      '| `x.first` | `3` | Goes with `x.second`. Two lines. One of: `3`, `4`. User setting only. |',
      '| `x.second` | `"b\\|c"` | From the nls file |',
    ]);
  });

  it('refuses a %key% that package.nls.json does not define', () => {
    const manifest = {
      contributes: { configuration: { properties: { 'x.a': { description: '%missing%' } } } },
    };
    assert.throws(() => script.renderSettingsTable(manifest, {}), /%missing%/);
  });
});
