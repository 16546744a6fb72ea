// The oldest VS Code the manifest admits is the one the tests run on first, and newer API never
// raises it by accident: the code compiles against that minimum's typings, and the only door to
// later API is src/host/languageModelApi.ts, which checks at run time that it exists. Raising
// the minimum is a decision (engines.vscode, @types/vscode, VSCODE_TARGETS.minimum and this test
// change together), never a side effect of using something new.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importSupportScript } from '../support/supportScripts';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const manifest = JSON.parse(read('package.json')) as {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
};

interface Target {
  readonly name: string;
  readonly vscode: string;
  readonly codeServer: string;
}
async function vscodeTargets(): Promise<Record<'minimum' | 'newest', Target>> {
  const module = await importSupportScript<{
    VSCODE_TARGETS: Record<'minimum' | 'newest', Target>;
  }>('offline-vscode.mjs');
  return module.VSCODE_TARGETS;
}

const minorOf = (version: string) => /(\d+)\.(\d+)/.exec(version)!.slice(1).map(Number);
const compareMinor = (a: string, b: string) => {
  const [x, y] = [minorOf(a), minorOf(b)];
  return x[0] - y[0] || x[1] - y[1];
};

/**
 * The names a VS Code typings file declares: `Name` for what `vscode.Name` reaches, `ns.name`
 * for the members of its namespaces (`lm.registerLanguageModelChatProvider`).
 */
function declaredNames(typings: string): Set<string> {
  const names = new Set<string>();
  let namespace: string | undefined;
  for (const line of typings.split('\n')) {
    const top =
      /^\texport (?:declare )?(?:class|interface|enum|type|function|const|let|namespace) (\w+)/.exec(
        line,
      );
    if (top) {
      names.add(top[1]);
      namespace = /^\texport namespace /.test(line) ? top[1] : undefined;
      continue;
    }
    if (/^\t}/.test(line)) namespace = undefined;
    const member = /^\t\texport (?:function|const|let|class|interface|enum|type) (\w+)/.exec(line);
    if (namespace && member) names.add(`${namespace}.${member[1]}`);
  }
  return names;
}

function sourceFiles(dir: string): string[] {
  return (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

const SHIM = path.join('src', 'host', 'languageModelApi.ts');

describe('the minimum VS Code', () => {
  it('stays at 1.100 (engines.vscode), and is the first VS Code the tests run on', async () => {
    assert.equal(
      manifest.engines.vscode,
      '^1.100.0',
      'engines.vscode changed: newer API is detected at run time (src/host/languageModelApi.ts), ' +
        'not by raising the minimum; if the minimum must move, move VSCODE_TARGETS.minimum and ' +
        '@types/vscode with it',
    );
    const { minimum, newest } = await vscodeTargets();
    assert.deepEqual(
      minorOf(minimum.vscode),
      minorOf(manifest.engines.vscode),
      `the minimum test target (VS Code ${minimum.vscode}) is the release engines.vscode names`,
    );
    assert.ok(compareMinor(newest.vscode, minimum.vscode) > 0, 'the newest target is newer');
  });

  it('compiles against the minimum’s typings; the newest-API typings are no newer than the newest target', async () => {
    assert.equal(manifest.devDependencies['@types/vscode'], '1.100.0');
    const newestTypes = JSON.parse(read('node_modules/@types/vscode-newest/package.json')) as {
      name: string;
      version: string;
    };
    assert.equal(newestTypes.name, '@types/vscode', '@types/vscode-newest is an alias');
    const { newest } = await vscodeTargets();
    assert.ok(
      compareMinor(newestTypes.version, newest.vscode) <= 0,
      `@types/vscode-newest ${newestTypes.version} describes API the newest target (VS Code ${newest.vscode}) may not have`,
    );
    assert.ok(compareMinor(newestTypes.version, manifest.engines.vscode) > 0);
  });

  it(`reaches API newer than the minimum only through ${SHIM.replace(/\\/g, '/')}`, () => {
    const minimum = declaredNames(read('node_modules/@types/vscode/index.d.ts'));
    const newest = declaredNames(read('node_modules/@types/vscode-newest/index.d.ts'));
    const added = [...newest].filter((name) => !minimum.has(name));
    assert.ok(
      added.includes('LanguageModelDataPart') &&
        added.includes('lm.registerLanguageModelChatProvider'),
      `the typings' difference is read (${added.length} names)`,
    );
    const usesNewer = new RegExp(`\\bvscode\\.(?:${added.join('|').replace(/\./g, '\\.')})\\b`);
    // A cast of the API object would hide any use from the compiler.
    const castsApi = /\(\s*vscode\s+as\b|\bvscode\s+as\s+(?:any|unknown)\b/;
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) {
      if (file === SHIM) continue;
      read(file)
        .split('\n')
        .forEach((line, index) => {
          if (usesNewer.test(line) || castsApi.test(line))
            offenders.push(`${file}:${index + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(offenders, [], 'use the run-time checked API in the shim instead');
  });
});
