import * as assert from 'node:assert/strict';
import { parseModelPrices, turnCost } from '../../src/core/usageCost';

describe('usage cost', () => {
  const price = { input: 2.5, output: 10 };

  it('prices input and output tokens per million (reasoning is inside output)', () => {
    assert.equal(
      turnCost(
        { promptTokens: 1_000_000, completionTokens: 1_000_000, reasoningTokens: 400_000 },
        price,
      ),
      12.5,
    );
    assert.equal(turnCost({ promptTokens: 1200, completionTokens: 800 }, price), 0.011);
  });

  it('has no cost without a configured price or without reported usage', () => {
    assert.equal(turnCost({ promptTokens: 10, completionTokens: 10 }, undefined), undefined);
    assert.equal(turnCost(undefined, price), undefined);
    assert.equal(turnCost({ reasoningTokens: 5 }, price), undefined);
  });

  it('reads the setting, ignoring malformed entries rather than guessing', () => {
    assert.deepEqual(
      parseModelPrices({
        'gpt-4o': { input: 2.5, output: 10 },
        free: { input: 0, output: 0 },
        broken: { input: '2.5', output: 10 },
        negative: { input: -1, output: 1 },
        partial: { input: 1 },
        nothing: null,
      }),
      { 'gpt-4o': { input: 2.5, output: 10 }, free: { input: 0, output: 0 } },
    );
    assert.deepEqual(parseModelPrices(undefined), {});
    assert.deepEqual(parseModelPrices([]), {});
  });
});
