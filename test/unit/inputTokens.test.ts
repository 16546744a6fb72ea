// The input-token estimate against the providers' published worked examples, and what the
// zoom trail tells later questions instead of re-sending crops.
import * as assert from 'node:assert/strict';
import {
  estimateInput,
  imageTokenRule,
  imageTokens,
  inputCost,
  textTokens,
} from '../../src/core/inputTokens';
import { estimateQuestion } from '../../src/core/questionEstimate';
import { zoomTrailNote } from '../../src/core/zoom/zoomRounds';

describe('input-token estimate', () => {
  it("OpenAI's examples: 1024² high is 765, 2048×4096 high is 1105, low is 85", () => {
    assert.equal(imageTokens({ width: 1024, height: 1024 }, 'openaiTiles', 'high'), 765);
    assert.equal(imageTokens({ width: 2048, height: 4096 }, 'openaiTiles', 'high'), 1105);
    assert.equal(imageTokens({ width: 4096, height: 8192 }, 'openaiTiles', 'low'), 85);
    // "auto" is read as high: for anything above 512 px that is what the API picks.
    assert.equal(imageTokens({ width: 1024, height: 1024 }, 'openaiTiles', 'auto'), 765);
  });

  it('OpenAI: a 4000×3000 diagram sent at 2048×1536 is read at 1024×768: 765 tokens; a 768² tile 765', () => {
    assert.equal(imageTokens({ width: 2048, height: 1536 }, 'openaiTiles'), 765);
    assert.equal(imageTokens({ width: 768, height: 768 }, 'openaiTiles'), 765);
    assert.equal(imageTokens({ width: 300, height: 200 }, 'openaiTiles'), 255);
  });

  it('Gemini: 258 up to 384² and per 768² tile above', () => {
    assert.equal(imageTokens({ width: 384, height: 384 }, 'geminiTiles'), 258);
    assert.equal(imageTokens({ width: 600, height: 400 }, 'geminiTiles'), 258);
    assert.equal(imageTokens({ width: 2048, height: 1536 }, 'geminiTiles'), 3 * 2 * 258);
  });

  it('fallback: one token per 28×28 patch', () => {
    assert.equal(imageTokens({ width: 280, height: 280 }, 'patches'), 100);
    assert.equal(imageTokens({ width: 281, height: 1 }, 'patches'), 11);
  });

  it('picks the rule by provider', () => {
    assert.equal(imageTokenRule('openai'), 'openaiTiles');
    assert.equal(imageTokenRule('azure'), 'openaiTiles');
    assert.equal(imageTokenRule('gemini'), 'geminiTiles');
    assert.equal(imageTokenRule('ollama'), 'patches');
    assert.equal(imageTokenRule('custom'), 'patches');
  });

  it('adds text at 4 characters a token, and prices the input', () => {
    assert.equal(textTokens(10), 3);
    const estimate = estimateInput('openaiTiles', 400, [
      { width: 2048, height: 1536 },
      { width: 768, height: 768, detail: 'low' },
    ]);
    assert.deepEqual(estimate, { images: 2, tokens: 100 + 765 + 85 });
    assert.equal(inputCost(1_000_000, 2.5), 2.5);
    assert.equal(inputCost(950, undefined), undefined);
  });
});

describe('zoom trail in later questions', () => {
  it('names the regions zoomed, and nothing when there were none', () => {
    assert.equal(zoomTrailNote([]), '');
    assert.equal(
      zoomTrailNote([
        {
          label: 1,
          image: 1,
          box: [120, 340, 260, 610],
          region: { x: 1360, y: 360, width: 1080, height: 420 },
          sent: { width: 1080, height: 420 },
        },
      ]),
      '(To answer this I zoomed into image 1 x 1360–2440, y 360–780. Those crops are not repeated here; zoom again if you need them.)',
    );
  });
});

describe('question estimate beside Analyze', () => {
  it('counts the request, its price, and the most zooming to the cap can add', () => {
    const overview = { width: 2048, height: 1536 };
    assert.deepEqual(
      estimateQuestion(
        { rule: 'openaiTiles', inputPricePerMillion: 2.5, systemPromptChars: 400 },
        400,
        [overview],
      ),
      { images: 1, tokens: 200 + 765, costUsd: (965 * 2.5) / 1e6 },
    );
    const zoomed = estimateQuestion({ rule: 'openaiTiles', maxZooms: 3 }, 400, [overview]);
    // 4 requests of 865 tokens, and 1 + 2 + 3 crops of 765 (+60 of tool text) across them.
    assert.deepEqual(zoomed.withZooms, { zooms: 3, tokens: 4 * 865 + 6 * 825 });
  });

  it('24 tiles of the old default cost more than zooming three times', () => {
    const overview = { width: 2048, height: 1536 };
    const tiles = Array.from({ length: 24 }, () => ({ width: 667, height: 750 }));
    const old = estimateQuestion({ rule: 'openaiTiles' }, 0, [overview, ...tiles]);
    const zoom = estimateQuestion({ rule: 'openaiTiles', maxZooms: 3 }, 0, [overview]);
    assert.equal(old.tokens, 25 * 765);
    assert.ok((zoom.withZooms?.tokens ?? Infinity) < old.tokens / 2);
  });
});
