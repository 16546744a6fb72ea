// The host's side of the crop request: what it posts, and what it lets through of the answer.
import * as assert from 'node:assert/strict';
import { CropBroker } from '../../src/core/zoom/cropBroker';
import type { ZoomCutMessage } from '../../src/core/protocol/zoom';
import type { PlannedZoom } from '../../src/core/zoom/zoomRounds';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

function zoom(callId: string, label: number, width = 180, height = 100): PlannedZoom {
  return {
    ok: true,
    callId,
    label,
    image: 1,
    box: [250, 100, 500, 400],
    region: { x: 60, y: 100, width, height },
    original: { width: 600, height: 400 },
  };
}

function setup(timeoutMs = 5_000) {
  const posted: ZoomCutMessage[] = [];
  const broker = new CropBroker((message) => posted.push(message), timeoutMs);
  return { broker, posted };
}

describe('crop requests to the webview', () => {
  it('posts the regions and resolves with the crops that answer them', async () => {
    const { broker, posted } = setup();
    const pending = broker.cut([zoom('a', 1), zoom('b', 2)], 2048, new AbortController().signal);
    assert.deepEqual(posted, [
      {
        type: 'zoom/cut',
        requestId: 'zoom-1',
        maxSide: 2048,
        zooms: [
          {
            callId: 'a',
            label: 1,
            image: 1,
            region: { x: 60, y: 100, width: 180, height: 100 },
            original: { width: 600, height: 400 },
          },
          {
            callId: 'b',
            label: 2,
            image: 1,
            region: { x: 60, y: 100, width: 180, height: 100 },
            original: { width: 600, height: 400 },
          },
        ],
      },
    ]);
    assert.equal(
      broker.receive({
        type: 'zoom/crops',
        requestId: 'zoom-1',
        crops: [
          { callId: 'a', crop: { dataUrl: PNG, width: 180, height: 100, mime: 'image/png' } },
          { callId: 'b', error: 'image 1 is not shown' },
          { callId: 'c', crop: { dataUrl: PNG, width: 1, height: 1, mime: 'image/png' } },
        ],
      }),
      true,
    );
    const crops = await pending;
    assert.deepEqual(
      [...crops.entries()],
      [
        ['a', { ok: true, dataUrl: PNG, width: 180, height: 100 }],
        ['b', { ok: false, reason: 'image 1 is not shown' }],
      ],
    );
  });

  it('W07 · a crop answer at another size, not an image, for another request or late → refused; only the regions asked for reach the wire', async () => {
    const { broker } = setup();
    const pending = broker.cut(
      [zoom('a', 1), zoom('b', 2), zoom('c', 3)],
      2048,
      new AbortController().signal,
    );
    assert.equal(broker.receive({ type: 'zoom/crops', requestId: 'zoom-9', crops: [] }), false);
    broker.receive({
      type: 'zoom/crops',
      requestId: 'zoom-1',
      crops: [
        { callId: 'a', crop: { dataUrl: PNG, width: 4000, height: 3000, mime: 'image/png' } },
        {
          callId: 'b',
          crop: {
            dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=',
            width: 180,
            height: 100,
            mime: 'image/png',
          },
        },
      ],
    });
    const crops = await pending;
    assert.deepEqual(crops.get('a'), {
      ok: false,
      reason: 'the crop did not match the region asked for',
    });
    assert.deepEqual(crops.get('b'), {
      ok: false,
      reason: 'the crop did not match the region asked for',
    });
    assert.deepEqual(crops.get('c'), { ok: false, reason: 'the image could not be cut' });
    assert.equal(
      broker.receive({ type: 'zoom/crops', requestId: 'zoom-1', crops: [] }),
      false,
      'late',
    );
  });

  it('expects the downscaled size when the region is over the limit', async () => {
    const { broker } = setup();
    const pending = broker.cut([zoom('a', 1, 4000, 1500)], 2048, new AbortController().signal);
    broker.receive({
      type: 'zoom/crops',
      requestId: 'zoom-1',
      crops: [{ callId: 'a', crop: { dataUrl: PNG, width: 2048, height: 768, mime: 'image/png' } }],
    });
    assert.equal((await pending).get('a')?.ok, true);
  });

  it('Stop, a silent page and a closed panel each settle the request with a reason', async () => {
    const { broker } = setup(20);
    const abort = new AbortController();
    const stopped = broker.cut([zoom('a', 1)], 2048, abort.signal);
    abort.abort();
    assert.deepEqual((await stopped).get('a'), { ok: false, reason: 'stopped' });

    const silent = await broker.cut([zoom('b', 1)], 2048, new AbortController().signal);
    assert.deepEqual(silent.get('b'), { ok: false, reason: 'the image did not answer in time' });

    const { broker: other } = setup();
    const closed = other.cut([zoom('c', 1)], 2048, new AbortController().signal);
    other.dispose();
    assert.deepEqual((await closed).get('c'), { ok: false, reason: 'the panel was closed' });
  });
});
