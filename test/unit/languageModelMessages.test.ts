// The request a VS Code language model gets is the HTTP client's request in VS Code's terms:
// same text in the same order, the system prompt first as a user message, images as the exact
// bytes of the prepared copy (never anything else).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Conversation } from '../../src/core/conversation';
import { imageContentParts } from '../../src/core/imageParts';
import {
  toLanguageModelMessages,
  UnpreparedImageError,
} from '../../src/core/languageModels/requestMessages';

const PNG_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 250]);
const dataUrl = (bytes: Uint8Array, mime = 'image/png') =>
  `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;

describe('VS Code language model requests', () => {
  it('carries the system prompt, the task and the image bytes, then the turns, in order', () => {
    const conversation = new Conversation('You are an architect.');
    conversation.setImage(dataUrl(PNG_BYTES));
    conversation.commitTurn('explain this', 'It is a pipeline.');
    const messages = toLanguageModelMessages(conversation.requestMessages('and the cache?'));
    assert.deepEqual(
      messages.map((message) => [message.role, message.parts.map((part) => part.kind)]),
      [
        ['user', ['text']],
        ['user', ['text', 'image']],
        ['assistant', ['text']],
        ['user', ['text']],
      ],
    );
    assert.deepEqual(messages[0].parts[0], { kind: 'text', text: 'You are an architect.' });
    assert.deepEqual(messages[1].parts[0], { kind: 'text', text: 'explain this' });
    const image = messages[1].parts[1];
    assert.equal(image.kind, 'image');
    assert.equal(image.kind === 'image' && image.mime, 'image/png');
    assert.deepEqual(image.kind === 'image' && [...image.data], [...PNG_BYTES]);
    assert.deepEqual(messages[2].parts[0], { kind: 'text', text: 'It is a pipeline.' });
    assert.deepEqual(messages[3].parts[0], { kind: 'text', text: 'and the cache?' });
  });

  it('sends tiles as they go to an HTTP endpoint: the overview, then each tile after its position', () => {
    const tile = (row: number, column: number) => ({
      dataUrl: dataUrl(Uint8Array.from([row, column]), 'image/jpeg'),
      width: 768,
      height: 768,
      mime: 'image/jpeg' as const,
      x: column * 768,
      y: row * 768,
      regionWidth: 768,
      regionHeight: 768,
      row,
      column,
    });
    const conversation = new Conversation();
    const image = {
      dataUrl: dataUrl(PNG_BYTES),
      width: 1024,
      height: 768,
      mime: 'image/png' as const,
      sourceWidth: 1536,
      sourceHeight: 1536,
      tiles: [tile(0, 0), tile(0, 1), tile(1, 0), tile(1, 1)],
    };
    conversation.setImage(image.dataUrl, imageContentParts('diagram.png', image));
    const [message] = toLanguageModelMessages(conversation.requestMessages('read the labels'));
    assert.deepEqual(
      message.parts.map((part) => part.kind),
      ['text', 'text', 'image', 'text', 'image', 'text', 'image', 'text', 'image', 'text', 'image'],
    );
    const images = message.parts.filter((part) => part.kind === 'image');
    assert.deepEqual(
      images.map((part) => part.kind === 'image' && [part.mime, ...part.data]),
      [
        ['image/png', ...PNG_BYTES],
        ['image/jpeg', 0, 0],
        ['image/jpeg', 0, 1],
        ['image/jpeg', 1, 0],
        ['image/jpeg', 1, 1],
      ],
    );
  });

  it('never sends an image that is not a prepared PNG or JPEG data URL', () => {
    for (const url of [
      'https://example.com/a.png',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:image/png;base64,AAA=<script>',
      'file:///etc/passwd',
    ]) {
      assert.throws(
        () =>
          toLanguageModelMessages([
            { role: 'user', content: [{ type: 'image_url', image_url: { url } }] },
          ]),
        UnpreparedImageError,
        url,
      );
    }
  });

  it('decodes any image bytes exactly, large ones too, in linear time', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 4096 }),
        fc.constantFrom('image/png', 'image/jpeg'),
        (bytes, mime) => {
          const [message] = toLanguageModelMessages([
            {
              role: 'user',
              content: [
                { type: 'text', text: 'x' },
                { type: 'image_url', image_url: { url: dataUrl(bytes, mime) } },
              ],
            },
          ]);
          const part = message.parts[1];
          assert.equal(part.kind, 'image');
          assert.equal(part.kind === 'image' && part.mime, mime);
          assert.deepEqual(part.kind === 'image' && Buffer.from(part.data), Buffer.from(bytes));
        },
      ),
      { numRuns: 200 },
    );
    // 12 MB of image: one pass over the text.
    const big = new Uint8Array(12 * 1024 * 1024).fill(0xab);
    const [message] = toLanguageModelMessages([
      { role: 'user', content: [{ type: 'image_url', image_url: { url: dataUrl(big) } }] },
    ]);
    const part = message.parts[0];
    assert.equal(part.kind === 'image' && part.data.byteLength, big.byteLength);
  });

  it('leaves out empty messages and keeps what an assistant said as text', () => {
    const messages = toLanguageModelMessages([
      { role: 'system', content: '' },
      { role: 'user', content: 'q' },
      { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
      { role: 'assistant', content: null },
    ]);
    assert.deepEqual(messages, [
      { role: 'user', parts: [{ kind: 'text', text: 'q' }] },
      { role: 'assistant', parts: [{ kind: 'text', text: 'a' }] },
    ]);
  });

  it('a zoom round: the calls on the assistant message (input parsed), the results and the crops as one user message', () => {
    const crop = new Uint8Array([1, 2, 3]);
    const messages = toLanguageModelMessages([
      { role: 'user', content: 'where is the cache?' },
      {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [
          {
            id: 'a',
            type: 'function',
            function: { name: 'zoom', arguments: '{"box_2d":[0,0,10,10]}' },
          },
          { id: 'b', type: 'function', function: { name: 'zoom', arguments: 'not json' } },
        ],
      },
      { role: 'tool', tool_call_id: 'a', content: 'Zoom 1: image 1.' },
      { role: 'tool', tool_call_id: 'b', content: [{ type: 'text', text: 'Not JSON.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'The regions you zoomed into:' },
          { type: 'image_url', image_url: { url: dataUrl(crop) } },
        ],
      },
      { role: 'assistant', content: 'It is on the left.' },
      { role: 'user', content: 'and the queue?' },
    ]);
    assert.deepEqual(
      messages.map((message) => [message.role, message.parts.map((part) => part.kind)]),
      [
        ['user', ['text']],
        ['assistant', ['text', 'toolCall', 'toolCall']],
        ['user', ['toolResult', 'toolResult', 'text', 'image']],
        ['assistant', ['text']],
        ['user', ['text']],
      ],
    );
    assert.deepEqual(messages[1].parts.slice(1), [
      { kind: 'toolCall', callId: 'a', name: 'zoom', input: { box_2d: [0, 0, 10, 10] } },
      // VS Code takes an object: arguments that are not one go as {}, the tool message says why.
      { kind: 'toolCall', callId: 'b', name: 'zoom', input: {} },
    ]);
    assert.deepEqual(messages[2].parts.slice(0, 2), [
      { kind: 'toolResult', callId: 'a', text: 'Zoom 1: image 1.' },
      { kind: 'toolResult', callId: 'b', text: 'Not JSON.' },
    ]);
  });
});
