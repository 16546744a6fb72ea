import * as assert from 'node:assert/strict';
import {
  imageByteLimit,
  imagePolicy,
  MAX_DECODED_PIXELS,
  MIN_IMAGE_BYTE_LIMIT,
  PROVIDER_IMAGE_BYTE_LIMITS,
} from '../../src/core/imageLimits';
import { MAX_IMAGE_FILE_BYTES } from '../../src/core/imageFacts';
import { PROVIDER_IDS } from '../../src/core/providers/presets';

const MB = 1024 * 1024;

describe('image limits', () => {
  it('has a byte limit for every provider, from its documentation', () => {
    for (const id of PROVIDER_IDS) {
      assert.ok(PROVIDER_IMAGE_BYTE_LIMITS[id] > 0, id);
    }
    assert.equal(imageByteLimit('openai', undefined), 20 * MB);
    assert.equal(imageByteLimit('gemini', undefined), 14 * MB);
    assert.equal(imageByteLimit('openrouter', undefined), 5 * MB);
  });

  it('the user can override it, but not below a legible minimum', () => {
    assert.equal(imageByteLimit('openai', 3), 3 * MB);
    assert.equal(imageByteLimit('openrouter', 0.5), MB / 2);
    assert.equal(imageByteLimit('openai', 0.001), MIN_IMAGE_BYTE_LIMIT);
    assert.equal(imageByteLimit('openai', 0), 20 * MB, 'zero means unset');
    assert.equal(imageByteLimit('openai', Number.NaN), 20 * MB);
  });

  it('the policy the webview gets carries every cap, and detail falls back to auto', () => {
    assert.deepEqual(imagePolicy({ maxSide: 2048, provider: 'gemini', detail: 'tiles' }), {
      maxSide: 2048,
      maxBytes: 14 * MB,
      maxPixels: MAX_DECODED_PIXELS,
      maxFileBytes: MAX_IMAGE_FILE_BYTES,
      detail: 'tiles',
    });
    assert.equal(
      imagePolicy({ maxSide: 2048, provider: 'openai', detail: 'sharpest' }).detail,
      'auto',
    );
    // 64 megapixels: a 48–50 MP phone photo passes, a 100 MP scan does not.
    assert.ok(8160 * 6144 <= MAX_DECODED_PIXELS);
    assert.ok(12000 * 9000 > MAX_DECODED_PIXELS);
  });
});
