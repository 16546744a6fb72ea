// The module VS Code loads as `extensionTestsPath`: it runs inside the extension host, with the
// real `vscode` API, and must resolve when every test passed and reject otherwise. The same
// module serves the offline runner (code-server, test/support/run-integration.mjs) and
// @vscode/test-electron (test/support/run-electron.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

export async function run(): Promise<void> {
  // Spec output plus a JSON summary (path in $MMR_MOCHA_SUMMARY) that the runner adds up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const SummaryReporter = require(
    path.join(repoRoot, 'test', 'support', 'summary-reporter.cjs'),
  ) as Mocha.ReporterConstructor;
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 30_000,
    color: false, // the output travels through the workbench's log, not a terminal
    reporter: SummaryReporter,
    forbidOnly: Boolean(process.env.CI), // a stray .only must not silence the rest in CI
  });
  if (process.env.MMR_TEST_GREP) mocha.grep(process.env.MMR_TEST_GREP);

  const files = (fs.readdirSync(__dirname, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  if (files.length === 0) throw new Error(`no integration tests (*.test.js) under ${__dirname}`);
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  await mocha.loadFilesAsync();
  await new Promise<void>((resolve, reject) => {
    try {
      mocha.run((failures) =>
        failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve(),
      );
    } catch (error) {
      reject(error);
    }
  });
}
