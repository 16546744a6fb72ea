// Modules of src/ that import each other can only be read together, and a cycle is also where
// load-order bugs hide. The cycle finder of scripts/code-metrics.mjs (type-only imports count)
// holds the count at zero; a new cycle fails here with the files that form it.
import * as assert from 'node:assert/strict';
import { importRepoScript } from '../support/supportScripts';

describe('import cycles in src', function () {
  // It parses every file of src/ with the TypeScript compiler: seconds on a busy machine.
  this.timeout(60_000);

  it('has none', async () => {
    const { srcImportCycles } = await importRepoScript<{ srcImportCycles: () => string[][] }>(
      'scripts/code-metrics.mjs',
    );
    assert.deepEqual(
      srcImportCycles().map((cycle) => cycle.join(' ↔ ')),
      [],
      'break each cycle by moving what both files need into a third (src/host/preflightResult.ts)',
    );
  });
});
