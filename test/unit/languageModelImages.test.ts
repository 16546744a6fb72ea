// VS Code rescales an image part of a language model request unless its short side is at most
// 768 px (fit 2048², then 768 on the short side; `resizeImage` in VS Code's
// mainThreadLanguageModels.ts, copied below as it is in VS Code 1.139). The copy the webview
// prepares for this provider is within those bounds, so VS Code passes it untouched and the
// "what the model sees" line is the truth; and it is the size VS Code would have made anyway.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { imagePolicy } from '../../src/core/imageLimits';
import {
  LANGUAGE_MODEL_IMAGE_BOUNDS,
  LANGUAGE_MODEL_IMAGE_BYTES,
} from '../../src/core/languageModels/provider';
import { targetSize, type Size } from '../../src/webview/image/tileGrid';

const close = (a: number, b: number) => Math.abs(a - b) <= 1 + 0.003 * Math.max(a, b);

/** VS Code's rule; `undefined` when it leaves the image as it is. */
function vscodeResize({ width, height }: Size): Size | undefined {
  if (width <= 768 || height <= 768) return undefined;
  if (width > 2048 || height > 2048) {
    const scale = 2048 / Math.max(width, height);
    width = Math.round(width * scale);
    height = Math.round(height * scale);
  }
  const scale = 768 / Math.min(width, height);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

describe('images for VS Code language models', () => {
  const policy = imagePolicy({ maxSide: 2048, provider: 'vscode' });
  const prepared = (source: Size) => targetSize(source, policy.maxSide, policy.maxShortSide);

  it('asks the webview for copies within what VS Code passes untouched, under 5 MB', () => {
    assert.equal(policy.maxShortSide, LANGUAGE_MODEL_IMAGE_BOUNDS.maxShortSide);
    assert.equal(policy.maxSide, 2048);
    assert.equal(policy.maxBytes, LANGUAGE_MODEL_IMAGE_BYTES);
    assert.equal(imagePolicy({ maxSide: 4096, provider: 'vscode' }).maxSide, 2048);
    assert.equal(imagePolicy({ maxSide: 1024, provider: 'vscode' }).maxSide, 1024);
    assert.equal(imagePolicy({ maxSide: 2048, provider: 'openai' }).maxShortSide, undefined);
  });

  it('prepares 1600×900 at 1365×768, the size VS Code itself sends it at', () => {
    assert.deepEqual(prepared({ width: 1600, height: 900 }), { width: 1365, height: 768 });
    assert.deepEqual(vscodeResize({ width: 1600, height: 900 }), { width: 1365, height: 768 });
    assert.deepEqual(prepared({ width: 4000, height: 1000 }), { width: 2048, height: 512 });
    assert.deepEqual(prepared({ width: 700, height: 5000 }), { width: 287, height: 2048 });
  });

  it('never prepares a copy VS Code would rescale, and where VS Code only shrinks, matches its size within 0.3%', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        (width, height) => {
          const copy = prepared({ width, height });
          const where = `${width}×${height} → ${copy.width}×${copy.height}`;
          assert.equal(vscodeResize(copy), undefined, where);
          const theirs = vscodeResize({ width, height });
          // VS Code's second step can enlarge what its first step fitted into 2048² (past 2048
          // then): a 20000×800 panorama fits 2048×82, which it scales up to 19181×768. The copy
          // prepared here stays 2048×82.
          if (theirs && Math.max(theirs.width, theirs.height) <= 2048) {
            assert.ok(close(copy.width, theirs.width), `${where}; VS Code: ${theirs.width}`);
            assert.ok(close(copy.height, theirs.height), `${where}; VS Code: ${theirs.height}`);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps a panorama that VS Code would blow up (20000×800 → 19181×768) at 2048×82', () => {
    assert.deepEqual(vscodeResize({ width: 20_000, height: 800 }), { width: 19181, height: 768 });
    assert.deepEqual(prepared({ width: 20_000, height: 800 }), { width: 2048, height: 82 });
  });
});
