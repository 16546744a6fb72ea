// The pure parts the session and the page build the zoom loop on: which images the model numbers,
// what a follow-up is told instead of the crops, and how a prepared copy counts in the estimate.
import * as assert from 'node:assert/strict';
import type { PreparedImage } from '../../src/core/protocol';
import { estimateQuestion, sentImages } from '../../src/core/questionEstimate';
import { withTrailNote, type ZoomRecord } from '../../src/core/zoom/zoomRounds';
import { ZoomTargets } from '../../src/core/zoom/zoomTargets';

function prepared(name: string, width: number, height: number, source?: number[]): PreparedImage {
  return {
    dataUrl: `data:image/png;base64,${name}`,
    width,
    height,
    mime: 'image/png',
    ...(source ? { sourceWidth: source[0], sourceHeight: source[1] } : {}),
  };
}

describe('zoom targets', () => {
  it('numbers the panel image first, then the attachments in the order added, by their originals', () => {
    const targets = new ZoomTargets();
    targets.add(prepared('a', 800, 600));
    targets.setMain(prepared('main', 2048, 1536, [4000, 3000]));
    targets.add(prepared('b', 1024, 512, [3000, 1500]));
    assert.deepEqual(targets.sizes, [
      { width: 4000, height: 3000 },
      { width: 800, height: 600 },
      { width: 3000, height: 1500 },
    ]);
  });

  it('forgets a removed attachment, and the panel image prepared again keeps its place', () => {
    const targets = new ZoomTargets();
    const a = prepared('a', 800, 600);
    targets.setMain(prepared('main', 2048, 1536, [4000, 3000]));
    targets.add(a);
    targets.add(prepared('b', 640, 480));
    targets.remove(a);
    targets.setMain(prepared('again', 1568, 1176, [4000, 3000]));
    assert.deepEqual(targets.sizes, [
      { width: 4000, height: 3000 },
      { width: 640, height: 480 },
    ]);
  });

  it('the side chat, without a panel image, starts at its first attachment', () => {
    const targets = new ZoomTargets();
    targets.add(prepared('a', 800, 600));
    assert.deepEqual(targets.sizes, [{ width: 800, height: 600 }]);
  });
});

describe('what follow-ups carry of a zoomed turn', () => {
  const record: ZoomRecord = {
    label: 1,
    image: 1,
    box: [100, 200, 300, 400],
    region: { x: 800, y: 300, width: 800, height: 600 },
    sent: { width: 800, height: 600 },
  };

  it('the answer, then where it zoomed instead of the crops', () => {
    assert.equal(
      withTrailNote('It reads HTTPS.', [record]),
      'It reads HTTPS.\n\n(To answer this I zoomed into image 1 x 800–1600, y 300–900. Those crops are not repeated here; zoom again if you need them.)',
    );
  });

  it('nothing added without zooms, nor to an empty answer (a failed turn is not kept)', () => {
    assert.equal(withTrailNote('Plain.', []), 'Plain.');
    assert.equal(withTrailNote('', [record]), '');
  });
});

describe('a prepared copy in the estimate', () => {
  it('counts the overview at its detail and each tile', () => {
    const image = {
      ...prepared('o', 2048, 1536),
      tiles: Array.from({ length: 24 }, () => ({ width: 768, height: 768 })),
    };
    const sent = sentImages(image);
    assert.equal(sent.length, 25);
    // OpenAI: the overview is 4 tiles of 512 (765 tokens), each 768 px tile 4 more (765).
    assert.equal(estimateQuestion({ rule: 'openaiTiles' }, 0, sent).tokens, 25 * 765);
    assert.deepEqual(sentImages({ ...prepared('l', 512, 512), detail: 'low' as const }), [
      { width: 512, height: 512, detail: 'low' },
    ]);
  });
});
