import * as assert from 'node:assert/strict';
import {
  analysisMarkdown,
  HISTORY_VERSION,
  interruptStreamingTurns,
  isHistoryRecord,
  relativePath,
  summarize,
  type HistoryRecord,
} from '../../src/core/history';

describe('history (core)', () => {
  const record: HistoryRecord = {
    version: HISTORY_VERSION,
    id: 'c123abc',
    kind: 'panel',
    createdAt: 1,
    updatedAt: 2,
    images: [
      {
        name: 'architecture.png',
        uri: 'file:///w/architecture.png',
        relativePath: 'architecture.png',
        thumbnail: 'data:image/jpeg;base64,xx',
        turn: 0,
      },
    ],
    turns: [
      {
        id: 'turn-1',
        task: 'explain this architecture',
        reasoning: 'r',
        answer: 'A gateway.',
        status: 'done',
        model: 'm1',
        at: 2,
      },
      {
        id: 'turn-2',
        task: 'and the database?',
        reasoning: '',
        answer: 'It has',
        status: 'streaming',
        model: 'm2',
        at: 3,
      },
    ],
  };

  it('summarizes a conversation for the list', () => {
    assert.deepEqual(summarize(record), {
      id: 'c123abc',
      kind: 'panel',
      title: 'explain this architecture',
      imageNames: ['architecture.png'],
      thumbnail: 'data:image/jpeg;base64,xx',
      model: 'm2',
      updatedAt: 2,
      turnCount: 2,
    });
  });

  it('marks a turn that was streaming as interrupted (incomplete, with a reason and Retry)', () => {
    const [done, interrupted] = interruptStreamingTurns(record.turns);
    assert.equal(done, record.turns[0]);
    assert.equal(interrupted.status, 'incomplete');
    assert.equal(interrupted.answer, 'It has');
    assert.match(interrupted.error?.message ?? '', /^Interrupted/);
    assert.deepEqual(interrupted.error?.actions, ['retry']);
  });

  it('accepts only well-formed records with a safe id', () => {
    assert.ok(isHistoryRecord(record));
    assert.ok(!isHistoryRecord({ ...record, id: '../escape' }));
    assert.ok(!isHistoryRecord({ ...record, version: 99 }));
    assert.ok(!isHistoryRecord(null));
  });

  it('writes the analysis Markdown with a relative image link, the task and the answer', () => {
    const text = analysisMarkdown({
      images: [{ name: 'my diagram.png', link: 'my diagram.png' }],
      task: 'explain\nthis',
      answer: '## Overview\n\nA gateway.\n',
      model: 'gpt-4o',
      date: new Date('2025-01-02T03:04:05Z'),
    });
    assert.equal(
      text,
      '# Analysis of my diagram.png\n\n![my diagram.png](my%20diagram.png)\n\n## Task\n\n> explain\n> this\n\n## Answer\n\n## Overview\n\nA gateway.\n\n---\n\n*Model: gpt-4o · 2025-01-02 03:04*\n',
    );
  });

  it('computes relative paths between folders', () => {
    assert.equal(relativePath('/w/docs', '/w/docs/a.png'), 'a.png');
    assert.equal(relativePath('/w/docs', '/w/img/a.png'), '../img/a.png');
    assert.equal(relativePath('/w/docs/deep', '/w/a.png'), '../../a.png');
  });
});
