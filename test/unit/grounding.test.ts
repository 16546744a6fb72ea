import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exifOrientation } from '../../src/core/exifOrientation';
import {
  displayedToStored,
  parseGrounding,
  toPixels,
  type FractionBox,
  type PixelBox,
} from '../../src/core/grounding';
import { GroundingBlockFilter, splitGroundingBlock } from '../../src/core/groundingBlock';
import { modelTask } from '../../src/core/modelTask';
import { DEFAULT_TASK_PRESETS, parseTaskPresets } from '../../src/core/taskPresets';

const SENT = { width: 1568, height: 941 };

function close(actual: FractionBox | PixelBox, expected: FractionBox | PixelBox): void {
  const got = actual as unknown as Record<string, number>;
  const want = expected as unknown as Record<string, number>;
  for (const key of Object.keys(want)) {
    assert.ok(Math.abs(got[key] - want[key]) < 1e-6, `${key}: ${got[key]} ≠ ${want[key]}`);
  }
}

/** A JPEG whose only segment is an APP1 Exif block with the given orientation. */
function jpegWithOrientation(orientation: number, littleEndian: boolean): Uint8Array {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write(littleEndian ? 'II' : 'MM', 0, 'ascii');
  const u16 = (value: number, at: number) =>
    littleEndian ? tiff.writeUInt16LE(value, at) : tiff.writeUInt16BE(value, at);
  const u32 = (value: number, at: number) =>
    littleEndian ? tiff.writeUInt32LE(value, at) : tiff.writeUInt32BE(value, at);
  u16(42, 2);
  u32(8, 4);
  u16(1, 8); // one IFD0 entry
  u16(0x0112, 10); // Orientation
  u16(3, 12); // SHORT
  u32(1, 14);
  u16(orientation, 18);
  const app1 = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(app1.length + 2);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xe1]),
    length,
    app1,
    Buffer.from([0xff, 0xda, 0x00, 0x02]),
  ]);
}

describe('grounding: box parsing', () => {
  it("reads Gemini's box_2d as [ymin, xmin, ymax, xmax] in thousandths", () => {
    const [gateway] = parseGrounding(
      '[{"label": "API Gateway", "box_2d": [100, 250, 300, 500]}]',
      SENT,
    );
    assert.equal(gateway.name, 'API Gateway');
    close(gateway.box, { left: 0.25, top: 0.1, right: 0.5, bottom: 0.3 });
  });

  it("reads Qwen2.5-VL's bbox_2d as [x1, y1, x2, y2] in pixels of the copy the model saw", () => {
    const [db] = parseGrounding(
      '{"components": [{"name": "Postgres", "bbox_2d": [392, 235.25, 784, 470.5]}]}',
      SENT,
    );
    close(db.box, { left: 0.25, top: 0.25, right: 0.5, bottom: 0.5 });
  });

  it('honours an explicit units field (Qwen3-VL writes bbox_2d in thousandths)', () => {
    const [item] = parseGrounding(
      '[{"name": "Cache", "bbox_2d": [100, 200, 300, 400], "units": "normalized"}]',
      SENT,
    );
    close(item.box, { left: 0.1, top: 0.2, right: 0.3, bottom: 0.4 });
    const [top] = parseGrounding(
      '{"units": "pixels", "components": [{"name": "Cache", "box_2d": [0, 0, 941, 784]}]}',
      SENT,
    );
    close(top.box, { left: 0, top: 0, right: 0.5, bottom: 1 });
  });

  it('ignores malformed and out-of-range boxes, keeps the good ones, and never throws', () => {
    const json = JSON.stringify([
      { name: 'Good', box_2d: [0, 0, 1000, 1000] },
      { name: 'Beyond 1000', box_2d: [0, 0, 1001, 500] },
      { name: 'Negative', bbox_2d: [-5, 0, 10, 10] },
      { name: 'Wider than the image', bbox_2d: [0, 0, 1569, 10] },
      { name: 'Inverted', box_2d: [500, 500, 100, 100] },
      { name: 'Empty', box_2d: [100, 100, 100, 200] },
      { name: 'Three numbers', box_2d: [1, 2, 3] },
      { name: 'Strings', box_2d: ['1', '2', '3', '4'] },
      { name: 'NaN-ish', box_2d: [0, 0, null, 4] },
      { box_2d: [0, 0, 10, 10] },
      { name: '   ', box_2d: [0, 0, 10, 10] },
      'not an object',
      null,
    ]);
    assert.deepEqual(
      parseGrounding(json, SENT).map((component) => component.name),
      ['Good'],
    );
    for (const junk of [
      '',
      'not json',
      '{"components": 3}',
      '42',
      'null',
      '[',
      '{"box_2d": [0,0,1,1]}',
    ]) {
      assert.deepEqual(parseGrounding(junk, SENT), [], junk);
    }
    assert.deepEqual(
      parseGrounding('[{"name": "No copy size", "bbox_2d": [1, 1, 2, 2]}]', undefined),
      [],
      'pixel boxes need the size of the copy',
    );
  });
});

describe('grounding: mapping boxes to the original image', () => {
  it('maps a box on the downscaled copy back onto the original’s pixels', () => {
    // A 3000×1800 diagram sent as 1568×941: a box in the copy's pixels lands on the original.
    const [component] = parseGrounding(
      '[{"name": "LB", "bbox_2d": [784, 470.5, 1176, 705.75], "units": "px"}]',
      SENT,
    );
    close(toPixels(component.box, { width: 3000, height: 1800 }), {
      x: 1500,
      y: 900,
      width: 750,
      height: 450,
    });
  });

  it('maps a box on an EXIF-rotated, downscaled photo to the file’s stored pixels', () => {
    // Stored 4000×3000 with orientation 6 (shown turned 90° clockwise): shown 3000×4000, sent
    // 1536×2048.
    const sent = { width: 1536, height: 2048 };
    const [whiteboard] = parseGrounding(
      '[{"name": "Whiteboard", "bbox_2d": [384, 512, 768, 1024]}]',
      sent,
    );
    const shown = toPixels(whiteboard.box, { width: 3000, height: 4000 });
    close(shown, { x: 750, y: 1000, width: 750, height: 1000 });
    // Stored (sx, sy) is shown at (H − sy, sx): the box's corners (750, 1000) and (1500, 2000) come
    // from (1000, 2250) and (2000, 1500).
    close(displayedToStored(shown, 6, { width: 3000, height: 4000 }), {
      x: 1000,
      y: 1500,
      width: 1000,
      height: 750,
    });
  });

  it('inverts every EXIF orientation', () => {
    const displayedLandscape = { width: 400, height: 200 };
    const displayedPortrait = { width: 200, height: 400 };
    const box = { x: 10, y: 20, width: 30, height: 40 };
    const cases: [number, { width: number; height: number }, PixelBox][] = [
      [1, displayedLandscape, { x: 10, y: 20, width: 30, height: 40 }],
      [2, displayedLandscape, { x: 360, y: 20, width: 30, height: 40 }],
      [3, displayedLandscape, { x: 360, y: 140, width: 30, height: 40 }],
      [4, displayedLandscape, { x: 10, y: 140, width: 30, height: 40 }],
      // Stored 400×200 shown as 200×400:
      [5, displayedPortrait, { x: 20, y: 10, width: 40, height: 30 }],
      [6, displayedPortrait, { x: 20, y: 160, width: 40, height: 30 }],
      [7, displayedPortrait, { x: 340, y: 160, width: 40, height: 30 }],
      [8, displayedPortrait, { x: 340, y: 10, width: 40, height: 30 }],
    ];
    for (const [orientation, displayed, expected] of cases) {
      assert.deepEqual(
        displayedToStored(box, orientation, displayed),
        expected,
        `orientation ${orientation}`,
      );
    }
  });

  it('reads the EXIF orientation of a JPEG in either byte order, and 1 for anything else', () => {
    for (const orientation of [1, 3, 6, 8]) {
      assert.equal(exifOrientation(jpegWithOrientation(orientation, false)), orientation);
      assert.equal(exifOrientation(jpegWithOrientation(orientation, true)), orientation);
    }
    assert.equal(exifOrientation(jpegWithOrientation(9, true)), 1, 'out of range');
    assert.equal(exifOrientation(new Uint8Array([0x89, 0x50, 0x4e, 0x47])), 1, 'a PNG');
    assert.equal(exifOrientation(jpegWithOrientation(6, false).subarray(0, 20)), 1, 'truncated');
  });
});

describe('grounding: the block is taken out of the streamed answer', () => {
  const ANSWER = 'The **API Gateway** fronts the services.\n\n```ts\nconst x = 1;\n```\n';
  const BLOCK = '[{"name": "API Gateway", "box_2d": [1, 2, 3, 4]}]\n';
  const FULL = `${ANSWER}\n\`\`\`grounding\n${BLOCK}\`\`\`\n`;

  it('never lets any of the block through, however the stream is cut', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const filter = new GroundingBlockFilter();
      let visible = '';
      let state = seed;
      for (let index = 0; index < FULL.length;) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        const length = 1 + (state % 7);
        const shown = filter.push(FULL.slice(index, index + length));
        assert.ok(!/grounding|box_2d/.test(visible + shown), `seed ${seed}: the block leaked`);
        visible += shown;
        index += length;
      }
      visible += filter.finish();
      assert.equal(visible, `${ANSWER}\n`, `seed ${seed}`);
      assert.equal(filter.blockTexts.at(-1), BLOCK, `seed ${seed}`);
    }
  });

  it('passes other fences and text that only starts like a fence, and takes an unclosed block at the end', () => {
    assert.deepEqual(splitGroundingBlock('``` python\nx\n```\n``not a fence\n'), {
      answer: '``` python\nx\n```\n``not a fence\n',
      block: undefined,
    });
    assert.deepEqual(splitGroundingBlock('Done.\n~~~~grounding\n[]'), {
      answer: 'Done.\n',
      block: '[]',
    });
  });
});

describe('task presets and what the model is told', () => {
  it('ships the six presets as the setting’s default, and skips malformed entries', () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'),
    ) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    assert.deepEqual(
      manifest.contributes.configuration.properties['multimodalReasoning.taskPresets'].default,
      DEFAULT_TASK_PRESETS,
    );
    assert.deepEqual(
      DEFAULT_TASK_PRESETS.map((preset) => preset.label),
      [
        'Explain this architecture',
        'Walk the data flow step by step',
        'Find single points of failure and security risks',
        'Generate Mermaid',
        'Extract all text',
        'Write alt text',
      ],
    );
    assert.deepEqual(
      parseTaskPresets([
        { label: 'Mine', task: 'Do it' },
        { label: 'No task' },
        7,
        { label: ' ', task: 'x' },
      ]),
      [{ label: 'Mine', task: 'Do it' }],
    );
    assert.deepEqual(parseTaskPresets([]), []);
    assert.deepEqual(parseTaskPresets('nonsense'), DEFAULT_TASK_PRESETS);
  });

  it('tells the model where the region is and how to report boxes', () => {
    const told = modelTask('what is this?', {
      region: {
        box: { x: 100, y: 50, width: 300, height: 200 },
        original: { width: 3000, height: 1800 },
        crop: { width: 300, height: 200 },
      },
      grounding: true,
      sent: SENT,
    });
    assert.match(told, /^what is this\?\n\n/);
    assert.match(
      told,
      /x 100–400, y 50–250 in pixels of the original 3000×1800 image \(the whole image was sent downscaled to 1568×941\)/,
    );
    assert.match(told, /```grounding\n/);
    assert.match(told, /"bbox_2d": \[x1, y1, x2, y2\], "units": "pixels"/);
    assert.equal(modelTask('plain', {}), 'plain');
  });
});
