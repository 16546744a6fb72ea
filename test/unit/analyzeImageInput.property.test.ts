// The input of the analyze_image tool is whatever a chat agent's model wrote. It is accepted only
// as a path and a task (non-empty, bounded strings), never throws, and never echoes what it
// refused, however large or strange.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkAnalyzeImageInput, MAX_TOOL_PATH_CHARS } from '../../src/core/analyzeImageInput';
import { MAX_TASK_CHARS } from '../../src/core/webviewMessages';

describe('analyze_image input (property-based)', () => {
  it('accepts every non-empty path and task within bounds, trimmed, and ignores other fields', () => {
    const text = (max: number) =>
      fc.string({ minLength: 1, maxLength: max }).filter((value) => value.trim().length > 0);
    fc.assert(
      fc.property(text(300), text(2000), fc.object(), (path, task, extra) => {
        const checked = checkAnalyzeImageInput({ ...extra, path, task });
        assert.deepEqual(checked, { ok: true, input: { path: path.trim(), task: task.trim() } });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses anything else with a reason that never quotes the input, and never throws', () => {
    const marker = 'SECRET-MARKER';
    const hostile = fc.oneof(
      fc.anything(),
      fc.record({ path: fc.anything(), task: fc.anything() }),
      fc.record({ path: fc.constant(marker), task: fc.constantFrom('', '   ', 5, null) }),
      fc.record({ path: fc.constantFrom(5, null, [marker], { marker }), task: fc.string() }),
    );
    fc.assert(
      fc.property(hostile, (raw) => {
        const checked = checkAnalyzeImageInput(raw);
        if (!checked.ok) {
          assert.ok(!checked.reason.includes(marker), checked.reason);
          assert.ok(checked.reason.length < 100, checked.reason);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses oversized fields (a 10 MB task, a path past the limit) quickly', () => {
    const big = checkAnalyzeImageInput({ path: 'a.png', task: 'x'.repeat(10 * 1024 * 1024) });
    assert.deepEqual(big, {
      ok: false,
      reason: `"task" is longer than ${MAX_TASK_CHARS} characters`,
    });
    const longPath = checkAnalyzeImageInput({
      path: 'a/'.repeat(MAX_TOOL_PATH_CHARS),
      task: 'describe',
    });
    assert.equal(longPath.ok, false);
    // Whitespace only, however long, is empty.
    const blank = checkAnalyzeImageInput({ path: 'a.png', task: ' \n\t'.repeat(30_000) });
    assert.deepEqual(blank, { ok: false, reason: '"task" is empty' });
  });
});
