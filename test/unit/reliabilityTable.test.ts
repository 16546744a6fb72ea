import * as assert from 'node:assert/strict';
import * as path from 'node:path';

interface ReliabilityScript {
  collectCases(): Array<{ id: string; case: string; expected: string; file: string }>;
  renderReliability(cases: ReturnType<ReliabilityScript['collectCases']>): string;
  readDoc(): string;
}

// The generator is the plain CommonJS script `npm run reliability` runs; out/test/unit → repo root.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require(
  path.resolve(__dirname, '..', '..', '..', 'scripts', 'reliability-table.cjs'),
) as ReliabilityScript;

describe('docs/RELIABILITY.md', () => {
  it("matches the tests' case titles: run `npm run reliability` when this fails", () => {
    assert.equal(script.readDoc(), script.renderReliability(script.collectCases()));
  });

  it('covers every case of the matrix the issue lists', () => {
    const ids = new Set(script.collectCases().map((entry) => entry.id));
    const expected = [
      ...range('F', 23), // endpoint faults, 401 … a connection dropped mid-answer
      ...range('B', 10), // bad input, 0-byte … a hostile file name
      ...range('A', 3), // attacks through model output
      ...range('S', 7), // secrets and trust
      ...range('L', 2), // load
      ...range('E', 5), // attacks from the endpoint: redirects, hostile error bodies, endless streams
      ...range('R', 7), // attacks from a repository: links, settings, image headers
      ...range('A', 5).slice(3), // model output: pathological text, links that need asking
      ...range('W', 5), // webview messages and state
      ...range('X', 1), // what another writer leaves in the history
      ...range('S', 9).slice(7), // credentials in logs and error text
    ];
    assert.deepEqual(
      expected.filter((id) => !ids.has(id)),
      [],
      'every case has a test',
    );
  });
});

function range(letter: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, index) => `${letter}${String(index + 1).padStart(2, '0')}`,
  );
}
