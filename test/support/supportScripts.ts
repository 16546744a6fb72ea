// The repository's scripts are ES modules (.mjs) or plain CommonJS (.cjs) outside the compiled
// tree, and the tests compile to CommonJS, where TypeScript turns `import()` into `require()`,
// which cannot load an .mjs. A function made from source keeps the real dynamic import; this is
// the one place that does it.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import() under CommonJS, see above
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(
  specifier: string,
) => Promise<T>;

/** Loads a script of the source tree by its path from the repository's root. */
export function importRepoScript<T>(relativePath: string): Promise<T> {
  return importEsm<T>(pathToFileURL(path.join(REPO_ROOT, relativePath)).href);
}

/** Loads `test/support/<file>` from the source tree. */
export function importSupportScript<T>(file: string): Promise<T> {
  return importRepoScript<T>(path.join('test', 'support', file));
}
