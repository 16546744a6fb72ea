// The layers the folders promise (docs/ARCHITECTURE.md) are lint rules (eslint.config.mjs), and
// `npm run lint` is the first tier of `npm test`: each rule is shown here to refuse a planted
// import of the kind it forbids, and to let the allowed kinds through.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { importRepoScript } from '../support/supportScripts';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

describe('layer rules (eslint.config.mjs)', () => {
  let config: Linter.Config[];
  before(async () => {
    const { layerRules } = await importRepoScript<{ layerRules: Linter.Config[] }>(
      'eslint.config.mjs',
    );
    config = [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { '@typescript-eslint': tseslint.plugin as unknown as Record<string, unknown> },
      },
      ...layerRules,
    ];
  });

  /** What the layer rules say about `code` in `file`: the messages of the rules that fired. */
  const problems = (file: string, code: string): string[] =>
    new Linter({ cwd: REPO_ROOT })
      .verify(code, config, { filename: path.join(REPO_ROOT, file) })
      .map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);

  it('src/core imports neither vscode, nor src/host or src/webview, nor uses the DOM', () => {
    const file = 'src/core/planted.ts';
    assert.match(
      problems(file, "import * as vscode from 'vscode';").join(),
      /never imports vscode/,
    );
    assert.match(problems(file, "import { readSettings } from '../host/settings';").join(), /pure/);
    assert.match(problems(file, "import type { h } from '../webview/dom';").join(), /pure/);
    assert.match(problems(file, 'export const title = document.title;').join(), /no DOM/);
    assert.deepEqual(problems(file, "import { parseGrounding } from './grounding';"), []);
  });

  it('src/webview never imports src/host (nor vscode)', () => {
    const file = 'src/webview/planted.ts';
    assert.match(
      problems(file, "import { readSettings } from '../host/settings';").join(),
      /never imports src\/host/,
    );
    assert.match(
      problems(file, "import type { AnalysisPanel } from '../host/analysisPanel';").join(),
      /never imports src\/host/,
    );
    assert.match(problems(file, "import * as vscode from 'vscode';").join(), /no vscode module/);
    assert.deepEqual(problems(file, "import type { TurnView } from '../core/protocol';"), []);
  });

  it('src/host takes at most types from src/webview', () => {
    const file = 'src/host/planted.ts';
    assert.match(problems(file, "import { h } from '../webview/dom';").join(), /at most types/);
    assert.deepEqual(
      problems(file, "import type { HostChannel } from '../webview/vscodeApi';"),
      [],
    );
    assert.deepEqual(problems(file, "import * as vscode from 'vscode';"), []);
  });

  it('activation (src/extension.ts) loads ids and the lazy host layer only', () => {
    const file = 'src/extension.ts';
    assert.match(
      problems(file, "import { AnalysisPanels } from './host/analysisPanels';").join(),
      /Activation loads/,
    );
    assert.match(
      problems(file, "import { readSettings } from './host/settings';").join(),
      /Activation loads/,
    );
    assert.deepEqual(problems(file, "import { lazyHostLayer } from './host/lazyHostLayer';"), []);
    assert.deepEqual(problems(file, "import { CHAT_VIEW_ID } from './host/contributionIds';"), []);
    assert.deepEqual(problems(file, "import type { HostLayer } from './host/hostLayer';"), []);
  });
});
