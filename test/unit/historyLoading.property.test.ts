// Saved conversations and the history index, as read back from disk: property-based. Every record
// this code writes is read back as it was; anything else is refused (a record) or left out (an
// index entry), never thrown, whatever its size.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  HISTORY_VERSION,
  isHistoryRecord,
  parseHistoryIndex,
  parseHistoryRecord,
  summarize,
  type HistoryRecord,
} from '../../src/core/history';

const JPEG = 'data:image/jpeg;base64,/9j/4AAQSkZJRg==';
const turn = fc.record(
  {
    id: fc.stringMatching(/^turn-[0-9]{1,3}$/),
    task: fc.string({ maxLength: 80 }),
    reasoning: fc.string({ maxLength: 80 }),
    answer: fc.string({ maxLength: 200 }),
    status: fc.constantFrom(
      'done' as const,
      'stopped' as const,
      'incomplete' as const,
      'error' as const,
    ),
    usage: fc.record({ promptTokens: fc.nat(), completionTokens: fc.nat() }),
    durationMs: fc.nat(),
    model: fc.string({ maxLength: 20 }),
    at: fc.nat(),
    zooms: fc.array(
      fc.record({
        label: fc.integer({ min: 1, max: 8 }),
        image: fc.integer({ min: 1, max: 4 }),
        box: fc.tuple(
          fc.integer({ min: 0, max: 1000 }),
          fc.integer({ min: 0, max: 1000 }),
          fc.integer({ min: 0, max: 1000 }),
          fc.integer({ min: 0, max: 1000 }),
        ),
        region: fc.record({ x: fc.nat(), y: fc.nat(), width: fc.nat(), height: fc.nat() }),
        sent: fc.record({ width: fc.nat(), height: fc.nat() }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    zoomNote: fc.constantFrom('toolsRejected' as const, 'notOffered' as const),
    error: fc.record({
      code: fc.constantFrom('timeout' as const, 'streamError' as const, 'redirected' as const),
      message: fc.string({ maxLength: 80 }),
      actions: fc.subarray(['retry', 'openSettings', 'setApiKey'] as const),
    }),
  },
  { requiredKeys: ['id', 'task', 'reasoning', 'answer', 'status'] },
);
const record: fc.Arbitrary<HistoryRecord> = fc.record({
  version: fc.constant(HISTORY_VERSION),
  id: fc.stringMatching(/^c[a-z0-9]{4,20}$/),
  kind: fc.constantFrom('panel' as const, 'chat' as const),
  createdAt: fc.nat(),
  updatedAt: fc.nat(),
  images: fc.array(
    fc.record(
      {
        name: fc.string({ maxLength: 30 }),
        uri: fc.webUrl(),
        thumbnail: fc.constant(JPEG),
        turn: fc.nat({ max: 5 }),
      },
      { requiredKeys: ['name'] },
    ),
    { maxLength: 3 },
  ),
  turns: fc.array(turn, { maxLength: 4 }),
});

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('history loading (property-based)', () => {
  it('reads back every record this code writes, as it was written', () => {
    fc.assert(
      fc.property(record, (written) => {
        const read = parseHistoryRecord(plain(written));
        assert.deepEqual(read, plain(written));
        assert.ok(isHistoryRecord(plain(written)));
        const { entries, dropped } = parseHistoryIndex([plain(summarize(written))]);
        assert.equal(dropped, 0);
        assert.deepEqual(entries, [plain(summarize(written))]);
      }),
      { numRuns: 500 },
    );
  });

  it('X01 · a planted or damaged record (a button that runs an unknown command, a remote thumbnail, a wrong type anywhere) → not opened; from a damaged index, its bad entries are left out', () => {
    fc.assert(
      fc.property(record, (written) => {
        const copy = plain(written) as {
          turns: Record<string, unknown>[];
          images: Record<string, unknown>[];
        };
        copy.turns.push({
          id: 'turn-9',
          task: 't',
          reasoning: '',
          answer: '',
          status: 'error',
          error: { code: 'unknown', message: 'm', actions: ['workbench.action.quit'] },
        });
        assert.equal(isHistoryRecord(copy), false, 'an action not on the list');
        copy.turns.pop();
        copy.images.push({ name: 'x', thumbnail: 'https://tracker.example/pixel.png' });
        assert.equal(isHistoryRecord(copy), false, 'a thumbnail that is not a data URL');
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.anything(), record.map(summarize)), { maxLength: 20 }),
        (index) => {
          const { entries, dropped } = parseHistoryIndex(plain(index));
          assert.equal(entries.length + dropped, index.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on anything read from disk, 100k+ characters included', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        parseHistoryRecord(value);
        parseHistoryIndex(value);
      }),
      { numRuns: 2_000 },
    );
    const huge = {
      version: 1,
      id: 'c1',
      kind: 'chat',
      createdAt: 0,
      updatedAt: 0,
      images: [],
      turns: [
        {
          id: 'turn-1',
          task: 'x'.repeat(200_000),
          reasoning: '',
          answer: '<'.repeat(200_000),
          status: 'done',
        },
      ],
    };
    assert.ok(isHistoryRecord(huge));
    assert.equal(parseHistoryIndex(Array.from({ length: 100_000 }, () => 7)).dropped, 100_000);
  });
});
