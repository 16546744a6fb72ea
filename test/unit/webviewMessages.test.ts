// The boundary of every conversation webview: one schema per message type. Property-based: every
// well-formed message of each type passes unchanged, and nothing else does, however large,
// malformed or oddly typed (100k+ character strings included).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type {
  AttachmentsToHostMessage,
  ConversationToHostMessage,
  PanelImageToHostMessage,
  SideViewOwnToHostMessage,
  WebviewKind,
  WebviewToHost,
  ZoomCropsMessage,
} from '../../src/core/protocol';
import {
  checkWebviewMessage,
  MAX_DATA_URL_CHARS,
  MAX_TASK_CHARS,
  WEBVIEW_ERROR_ACTIONS,
} from '../../src/core/webviewMessages';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const id = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
const size = fc.integer({ min: 0, max: 10_000 });
const preparedImage = fc.record(
  {
    dataUrl: fc.constantFrom(PNG, 'data:image/jpeg;base64,/9j/4AAQ'),
    width: size,
    height: size,
    mime: fc.constantFrom('image/png' as const, 'image/jpeg' as const),
    detail: fc.constantFrom('low' as const, 'high' as const),
  },
  { requiredKeys: ['dataUrl', 'width', 'height', 'mime'] },
);

/** Well-formed messages both views send: the conversation's and the attachments'. */
const shared: fc.Arbitrary<ConversationToHostMessage | AttachmentsToHostMessage>[] = [
  fc.constantFrom<ConversationToHostMessage | AttachmentsToHostMessage>(
    { type: 'webview/ready' },
    { type: 'turn/stop' },
    { type: 'attachments/pick' },
  ),
  fc.record(
    {
      type: fc.constant('task/submit' as const),
      task: fc.string({ maxLength: 200 }),
      grounding: fc.boolean(),
    },
    { requiredKeys: ['type', 'task'] },
  ),
  fc.record({
    type: fc.constant('action/run' as const),
    action: fc.constantFrom(...WEBVIEW_ERROR_ACTIONS),
  }),
  fc.record({ type: fc.constant('link/open' as const), href: fc.webUrl() }),
  fc.record({ type: fc.constant('clipboard/write' as const), text: fc.string() }),
  fc.record({
    type: fc.constant('turn/export' as const),
    turnId: id,
    target: fc.constantFrom('markdown' as const, 'editor' as const),
  }),
  fc.record({
    type: fc.constant('mermaid/repair' as const),
    turnId: id,
    source: fc.string(),
    error: fc.string(),
  }),
  fc.record({ type: fc.constant('mermaid/open' as const), source: fc.string() }),
  fc.record({
    type: fc.constant('attachments/dropUris' as const),
    uris: fc.array(fc.webUrl(), { maxLength: 5 }),
  }),
  fc.record({
    type: fc.constant('attachments/prepared' as const),
    id,
    name: fc.string({ maxLength: 40 }),
    image: preparedImage,
  }),
  fc.record({ type: fc.constant('attachments/prepareFailed' as const), id, message: fc.string() }),
  fc.record({ type: fc.constant('attachments/remove' as const), id }),
];

/** Both views cut zoom crops from the images they show. */
const zoomCrops: fc.Arbitrary<ZoomCropsMessage> = fc.record({
  type: fc.constant('zoom/crops' as const),
  requestId: id,
  crops: fc.array(
    fc.record(
      {
        callId: fc.string({ minLength: 1, maxLength: 256 }),
        crop: fc.record({
          dataUrl: fc.constantFrom(PNG, 'data:image/jpeg;base64,/9j/4AAQ'),
          width: size,
          height: size,
        }),
        error: fc.string({ maxLength: 200 }),
      },
      { requiredKeys: ['callId'] },
    ),
    { maxLength: 16 },
  ),
});

/** A PDF's chosen pages: distinct numbers within the document, the first one shown. */
const documentPages = fc
  .uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 10 })
  .chain((numbers) =>
    fc.record({
      pageCount: fc.integer({ min: Math.max(...numbers), max: 5000 }),
      page: fc.record(
        { number: fc.constant(numbers[0]), text: fc.string({ maxLength: 200 }) },
        { requiredKeys: ['number'] },
      ),
      more: fc.tuple(
        ...numbers.slice(1).map((number) =>
          fc.record(
            {
              number: fc.constant(number),
              text: fc.string({ maxLength: 50 }),
              image: preparedImage,
            },
            { requiredKeys: ['number', 'image'] },
          ),
        ),
      ),
    }),
  );

/** Only the analysis panel has an image of its own. */
const panelOnly: fc.Arbitrary<PanelImageToHostMessage> = fc.oneof(
  fc.record({ type: fc.constant('image/prepared' as const), image: preparedImage }),
  fc.record({
    type: fc.constant('image/prepared' as const),
    image: preparedImage,
    document: documentPages,
  }),
  fc.record({ type: fc.constant('image/prepareFailed' as const), message: fc.string() }),
  fc.record({
    type: fc.constant('image/regionCrops' as const),
    crops: fc.array(fc.record({ turnId: id, crop: preparedImage }), { maxLength: 3 }),
  }),
);

/** Only the side view starts chats and works the history. */
const sideViewOnly: fc.Arbitrary<SideViewOwnToHostMessage> = fc.oneof(
  fc.constantFrom<SideViewOwnToHostMessage>(
    { type: 'chat/useActiveImage' },
    { type: 'chat/new' },
    { type: 'history/clear' },
  ),
  fc.record({ type: fc.constant('history/open' as const), id }),
  fc.record({ type: fc.constant('history/delete' as const), id }),
);

/** A well-formed message of every type the protocol has, with the view that sends it. */
const wellFormed: fc.Arbitrary<{ view: WebviewKind; message: WebviewToHost }> = fc.oneof(
  fc.record({
    view: fc.constant('panel' as const),
    message: fc.oneof(...shared, zoomCrops, panelOnly),
  }),
  fc.record({
    view: fc.constant('sideView' as const),
    message: fc.oneof(...shared, zoomCrops, sideViewOnly),
  }),
);

/** As JSON has it (the generators make objects without a prototype). */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** A value's JSON kind: the schemas never accept one kind for another. */
function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

describe('webview → host messages (property-based)', () => {
  it('accepts every well-formed message of every type, unchanged', () => {
    fc.assert(
      fc.property(wellFormed, ({ view, message }) => {
        const checked = checkWebviewMessage(message, view);
        assert.ok(checked.ok, checked.ok ? '' : checked.reason);
        assert.deepEqual(plain(checked.message), plain(message));
      }),
      { numRuns: 2_000 },
    );
  });

  it('W01 · random values, a wrong type in any field, unknown types → refused with a reason that holds no content, never thrown', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.constantFrom<WebviewKind>('panel', 'sideView'),
        (value, view) => {
          const checked = checkWebviewMessage(value, view);
          if (!checked.ok) {
            assert.ok(checked.reason.length < 300);
          }
        },
      ),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(wellFormed, fc.anything(), fc.string(), ({ view, message }, junk, key) => {
        const fields = Object.keys(message).filter((name) => name !== 'type');
        if (fields.length === 0) {
          return;
        }
        const field = fields[Math.abs(key.length) % fields.length];
        const broken = { ...message, [field]: junk };
        const checked = checkWebviewMessage(broken, view);
        const original = (message as unknown as Record<string, unknown>)[field];
        if (junk !== undefined && kindOf(junk) !== kindOf(original)) {
          assert.equal(checked.ok, false, `${message.type}.${field} as ${kindOf(junk)}`);
        }
        if (checked.ok) {
          // What passes is a message of the protocol: checking it again changes nothing.
          const again = checkWebviewMessage(checked.message, view);
          assert.ok(again.ok);
          assert.deepEqual(again.message, checked.message);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('W01 · oversized messages (a 100k+ character task, a 72 MB data URL, an image whose tiles together exceed it, a data URL that is not an image) → refused', () => {
    const refused = (message: unknown) => {
      assert.equal(checkWebviewMessage(message, 'panel').ok, false);
      assert.equal(checkWebviewMessage(message, 'sideView').ok, false);
    };
    refused({ type: 'task/submit', task: 'x'.repeat(MAX_TASK_CHARS + 1) });
    const prepared = (dataUrl: string) => ({
      type: 'image/prepared',
      image: { dataUrl, width: 1, height: 1, mime: 'image/png' },
    });
    refused(prepared(`data:image/png;base64,${'A'.repeat(MAX_DATA_URL_CHARS)}`));
    refused(prepared('data:text/html;base64,PHNjcmlwdD4='));
    // Tiles share the image's limit: each within it, together over it.
    const third = `data:image/png;base64,iVBORw0KGgo${'A'.repeat(MAX_DATA_URL_CHARS / 3)}`;
    const tile = { dataUrl: third, width: 1, height: 1, mime: 'image/png' };
    const placed = { x: 0, y: 0, regionWidth: 1, regionHeight: 1, row: 0, column: 0 };
    const tiled = (count: number) => ({
      type: 'image/prepared',
      image: { ...tile, tiles: Array.from({ length: count }, () => ({ ...tile, ...placed })) },
    });
    assert.equal(checkWebviewMessage(tiled(1), 'panel').ok, true, 'two thirds of the limit');
    refused(tiled(2));
    refused({
      type: 'attachments/dropUris',
      uris: Array.from({ length: 101 }, () => 'file:///a.png'),
    });
    refused({ type: 'action/run', action: 'workbench.action.terminal.new' });
    refused({ type: 'history/open', id: 'x'.repeat(200_000) });
    refused({ type: '__proto__' });
    refused({ type: 'constructor' });
    assert.equal(
      checkWebviewMessage({ type: 'task/submit', task: 'x'.repeat(MAX_TASK_CHARS) }, 'panel').ok,
      true,
      'the limit itself passes',
    );
  });

  it('W07 · a PDF page message naming pages outside the document, a page twice, more than 10 pages or 100k+ characters of page text → refused', () => {
    const png = { dataUrl: PNG, width: 1, height: 1, mime: 'image/png' };
    const prepared = (document: unknown) => ({ type: 'image/prepared', image: png, document });
    const page = (number: number, text?: string) => ({ number, text, image: png });
    const accepted = (document: unknown) => checkWebviewMessage(prepared(document), 'panel').ok;
    assert.ok(accepted({ pageCount: 3, page: { number: 1 }, more: [page(3)] }), 'well formed');
    assert.equal(accepted({ pageCount: 3, page: { number: 4 }, more: [] }), false);
    assert.equal(accepted({ pageCount: 3, page: { number: 1 }, more: [page(9)] }), false);
    assert.equal(accepted({ pageCount: 3, page: { number: 2 }, more: [page(2)] }), false);
    assert.equal(accepted({ pageCount: 3, page: { number: 0 }, more: [] }), false);
    assert.equal(accepted({ pageCount: 3, page: { number: 1.5 }, more: [] }), false);
    assert.equal(accepted({ pageCount: 2e6, page: { number: 1 }, more: [] }), false);
    const eleven = Array.from({ length: 10 }, (_, index) => page(index + 2));
    assert.equal(accepted({ pageCount: 20, page: { number: 1 }, more: eleven }), false);
    assert.equal(
      accepted({ pageCount: 1, page: { number: 1, text: 'x'.repeat(100_000) }, more: [] }),
      false,
    );
    assert.equal(
      accepted({
        pageCount: 2,
        page: { number: 1 },
        more: [{ ...page(2), image: { ...png, dataUrl: 'data:text/html,<b>' } }],
      }),
      false,
      'every page is a PNG or JPEG',
    );
  });

  it('W07 · a zoom crop carrying tiles, detail or a source size (anything but a picture and its size) → refused', () => {
    const crop = { dataUrl: PNG, width: 300, height: 200 };
    const tile = {
      ...crop,
      mime: 'image/png',
      x: 0,
      y: 0,
      regionWidth: 300,
      regionHeight: 200,
      row: 0,
      column: 0,
    };
    const answer = (extra: object) => ({
      type: 'zoom/crops',
      requestId: 'zoom-1',
      crops: [{ callId: 'call_1', crop: { ...crop, ...extra } }],
    });
    assert.equal(checkWebviewMessage(answer({}), 'panel').ok, true);
    for (const extra of [
      { tiles: [tile] },
      { detail: 'high' },
      { sourceWidth: 4000, sourceHeight: 3000 },
      { mime: 'image/png' },
    ]) {
      for (const view of ['panel', 'sideView'] as const) {
        const checked = checkWebviewMessage(answer(extra), view);
        assert.equal(checked.ok, false, `${Object.keys(extra).join()} from the ${view}`);
      }
    }
  });

  it('drops fields the protocol does not have', () => {
    const checked = checkWebviewMessage(
      { type: 'turn/stop', command: 'workbench.action.quit' },
      'sideView',
    );
    assert.ok(checked.ok);
    assert.deepEqual(checked.message, { type: 'turn/stop' });
  });

  it('W06 · a panel page sending the side view’s messages (clear the history, open a conversation), or the side view sending the panel’s image → refused, whatever they carry', () => {
    fc.assert(
      fc.property(sideViewOnly, (message) => {
        const checked = checkWebviewMessage(message, 'panel');
        assert.ok(
          !checked.ok && checked.reason === `${message.type}: not a message the panel sends`,
        );
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(panelOnly, (message) => {
        assert.equal(checkWebviewMessage(message, 'sideView').ok, false, message.type);
      }),
      { numRuns: 500 },
    );
  });
});
