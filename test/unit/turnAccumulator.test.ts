import * as assert from 'node:assert/strict';
import { TurnAccumulator, type TurnStart } from '../../src/core/turnAccumulator';

/** A clock the test moves by hand: each turn's times are exact. */
function clock(start = 1_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

const START: TurnStart = { id: 'turn-1', task: 'explain this architecture' };

describe('TurnAccumulator', () => {
  it('streams reasoning and answer into the view, as the webview shows them', () => {
    const turn = new TurnAccumulator(START);
    assert.equal(turn.addReasoning('Look at '), 'Look at ');
    turn.addReasoning('the arrows.');
    assert.equal(turn.addAnswer('The gateway '), 'The gateway ');
    turn.addAnswer('routes requests.');
    assert.deepEqual(turn.view, {
      id: 'turn-1',
      task: 'explain this architecture',
      reasoning: 'Look at the arrows.',
      answer: 'The gateway routes requests.',
      status: 'streaming',
    });
    assert.equal(turn.ended, undefined);
  });

  it('hands out views that do not change when more text arrives', () => {
    const turn = new TurnAccumulator(START);
    turn.addAnswer('First.');
    const before = turn.view;
    turn.addAnswer(' Second.');
    turn.end({ status: 'done' });
    assert.equal(before.answer, 'First.');
    assert.equal(before.status, 'streaming');
    assert.equal(turn.view.answer, 'First. Second.');
    assert.equal(turn.view.status, 'done');
  });

  it('keeps the grounding block out of the answer and places its boxes on the sent image', () => {
    const turn = new TurnAccumulator({
      ...START,
      groundingRequested: true,
      sent: { width: 800, height: 400 },
    });
    const stream = [
      'The API Gateway fronts the services.\n',
      '``',
      '`grounding\n[{"name": "API Gateway", "bbox_2d": [80, 40, 400, 200], ',
      '"units": "pixels"}]\n```\n',
    ];
    const shown = stream.map((chunk) => turn.addAnswer(chunk)).join('');
    const rest = turn.end({ status: 'done' });
    assert.equal(shown + rest, 'The API Gateway fronts the services.\n');
    assert.equal(turn.answerText, 'The API Gateway fronts the services.\n');
    assert.deepEqual(turn.ended?.grounding, [
      { name: 'API Gateway', box: { left: 0.1, top: 0.1, right: 0.5, bottom: 0.5 } },
    ]);
    assert.equal(turn.view.groundingRequested, true);
    assert.deepEqual(turn.view.grounding, turn.ended?.grounding);
  });

  it('shows a line held back as a possible fence once the turn ends', () => {
    const turn = new TurnAccumulator(START);
    assert.equal(turn.addAnswer('Done.\n``'), 'Done.\n');
    assert.equal(turn.view.answer, 'Done.\n');
    assert.equal(turn.end({ status: 'stopped' }), '``');
    assert.equal(turn.view.answer, 'Done.\n``');
    assert.equal(turn.view.status, 'stopped');
  });

  it('times the reasoning, the first text and the whole turn by the clock it is given', () => {
    const time = clock();
    const turn = new TurnAccumulator(START, time.now);
    time.advance(300);
    turn.addReasoning('step one, ');
    time.advance(1_200);
    turn.addReasoning('step two.');
    time.advance(500);
    turn.addAnswer('Answer.');
    time.advance(100);
    turn.end({ status: 'done' });
    assert.equal(turn.firstTextMs, 300);
    assert.equal(turn.ended?.reasoningMs, 1_200);
    assert.equal(turn.ended?.durationMs, 2_100);
  });

  it('says nothing of reasoning time when the model did not reason, and at least 1 ms when it did', () => {
    const silent = new TurnAccumulator(START, clock().now);
    silent.addAnswer('Just an answer.');
    silent.end({ status: 'done' });
    assert.equal('reasoningMs' in silent.view, false);

    const instant = new TurnAccumulator(START, clock().now);
    instant.addReasoning('all at once');
    instant.end({ status: 'done' });
    assert.equal(instant.ended?.reasoningMs, 1);
  });

  it('costs the usage at the configured price, and nothing without one', () => {
    const priced = new TurnAccumulator(START);
    priced.setUsage({ promptTokens: 1_000_000, completionTokens: 500_000 });
    priced.end({ status: 'done', price: { input: 2, output: 8 } });
    assert.equal(priced.ended?.costUsd, 6);
    assert.deepEqual(priced.view.usage, { promptTokens: 1_000_000, completionTokens: 500_000 });

    const free = new TurnAccumulator(START);
    free.setUsage({ promptTokens: 10, completionTokens: 5 });
    free.end({ status: 'done' });
    assert.equal('costUsd' in free.view, false);
  });

  it('keeps what arrived when the turn fails, with the error', () => {
    const turn = new TurnAccumulator(START);
    turn.addAnswer('Half an ans');
    const error = {
      code: 'streamError',
      message: 'The stream went quiet.',
      actions: ['retry'],
    } as const;
    turn.end({ status: 'incomplete', error });
    assert.equal(turn.view.answer, 'Half an ans');
    assert.equal(turn.view.status, 'incomplete');
    assert.deepEqual(turn.view.error, error);
  });

  it('records what the model was told only when it differs from the task, with the region asked about', () => {
    const region = { x: 10, y: 20, width: 30, height: 40 };
    const told = new TurnAccumulator({ ...START, modelTask: 'explain the region at …', region });
    assert.equal(told.view.modelTask, 'explain the region at …');
    assert.deepEqual(told.view.region, region);

    const same = new TurnAccumulator({ ...START, modelTask: START.task });
    assert.equal('modelTask' in same.view, false);

    const repair = new TurnAccumulator({ ...START, repairOf: 'turn-0' });
    assert.equal(repair.view.repairOf, 'turn-0');
  });
});
