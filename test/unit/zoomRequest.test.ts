// The zoom tool's contract and one call's checks: the schema offered, the region of the original
// a box asks for (min edges down, max edges up, clamped), the size a crop is sent at, and what
// the model is told for each kind of malformed call. Property-based for arbitrary arguments.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { StreamedToolCall } from '../../src/core/toolCallStream';
import {
  cropOutputSize,
  cropRect,
  readZoomCall,
  type Box2d,
} from '../../src/core/zoom/zoomRequest';
import {
  clampMaxZooms,
  DEFAULT_MAX_ZOOMS,
  zoomGuidance,
  zoomTool,
} from '../../src/core/zoom/zoomTool';

const DIAGRAM = { width: 4000, height: 3000 };

function call(args: string, name = 'zoom'): StreamedToolCall {
  return { id: 'call_1', name, arguments: args };
}

function problem(args: string, originals = [DIAGRAM], name?: string): string {
  const outcome = readZoomCall(call(args, name), originals);
  assert.equal(outcome.ok, false, `accepted ${args}`);
  return outcome.ok ? '' : outcome.problem;
}

describe('zoom tool contract', () => {
  it('offers one function named zoom with image (integer) and box_2d (four integers 0–1000)', () => {
    const tool = zoomTool(2);
    assert.equal(tool.type, 'function');
    assert.ok(tool.type === 'function');
    assert.equal(tool.function.name, 'zoom');
    const parameters = tool.function.parameters as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    assert.deepEqual(parameters.required, ['box_2d']);
    assert.equal(parameters.properties.image.type, 'integer');
    assert.equal(parameters.properties.image.maximum, 2);
    assert.deepEqual(parameters.properties.box_2d.items, {
      type: 'integer',
      minimum: 0,
      maximum: 1000,
    });
    assert.equal(parameters.properties.box_2d.minItems, 4);
    assert.match(String(parameters.properties.box_2d.description), /\[ymin, xmin, ymax, xmax\]/);
    // Gemini's schema subset has no additionalProperties.
    assert.equal(JSON.stringify(tool).includes('additionalProperties'), false);
  });

  it('tells the model when zooming helps and the limit per question', () => {
    const guidance = zoomGuidance(3);
    assert.match(guidance, /small text/);
    assert.match(guidance, /at most 3 times per question/);
    assert.match(guidance, /without zooming/);
  });

  it('keeps the cap setting within 1–8, 3 when unset or nonsense', () => {
    assert.equal(DEFAULT_MAX_ZOOMS, 3);
    assert.equal(clampMaxZooms(undefined), 3);
    assert.equal(clampMaxZooms('5'), 3);
    assert.equal(clampMaxZooms(0), 1);
    assert.equal(clampMaxZooms(2.6), 3);
    assert.equal(clampMaxZooms(1e9), 8);
  });
});

describe('zoom call checks', () => {
  it('reads a well-formed call: image defaults to 1, the region in original pixels', () => {
    const outcome = readZoomCall(call('{"box_2d": [120, 340, 260, 610]}'), [DIAGRAM]);
    assert.deepEqual(outcome, {
      ok: true,
      callId: 'call_1',
      image: 1,
      box: [120, 340, 260, 610],
      region: { x: 1360, y: 360, width: 1080, height: 420 },
      original: DIAGRAM,
    });
  });

  it('maps box_2d onto the image it names', () => {
    const outcome = readZoomCall(call('{"image": 2, "box_2d": [0, 0, 500, 250]}'), [
      DIAGRAM,
      { width: 800, height: 600 },
    ]);
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.region, { x: 0, y: 0, width: 200, height: 300 });
    assert.deepEqual(outcome.original, { width: 800, height: 600 });
  });

  it('accepts a box_2d sent as a JSON string (some models quote it)', () => {
    const outcome = readZoomCall(call('{"box_2d": "[0, 0, 1000, 1000]"}'), [DIAGRAM]);
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.region, { x: 0, y: 0, width: 4000, height: 3000 });
  });

  it('says what was wrong with each kind of malformed call', () => {
    assert.match(problem('{"box_2d": [1, 2, 3'), /not valid JSON: \{"box_2d": \[1, 2, 3/);
    assert.match(problem('[1, 2, 3, 4]'), /must be a JSON object/);
    assert.match(
      problem('{"box_2d": [0, 0, 1200, 500]}'),
      /from 0 to 1000; got \[0, 0, 1200, 500\]/,
    );
    assert.match(problem('{"box_2d": [-1, 0, 100, 500]}'), /from 0 to 1000/);
    assert.match(problem('{"box_2d": [500, 0, 100, 500]}'), /inverted.*ymin must be below ymax/);
    assert.match(problem('{"box_2d": [0, 600, 100, 500]}'), /inverted/);
    assert.match(problem('{"box_2d": [100, 0, 100, 500]}'), /has no area/);
    assert.match(problem('{"box_2d": [1, 2, 3]}'), /four numbers.*got \[1,2,3\]/);
    assert.match(problem('{"box_2d": [1, 2, "3", 4]}'), /four numbers/);
    assert.match(
      problem('{"image": 3, "box_2d": [0, 0, 10, 10]}'),
      /no image 3: the conversation has 1 image/,
    );
    assert.match(problem('{"image": 1.5, "box_2d": [0, 0, 10, 10]}'), /no image 1.5/);
    assert.match(problem('{"image": "one", "box_2d": [0, 0, 10, 10]}'), /no image "one"/);
    assert.match(problem('{}', [DIAGRAM], 'crop'), /no tool named "crop"; the only tool is zoom/);
  });

  it('quotes at most 200 characters of bad arguments back', () => {
    const text = problem(`{"box_2d": "${'x'.repeat(10_000)}`);
    assert.ok(text.length < 400, `${text.length} characters`);
  });

  it('refuses arguments the stream cut at its limit', () => {
    const outcome = readZoomCall(
      { id: 'c', name: 'zoom', arguments: '{"box_2d": [', argumentsCut: true },
      [DIAGRAM],
    );
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.problem, /too long/);
  });
});

describe('crop geometry', () => {
  it('rounds min edges down and max edges up, so the crop holds the whole box', () => {
    // 333/1000 of 1000 is 333; of 999 it is 332.667 → 332 down, and 667/1000 of 999 is 666.333 →
    // 667 up.
    assert.deepEqual(cropRect([333, 333, 667, 667], { width: 999, height: 999 }), {
      x: 332,
      y: 332,
      width: 335,
      height: 335,
    });
  });

  it('is exact for whole boxes where floating point would not be (0.1 × 3000)', () => {
    assert.deepEqual(cropRect([100, 100, 200, 200], { width: 3000, height: 3000 }), {
      x: 300,
      y: 300,
      width: 300,
      height: 300,
    });
  });

  it('clamps to the image and never returns an empty crop', () => {
    assert.deepEqual(cropRect([0, 0, 1000, 1000], { width: 7, height: 5 }), {
      x: 0,
      y: 0,
      width: 7,
      height: 5,
    });
    assert.deepEqual(cropRect([999, 999, 1000, 1000], { width: 10, height: 10 }), {
      x: 9,
      y: 9,
      width: 1,
      height: 1,
    });
    assert.deepEqual(cropRect([-50, -50, 2000, 2000] as Box2d, { width: 10, height: 10 }), {
      x: 0,
      y: 0,
      width: 10,
      height: 10,
    });
  });

  it('downscales a crop only when it is over the limit, aspect kept', () => {
    assert.deepEqual(cropOutputSize({ width: 1080, height: 420 }, 2048), {
      width: 1080,
      height: 420,
    });
    assert.deepEqual(cropOutputSize({ width: 4000, height: 1500 }, 2048), {
      width: 2048,
      height: 768,
    });
    assert.deepEqual(cropOutputSize({ width: 3, height: 4000 }, 2048), { width: 2, height: 2048 });
  });

  it('A07 · any zoom-call arguments, 100k characters included → a region inside the image that holds the box, or a refusal saying why', () => {
    const box = fc.array(
      fc.oneof(fc.integer({ min: -10, max: 1010 }), fc.double(), fc.constant(500)),
      { minLength: 0, maxLength: 6 },
    );
    const args = fc.oneof(
      fc.record({ image: fc.anything(), box_2d: box }).map((value) => JSON.stringify(value)),
      fc.record({ box_2d: box }).map((value) => JSON.stringify(value)),
      fc.string({ maxLength: 300 }),
      fc.json(),
      fc.constant(`{"box_2d": [${'1,'.repeat(50_000)}1]}`),
    );
    const size = fc.record({
      width: fc.integer({ min: 1, max: 9000 }),
      height: fc.integer({ min: 1, max: 9000 }),
    });
    fc.assert(
      fc.property(args, fc.array(size, { minLength: 1, maxLength: 3 }), (text, originals) => {
        const outcome = readZoomCall(call(text), originals);
        if (!outcome.ok) {
          assert.ok(outcome.problem.length > 0 && outcome.problem.length < 600);
          return;
        }
        const original = originals[outcome.image - 1];
        const { x, y, width, height } = outcome.region;
        const [ymin, xmin, ymax, xmax] = outcome.box;
        assert.ok(width >= 1 && height >= 1);
        assert.ok(x >= 0 && y >= 0 && x + width <= original.width && y + height <= original.height);
        // The box, in pixels, lies inside the crop.
        const epsilon = 1e-9;
        assert.ok(x <= (xmin * original.width) / 1000 + epsilon);
        assert.ok(y <= (ymin * original.height) / 1000 + epsilon);
        assert.ok(x + width >= (xmax * original.width) / 1000 - epsilon);
        assert.ok(y + height >= (ymax * original.height) / 1000 - epsilon);
      }),
      { numRuns: 2000 },
    );
  });
});
